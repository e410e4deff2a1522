package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LINSTOR-to-LINSTOR shipping between two emulators over loopback HTTP: the target accepts only a
 * cluster it has a LINSTOR remote for, creates definition, snapshot and resource, and holds the
 * same bytes; a second shipment is incremental on the first.
 */
class BackupL2LTest {
  private static final String STATUS = "BackupShipping/Source/target/ShippingStatus";
  private LinstorEmulator source;
  private LinstorEmulator target;
  private Rest src;
  private Rest dst;

  @BeforeEach
  void start() {
    source = emulator();
    target = emulator();
    src = new Rest(source);
    dst = new Rest(target);
    src.definition("vol1", 4096);
    assertThat(src.autoplace("vol1", "{\"place_count\":2}").status()).isEqualTo(201);
    // the target talks only to clusters it knows by id (CtrlBackupL2LDstApiCallHandler)
    assertThat(
            dst.http
                .post(
                    "/v1/remotes/linstor",
                    "{\"remote_name\":\"source\",\"url\":\""
                        + source.baseUrl()
                        + "\",\"cluster_id\":\""
                        + clusterId(src)
                        + "\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            src.http
                .post(
                    "/v1/remotes/linstor",
                    "{\"remote_name\":\"target\",\"url\":\""
                        + target.baseUrl()
                        + "\",\"cluster_id\":\""
                        + clusterId(dst)
                        + "\"}")
                .status())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    source.close();
    target.close();
  }

  private static LinstorEmulator emulator() {
    return LinstorEmulator.builder()
        .nodes("node-a", "node-b", "node-c")
        .storagePool("sp1", "LVM_THIN", 20L << 20)
        .build()
        .start();
  }

  static String clusterId(Rest rest) {
    return rest.http.get("/v1/controller/properties").body().path("Cluster/LocalID").asText();
  }

  private static final OpenApi SPEC = new OpenApi();

  /** Ships vol1 to the target as "copy"; the answer must be an ApiCallRc list of the document. */
  private Http.Response ship(String snap, String extra) {
    Http.Response r =
        src.http.post(
            "/v1/remotes/target/backups/ship",
            "{\"src_rsc_name\":\"vol1\",\"dst_rsc_name\":\"copy\",\"src_snap_name\":\""
                + snap
                + "\""
                + extra
                + "}");
    assertThat(SPEC.validate(r.body(), SPEC.schema("ApiCallRcList"), (p, m) -> false)).isEmpty();
    return r;
  }

  /**
   * The name the target gave the snapshot received from {@code snap}: the source's name and the
   * short id the target made for the source cluster, which the snapshot records.
   */
  private String received(String snap) {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      for (JsonNode s : dst.http.get("/v1/resource-definitions/copy/snapshots").body()) {
        String shortId = s.path("props").path("Backup/FromClusterName").asText("");
        if (!shortId.isEmpty() && s.path("name").asText().equals(snap + "_" + shortId)) {
          return s.path("name").asText();
        }
      }
      assertThat(System.nanoTime()).as("no snapshot received from %s", snap).isLessThan(deadline);
      BackupS3Test.sleep(20);
    }
  }

  @Test
  void receivedSnapshot_isNamedAfterTheSourcesWithItsClusterShortId_andNamesItsBase() {
    assertThat(ship("s1", ",\"dst_snap_name\":\"ignored\"").status()).isEqualTo(201);
    String first = received("s1");
    BackupS3Test.waitForStatus(
        dst, "copy", first, "BackupShipping/Target/ShippingStatus", "Success");
    assertThat(dst.http.get("/v1/resource-definitions/copy/snapshots/ignored").status())
        .isEqualTo(404);
    assertThat(ship("s2", "").status()).isEqualTo(201);
    String second = received("s2");
    assertThat(second.substring(3)).isEqualTo(first.substring(3));
    JsonNode inc =
        BackupS3Test.waitForStatus(
            dst, "copy", second, "BackupShipping/Target/ShippingStatus", "Success");
    assertThat(inc.path("props").path("BackupShipping/Target/BackupLastSnapshot").asText())
        .isEqualTo(first);
  }

  @Test
  void shipsTheBytes_andCreatesDefinitionSnapshotAndResource_thenAnIncrement() {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    source.backups().write("vol1", 0, 4096, data);
    String first = source.backups().sha256("vol1", 0);

    Http.Response started = ship("s1", ",\"dst_node_name\":\"node-c\"");
    assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
    BackupS3Test.waitForStatus(src, "vol1", "s1", STATUS, "Success");
    JsonNode received =
        BackupS3Test.waitForStatus(
            dst, "copy", received("s1"), "BackupShipping/Target/ShippingStatus", "Success");
    assertThat(received.path("props").path("Backup/FromClusterUUID").asText())
        .isEqualTo(clusterId(src));
    BackupS3Test.waitForResource(dst, "copy", "node-c");
    assertThat(target.backups().sha256("copy", 0)).isEqualTo(first);

    source.backups().write("vol1", 0, 1 << 20, new byte[] {1, 2, 3, 4});
    String second = source.backups().sha256("vol1", 0);
    assertThat(ship("s2", "").status()).isEqualTo(201);
    JsonNode inc = BackupS3Test.waitForStatus(src, "vol1", "s2", STATUS, "Success");
    assertThat(
            inc.path("snapshot_definition_props")
                .path("BackupShipping/Source/target/BackupLastSnapshot")
                .asText())
        .isEqualTo("s1");
    String secondCopy = received("s2");
    BackupS3Test.waitForStatus(
        dst, "copy", secondCopy, "BackupShipping/Target/ShippingStatus", "Success");
    assertThat(target.backups().snapshotSha256("copy", secondCopy, 0)).isEqualTo(second);
  }

