package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linstorcsi.linstor.CapturingController.Captured;
import io.linstorcsi.linstor.model.BackupAbort;
import io.linstorcsi.linstor.model.BackupCreate;
import io.linstorcsi.linstor.model.BackupInfoRequest;
import io.linstorcsi.linstor.model.BackupList;
import io.linstorcsi.linstor.model.BackupRestore;
import io.linstorcsi.linstor.model.BackupShip;
import io.linstorcsi.linstor.model.LinstorRemote;
import io.linstorcsi.linstor.model.S3Remote;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the remote and backup calls put on the wire: paths, query options and bodies as the OpenAPI
 * document declares them, and secrets only in the bodies that must carry them.
 */
class BackupRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OpenApi spec;
  private static CapturingController controller;
  private static LinstorClient client;

  @BeforeAll
  static void start() throws IOException {
    spec = OpenApi.load();
    controller = new CapturingController();
    client = LinstorClient.builder().endpoints(List.of(controller.uri())).retries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    controller.close();
  }

  @BeforeEach
  void clear() {
    controller.clear();
  }

  private static final S3Remote S3 =
      new S3Remote("bucket1", "http://127.0.0.1:9000", "b1", "us-east-1", "AKIA", "S3CR3T", true);
  private static final LinstorRemote LINSTOR =
      new LinstorRemote("dr", "http://dr.example:3370", "pass-phrase", "f00-cluster");

  @Test
  void everyRemoteAndBackupCall_sendsWhatTheSchemaAllows() throws IOException {
    client.remotes().list();
    client.remotes().listS3();
    client.remotes().listLinstor();
    client.remotes().createS3(S3);
    client.remotes().modifyS3("bucket1", S3);
    client.remotes().createLinstor(LINSTOR);
    client.remotes().modifyLinstor("dr", LINSTOR);
    client.remotes().delete("bucket1");
    client.backups().create("bucket1", BackupCreate.of("pvc-1", "snapshot-1", true));
    client.backups().ship("dr", BackupShip.snapshot("pvc-1", "snapshot-1", "pool2", true));
    client.backups().list("bucket1", "pvc-1", "snapshot-1");
    client.backups().info("bucket1", BackupInfoRequest.of("pvc-1", "snapshot-1"));
    client
        .backups()
        .restore(
            "bucket1",
            BackupRestore.downloadOnly("pvc-1", "snapshot-1", "node-a", Map.of("p1", "p2")));
    client
        .backups()
        .delete("bucket1", BackupDeleteOptions.id("pvc-1_back_20260101").withCascading());
    client
        .backups()
        .delete("bucket1", BackupDeleteOptions.resource("pvc-1").withDryRun().withKeepSnaps());
    client.backups().abort("bucket1", BackupAbort.uploads("pvc-1", "snapshot-1"));
    client.backups().queue(ListFilter.all().resources("pvc-1"), List.of("bucket1"), true);

    Set<String> operations = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (Captured request : controller.requests()) {
      var op = spec.operation(request.method(), request.path());
      assertThat(op).as("%s %s is documented", request.method(), request.path()).isPresent();
      String name = request.method() + " " + op.get().template();
      operations.add(name);
      Set<String> declared = spec.queryParameters(op.get());
      for (Map.Entry<String, String> q : request.query()) {
        if (!declared.contains(q.getKey())) {
          problems.add(name + ": query parameter '" + q.getKey() + "' not declared");
        }
      }
      if (request.body().length > 0) {
        JsonNode schema =
            op.get().requestSchema().orElseThrow(() -> new AssertionError(name + " takes no body"));
        for (String v : spec.violations(schema, JSON.readTree(request.body()))) {
          problems.add(name + " " + v + " in " + request.bodyText());
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(operations)
        .containsExactlyInAnyOrder(
            "GET /v1/remotes",
            "GET /v1/remotes/s3",
            "GET /v1/remotes/linstor",
            "POST /v1/remotes/s3",
            "PUT /v1/remotes/s3/{remoteName}",
            "POST /v1/remotes/linstor",
            "PUT /v1/remotes/linstor/{remoteName}",
            "DELETE /v1/remotes",
            "POST /v1/remotes/{remote_name}/backups",
            "POST /v1/remotes/{remote_name}/backups/ship",
            "GET /v1/remotes/{remote_name}/backups",
            "POST /v1/remotes/{remote_name}/backups/info",
            "POST /v1/remotes/{remote_name}/backups/restore",
            "DELETE /v1/remotes/{remote_name}/backups",
            "POST /v1/remotes/{remote_name}/backups/abort",
            "GET /v1/view/backup/queue");
  }

  @Test
  void backupDelete_sendsTheSelectedOptionsOnly() {
    client
        .backups()
        .delete("bucket1", BackupDeleteOptions.id("pvc-1_back_20260101").withCascading());
    Captured sent = controller.requests().getLast();
    assertThat(sent.method()).isEqualTo("DELETE");
    assertThat(sent.path()).isEqualTo("/v1/remotes/bucket1/backups");
    assertThat(sent.query())
        .containsExactly(Map.entry("id", "pvc-1_back_20260101"), Map.entry("cascading", "true"));
  }

  @Test
  void s3RemoteCreate_carriesTheKeysInTheBody_butNeverInToString() throws IOException {
    client.remotes().createS3(S3);
    JsonNode body = JSON.readTree(controller.requests().getLast().body());
    assertThat(body.get("access_key").asText()).isEqualTo("AKIA");
    assertThat(body.get("secret_key").asText()).isEqualTo("S3CR3T");
    assertThat(body.get("use_path_style").asBoolean()).isTrue();
    assertThat(S3.toString()).doesNotContain("AKIA", "S3CR3T").contains("bucket1", "***");
    assertThat(LINSTOR.toString()).doesNotContain("pass-phrase").contains("dr", "***");
    BackupRestore restore =
        new BackupRestore("a", "b", null, null, "a", "pass-phrase", "n", true, null, null, null);
    assertThat(restore.toString()).doesNotContain("pass-phrase");
  }

  @Test
  void remoteList_acceptsTheDocumentedArrayAndGolinstorsObject() throws IOException {
    // decoding is shared with the emulator tests; here the two shapes side by side
    var array =
        Json.MAPPER.readTree(
            "[{\"s3_remotes\":[{\"remote_name\":\"a\"}]},{\"linstor_remotes\":[{\"remote_name\":\"b\"}]}]");
    var object =
        Json.MAPPER.readTree(
            "{\"s3_remotes\":[{\"remote_name\":\"a\"}],\"linstor_remotes\":[{\"remote_name\":\"b\"}]}");
    assertThat(RemoteApi.decode(array).contains("a")).isTrue();
    assertThat(RemoteApi.decode(array).contains("b")).isTrue();
    assertThat(RemoteApi.decode(object)).isEqualTo(RemoteApi.decode(array));
  }

  @Test
  void backupBasedOn_dropsTheMetaSuffix() throws IOException {
    BackupList list =
        Json.MAPPER.readValue(
            "{\"linstor\":{\"x_back_2\":{\"id\":\"x_back_2\",\"origin_rsc\":\"x\",\"vlms\":[],"
                + "\"based_on_id\":\"x_back_1.meta\",\"success\":true}}}",
            BackupList.class);
    assertThat(list.linstor().get("x_back_2").baseId()).isEqualTo("x_back_1");
    assertThat(list.linstor().get("x_back_2").succeeded()).isTrue();
  }
}
