package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every response body the emulator gives in a rich scenario (DRBD and STORAGE-only resources, a
 * tie-breaker, a diskless client, an offline node, faults, a snapshot, a clone, errors) validates
 * against the schema the published OpenAPI document gives for that operation and status: field
 * names, types, enums, required fields.
 *
 * <p>Where the recorded controller differs from the document, the recording wins and the check is
 * excused here, each with its reason:
 *
 * <ul>
 *   <li>error replies are ApiCallRc lists, although the document's OperationFailed is a single
 *       ApiCallRc;
 *   <li>statuses the document does not list (404 on most operations, 200 instead of 201 for a
 *       volume definition) are checked against the schema of the listed 2xx status or as an
 *       ApiCallRc list;
 *   <li>a node's {@code type} is {@code SATELLITE} (the enum spells it {@code Satellite});
 *   <li>{@code storage_providers} lists {@code REMOTE_SPDK}, which the ProviderKind enum lacks;
 *   <li>a failed clone answers HTTP 500 in the ResourceDefinitionCloneStarted shape;
 *   <li>a single object (one node, pool, group, definition, resource, volume) is served, as
 *       recorded, but the document lists only the collections: it is checked against the
 *       collection's item schema.
 * </ul>
 */
class ConformanceTest {
  private static final BiPredicate<String, String> RECORDED_ENUMS =
      (path, msg) ->
          msg.startsWith("value 'SATELLITE' not in enum")
              || msg.startsWith("value 'REMOTE_SPDK' not in enum");

  private static LinstorEmulator emu;
  private static Http http;
  private static final OpenApi SPEC = new OpenApi();
  private static final List<String> findings = new ArrayList<>();
  private static int checked;