  /** The target definition keeps the source's DRBD layer stack, also when only downloading. */
  @Test
  void targetDefinition_keepsTheSourceLayerStack() {
    assertThat(BackupS3Test.layerTypes(src, "vol1")).containsExactly("DRBD", "STORAGE");
    Http.Response started = ship("s1", ",\"dst_node_name\":\"node-c\",\"download_only\":true");
    assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
    BackupS3Test.waitForStatus(
        dst, "copy", received("s1"), "BackupShipping/Target/ShippingStatus", "Success");
    assertThat(BackupS3Test.layerTypes(dst, "copy")).containsExactly("DRBD", "STORAGE");
    assertThat(dst.http.get("/v1/resource-definitions/copy/resources").body()).isEmpty();
  }

  @Test
  void honoursTheTargetPoolAndGroup() {
    assertThat(
            dst.http
                .post(
                    "/v1/nodes/node-b/storage-pools",
                    "{\"storage_pool_name\":\"other\",\"provider_kind\":\"LVM_THIN\"}")
                .status())
        .isBetween(200, 201);
    assertThat(dst.http.post("/v1/resource-groups", "{\"name\":\"grp\"}").status()).isEqualTo(201);
    Http.Response started =
        ship(
            "s1",
            ",\"dst_node_name\":\"node-b\",\"dst_stor_pool\":\"other\",\"dst_rsc_grp\":\"grp\"");
    assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
    BackupS3Test.waitForResource(dst, "copy", "node-b");
    JsonNode rd = dst.http.get("/v1/resource-definitions/copy").body();
    assertThat(rd.path("resource_group_name").asText()).isEqualTo("grp");
    JsonNode rsc = dst.http.get("/v1/resource-definitions/copy/resources/node-b").body();
    assertThat(rsc.path("props").path("StorPoolName").asText()).isEqualTo("other");
  }

  @Test
  void renamesThePoolsOnTheTarget_andDownloadOnlyCreatesNoResource() {
    assertThat(
            dst.http
                .post(
                    "/v1/nodes/node-a/storage-pools",
                    "{\"storage_pool_name\":\"renamed\",\"provider_kind\":\"LVM_THIN\"}")
                .status())
        .isBetween(200, 201);
    Http.Response started =
        ship(
            "s1",
            ",\"dst_node_name\":\"node-a\",\"stor_pool_rename\":{\"sp1\":\"renamed\"},"
                + "\"download_only\":true");
    assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
    String copy = received("s1");
    JsonNode snap =
        BackupS3Test.waitForStatus(
            dst, "copy", copy, "BackupShipping/Target/ShippingStatus", "Success");
    assertThat(snap.path("snapshots").get(0).path("resource_props").path("StorPoolName").asText())
        .isEqualTo("renamed");
    assertThat(dst.http.get("/v1/resource-definitions/copy/resources").body()).isEmpty();
    assertThat(target.backups().snapshotSha256("copy", copy, 0))
        .isEqualTo(source.backups().snapshotSha256("vol1", "s1", 0));
  }

  @Test
  void targetWithoutARemoteForTheSource_refusesAsAnUnknownCluster() {
    assertThat(dst.http.delete("/v1/remotes?remote_name=source").status()).isEqualTo(200);
    Http.Response refused = ship("s1", "");
    assertThat(refused.status()).isEqualTo(500);
    assertThat(refused.body().get(0).path("ret_code").asLong() & 0x7FFF).isEqualTo(976);
    assertThat(refused.body().get(0).path("message").asText())
        .startsWith("Remote 'target': Unknown Cluster. Source Cluster ID: ");
    assertThat(dst.http.get("/v1/resource-definitions/copy").status()).isEqualTo(404);
  }

  @Test
  void unreachableTarget_isAnUnknownErrorNamingTheRemote_andNoSnapshotIsTaken() {
    target.close();
    Http.Response refused = ship("s1", "");
    assertThat(refused.status()).isEqualTo(500);
    assertThat(refused.body().get(0).path("ret_code").asLong() & 0x7FFF).isEqualTo(998);
    assertThat(refused.body().get(0).path("message").asText()).startsWith("Remote 'target': ");
    assertThat(src.http.get("/v1/resource-definitions/vol1/snapshots").body()).isEmpty();
  }
}
