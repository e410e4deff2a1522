package io.linstorcsi.controller.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Name-based (SHA-1, version 5) UUIDs as the Go driver makes them. Its namespace is not a 16-byte
 * UUID but the raw bytes of a string (e.g. {@code linstor.csi.linbit.com}); the hash covers those
 * bytes followed by the name, so the same inputs give the same resource names in both drivers.
 */
public final class NameUuid {
  private NameUuid() {}

  public static String of(String namespace, String name) {
    return of(namespace.getBytes(StandardCharsets.UTF_8), name.getBytes(StandardCharsets.UTF_8));
  }

  public static String of(byte[] namespace, byte[] name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE ships SHA-1", e);
    }
    sha1.update(namespace);
    sha1.update(name);
    byte[] b = sha1.digest();
    b[6] = (byte) ((b[6] & 0x0f) | 0x50);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    String hex = HexFormat.of().formatHex(b, 0, 16);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20, 32);
  }
}
