package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backups to a real S3 server (s3proxy): bytes written into a volume go to the bucket as
 * linstor-server lays them out, incremental backups hold only what changed, and a second emulator
 * that never saw the original restores them with identical data.
 */
class BackupS3Test {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3TestServer s3;
  private final List<LinstorEmulator> emulators = new ArrayList<>();
  private LinstorEmulator emu;
  private Rest rest;
  private String bucket;

  @BeforeAll
  static void startS3() {
    s3 = new S3TestServer();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @BeforeEach
  void start() {
    bucket = "bucket-" + BUCKETS.incrementAndGet();
    s3.createBucket(bucket);
    emu = emulator();
    rest = new Rest(emu);
    assertThat(rest.http.post("/v1/remotes/s3", s3.remoteJson("s3remote", bucket)).status())
        .isEqualTo(200);
    rest.definition("vol1", 4096);
    assertThat(rest.autoplace("vol1", "{\"place_count\":2}").status()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    emulators.forEach(LinstorEmulator::close);
  }

  private LinstorEmulator emulator() {
    LinstorEmulator e =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "LVM_THIN", 20L << 20)
            .build()
            .start();
    emulators.add(e);
    return e;
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  static JsonNode waitForStatus(Rest rest, String rd, String snap, String key, String... ends) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      JsonNode s = rest.http.get("/v1/resource-definitions/" + rd + "/snapshots/" + snap).body();
      String status = s.path("props").path(key).asText("");
      for (String end : ends) {
        if (status.equals(end)) {
          return s;
        }
      }
      assertThat(System.nanoTime())
          .as("%s of %s/%s, now '%s'", key, rd, snap, status)
          .isLessThan(deadline);
      sleep(20);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Http.Response backup(String snap, boolean incremental) {
    return rest.http.post(
        "/v1/remotes/s3remote/backups",
        "{\"rsc_name\":\"vol1\",\"snap_name\":\""
            + snap
            + "\",\"incremental\":"
            + incremental
            + "}");
  }

  private static final String STATUS = "BackupShipping/Source/s3remote/ShippingStatus";

  @Test
  void fullBackup_restoredIntoAnotherCluster_hasTheSameBytes() {
    emu.backups()
        .write("vol1", 0, 0, random(200_000, 1))
        .write("vol1", 0, 3 << 20, random(5000, 2));
    String original = emu.backups().sha256("vol1", 0);

    Http.Response started = backup("snap1", false);
    assertThat(started.status()).isEqualTo(201);
    assertThat(started.body().toString())
        .contains("Shipping of resource vol1 to remote s3remote in progress.");
    JsonNode snap = waitForStatus(rest, "vol1", "snap1", STATUS, "Success");
    assertThat(snap.path("flags").toString()).contains("SUCCESSFUL");
    assertThat(snap.path("props").path("BackupShipping/Source/s3remote/SrcNode").asText())
        .isNotEmpty();

    JsonNode list = rest.http.get("/v1/remotes/s3remote/backups").body();
    assertThat(list.path("linstor")).hasSize(1);
    JsonNode b = list.path("linstor").elements().next();
    assertThat(b.path("id").asText()).startsWith("vol1_back_").endsWith("^snap1");
    assertThat(b.path("origin_rsc").asText()).isEqualTo("vol1");
    assertThat(b.path("success").asBoolean()).isTrue();
    assertThat(b.path("restorable").asBoolean()).isTrue();
    assertThat(b.path("s3").path("meta_name").asText()).isEqualTo(b.path("id").asText() + ".meta");
    assertThat(b.path("vlms").get(0).path("s3").path("key").asText())
        .startsWith("vol1_00000_back_")
        .endsWith("^snap1");

    // disaster recovery: a cluster that never saw vol1 restores it from the bucket
    LinstorEmulator other = emulator();
    Rest otherRest = new Rest(other);
    assertThat(otherRest.http.post("/v1/remotes/s3", s3.remoteJson("dr", bucket)).status())
        .isEqualTo(200);
    Http.Response restore =
        otherRest.http.post(
            "/v1/remotes/dr/backups/restore",
            "{\"src_rsc_name\":\"vol1\",\"target_rsc_name\":\"copy\",\"node_name\":\"node-b\"}");
    assertThat(restore.status()).as(restore.body().toString()).isEqualTo(201);
    waitForStatus(otherRest, "copy", "snap1", "BackupShipping/Target/ShippingStatus", "Success");
    waitForResource(otherRest, "copy", "node-b");
    assertThat(other.backups().sha256("copy", 0)).isEqualTo(original);
    assertThat(other.backups().snapshotSha256("copy", "snap1", 0)).isEqualTo(original);
  }

  static void waitForResource(Rest rest, String rd, String node) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (rest.http.get("/v1/resource-definitions/" + rd + "/resources/" + node).status() != 200) {
      assertThat(System.nanoTime()).as("resource %s on %s", rd, node).isLessThan(deadline);
      sleep(20);
    }
  }

  @Test
  void incrementalBackup_holdsOnlyTheChange_andTheChainRestoresTheNewestImage() {
    emu.backups().write("vol1", 0, 0, random(1 << 20, 3));
    assertThat(backup("full", false).status()).isEqualTo(201);
    waitForStatus(rest, "vol1", "full", STATUS, "Success");
    emu.backups().write("vol1", 0, 2 << 20, random(4096, 4));
    String expected = emu.backups().sha256("vol1", 0);
    assertThat(backup("inc", true).status()).isEqualTo(201);
    JsonNode inc = waitForStatus(rest, "vol1", "inc", STATUS, "Success");
    assertThat(
            inc.path("snapshot_definition_props")
                .path("BackupShipping/Source/s3remote/BackupLastSnapshot")
                .asText())
        .isEqualTo("full");

    JsonNode backups = rest.http.get("/v1/remotes/s3remote/backups").body().path("linstor");
    JsonNode full = find(backups, "full");
    JsonNode incremental = find(backups, "inc");
    assertThat(incremental.path("based_on_id").asText())
        .isEqualTo(full.path("id").asText() + ".meta");
    long fullSize = objectSize(full.path("vlms").get(0).path("s3").path("key").asText());
    long incSize = objectSize(incremental.path("vlms").get(0).path("s3").path("key").asText());
    assertThat(fullSize).isGreaterThan(1 << 20);
    assertThat(incSize).isLessThan(100_000);

    Http.Response restore =
        rest.http.post(
            "/v1/remotes/s3remote/backups/restore",
            "{\"last_backup\":\""
                + incremental.path("id").asText()
                + "\",\"target_rsc_name\":\"again\",\"node_name\":\"node-c\",\"download_only\":true}");
    assertThat(restore.status()).as(restore.body().toString()).isEqualTo(201);
    waitForStatus(rest, "again", "inc", "BackupShipping/Target/ShippingStatus", "Success");
    assertThat(emu.backups().snapshotSha256("again", "inc", 0)).isEqualTo(expected);
    assertThat(rest.http.get("/v1/resource-definitions/again/resources").body()).isEmpty();
  }

  @Test
  void existingSnapshot_isShippedAsItIs_fromThePreferredNode() {
    emu.backups().write("vol1", 0, 0, random(10_000, 5));
    String atSnapshot = emu.backups().sha256("vol1", 0);
    assertThat(
            rest.http
                .post("/v1/resource-definitions/vol1/snapshots", "{\"name\":\"taken\"}")
                .status())
        .isEqualTo(201);
    emu.backups().write("vol1", 0, 0, random(10_000, 6));
    List<String> nodes = rest.diskfulNodesOf("vol1");
    String preferred = nodes.get(nodes.size() - 1);
    Http.Response started =
        rest.http.post(
            "/v1/remotes/s3remote/backups",
            "{\"rsc_name\":\"vol1\",\"snap_name\":\"taken\",\"node_name\":\"" + preferred + "\"}");
    assertThat(started.status()).isEqualTo(201);
    JsonNode snap = waitForStatus(rest, "vol1", "taken", STATUS, "Success");
    assertThat(snap.path("props").path("BackupShipping/Source/s3remote/SrcNode").asText())
        .isEqualTo(preferred);
    JsonNode b =
        find(rest.http.get("/v1/remotes/s3remote/backups").body().path("linstor"), "taken");
    assertThat(b.path("origin_node").asText()).isEqualTo(preferred);
    Http.Response restore =
        rest.http.post(
            "/v1/remotes/s3remote/backups/restore",
            "{\"last_backup\":\""
                + b.path("id").asText()
                + "\",\"target_rsc_name\":\"back\",\"node_name\":\"node-c\"}");
    assertThat(restore.status()).isEqualTo(201);
    waitForResource(rest, "back", "node-c");
    assertThat(emu.backups().sha256("back", 0)).isEqualTo(atSnapshot);
  }

  private static JsonNode find(JsonNode backups, String snap) {
    for (JsonNode b : backups) {
      if (b.path("origin_snap").asText().equals(snap)) {
        return b;
      }
    }
    throw new AssertionError("no backup of " + snap + " in " + backups);
  }

  static List<String> layerTypes(Rest rest, String rd) {
    JsonNode def = rest.http.get("/v1/resource-definitions/" + rd).body();
    List<String> types = new ArrayList<>();
    def.path("layer_data").forEach(l -> types.add(l.path("type").asText()));
    return types;
  }

  /**
   * The restored definition keeps the source's layer stack, read from the metadata object alone
   * (another cluster), whether the restore only downloads or also creates the resource.
   */
  @Test
  void restore_keepsTheSourceLayerStack_fromTheMetadataObject() {
    assertThat(layerTypes(rest, "vol1")).containsExactly("DRBD", "STORAGE");
    rest.definition("plain", 4096, "STORAGE");
    assertThat(rest.autoplace("plain", "{\"place_count\":1}").status()).isEqualTo(201);
    assertThat(backup("drbd1", false).status()).isEqualTo(201);
    waitForStatus(rest, "vol1", "drbd1", STATUS, "Success");
    assertThat(
            rest.http
                .post(
                    "/v1/remotes/s3remote/backups",
                    "{\"rsc_name\":\"plain\",\"snap_name\":\"plain1\"}")
                .status())
        .isEqualTo(201);
    waitForStatus(rest, "plain", "plain1", STATUS, "Success");

    String metaKey =
        rest.http
                .get("/v1/remotes/s3remote/backups?rsc_name=vol1")
                .body()
                .path("linstor")
                .elements()
                .next()
                .path("id")
                .asText()
            + ".meta";
    String meta;
    try (var client = s3.client()) {
      meta = client.getObjectAsBytes(b -> b.bucket(bucket).key(metaKey)).asUtf8String();
    }
    assertThat(meta).contains("\"layerData\":{\"kind\":\"drbd\"").contains("\"kind\":\"storage\"");

    LinstorEmulator other = emulator();
    Rest otherRest = new Rest(other);
    assertThat(otherRest.http.post("/v1/remotes/s3", s3.remoteJson("dr", bucket)).status())
        .isEqualTo(200);
    Http.Response dl =
        otherRest.http.post(
            "/v1/remotes/dr/backups/restore",
            "{\"src_rsc_name\":\"vol1\",\"target_rsc_name\":\"dlonly\",\"node_name\":\"node-b\","
                + "\"download_only\":true}");
    assertThat(dl.status()).as(dl.body().toString()).isEqualTo(201);
    assertThat(layerTypes(otherRest, "dlonly")).containsExactly("DRBD", "STORAGE");
    waitForStatus(otherRest, "dlonly", "drbd1", "BackupShipping/Target/ShippingStatus", "Success");
    assertThat(layerTypes(otherRest, "dlonly")).containsExactly("DRBD", "STORAGE");

    Http.Response full =
        otherRest.http.post(
            "/v1/remotes/dr/backups/restore",
            "{\"src_rsc_name\":\"plain\",\"target_rsc_name\":\"plaincopy\",\"node_name\":\"node-b\"}");
    assertThat(full.status()).as(full.body().toString()).isEqualTo(201);
    waitForResource(otherRest, "plaincopy", "node-b");
    JsonNode rsc = otherRest.http.get("/v1/resource-definitions/plaincopy/resources/node-b").body();
    assertThat(rsc.path("layer_object").path("type").asText()).isEqualTo("STORAGE");
  }

  private long objectSize(String key) {
    try (var client = s3.client()) {
      return client.headObject(b -> b.bucket(bucket).key(key)).contentLength();
    }
  }
}
