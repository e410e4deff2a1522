package io.linstorcsi.emulator;

import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed test certificates (made with BouncyCastle) and SSL contexts from them. */
final class TestCerts {
  static final char[] PASSWORD = "changeit".toCharArray();

  /** A key pair with a self-signed certificate: PKCS#12 file, PEM certificate, PEM PKCS#8 key. */
  record Identity(Path p12, Path certPem, Path keyPem) {}

  private TestCerts() {}

  /** {@code san} is "ip:1.2.3.4" or "dns:name". */
  static Identity create(Path dir, String name, String san) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            subject,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(1, ChronoUnit.HOURS)),
            Date.from(now.plus(2, ChronoUnit.DAYS)),
            subject,
            pair.getPublic());
    String[] parts = san.split(":", 2);
    int kind = parts[0].equals("ip") ? GeneralName.iPAddress : GeneralName.dNSName;
    builder.addExtension(
        Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(kind, parts[1])));
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));

    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(name, pair.getPrivate(), PASSWORD, new Certificate[] {cert});
    Path p12 = dir.resolve(name + ".p12");
    try (OutputStream out = Files.newOutputStream(p12)) {
      ks.store(out, PASSWORD);
    }
    Path certPem = dir.resolve(name + ".crt");
    Path keyPem = dir.resolve(name + ".key");
    Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
    Files.writeString(
        keyPem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
    return new Identity(p12, certPem, keyPem);
  }

  static KeyStore load(Path p12) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  static KeyStore trusting(Path... certPems) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (Path pem : certPems) {
      try (InputStream in = Files.newInputStream(pem)) {
        trust.setCertificateEntry(
            "c" + i++, CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
    }
    return trust;
  }

  /** A client context trusting {@code serverCert}, presenting {@code client} when not null. */
  static SSLContext clientContext(Path serverCert, Identity client) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusting(serverCert));
    KeyManagerFactory kmf = null;
    if (client != null) {
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(load(client.p12()), PASSWORD);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