  @BeforeAll
  static void scenario() {
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c", "node-d")
            .storagePool("sp1", "LVM_THIN", 10L << 20)
            .storagePool("sp2", "FILE_THIN", 10L << 20)
            .build()
            .start();
    http = new Http(emu.baseUrl());
    call("PUT", "/v1/nodes/node-a", "{\"override_props\":{\"Aux/zone\":\"z1\"}}");
    call(
        "POST",
        "/v1/resource-groups",
        "{\"name\":\"rg\",\"description\":\"d\",\"props\":{\"Aux/x\":\"1\"},\"select_filter\":{\"place_count\":2,"
            + "\"storage_pool\":\"sp1\",\"not_place_with_rsc_regex\":\"^none$\",\"layer_stack\":[\"DRBD\",\"STORAGE\"]}}");
    call("POST", "/v1/resource-groups/rg/volume-groups", "{}");
    call(
        "PUT",
        "/v1/resource-groups/rg",
        "{\"description\":\"changed\",\"select_filter\":{\"place_count\":2}}");
    call(
        "POST",
        "/v1/resource-groups/rg/spawn",
        "{\"resource_definition_name\":\"pvc-drbd\",\"volume_sizes\":[102400]}");
    call(
        "POST",
        "/v1/resource-definitions/pvc-drbd/resources/node-d/make-available",
        "{\"diskful\":false}");
    call(
        "POST",
        "/v1/resource-definitions",
        "{\"resource_definition\":{\"name\":\"pvc-storage\",\"layer_data\":[{\"type\":\"STORAGE\"}],"
            + "\"props\":{\"Aux/csi-volume-annotations\":\"{}\"}}}");
    call(
        "POST",
        "/v1/resource-definitions/pvc-storage/volume-definitions",
        "{\"volume_definition\":{\"size_kib\":4096}}");
    call(
        "POST",
        "/v1/resource-definitions/pvc-storage/resources",
        "[{\"resource\":{\"node_name\":\"node-a\",\"props\":{\"StorPoolName\":\"sp2\"}},\"layer_list\":[\"STORAGE\"]}]");
    call("POST", "/v1/resource-definitions/pvc-drbd/snapshots", "{\"name\":\"snap1\"}");
    call("POST", "/v1/resource-definitions/pvc-drbd/clone", "{\"name\":\"pvc-clone\"}");
    call("POST", "/v1/resource-definitions/pvc-storage/clone", "{\"name\":\"pvc-no-clone\"}");
    call(
        "POST",
        "/v1/resource-definitions",
        "{\"resource_definition\":{\"name\":\"pvc-restored\",\"resource_group_name\":\"rg\"}}");
    call(
        "POST",
        "/v1/resource-definitions/pvc-drbd/snapshot-restore-volume-definition/snap1",
        "{\"to_resource\":\"pvc-restored\"}");
    call(
        "POST",
        "/v1/resource-definitions/pvc-drbd/snapshot-restore-resource/snap1",
        "{\"to_resource\":\"pvc-restored\"}");
    call("PUT", "/v1/resource-definitions/pvc-drbd/volume-definitions/0", "{\"size_kib\":204800}");
    call("PUT", "/v1/resource-definitions/pvc-drbd", "{\"override_props\":{\"Aux/y\":\"2\"}}");
    call(
        "PUT",
        "/v1/resource-definitions/pvc-drbd/resources/node-a",
        "{\"override_props\":{\"Aux/z\":\"3\"}}");
    emu.faults().degrade("pvc-drbd", "node-b");
    emu.faults().splitBrain("pvc-clone", "node-a", "node-b");
    emu.faults().nodeOffline("node-d");
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  /** Calls the emulator and validates the answer against the document's schema for it. */
  private static Http.Response call(String method, String path, String body) {
    Http.Response r = http.send(method, path, body);
    String template = emu.requests().last().orElseThrow().template();
    validate(method, path, template, r);
    return r;
  }

  private static void validate(String method, String path, String template, Http.Response r) {
    checked++;
    JsonNode schema;
    boolean error = r.status() >= 400;
    boolean cloneReply = template.endsWith("/clone") && method.equals("POST");
    if (cloneReply) {
      schema = SPEC.schema("ResourceDefinitionCloneStarted");
    } else if (error) {
      schema = SPEC.schema("ApiCallRcList");
    } else {
      schema = SPEC.responseSchema(template, method, r.status());
      if (schema == null) {
        List<Integer> listed = SPEC.successStatuses(template, method);
        schema = listed.isEmpty() ? null : SPEC.responseSchema(template, method, listed.get(0));
      }
      if (schema == null && method.equals("GET")) {
        // one object of a list: recorded, but the document lists only the collection
        JsonNode list =
            SPEC.responseSchema(template.substring(0, template.lastIndexOf('/')), "GET", 200);
        schema = list == null ? null : SPEC.resolve(list).path("items");
      }
    }
    if (schema == null) {
      findings.add(
          method + " " + template + " " + r.status() + ": the document has no response schema");
      return;
    }
    for (String f : SPEC.validate(r.body(), schema, RECORDED_ENUMS)) {
      findings.add(method + " " + path + " -> " + r.status() + " " + f);
    }
  }

  @Test
  void everyReadValidates() {
    String[] paths = {
      "/v1/controller/version",
      "/v1/controller/properties",
      "/v1/nodes",
      "/v1/nodes/node-a",
      "/v1/nodes/node-d",
      "/v1/nodes/node-a/storage-pools",
      "/v1/nodes/node-a/storage-pools/sp1",
      "/v1/nodes/node-d/storage-pools",
      "/v1/view/storage-pools",
      "/v1/storage-pool-definitions",
      "/v1/resource-groups",
      "/v1/resource-groups/rg",
      "/v1/resource-groups/rg/volume-groups",
      "/v1/resource-groups/rg/volume-groups/0",
      "/v1/resource-groups/rg/query-max-volume-size",
      "/v1/resource-definitions?with_volume_definitions=true",
      "/v1/resource-definitions/pvc-drbd",
      "/v1/resource-definitions/pvc-drbd/volume-definitions",
      "/v1/resource-definitions/pvc-drbd/volume-definitions/0",
      "/v1/resource-definitions/pvc-drbd/resources",
      "/v1/resource-definitions/pvc-drbd/resources/node-a",
      "/v1/resource-definitions/pvc-drbd/resources/node-d",
      "/v1/resource-definitions/pvc-drbd/resources/node-a/volumes",
      "/v1/resource-definitions/pvc-drbd/resources/node-d/volumes/0",
      "/v1/resource-definitions/pvc-storage/resources/node-a/volumes/0",
      "/v1/view/resources",
      "/v1/resource-definitions/pvc-drbd/snapshots",
      "/v1/resource-definitions/pvc-drbd/snapshots/snap1",
      "/v1/view/snapshots",
      "/v1/resource-definitions/pvc-drbd/clone/pvc-clone",
      "/v1/resource-definitions/pvc-drbd/sync-status",
      "/v1/nodes/nosuch",
      "/v1/resource-definitions/nosuch",
    };
    for (String path : paths) {
      Http.Response r = call("GET", path, null);
      assertThat(r.body()).as(path).isNotNull();
    }
    call("POST", "/v1/resource-groups/rg/query-size-info", "{}");
    call("POST", "/v1/resource-groups/nosuch/query-size-info", "{}");
    call("OPTIONS", "/v1/query-max-volume-size", "{\"place_count\":2}");
    assertThat(findings).isEmpty();
  }

  @Test
  void errorRepliesValidate() {
    call("POST", "/v1/resource-definitions", "{\"bogus\":1}");
    call("POST", "/v1/resource-definitions", "{\"resource_definition\":{\"name\":\"pvc-drbd\"}}");
    call("POST", "/v1/resource-definitions/pvc-drbd/resources", "{}");
    call("DELETE", "/v1/resource-definitions/nosuch", null);
    call(
        "POST",
        "/v1/resource-definitions/pvc-drbd/autoplace",
        "{\"select_filter\":{\"place_count\":9}}");
    assertThat(findings).isEmpty();
  }

  @Test
  void theValidatorCatchesWhatItShould() throws Exception {
    JsonNode node =
        Http.JSON.readTree(
            "{\"name\":\"n\",\"type\":\"Satellite\",\"bogus\":1,\"connection_status\":\"MAYBE\","
                + "\"net_interfaces\":[{\"name\":\"x\"}],\"props\":{\"a\":1}}");
    List<String> errors = SPEC.validate(node, SPEC.schema("Node"), (p, m) -> false);
    assertThat(errors)
        .anySatisfy(e -> assertThat(e).contains("/bogus").contains("not defined"))
        .anySatisfy(e -> assertThat(e).contains("/connection_status").contains("not in enum"))
        .anySatisfy(e -> assertThat(e).contains("/net_interfaces/0/address").contains("required"))
        .anySatisfy(e -> assertThat(e).contains("/props/a").contains("string expected"));
  }

  @Test
  void theScenarioCoveredTheStatesItMeansToCover() {
    JsonNode resources = http.get("/v1/view/resources").body();
    assertThat(resources.toString())
        .contains("TIE_BREAKER", "DRBD_DISKLESS", "\"type\":\"STORAGE\"", "StandAlone", "Outdated");
    assertThat(http.get("/v1/nodes/node-d").body().get("connection_status").asText())
        .isEqualTo("OFFLINE");
    assertThat(checked).isGreaterThan(20);
  }
}
