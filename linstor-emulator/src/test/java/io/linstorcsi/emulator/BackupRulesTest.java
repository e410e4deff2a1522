package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.linstorcsi.emulator.state.SyncPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules and failure paths of remotes and backups as linstor-server has them, each answer
 * checked against the published OpenAPI document: remote validation, refused pool kinds, S3
 * unreachable or refusing, interrupted and hung shipments with the queue, aborts, deletion of
 * incremental chains, restores the controller refuses or downgrades.
 */
class BackupRulesTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static final OpenApi SPEC = new OpenApi();
  private static final String STATUS = "BackupShipping/Source/s3/ShippingStatus";
  private static S3TestServer s3;
  private final List<String> findings = new ArrayList<>();
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
    bucket = "rules-" + BUCKETS.incrementAndGet();
    s3.createBucket(bucket);
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "LVM_THIN", 20L << 20)
            .storagePool("files", "FILE_THIN", 20L << 20)
            .build()
            .start();
    rest = new Rest(emu);
    rest.definition("vol1", 4096);
    assertThat(rest.autoplace("vol1", "{\"place_count\":2,\"storage_pool\":\"sp1\"}").status())
        .isEqualTo(201);
    emu.backups().write("vol1", 0, 0, "some data".getBytes());
  }

  @AfterEach
  void stop() {
    emu.close();
    assertThat(findings).as("answers the OpenAPI document does not allow").isEmpty();
  }

  /** Calls the emulator and validates the answer against the document's schema for it. */
  private Http.Response call(String method, String path, String body) {
    Http.Response r = rest.http.send(method, path, body);
    String template = emu.requests().last().orElseThrow().template();
    JsonNode schema;
    if (r.status() >= 400) {
      schema = SPEC.schema("ApiCallRcList");
    } else if (template.equals("/v1/remotes") && method.equals("GET")) {
      schema = SPEC.schema("RemoteList"); // one object, as linstor-server answers
    } else {
      schema = SPEC.responseSchema(template, method, r.status());
      if (schema == null) {
        // linstor-server answers 201 where the document lists only 200 (Backups.createBackup)
        List<Integer> listed = SPEC.successStatuses(template, method);
        schema = listed.isEmpty() ? null : SPEC.responseSchema(template, method, listed.get(0));
      }
    }
    assertThat(schema).as("schema of %s %s %s", method, template, r.status()).isNotNull();
    for (String f : SPEC.validate(r.body(), schema, (p, m) -> false)) {
      findings.add(method + " " + path + " -> " + r.status() + " " + f);
    }
    return r;
  }

  private Http.Response createRemote() {
    return call("POST", "/v1/remotes/s3", s3.remoteJson("s3", bucket));
  }

  private Http.Response backup(String snap, boolean incremental) {
    return call(
        "POST",
        "/v1/remotes/s3/backups",
        "{\"rsc_name\":\"vol1\",\"snap_name\":\""
            + snap
            + "\",\"incremental\":"
            + incremental
            + "}");
  }

  private JsonNode waitFor(String snap, String... ends) {
    return BackupS3Test.waitForStatus(rest, "vol1", snap, STATUS, ends);
  }

  private static long code(Http.Response r, int index) {
    return r.body().get(index).path("ret_code").asLong() & 0x7FFF;
  }

  // ------------------------------------------------------------------ remotes

  @Test
  void remotes_validateLikeTheController_andNeverShowSecrets() {
    Http.Response missing = call("POST", "/v1/remotes/s3", "{\"remote_name\":\"r1\"}");
    assertThat(missing.status()).isEqualTo(500);
    assertThat(missing.body().get(0).path("message").asText())
        .endsWith("parameters are missing: [endpoint, bucket, region, access_key, secret_key]");
    assertThat(createRemote().status()).isEqualTo(200);
    Http.Response twice = createRemote();
    assertThat(code(twice, 0)).isEqualTo(527);
    Http.Response badName = call("POST", "/v1/remotes/s3", s3.remoteJson("bad name!", bucket));
    assertThat(code(badName, 0)).isEqualTo(239);

    JsonNode list = call("GET", "/v1/remotes", null).body();
    assertThat(list.path("s3_remotes")).hasSize(1);
    assertThat(list.toString())
        .doesNotContain(S3TestServer.SECRET_KEY)
        .doesNotContain(S3TestServer.ACCESS_KEY);
    assertThat(list.path("s3_remotes").get(0).path("bucket").asText()).isEqualTo(bucket);

    Http.Response wrongKey = call("PUT", "/v1/remotes/s3/s3", "{\"secret_key\":\"wrong\"}");
    assertThat(wrongKey.status()).isEqualTo(500);
    assertThat(wrongKey.body().get(0).path("message").asText())
        .startsWith("The remote could not be reached with the given parameters");
    assertThat(call("PUT", "/v1/remotes/s3/nope", "{\"bucket\":\"x\"}").status()).isEqualTo(404);

    Http.Response linstor =
        call(
            "POST",
            "/v1/remotes/linstor",
            "{\"remote_name\":\"l1\",\"url\":\"127.0.0.1\",\"cluster_id\":\"no-uuid\"}");
    assertThat(code(linstor, 0)).isEqualTo(230);
    assertThat(
            call(
                    "POST",
                    "/v1/remotes/linstor",
                    "{\"remote_name\":\"l1\",\"url\":\"127.0.0.1\",\"passphrase\":\"pw\"}")
                .status())
        .isEqualTo(200);
    JsonNode linstors = call("GET", "/v1/remotes/linstor", null).body();
    assertThat(linstors.get(0).path("url").asText()).isEqualTo("http://127.0.0.1:3370");
    assertThat(linstors.toString()).doesNotContain("pw");

    assertThat(call("DELETE", "/v1/remotes?remote_name=l1", null).status()).isEqualTo(200);
    Http.Response gone = call("DELETE", "/v1/remotes?remote_name=l1", null);
    assertThat(gone.body().get(0).path("ret_code").asLong()).isEqualTo(0x8000000000000000L | 3000);
  }

  @Test
  void remoteWithWrongCredentialsOrMissingBucket_isNotCreated() {
    String wrongSecret = s3.remoteJson("s3", bucket).replace(S3TestServer.SECRET_KEY, "nope");
    Http.Response refused = call("POST", "/v1/remotes/s3", wrongSecret);
    assertThat(refused.status()).isEqualTo(500);
    assertThat(refused.body().get(0).path("ret_code").asLong())
        .isEqualTo(0xC000000000000000L | 0x80000L | 998);
    Http.Response noBucket = call("POST", "/v1/remotes/s3", s3.remoteJson("s3", "no-such-bucket"));
    assertThat(noBucket.status()).isEqualTo(500);
    emu.backups().s3Unreachable(true);
    assertThat(createRemote().status()).isEqualTo(500);
    emu.backups().s3Unreachable(false);
    assertThat(call("GET", "/v1/remotes", null).body().path("s3_remotes")).isEmpty();
  }

  // ------------------------------------------------------------------ refusals and failures

  @Test
  void poolKindWithoutShipping_isRefused_andNoSnapshotIsTaken() {
    assertThat(createRemote().status()).isEqualTo(200);
    rest.definition("onfiles", 4096);
    assertThat(rest.autoplace("onfiles", "{\"place_count\":1,\"storage_pool\":\"files\"}").status())
        .isEqualTo(201);
    Http.Response refused = call("POST", "/v1/remotes/s3/backups", "{\"rsc_name\":\"onfiles\"}");
    assertThat(refused.status()).isEqualTo(500);
    assertThat(Rest.codes(refused)).containsExactly(983L, 996L);
    assertThat(refused.body().get(0).path("message").asText())
        .isEqualTo("The storage pool kind FILE_THIN does not support snapshot shipping");
    assertThat(rest.http.get("/v1/resource-definitions/onfiles/snapshots").body()).isEmpty();
  }

  @Test
  void s3UnreachableOrRefusingDuringShipping_failsTheShipment() {
    assertThat(createRemote().status()).isEqualTo(200);
    emu.backups().s3Unreachable(true);
    assertThat(backup("down", false).status()).isEqualTo(201);
    assertThat(waitFor("down", "Success", "Failed").path("props").path(STATUS).asText())
        .isEqualTo("Failed");
    emu.backups().s3Unreachable(false).s3CredentialsRefused(true);
    assertThat(backup("denied", false).status()).isEqualTo(201);
    assertThat(waitFor("denied", "Success", "Failed").path("props").path(STATUS).asText())
        .isEqualTo("Failed");
    emu.backups().s3CredentialsRefused(false);
    assertThat(backup("fine", false).status()).isEqualTo(201);
    waitFor("fine", "Success");
  }

  @Test
  void bucketDeletedAfterRemoteCreation_failsTheShipment() {
    assertThat(createRemote().status()).isEqualTo(200);
    try (var client = s3.client()) {
      client.deleteBucket(b -> b.bucket(bucket));
    }
    assertThat(backup("nobucket", false).status()).isEqualTo(201);
    assertThat(waitFor("nobucket", "Success", "Failed").path("props").path(STATUS).asText())
        .isEqualTo("Failed");
  }

  @Test
  void interruptedShipment_isFailed_andTheNextIncrementalIsFull() {
    assertThat(createRemote().status()).isEqualTo(200);
    assertThat(backup("base", false).status()).isEqualTo(201);
    waitFor("base", "Success");
    emu.backups().interruptNext(1);
    assertThat(backup("broken", true).status()).isEqualTo(201);
    assertThat(waitFor("broken", "Success", "Failed").path("props").path(STATUS).asText())
        .isEqualTo("Failed");
    assertThat(backup("after", true).status()).isEqualTo(201);
    JsonNode after = waitFor("after", "Success");
    // the last started backup failed: no base, a full backup (getIncrementalBase)
    assertThat(
            after
                .path("snapshot_definition_props")
                .has("BackupShipping/Source/s3/BackupLastSnapshot"))
        .as(after.toString())
        .isFalse();
    assertThat(emu.backups().running()).isEmpty();
  }

  @Test
  void runningShipmentInterruptedByASatelliteRestart_isFailed() {
    assertThat(createRemote().status()).isEqualTo(200);
    emu.backups().hangNext(1);
    assertThat(backup("hung", false).status()).isEqualTo(201);
    JsonNode running = waitFor("hung", "Shipping");
    assertThat(running.path("flags").toString()).contains("SUCCESSFUL");
    assertThat(emu.backups().interruptRunning()).isEqualTo(1);
    assertThat(waitFor("hung", "Failed").path("props").path(STATUS).asText()).isEqualTo("Failed");
  }

  @Test
  void runningShipmentAtAControllerRestart_isAborted() {
    assertThat(createRemote().status()).isEqualTo(200);
    emu.backups().hangNext(1);
    assertThat(backup("hung", false).status()).isEqualTo(201);
    waitFor("hung", "Shipping");
    assertThat(emu.backups().restartController()).isEqualTo(1);
    assertThat(waitFor("hung", "Aborted").path("props").path(STATUS).asText()).isEqualTo("Aborted");
    assertThat(emu.backups().running()).isEmpty();
  }

  @Test
  void hungShipment_queuesTheNextIncremental_untilReleased() {
    assertThat(createRemote().status()).isEqualTo(200);
    emu.backups().hangNext(1);
    assertThat(backup("first", false).status()).isEqualTo(201);
    waitFor("first", "Shipping");
    Http.Response second = backup("second", true);
    assertThat(second.body().toString()).contains("adding to queue instead");
    JsonNode queue = call("GET", "/v1/view/backup/queue", null).body();
    assertThat(queue.path("node_queues").get(0).path("queue").get(0).path("snapshot_name").asText())
        .isEqualTo("second");
    assertThat(queue.path("node_queues").get(0).path("queue").get(0).path("based_on").asText())
        .isEqualTo("first");
    JsonNode bySnap = call("GET", "/v1/view/backup/queue?snap_to_node=true", null).body();
    assertThat(bySnap.path("snap_queues").get(0).path("incremental").asBoolean()).isTrue();

    emu.backups().advance(1024);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (emu.backups().running().get(0).doneBytes() < 1024 * 1024) {
      assertThat(System.nanoTime()).as("the advanced shipment moves").isLessThan(deadline);
      BackupS3Test.sleep(10);
    }
    // a manual pace moves exactly as far as advanced
    BackupS3Test.sleep(100);
    assertThat(emu.backups().running().get(0).doneBytes()).isEqualTo(1024 * 1024);
    emu.backups().release();
    waitFor("first", "Success");
    JsonNode inc = waitFor("second", "Success");
    assertThat(
            inc.path("snapshot_definition_props")
                .path("BackupShipping/Source/s3/BackupLastSnapshot")
                .asText())
        .isEqualTo("first");
    assertThat(call("GET", "/v1/view/backup/queue", null).body().path("node_queues")).isEmpty();
  }

  @Test
  void timedPace_takesItsTime() {
    assertThat(createRemote().status()).isEqualTo(200);
    emu.backups().pace(SyncPolicy.timed(4096)); // the 4 MiB volume needs about a second
    long start = System.nanoTime();
    assertThat(backup("slow", false).status()).isEqualTo(201);
    waitFor("slow", "Success");
    assertThat(System.nanoTime() - start).isGreaterThan(700_000_000L);
  }

  @Test
  void abort_endsARunningShipmentAsAborted() {
    assertThat(createRemote().status()).isEqualTo(200);
    emu.backups().hangNext(1);
    assertThat(backup("hung", false).status()).isEqualTo(201);
    waitFor("hung", "Shipping");
    assertThat(
            call("POST", "/v1/remotes/s3/backups/abort", "{\"rsc_name\":\"vol1\",\"create\":true}")
                .status())
        .isEqualTo(200);
    assertThat(waitFor("hung", "Aborted").path("props").path(STATUS).asText()).isEqualTo("Aborted");
  }

  @Test
  void snapshotBeingShippedOrQueued_cannotBeDeleted() {
    assertThat(createRemote().status()).isEqualTo(200);
    emu.backups().hangNext(1);
    assertThat(backup("hung", false).status()).isEqualTo(201);
    waitFor("hung", "Shipping");
    assertThat(backup("queued", true).status()).isEqualTo(201);
    Http.Response shipping = call("DELETE", "/v1/resource-definitions/vol1/snapshots/hung", null);
    assertThat(shipping.status()).isEqualTo(500);
    assertThat(code(shipping, 0)).isEqualTo(997);
    assertThat(shipping.body().get(0).path("message").asText())
        .isEqualTo(
            "Snapshot definition hung of resource vol1 is currently being shipped as a backup."
                + " Please wait until the shipping is finished or use backup abort --create");
    Http.Response queued = call("DELETE", "/v1/resource-definitions/vol1/snapshots/queued", null);
    assertThat(queued.body().get(0).path("message").asText())
        .isEqualTo(
            "Snapshot definition queued of resource vol1 is currently being queued for backup"
                + " shipping. Please wait until the shipping is finished or use backup abort --create");
    emu.backups().release();
    waitFor("queued", "Success");
    assertThat(call("DELETE", "/v1/resource-definitions/vol1/snapshots/hung", null).status())
        .isEqualTo(200);
  }

  @Test
  void deletingARemoteWhileShipping_waitsForTheShipment() {
    assertThat(createRemote().status()).isEqualTo(200);
    emu.backups().hangNext(1);
    assertThat(backup("hung", false).status()).isEqualTo(201);
    waitFor("hung", "Shipping");
    Http.Response deleting = call("DELETE", "/v1/remotes?remote_name=s3", null);
    assertThat(deleting.body().get(0).path("message").asText()).contains("prepared for deletion");
    assertThat(call("GET", "/v1/remotes", null).body().path("s3_remotes")).hasSize(1);
    emu.backups().release();
    waitFor("hung", "Success");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!call("GET", "/v1/remotes", null).body().path("s3_remotes").isEmpty()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      BackupS3Test.sleep(20);
    }
  }

  // ------------------------------------------------------------------ deletion of chains

  private List<String> ids() {
    List<String> ids = new ArrayList<>();
    call("GET", "/v1/remotes/s3/backups", null)
        .body()
        .path("linstor")
        .fieldNames()
        .forEachRemaining(ids::add);
    return ids;
  }

  @Test
  void deletingABaseOfIncrements_needsCascading_andTakesTheLocalSnapshotsAlong() {
    assertThat(createRemote().status()).isEqualTo(200);
    assertThat(backup("full", false).status()).isEqualTo(201);
    waitFor("full", "Success");
    emu.backups().write("vol1", 0, 8192, "changed".getBytes());
    assertThat(backup("inc", true).status()).isEqualTo(201);
    waitFor("inc", "Success");
    List<String> ids = ids();
    assertThat(ids).hasSize(2);
    String fullId = ids.stream().filter(i -> i.endsWith("^full")).findFirst().orElseThrow();

    Http.Response refused =
        call("DELETE", "/v1/remotes/s3/backups?id=" + fullId.replace("^", "%5E"), null);
    assertThat(refused.status()).isEqualTo(500);
    assertThat(code(refused, 0)).isEqualTo(977);
    assertThat(refused.body().get(0).path("message").asText())
        .isEqualTo(
            fullId
                + ".meta should be deleted, but at least "
                + ids.stream().filter(i -> i.endsWith("^inc")).findFirst().orElseThrow()
                + ".meta is referencing it. Use --cascading to delete recursively");

    Http.Response dry =
        call(
            "DELETE",
            "/v1/remotes/s3/backups?id="
                + fullId.replace("^", "%5E")
                + "&cascading=true&dryrun=true",
            null);
    assertThat(dry.body().get(0).path("message").asText()).startsWith("Would delete s3 objects:");
    assertThat(ids()).hasSize(2);

    Http.Response deleted =
        call(
            "DELETE",
            "/v1/remotes/s3/backups?id=" + fullId.replace("^", "%5E") + "&cascading=true",
            null);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body().get(0).path("message").asText()).startsWith("Successfully deleted [");
    assertThat(ids()).isEmpty();
    assertThat(rest.http.get("/v1/resource-definitions/vol1/snapshots").body()).isEmpty();
    try (var client = s3.client()) {
      assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }
  }

  @Test
  void deletingTheNewestIncrement_keepsItsBase_andKeepSnapsKeepsTheLocalSnapshot() {
    assertThat(createRemote().status()).isEqualTo(200);
    assertThat(backup("full", false).status()).isEqualTo(201);
    waitFor("full", "Success");
    assertThat(backup("inc", true).status()).isEqualTo(201);
    waitFor("inc", "Success");
    String incId = ids().stream().filter(i -> i.endsWith("^inc")).findFirst().orElseThrow();
    assertThat(
            call(
                    "DELETE",
                    "/v1/remotes/s3/backups?id=" + incId.replace("^", "%5E") + "&keep_snaps=true",
                    null)
                .status())
        .isEqualTo(200);
    assertThat(ids()).hasSize(1).allMatch(i -> i.endsWith("^full"));
    assertThat(rest.http.get("/v1/resource-definitions/vol1/snapshots").body()).hasSize(2);
    Http.Response unknown = call("DELETE", "/v1/remotes/s3/backups?id=nothing", null);
    assertThat(unknown.body().toString()).contains("Could not find any backups to delete.");
  }

  @Test
  void deletion_needsExactlyOneSelection_andSelectsByResourceAndTime() {
    assertThat(createRemote().status()).isEqualTo(200);
    Http.Response nothing = call("DELETE", "/v1/remotes/s3/backups", null);
    assertThat(nothing.status()).isEqualTo(500);
    assertThat(code(nothing, 0)).isEqualTo(234);
    Http.Response both = call("DELETE", "/v1/remotes/s3/backups?id=x&resource_name=vol1", null);
    assertThat(both.body().get(0).path("message").asText())
        .startsWith("Too many parameters given.");
    Http.Response badTime = call("DELETE", "/v1/remotes/s3/backups?timestamp=yesterday", null);
    assertThat(code(badTime, 0)).isEqualTo(240);

    assertThat(backup("one", false).status()).isEqualTo(201);
    waitFor("one", "Success");
    Http.Response olderThan2000 =
        call("DELETE", "/v1/remotes/s3/backups?resource_name=vol1&timestamp=20000101_000000", null);
    assertThat(olderThan2000.body().toString()).contains("Could not find any backups to delete.");
    assertThat(ids()).hasSize(1);
    Http.Response byResource =
        call("DELETE", "/v1/remotes/s3/backups?resource_name=vol1&keep_snaps=true", null);
    assertThat(byResource.body().get(0).path("message").asText())
        .startsWith("Successfully deleted");
    assertThat(ids()).isEmpty();
  }

  // ------------------------------------------------------------------ restore rules, info

  @Test
  void restoreIntoADeployedDefinition_onlyDownloads_andTwiceIsRefused() {
    assertThat(createRemote().status()).isEqualTo(200);
    assertThat(backup("snap", false).status()).isEqualTo(201);
    waitFor("snap", "Success");
    rest.definition("busy", 4096);
    assertThat(rest.autoplace("busy", "{\"place_count\":1,\"storage_pool\":\"sp1\"}").status())
        .isEqualTo(201);
    Http.Response restore =
        call(
            "POST",
            "/v1/remotes/s3/backups/restore",
            "{\"src_rsc_name\":\"vol1\",\"target_rsc_name\":\"busy\",\"node_name\":\"node-c\"}");
    assertThat(restore.status()).isEqualTo(201);
    assertThat(Rest.codes(restore)).contains(1019L);
    BackupS3Test.waitForStatus(
        rest, "busy", "snap", "BackupShipping/Target/ShippingStatus", "Success");
    Http.Response again =
        call(
            "POST",
            "/v1/remotes/s3/backups/restore",
            "{\"src_rsc_name\":\"vol1\",\"target_rsc_name\":\"busy\",\"node_name\":\"node-c\"}");
    assertThat(again.status()).isEqualTo(500);
    assertThat(code(again, 0)).isEqualTo(516);
    Http.Response none =
        call(
            "POST",
            "/v1/remotes/s3/backups/restore",
            "{\"src_rsc_name\":\"unknown\",\"target_rsc_name\":\"x\",\"node_name\":\"node-c\"}");
    assertThat(none.status()).isEqualTo(404);
  }

  @Test
  void info_describesTheChain() {
    assertThat(createRemote().status()).isEqualTo(200);
    assertThat(backup("full", false).status()).isEqualTo(201);
    waitFor("full", "Success");
    assertThat(backup("inc", true).status()).isEqualTo(201);
    waitFor("inc", "Success");
    JsonNode info =
        call(
                "POST",
                "/v1/remotes/s3/backups/info",
                "{\"src_rsc_name\":\"vol1\",\"node_name\":\"node-a\"}")
            .body();
    assertThat(info.path("count").asInt()).isEqualTo(2);
    assertThat(info.path("full").asText()).endsWith("^full");
    assertThat(info.path("latest").asText()).endsWith("^inc");
    assertThat(info.path("alloc_size_kib").asLong()).isEqualTo(4096);
    assertThat(info.path("storpools").get(0).path("name").asText()).isEqualTo("sp1");
    assertThat(info.path("storpools").get(0).path("provider_kind").asText()).isEqualTo("LVM_THIN");
  }
}
