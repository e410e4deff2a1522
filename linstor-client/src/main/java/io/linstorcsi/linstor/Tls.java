package io.linstorcsi.linstor;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the controller connection, built from PEM contents as Piraeus passes them in {@code
 * LS_ROOT_CA}, {@code LS_USER_CERTIFICATE} and {@code LS_USER_KEY}.
 *
 * @param socketFactory sockets with the client certificate (when given)
 * @param trustManager trusts the given root CA, the system CAs without one, or anything when
 *     verification is off
 * @param hostnameVerifier null for OkHttp's default check
 */
record Tls(
    SSLSocketFactory socketFactory,
    X509TrustManager trustManager,
    HostnameVerifier hostnameVerifier) {

  private static final char[] IN_MEMORY_PASSWORD = "linstor-client".toCharArray();

  static Tls create(
      String rootCaPem, String clientCertPem, String clientKeyPem, boolean skipVerify) {
    try {
      X509TrustManager trust = skipVerify ? TrustAll.INSTANCE : trustManager(rootCaPem);
      KeyManager[] keys = keyManagers(clientCertPem, clientKeyPem);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      return new Tls(
          context.getSocketFactory(), trust, skipVerify ? (host, session) -> true : null);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trustManager(String rootCaPem)
      throws GeneralSecurityException, java.io.IOException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (rootCaPem == null) {
      factory.init((KeyStore) null);
    } else {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      List<X509Certificate> cas = Pem.certificates(rootCaPem, "root CA (LS_ROOT_CA)");
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      factory.init(store);
    }
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager available");
  }

  private static KeyManager[] keyManagers(String certPem, String keyPem)
      throws GeneralSecurityException, java.io.IOException {
    if (certPem == null && keyPem == null) {
      return null;
    }
    if (certPem == null || keyPem == null) {
      throw new IllegalArgumentException(
          "a client certificate needs both certificate (LS_USER_CERTIFICATE) and key (LS_USER_KEY)");
    }
    List<X509Certificate> chain =
        Pem.certificates(certPem, "client certificate (LS_USER_CERTIFICATE)");
    PrivateKey key = Pem.privateKey(keyPem, "client key (LS_USER_KEY)");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, IN_MEMORY_PASSWORD);
    return factory.getKeyManagers();
  }

  /** Accepts every server certificate: only for {@code skipTlsVerification}, never by default. */
  private enum TrustAll implements X509TrustManager {
    INSTANCE;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
