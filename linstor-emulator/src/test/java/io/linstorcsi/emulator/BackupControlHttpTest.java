package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code /emulator/backups/...} and volume data control endpoints, for drivers that run the
 * emulator out of process: bytes in, checksums out, a hung shipment advanced and released, S3 made
 * unreachable, a real S3 server gone down.
 */
class BackupControlHttpTest {
  private static final String STATUS = "BackupShipping/Source/s3/ShippingStatus";
  private S3TestServer s3;
  private LinstorEmulator emu;
  private Rest rest;

  @BeforeEach
  void start() {
    s3 = new S3TestServer();
    s3.createBucket("control");
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b")
            .storagePool("sp1", "LVM_THIN", 20L << 20)
            .build()
            .start();
    rest = new Rest(emu);
    rest.definition("vol1", 2048);
    assertThat(rest.autoplace("vol1", "{\"place_count\":1}").status()).isEqualTo(201);
    assertThat(rest.http.post("/v1/remotes/s3", s3.remoteJson("s3", "control")).status())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() throws Exception {
    emu.close();
    s3.close();
  }

  private Http.Response control(String path, String json) {
    return rest.http.post("/emulator/" + path, json);
  }

  private Http.Response backup(String snap) {
    return rest.http.post(
        "/v1/remotes/s3/backups", "{\"rsc_name\":\"vol1\",\"snap_name\":\"" + snap + "\"}");
  }

  @Test
  void dataAndChecksums_overHttp() {
    String empty =
        rest.http.get("/emulator/resources/vol1/volumes/0/sha256").body().path("sha256").asText();
    String payload = Base64.getEncoder().encodeToString("hello backups".getBytes());
    assertThat(
            control(
                    "resources/vol1/volumes/0/data",
                    "{\"offset\":4096,\"base64\":\"" + payload + "\"}")
                .status())
        .isEqualTo(200);
    String written =
        rest.http.get("/emulator/resources/vol1/volumes/0/sha256").body().path("sha256").asText();
    assertThat(written).hasSize(64).isNotEqualTo(empty).isEqualTo(emu.backups().sha256("vol1", 0));
    assertThat(backup("s1").status()).isEqualTo(201);
    BackupS3Test.waitForStatus(rest, "vol1", "s1", STATUS, "Success");
    assertThat(
            rest.http
                .get("/emulator/snapshots/vol1/s1/volumes/0/sha256")
                .body()
                .path("sha256")
                .asText())
        .isEqualTo(written);
    assertThat(
            control("resources/vol1/volumes/7/data", "{\"base64\":\"" + payload + "\"}").status())
        .isEqualTo(400);
  }

  @Test
  void hangAdvanceRelease_overHttp() {
    assertThat(control("backups/hang-next", "{\"count\":1}").status()).isEqualTo(200);
    assertThat(backup("s1").status()).isEqualTo(201);
    BackupS3Test.waitForStatus(rest, "vol1", "s1", STATUS, "Shipping");
    JsonNode shipments = rest.http.get("/emulator/backups/shipments").body();
    assertThat(shipments).hasSize(1);
    assertThat(shipments.get(0).path("snapshot").asText()).isEqualTo("s1");
    assertThat(shipments.get(0).path("total_bytes").asLong()).isEqualTo(2048 * 1024);
    assertThat(control("backups/advance", "{\"kib\":512}").status()).isEqualTo(200);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (rest.http.get("/emulator/backups/shipments").body().get(0).path("done_bytes").asLong()
        < 512 * 1024) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      BackupS3Test.sleep(10);
    }
    assertThat(control("backups/release", "{}").status()).isEqualTo(200);
    BackupS3Test.waitForStatus(rest, "vol1", "s1", STATUS, "Success");
    assertThat(rest.http.get("/emulator/backups/shipments").body()).isEmpty();
  }

  @Test
  void injectedAndRealS3Outages_failShipments() {
    assertThat(control("backups/s3-unreachable", "{\"on\":true}").status()).isEqualTo(200);
    assertThat(backup("injected").status()).isEqualTo(201);
    BackupS3Test.waitForStatus(rest, "vol1", "injected", STATUS, "Failed");
    assertThat(control("backups/s3-unreachable", "{\"on\":false}").status()).isEqualTo(200);
    assertThat(control("backups/pace", "{\"mode\":\"timed\",\"kib_per_second\":0}").status())
        .isEqualTo(400);

    try {
      s3.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    assertThat(backup("real").status()).isEqualTo(201);
    BackupS3Test.waitForStatus(rest, "vol1", "real", STATUS, "Failed");
    Http.Response list = rest.http.get("/v1/remotes/s3/backups");
    assertThat(list.status()).isEqualTo(500);
    assertThat(list.body().get(0).path("message").asText()).contains("UNREACHABLE");
  }
}
