package io.linstorcsi.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The emulator's server certificate and, optionally, the certificates it accepts from clients (then
 * a client certificate is required: mutual TLS). Built from key stores or from PEM files.
 */
public final class TlsMaterial {
  private final KeyStore keyStore;
  private final char[] keyPassword;
  private final KeyStore clientTrust;

  private TlsMaterial(KeyStore keyStore, char[] keyPassword, KeyStore clientTrust) {
    this.keyStore = keyStore;
    this.keyPassword = keyPassword.clone();
    this.clientTrust = clientTrust;
  }

  /** A server identity from a key store holding one private key entry. */
  public static TlsMaterial of(KeyStore keyStore, char[] keyPassword) {
    return new TlsMaterial(keyStore, keyPassword, null);
  }

  /** A server identity from a PKCS#12 file. */
  public static TlsMaterial fromPkcs12(Path file, char[] password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      return of(ks, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read key store " + file + ": " + e.getMessage(), e);
    }
  }

  /** A server identity from a PEM certificate chain and a PEM PKCS#8 private key (RSA or EC). */
  public static TlsMaterial fromPem(Path certificateChain, Path privateKey) {
    try {
      List<Certificate> chain = certificates(certificateChain);
      PrivateKey key = privateKey(privateKey);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] password = "emulator".toCharArray();
      ks.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
      return of(ks, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read PEM material: " + e.getMessage(), e);
    }
  }

  /**
   * Requires a client certificate issued by (or equal to) one of the certificates in {@code trust}.
   */
  public TlsMaterial requireClientCertificates(KeyStore trust) {
    return new TlsMaterial(keyStore, keyPassword, trust);
  }

  /** Requires a client certificate signed by one of the PEM certificates in {@code caFile}. */
  public TlsMaterial requireClientCertificates(Path caFile) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (Certificate c : certificates(caFile)) {
        trust.setCertificateEntry("ca" + i++, c);
      }
      return requireClientCertificates(trust);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read " + caFile + ": " + e.getMessage(), e);
    }
  }

  public boolean clientCertificateRequired() {
    return clientTrust != null;
  }

  SSLContext sslContext() {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, keyPassword);
      TrustManagerFactory tmf = null;
      if (clientTrust != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(clientTrust);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static List<Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new GeneralSecurityException("no certificate in " + file);
      }
      return new ArrayList<>(certs);
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file, StandardCharsets.US_ASCII);
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < 0) {
      throw new GeneralSecurityException(file + " holds no PKCS#8 'BEGIN PRIVATE KEY' block");
    }
    String base64 =
        pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }
}
