package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.linstorcsi.linstor.TestPki.Issued;
import io.linstorcsi.linstor.error.LinstorException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS and mutual TLS towards a JDK HTTPS server on loopback, with certificates made for the test:
 * the PEM contents Piraeus passes in LS_ROOT_CA, LS_USER_CERTIFICATE and LS_USER_KEY.
 */
class TlsTest {
  private static TestPki pki;
  private static Issued server;

  private HttpsServer https;
  private final List<String> authorization = new CopyOnWriteArrayList<>();
  private final List<String> clientSubjects = new CopyOnWriteArrayList<>();

  private static KeyPair rsaKeys;

  @BeforeAll
  static void issue() {
    pki = TestPki.create("test-ca");
    server = pki.server(TestPki.ec());
    rsaKeys = TestPki.rsa(); // RSA key generation is slow; one pair serves every RSA case
  }

  @AfterEach
  void stop() {
    if (https != null) {
      https.stop(0);
    }
  }

  private URI start(boolean needClientAuth) throws IOException {
    SSLContext context = pki.serverContext(server);
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(
        new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = context.getDefaultSSLParameters();
            p.setNeedClientAuth(needClientAuth);
            params.setSSLParameters(p);
          }
        });
    https.createContext(
        "/",
        exchange -> {
          authorization.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          try {
            var peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            clientSubjects.add(((X509Certificate) peer[0]).getSubjectX500Principal().getName());
          } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
            clientSubjects.add("none");
          }
          byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    https.start();
    return URI.create("https://127.0.0.1:" + https.getAddress().getPort());
  }

  @Test
  void rootCa_letsTheClientTrustTheController_andTheBearerTokenIsSent() throws IOException {
    URI uri = start(false);
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(uri))
            .rootCa(pki.ca().certificatePem())
            .bearerToken("s3cr3t-token")
            .build()) {
      assertThat(client.nodes().list()).isEmpty();
    }
    assertThat(authorization).containsExactly("Bearer s3cr3t-token");
    assertThat(clientSubjects).containsExactly("none");
  }

  @Test
  void controllerSignedByAnotherCa_isUnavailable() throws IOException {
    URI uri = start(false);
    TestPki other = TestPki.create("other-ca");
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(uri))
            .rootCa(other.ca().certificatePem())
            .retries(0)
            .build()) {
      assertThatThrownBy(() -> client.nodes().list())
          .isInstanceOf(LinstorException.Unavailable.class)
          .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
    assertThat(authorization).isEmpty();
  }

  @Test
  void withoutRootCa_theSystemTrustRefusesAPrivateCa() throws IOException {
    URI uri = start(false);
    try (LinstorClient client =
        LinstorClient.builder().endpoints(List.of(uri)).retries(0).build()) {
      assertThatThrownBy(() -> client.nodes().list())
          .isInstanceOf(LinstorException.Unavailable.class);
    }
  }

  @Test
  void skipTlsVerification_acceptsAnyCertificate() throws IOException {
    URI uri = start(false);
    try (LinstorClient client =
        LinstorClient.builder().endpoints(List.of(uri)).skipTlsVerification(true).build()) {
      assertThat(client.nodes().list()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} key as {1}")
  @CsvSource({"EC, PKCS#8", "EC, traditional", "RSA, PKCS#8", "RSA, traditional"})
  void mutualTls_presentsTheClientCertificate_inEveryKeyForm(String algorithm, String form)
      throws IOException {
    URI uri = start(true);
    KeyPair keys = algorithm.equals("RSA") ? rsaKeys : TestPki.ec();
    Issued client = pki.client("linstor-csi", keys);
    String keyPem = form.equals("PKCS#8") ? client.pkcs8KeyPem() : client.traditionalKeyPem();
    assertThat(keyPem)
        .contains(
            form.equals("PKCS#8") ? "BEGIN PRIVATE KEY" : "BEGIN " + algorithm + " PRIVATE KEY");
    try (LinstorClient linstor =
        LinstorClient.builder()
            .endpoints(List.of(uri))
            .rootCa(pki.ca().certificatePem())
            .clientCertificate(client.certificatePem(), keyPem)
            .build()) {
      assertThat(linstor.nodes().list()).isEmpty();
    }
    assertThat(clientSubjects).containsExactly("CN=linstor-csi");
  }

  @Test
  void mutualTls_withoutAClientCertificate_isUnavailable() throws IOException {
    URI uri = start(true);
    try (LinstorClient client =
        LinstorClient.builder()
            .endpoints(List.of(uri))
            .rootCa(pki.ca().certificatePem())
            .retries(0)
            .build()) {
      assertThatThrownBy(() -> client.nodes().list())
          .isInstanceOf(LinstorException.Unavailable.class);
    }
    assertThat(clientSubjects).isEmpty();
  }

  @Test
  void environment_withPemContents_meansHttpsOnPort3371OrTheGivenOne() throws IOException {
    URI uri = start(true);
    Issued client = pki.client("from-env", TestPki.ec());
    Map<String, String> env =
        Map.of(
            "LS_CONTROLLERS", "127.0.0.1:" + uri.getPort(),
            "LS_ROOT_CA", pki.ca().certificatePem(),
            "LS_USER_CERTIFICATE", client.certificatePem(),
            "LS_USER_KEY", client.traditionalKeyPem(),
            "LS_BEARER_TOKEN", "env-token");
    try (LinstorClient linstor = LinstorClient.builder().fromEnvironment(env).build()) {
      assertThat(linstor.endpoints()).containsExactly(uri);
      assertThat(linstor.nodes().list()).isEmpty();
    }
    assertThat(clientSubjects).containsExactly("CN=from-env");
    assertThat(authorization).containsExactly("Bearer env-token");

    try (LinstorClient byDefault =
        LinstorClient.builder()
            .fromEnvironment(
                Map.of("LS_CONTROLLERS", "ctrl-a,ctrl-b", "LS_ROOT_CA", pki.ca().certificatePem()))
            .build()) {
      assertThat(byDefault.endpoints())
          .containsExactly(URI.create("https://ctrl-a:3371"), URI.create("https://ctrl-b:3371"));
    }
    try (LinstorClient plain = LinstorClient.builder().fromEnvironment(Map.of()).build()) {
      assertThat(plain.endpoints()).containsExactly(URI.create("http://localhost:3370"));
    }
  }

  @Test
  void environment_withFiles_readsPemAndAuthJson(@TempDir Path dir) throws IOException {
    URI uri = start(true);
    Issued client = pki.client("from-files", TestPki.ec());
    Path ca = Files.writeString(dir.resolve("ca.crt"), pki.ca().certificatePem());
    Path cert = Files.writeString(dir.resolve("tls.crt"), client.certificatePem());
    Path key = Files.writeString(dir.resolve("tls.key"), client.pkcs8KeyPem());
    Path token = Files.writeString(dir.resolve("auth.json"), "{\"token\": \"file-token\"}\n");
    Map<String, String> env =
        Map.of(
            "LS_CONTROLLERS", "linstor+ssl://127.0.0.1:" + uri.getPort(),
            "LS_ROOT_CA_FILE", ca.toString(),
            "LS_USER_CERTIFICATE_FILE", cert.toString(),
            "LS_USER_KEY_FILE", key.toString(),
            "LS_BEARER_TOKEN_FILE", token.toString());
    try (LinstorClient linstor = LinstorClient.builder().fromEnvironment(env).build()) {
      assertThat(linstor.nodes().list()).isEmpty();
    }
    assertThat(clientSubjects).containsExactly("CN=from-files");
    assertThat(authorization).containsExactly("Bearer file-token");
  }

  @Test
  void basicAuth_isSentWhenNoTokenIsSet() throws IOException {
    URI uri = start(false);
    try (LinstorClient client =
        LinstorClient.builder()
            .fromEnvironment(
                Map.of(
                    "LS_CONTROLLERS",
                    uri.toString(),
                    "LS_ROOT_CA",
                    pki.ca().certificatePem(),
                    "LS_USERNAME",
                    "admin",
                    "LS_PASSWORD",
                    "pw"))
            .build()) {
      client.nodes().list();
    }
    assertThat(authorization).containsExactly("Basic YWRtaW46cHc=");
  }

  @Test
  void badTlsMaterial_isRefusedWhenBuilding_namingTheVariable() {
    Issued client = pki.client("x", TestPki.ec());
    assertThatThrownBy(
            () ->
                LinstorClient.builder()
                    .controllers("127.0.0.1")
                    .clientCertificate(
                        client.certificatePem(),
                        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LS_USER_KEY");
    assertThatThrownBy(
            () -> LinstorClient.builder().controllers("127.0.0.1").rootCa("not a pem").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LS_ROOT_CA");
    assertThatThrownBy(
            () ->
                LinstorClient.builder()
                    .controllers("127.0.0.1")
                    .clientCertificate(client.certificatePem(), null)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LS_USER_KEY");
  }
}
