package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a server certificate, and mutual TLS when client certificates are required. */
class TlsTest {
  @TempDir static Path dir;
  private static TestCerts.Identity server;
  private static TestCerts.Identity client;
  private static TestCerts.Identity stranger;

  @BeforeAll
  static void certificates() throws Exception {
    server = TestCerts.create(dir, "server", "ip:127.0.0.1");
    client = TestCerts.create(dir, "client", "dns:client");
    stranger = TestCerts.create(dir, "stranger", "dns:stranger");
  }

  private static Http client(LinstorEmulator emu, SSLContext ctx) {
    return new Http(
        emu.baseUrl(),
        HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build());
  }

  @Test
  void https_servesTheApiWithTheServerCertificate() throws Exception {
    try (LinstorEmulator emu =
        LinstorEmulator.builder()
            .nodes("node-a")
            .tls(TlsMaterial.fromPkcs12(server.p12(), TestCerts.PASSWORD))
            .build()
            .start()) {
      assertThat(emu.baseUrl().getScheme()).isEqualTo("https");
      Http http = client(emu, TestCerts.clientContext(server.certPem(), null));
      Http.Response version = http.get("/v1/controller/version");
      assertThat(version.status()).isEqualTo(200);
      assertThat(version.body().get("rest_api_version").asText()).isEqualTo("1.27.0");
      // a client that does not trust the certificate cannot connect
      Http untrusting = client(emu, TestCerts.clientContext(stranger.certPem(), null));
      assertThatThrownBy(() -> untrusting.get("/v1/nodes")).hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void mutualTls_acceptsOnlyTrustedClientCertificates() throws Exception {
    TlsMaterial tls =
        TlsMaterial.fromPem(server.certPem(), server.keyPem())
            .requireClientCertificates(client.certPem());
    try (LinstorEmulator emu = LinstorEmulator.builder().nodes("node-a").tls(tls).build().start()) {
      Http trusted = client(emu, TestCerts.clientContext(server.certPem(), client));
      assertThat(trusted.get("/v1/nodes").status()).isEqualTo(200);

      Http anonymous = client(emu, TestCerts.clientContext(server.certPem(), null));
      assertThatThrownBy(() -> anonymous.get("/v1/nodes")).hasCauseInstanceOf(IOException.class);

      Http unknown = client(emu, TestCerts.clientContext(server.certPem(), stranger));
      assertThatThrownBy(() -> unknown.get("/v1/nodes")).hasCauseInstanceOf(IOException.class);
      assertThat(emu.requests().count()).isEqualTo(1);
    }
  }
}
