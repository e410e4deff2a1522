package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linstorcsi.driver.status.StatusCommandTest.Run;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.model.BackupCreate;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.S3Remote;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.VolumeGroup;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup section end to end: the emulator (LVM_THIN pools, which LINSTOR ships from) backing up
 * into a real S3 server (s3proxy on loopback), read by the command over HTTP.
 */
class StatusBackupTest {
  static final long GIB_KIB = 1L << 20;
  static final String REMOTE = "offsite";
  static final String BUCKET = "backups";
  static final String ACCESS_KEY = "status-test-access";
  static final String SECRET_KEY = "status-test-secret-key";

  @TempDir Path dir;
  LinstorEmulator emu;
  S3Proxy s3;
  String s3Endpoint;

  @BeforeEach
  void cluster() throws Exception {
    FilesystemNio2BlobStore store = new FilesystemNio2BlobStore(dir.toString());
    store.createContainer(BUCKET);
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    s3Endpoint = "http://127.0.0.1:" + port;
    s3 =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create(s3Endpoint))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    s3.start();
    while (!"STARTED".equals(s3.getState())) {
      Thread.sleep(10);
    }
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "LVM_THIN", 20 * GIB_KIB)
            .build()
            .start();
    try (LinstorClient client = client()) {
      SelectFilter filter =
          SelectFilter.builder()
              .placeCount(2)
              .storagePool("sp1")
              .layerStack(List.of("DRBD", "STORAGE"))
              .build();
      client.resourceGroups().create(ResourceGroup.of("sc-2", null, Map.of(), filter));
      client.resourceGroups().createVolumeGroup("sc-2", VolumeGroup.of(null, Map.of()));
      for (String name : List.of("pvc-1", "pvc-2")) {
        client
            .resourceGroups()
            .spawn("sc-2", ResourceGroupSpawn.of(name, List.of(GIB_KIB / 16), false));
      }
      client
          .remotes()
          .createS3(
              new S3Remote(REMOTE, s3Endpoint, BUCKET, "us-east-1", ACCESS_KEY, SECRET_KEY, true));
    }
  }

  @AfterEach
  void stop() throws Exception {
    emu.close();
    s3.stop();
  }

  LinstorClient client() {
    return LinstorClient.builder().endpoints(List.of(emu.baseUrl())).build();
  }

  Run status(String... args) {
    List<String> all = new ArrayList<>(List.of("--linstor-endpoint", emu.baseUrl().toString()));
    all.addAll(List.of(args));
    return StatusCommandTest.run(new StatusCommand(), all.toArray(String[]::new));
  }

  /** A backup through LINSTOR's API, waited for until the remote lists it complete. */
  void backUp(String resource, String snapshot) throws Exception {
    try (LinstorClient client = client()) {
      client.backups().create(REMOTE, BackupCreate.of(resource, snapshot, false));
      Instant deadline = Instant.now().plusSeconds(30);
      while (client.backups().list(REMOTE, resource, snapshot).linstor().values().stream()
          .noneMatch(b -> b.succeeded())) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("backup " + resource + "/" + snapshot + " never completed");
        }
        Thread.sleep(50);
      }
    }
  }

  @Test
  void recentBackup_isListedWithItsAge_andTheRemoteWithoutKeys() throws Exception {
    backUp("pvc-1", "snap-1");

    Run r = status("-o", "json");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode b = StatusCommandTest.json(r).get("backups");
    assertThat(b.at("/remotes/0/name").asText()).isEqualTo(REMOTE);
    assertThat(b.at("/remotes/0/type").asText()).isEqualTo("S3");
    assertThat(b.at("/remotes/0/target").asText()).isEqualTo(s3Endpoint);
    assertThat(b.at("/remotes/0/bucket").asText()).isEqualTo(BUCKET);
    assertThat(r.out()).doesNotContain(SECRET_KEY).doesNotContain(ACCESS_KEY);
    JsonNode pvc1 = b.at("/volumes/0");
    assertThat(pvc1.get("resource").asText()).isEqualTo("pvc-1");
    assertThat(pvc1.get("snapshot").asText()).isEqualTo("snap-1");
    assertThat(pvc1.get("remote").asText()).isEqualTo(REMOTE);
    assertThat(pvc1.get("ageSeconds").asLong()).isBetween(0L, 60L);
    assertThat(b.at("/volumes/1/resource").asText()).isEqualTo("pvc-2");
    assertThat(b.at("/volumes/1").has("snapshot")).isFalse();
    assertThat(status().out())
        .contains("BACKUP REMOTES")
        .containsPattern(REMOTE + "\\s+S3\\s+" + s3Endpoint + "\\s+" + BUCKET)
        .containsPattern("pvc-1\\s+snap-1\\s+" + REMOTE + "\\s+\\S+Z\\s+\\d+s")
        .containsPattern("pvc-2\\s+none");
  }

  @Test
  void backupOlderThanTheThreshold_isAWarning_andExits1() throws Exception {
    backUp("pvc-1", "snap-1");
    Thread.sleep(Duration.ofMillis(2100));

    Run r = status("--backup-age-threshold", "1s");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern(
            "WARNING  resource pvc-1: newest complete backup is \\ds old \\(threshold 1s\\):"
                + " snapshot snap-1 on remote "
                + REMOTE);
    assertThat(status("--backup-age-threshold", "off").exit()).isZero();
    assertThat(status("--backup-age-threshold", "1h").exit()).isZero();
  }

  @Test
  void runningAndQueuedShipments_areListed() throws Exception {
    emu.backups().hangNext(1);
    try (LinstorClient client = client()) {
      client.backups().create(REMOTE, BackupCreate.of("pvc-1", "snap-1", false));
      // a second one of the same volume waits in LINSTOR's queue for the first
      client.backups().create(REMOTE, BackupCreate.of("pvc-1", "snap-2", true));
    }

    Run r = status("-o", "json");

    JsonNode shipments = StatusCommandTest.json(r).at("/backups/shipments");
    List<String> seen = new ArrayList<>();
    shipments.forEach(s -> seen.add(s.get("snapshot").asText() + ":" + s.get("state").asText()));
    assertThat(seen).containsExactlyInAnyOrder("snap-1:running", "snap-2:queued");
    assertThat(shipments.get(0).get("remote").asText()).isEqualTo(REMOTE);
    assertThat(status().out()).contains("SHIPMENTS").containsPattern("snap-1\\s+" + REMOTE);
    emu.backups().release();
  }

  @Test
  void failedShipment_isAWarningWithTheVolume_andExits1() throws Exception {
    emu.backups().interruptNext(1);
    try (LinstorClient client = client()) {
      client.backups().create(REMOTE, BackupCreate.of("pvc-2", "snap-9", false));
    }
    Instant deadline = Instant.now().plusSeconds(30);
    Run r = status("-o", "json");
    while (StatusCommandTest.json(r).at("/backups/failed").isEmpty()) {
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(50);
      r = status("-o", "json");
    }

    assertThat(r.exit()).isEqualTo(1);
    JsonNode failed = StatusCommandTest.json(r).at("/backups/failed/0");
    assertThat(failed.get("resource").asText()).isEqualTo("pvc-2");
    assertThat(failed.get("snapshot").asText()).isEqualTo("snap-9");
    assertThat(failed.get("remote").asText()).isEqualTo(REMOTE);
    assertThat(status().out())
        .contains("FAILED SHIPMENTS")
        .contains("WARNING  backup of pvc-2 to " + REMOTE + ": shipment of snapshot snap-9");
  }

  @Test
  void shipmentToAnotherLinstor_showsTheRemoteAndTheVolumesNewestBackup() throws Exception {
    try (LinstorEmulator target =
            LinstorEmulator.builder()
                .nodes("dr-a")
                .storagePool("sp1", "LVM_THIN", 20 * GIB_KIB)
                .build()
                .start();
        LinstorClient client = client();
        LinstorClient targetClient =
            LinstorClient.builder().endpoints(List.of(target.baseUrl())).build()) {
      // the target accepts shipments only from a cluster it has a remote for, by cluster id
      targetClient
          .remotes()
          .createLinstor(
              new io.linstorcsi.linstor.model.LinstorRemote(
                  "source", emu.baseUrl().toString(), null, clusterId(client)));
      client
          .remotes()
          .createLinstor(
              new io.linstorcsi.linstor.model.LinstorRemote(
                  "dr-site", target.baseUrl().toString(), null, clusterId(targetClient)));
      client
          .backups()
          .ship(
              "dr-site",
              io.linstorcsi.linstor.model.BackupShip.snapshot("pvc-2", "snap-5", null, false));
      Instant deadline = Instant.now().plusSeconds(30);
      JsonNode volumes = StatusCommandTest.json(status("-o", "json")).at("/backups/volumes");
      while (!volumes.get(1).has("snapshot")) {
        assertThat(Instant.now()).as("shipment never complete").isBefore(deadline);
        Thread.sleep(50);
        volumes = StatusCommandTest.json(status("-o", "json")).at("/backups/volumes");
      }

      Run r = status();
      assertThat(r.exit()).as(r.out()).isZero();
      assertThat(r.out())
          .containsPattern(
              "dr-site\\s+LINSTOR\\s+" + target.baseUrl().toString().replace(".", "\\."))
          .containsPattern("pvc-2\\s+snap-5\\s+dr-site\\s+\\S+Z\\s+\\d+s");
      assertThat(volumes.get(1).get("remote").asText()).isEqualTo("dr-site");
    }
  }

  static String clusterId(LinstorClient client) {
    return client.controller().properties().get("Cluster/LocalID");
  }

  @Test
  void s3Unreachable_theRemoteIsAWarning_andTheRestStillShows() throws Exception {
    s3.stop();

    Run r = status();

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("NODES")
        .contains("WARNING  remote " + REMOTE + ": its backups cannot be listed");
  }
}
