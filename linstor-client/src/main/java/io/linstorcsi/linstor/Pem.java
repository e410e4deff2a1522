package io.linstorcsi.linstor;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM text (not files): certificates with the JDK, PKCS#8 keys with the JDK, and the
 * traditional PKCS#1 RSA and SEC1 EC keys (which the JDK cannot read) with BouncyCastle.
 */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final List<String> KEY_ALGORITHMS =
      List.of("RSA", "EC", "Ed25519", "Ed448", "DSA");

  private Pem() {}

  static List<X509Certificate> certificates(String pem, String what) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certs =
          factory
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(what + " holds no PEM certificate");
      }
      return certs;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          what + " is not a valid PEM certificate: " + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(String pem, String what) {
    Matcher m = BLOCK.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException(what + " holds no PEM block");
    }
    String type = m.group(1);
    switch (type) {
      case "PRIVATE KEY" -> {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
        return pkcs8(der, what);
      }
      case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
        return TraditionalKeys.read(pem, what);
      }
      case "ENCRYPTED PRIVATE KEY" ->
          throw new IllegalArgumentException(what + " is encrypted; provide an unencrypted key");
      default ->
          throw new IllegalArgumentException(
              what + " is a '" + type + "' block, not a private key");
    }
  }

  private static PrivateKey pkcs8(byte[] der, String what) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException wrongAlgorithm) {
        // the PKCS#8 envelope names the algorithm, but KeyFactory has to be asked one by one
      }
    }
    throw new IllegalArgumentException(what + " is a PKCS#8 key of an unsupported algorithm");
  }
}
