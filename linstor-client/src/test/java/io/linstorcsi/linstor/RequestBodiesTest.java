package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linstorcsi.linstor.CapturingController.Captured;
import io.linstorcsi.linstor.model.AutoPlaceRequest;
import io.linstorcsi.linstor.model.DrbdResourceDefinitionLayer;
import io.linstorcsi.linstor.model.DrbdVolumeDefinition;
import io.linstorcsi.linstor.model.NodeModify;
import io.linstorcsi.linstor.model.QuerySizeInfoRequest;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceCreate;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCloneRequest;
import io.linstorcsi.linstor.model.ResourceDefinitionCreate;
import io.linstorcsi.linstor.model.ResourceDefinitionLayer;
import io.linstorcsi.linstor.model.ResourceDefinitionModify;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupModify;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.ResourceMakeAvailable;
import io.linstorcsi.linstor.model.ResourceModify;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotRestore;
import io.linstorcsi.linstor.model.VolumeDefinition;
import io.linstorcsi.linstor.model.VolumeDefinitionCreate;
import io.linstorcsi.linstor.model.VolumeDefinitionLayer;
import io.linstorcsi.linstor.model.VolumeDefinitionModify;
import io.linstorcsi.linstor.model.VolumeGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the client puts on the wire: every request body fits the OpenAPI request schema of its
 * operation (no unknown or read-only field, right types and enums), every query parameter is one
 * the operation declares, and the bodies of common calls are byte-for-byte what a real controller
 * accepted in the recordings.
 */
class RequestBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OpenApi spec;
  private static CapturingController controller;
  private static LinstorClient client;

  /** Query parameters the recordings use although the document does not list them. */
  private static final Set<String> RECORDED_EXTRA_QUERY =
      Set.of("GET /v1/view/snapshots snapshots");

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

  @Test
  void everyCallWithABodyOrFilter_sendsWhatTheSchemaAllows() throws IOException {
    callEverything(client);
    List<Captured> sent = controller.requests();
    Set<String> operations = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (Captured request : sent) {
      var op = spec.operation(request.method(), request.path());
      assertThat(op)
          .as("%s %s is in the OpenAPI document", request.method(), request.path())
          .isPresent();
      String name = request.method() + " " + op.get().template();
      operations.add(name);
      Set<String> declared = spec.queryParameters(op.get());
      for (Map.Entry<String, String> q : request.query()) {
        if (!declared.contains(q.getKey())
            && !RECORDED_EXTRA_QUERY.contains(name + " " + q.getKey())) {
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
            "GET /v1/nodes",
            "PUT /v1/nodes/{node}",
            "GET /v1/view/storage-pools",
            "OPTIONS /v1/query-max-volume-size",
            "POST /v1/resource-groups",
            "PUT /v1/resource-groups/{resource_group}",
            "POST /v1/resource-groups/{resource_group}/spawn",
            "POST /v1/resource-groups/{resource_group}/volume-groups",
            "POST /v1/resource-groups/{resource_group}/query-size-info",
            "DELETE /v1/resource-groups/{resource_group}",
            "GET /v1/resource-definitions",
            "POST /v1/resource-definitions",
            "PUT /v1/resource-definitions/{resource}",
            "DELETE /v1/resource-definitions/{resource}",
            "POST /v1/resource-definitions/{resource}/clone",
            "POST /v1/resource-definitions/{resource}/volume-definitions",
            "PUT /v1/resource-definitions/{resource}/volume-definitions/{volume_number}",
            "DELETE /v1/resource-definitions/{resource}/volume-definitions/{volume_number}",
            "POST /v1/resource-definitions/{resource}/resources",
            "PUT /v1/resource-definitions/{resource}/resources/{node}",
            "DELETE /v1/resource-definitions/{resource}/resources/{node}",
            "POST /v1/resource-definitions/{resource}/resources/{node}/make-available",
            "POST /v1/resource-definitions/{resource}/autoplace",
            "GET /v1/view/resources",
            "POST /v1/resource-definitions/{resource}/snapshots",
            "POST /v1/actions/snapshot/multi",
            "DELETE /v1/resource-definitions/{resource}/snapshots/{snapshot}",
            "GET /v1/view/snapshots",
            "POST /v1/resource-definitions/{resource}/snapshot-restore-volume-definition/{snapshot}",
            "POST /v1/resource-definitions/{resource}/snapshot-restore-resource/{snapshot}");
  }

  @ParameterizedTest(name = "#{0} {1}")
  @CsvSource({
    "19, node set props",
    "38, resource group create",
    "44, resource group select filter",
    "49, volume group create",
    "53, spawn",
    "69, resource definition create",
    "83, resource definition props",
    "88, resource definition delete props",
    "98, volume definition create",
    "100, volume definition create without number",
    "107, volume definition resize",
    "105, resource create",
    "133, resource create with the definition's layers",
    "136, autoplace",
    "139, autoplace by the group's rules",
    "149, resource props",
    "153, make available",
    "173, snapshot create",
    "211, snapshot create with props",
    "187, restore volume definitions",
    "198, restore resources on one node",
    "200, multi snapshot",
    "227, clone",
    "236, clone into a group",
    "276, query-size-info",
    "273, query-max-volume-size",
  })
  void body_isWhatARealControllerAccepted(int seq, String what) throws IOException {
    Recordings.Exchange recorded = Recordings.seq(seq);
    RECORDED_CALLS.get(seq).accept(client);
    Captured sent = controller.requests().getLast();
    assertThat(sent.method()).isEqualTo(recorded.method());
    assertThat(sent.path()).isEqualTo(recorded.path());
    assertThat(JSON.readTree(sent.body())).as(what).isEqualTo(recorded.requestBody());
  }

  @ParameterizedTest(name = "#{0}")
  @CsvSource({"71", "72", "201"})
  void validator_rejectsTheBodiesThatLinstorRejected(int seq) {
    Recordings.Exchange refused = Recordings.seq(seq);
    JsonNode schema =
        spec.operation(refused.method(), refused.path())
            .orElseThrow()
            .requestSchema()
            .orElseThrow();
    assertThat(spec.violations(schema, refused.requestBody())).isNotEmpty();
  }

  @Test
  void validator_rejectsWrongTypesEnumsAndReadOnlyFields() throws IOException {
    JsonNode pool = spec.resolve(JSON.readTree("{\"$ref\":\"#/components/schemas/StoragePool\"}"));
    assertThat(
            spec.violations(
                pool,
                JSON.readTree("{\"storage_pool_name\":\"sp\",\"provider_kind\":\"FILE_THIN\"}")))
        .isEmpty();
    assertThat(
            spec.violations(
                pool, JSON.readTree("{\"storage_pool_name\":1,\"provider_kind\":\"FILE_THIN\"}")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("expected string");
    assertThat(
            spec.violations(
                pool, JSON.readTree("{\"storage_pool_name\":\"sp\",\"provider_kind\":\"TAPE\"}")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("not one of");
    assertThat(
            spec.violations(
                pool,
                JSON.readTree(
                    "{\"storage_pool_name\":\"sp\",\"provider_kind\":\"LVM\",\"free_capacity\":1,\"static_traits\":{}}")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("read-only");
    assertThat(spec.violations(pool, JSON.readTree("{\"provider_kind\":\"LVM\"}")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("required");
  }

  @Test
  void requests_acceptJson_andSendTheUserAgent() {
    client.nodes().list();
    Captured sent = controller.requests().getLast();
    assertThat(sent.headers().get("Accept")).containsExactly("application/json");
    assertThat(sent.headers().get("User-agent")).containsExactly("linstor-csi-java");
    assertThat(sent.headers()).doesNotContainKey("Authorization");
  }

  /** The client calls that reproduce recorded requests, by record number. */
  private static final Map<Integer, Consumer<LinstorClient>> RECORDED_CALLS =
      Map.ofEntries(
          Map.entry(
              19,
              c ->
                  c.nodes()
                      .setProps(
                          "node-a", Map.of("Aux/topology/kubernetes.io/hostname", "node-a"), null)),
          Map.entry(
              38,
              c ->
                  c.resourceGroups()
                      .create(
                          ResourceGroup.of(
                              "csi-rg",
                              "recorded test group",
                              null,
                              SelectFilter.builder()
                                  .placeCount(2)
                                  .storagePool("sp1")
                                  .layerStack(List.of("STORAGE"))
                                  .build()))),
          Map.entry(
              44,
              c ->
                  c.resourceGroups()
                      .modify(
                          "csi-rg",
                          ResourceGroupModify.selectFilter(
                              SelectFilter.builder().placeCount(3).build()))),
          Map.entry(
              49, c -> c.resourceGroups().createVolumeGroup("csi-rg", VolumeGroup.of(null, null))),
          Map.entry(
              53,
              c ->
                  c.resourceGroups()
                      .spawn(
                          "csi-rg", ResourceGroupSpawn.of("pvc-spawn-1", List.of(102400L), false))),
          Map.entry(
              69,
              c ->
                  c.resourceDefinitions()
                      .create(
                          ResourceDefinition.of(
                              "pvc-rd-1",
                              "csi-rg",
                              Map.of("Aux/csi-volume-annotations", "{\"name\":\"pvc-rd-1\"}"),
                              List.of("STORAGE")))),
          Map.entry(
              83,
              c ->
                  c.resourceDefinitions()
                      .modifyProps(
                          "pvc-rd-1",
                          orderedMap(
                              "Aux/csi-provisioning-completed-by",
                              "linstor-csi/v1.6.4",
                              "Aux/csi-owner",
                              "recorder"),
                          null)),
          Map.entry(
              88,
              c -> c.resourceDefinitions().modifyProps("pvc-rd-1", null, List.of("Aux/csi-owner"))),
          Map.entry(
              98,
              c -> c.volumeDefinitions().create("pvc-vd-1", VolumeDefinition.of(0, 102400, null))),
          Map.entry(
              100,
              c -> c.volumeDefinitions().create("pvc-vd-1", VolumeDefinition.of(null, 4096, null))),
          Map.entry(107, c -> c.volumeDefinitions().resize("pvc-vd-1", 0, 204800)),
          Map.entry(
              105,
              c ->
                  c.resources()
                      .create(
                          "pvc-vd-1", ResourceCreate.diskful("node-a", "sp1", List.of("STORAGE")))),
          Map.entry(133, c -> c.resources().create("pvc-rsc-1", "node-b", "sp1")),
          Map.entry(
              136,
              c ->
                  c.resources()
                      .autoplace(
                          "pvc-rsc-1",
                          AutoPlaceRequest.of(
                              SelectFilter.builder().placeCount(2).storagePool("sp1").build(),
                              List.of("STORAGE")))),
          Map.entry(139, c -> c.resources().autoplace("pvc-rsc-1", AutoPlaceRequest.byGroup())),
          Map.entry(
              149,
              c ->
                  c.resources()
                      .modify(
                          "pvc-rsc-1",
                          "node-a",
                          ResourceModify.props(Map.of("Aux/csi-published", "true"), null))),
          Map.entry(153, c -> c.resources().makeAvailable("pvc-rsc-2", "node-b", false)),
          Map.entry(173, c -> c.snapshots().create("pvc-snap-src", "snap1", null, null)),
          Map.entry(
              211,
              c ->
                  c.snapshots()
                      .create(
                          "pvc-snap-src",
                          "snap-props",
                          null,
                          Map.of("Aux/csi-snapshot-id", "abc"))),
          Map.entry(
              187,
              c ->
                  c.snapshots()
                      .restoreVolumeDefinition(
                          "pvc-snap-src", "snap1", SnapshotRestore.to("pvc-snap-restored", null))),
          Map.entry(
              198,
              c ->
                  c.snapshots()
                      .restoreResources(
                          "pvc-snap-src",
                          "snap1",
                          SnapshotRestore.to("pvc-snap-restored-2", List.of("node-a")))),
          Map.entry(
              200,
              c ->
                  c.snapshots()
                      .createMulti(
                          List.of(
                              Snapshot.request("pvc-snap-src", "multi1"),
                              Snapshot.request("pvc-snap-restored", "multi1")))),
          Map.entry(
              227,
              c ->
                  c.resourceDefinitions()
                      .clone(
                          "pvc-clone-src",
                          new ResourceDefinitionCloneRequest(
                              "pvc-clone-dst",
                              null,
                              null,
                              List.of("STORAGE"),
                              null,
                              null,
                              null,
                              null))),
          Map.entry(
              236,
              c ->
                  c.resourceDefinitions()
                      .clone(
                          "pvc-clone-src",
                          ResourceDefinitionCloneRequest.of("pvc-clone-dst2", "csi-rg"))),
          Map.entry(276, c -> c.resourceGroups().querySizeInfo("csi-rg", null)),
          Map.entry(
              273,
              c ->
                  c.storagePools()
                      .queryMaxVolumeSize(
                          SelectFilter.builder().placeCount(2).storagePool("sp1").build())));

  private static Map<String, String> orderedMap(String k1, String v1, String k2, String v2) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  /** Every call that sends a body or filters, with every field set that the records offer. */
  private static void callEverything(LinstorClient c) {
    SelectFilter full =
        new SelectFilter(
            3,
            1,
            List.of("node-a", "node-b"),
            "sp1",
            List.of("sp1", "sp2"),
            List.of("diskless"),
            List.of("other-rd"),
            "^tmp-.*",
            List.of("Aux/zone"),
            List.of("Aux/rack"),
            Map.of("Aux/room", 2),
            List.of("DRBD", "STORAGE"),
            List.of("LVM_THIN", "ZFS_THIN"),
            true,
            "DRBD_DISKLESS",
            2.5,
            1);
    Map<String, String> props = Map.of("Aux/csi-owner", "test", "DrbdOptions/Net/protocol", "C");
    List<String> drop = List.of("Aux/old");
    List<String> namespaces = List.of("Aux/ns");
    List<String> layers = List.of("DRBD", "STORAGE");

    c.nodes().list(ListFilter.all().nodes("node-a", "node-b").prop("Aux/zone", "a").page(0, 10));
    c.nodes().modify("node-a", new NodeModify("SATELLITE", props, drop, namespaces));
    c.storagePools()
        .view(ListFilter.all().nodes("node-a").storagePools("sp1").propSet("Aux/x").page(1, 2));
    c.storagePools().queryMaxVolumeSize(full);

    c.resourceGroups().create(new ResourceGroup("rg", "a group", props, full, null, 7));
    c.resourceGroups()
        .modify("rg", new ResourceGroupModify("new", props, drop, namespaces, full, 7));
    c.resourceGroups()
        .spawn(
            "rg",
            new ResourceGroupSpawn(
                "pvc-1", "PVC 1", List.of(1024L, 2048L), full, true, false, 7, props));
    c.resourceGroups().createVolumeGroup("rg", VolumeGroup.of(1, props));
    c.resourceGroups().querySizeInfo("rg", new QuerySizeInfoRequest(full, 0));
    c.resourceGroups().delete("rg");

    c.resourceDefinitions()
        .list(ListFilter.all().resources("a", "b").prop("Aux/csi-owner", "me").page(0, 5), true);
    ResourceDefinitionLayer drbdLayer =
        new ResourceDefinitionLayer(
            "DRBD", new DrbdResourceDefinitionLayer(null, 7, 1, 32L, 7000, "IP", "s3cret", false));
    VolumeDefinition vd =
        new VolumeDefinition(
            0,
            1024L,
            props,
            List.of("GROSS_SIZE"),
            List.of(new VolumeDefinitionLayer("DRBD", new DrbdVolumeDefinition(null, 0, 1000))),
            null);
    c.resourceDefinitions()
        .create(
            new ResourceDefinitionCreate(
                7000,
                "s3cret",
                7,
                "IP",
                new ResourceDefinition(
                    "pvc-1",
                    "PVC 1",
                    props,
                    List.of(),
                    List.of(drbdLayer),
                    null,
                    "rg",
                    List.of(vd))));
    c.resourceDefinitions()
        .modify(
            "pvc-1", new ResourceDefinitionModify(props, drop, namespaces, 7001, 8, layers, "rg"));
    c.resourceDefinitions()
        .clone(
            "pvc-1",
            new ResourceDefinitionCloneRequest(
                "pvc-2", "PVC 2", false, layers, "rg", props, drop, namespaces));
    c.resourceDefinitions().delete("pvc-1");

    c.volumeDefinitions().create("pvc-1", new VolumeDefinitionCreate(vd, 1000));
    c.volumeDefinitions()
        .modify(
            "pvc-1",
            0,
            new VolumeDefinitionModify(2048L, props, drop, namespaces, List.of("-GROSS_SIZE")));
    c.volumeDefinitions().delete("pvc-1", 0);

    c.resources()
        .create(
            "pvc-1",
            List.of(
                new ResourceCreate(
                    Resource.of("node-a", Map.of("StorPoolName", "sp1"), null), layers, 0),
                ResourceCreate.diskless("node-c", layers)));
    c.resources().modify("pvc-1", "node-a", new ResourceModify(props, drop, namespaces, false));
    c.resources().makeAvailable("pvc-1", "node-b", new ResourceMakeAvailable(layers, true));
    c.resources().autoplace("pvc-1", new AutoPlaceRequest(false, full, layers));
    c.resources()
        .view(
            ListFilter.all()
                .nodes("node-a")
                .resources("pvc-1")
                .storagePools("sp1")
                .prop("StorPoolName", "sp1")
                .page(0, 3));
    c.resources().delete("pvc-1", "node-a");

    c.snapshots().create("pvc-1", "snap-1", List.of("node-a"), props);
    c.snapshots()
        .createMulti(
            List.of(Snapshot.request("pvc-1", "snap-2"), Snapshot.request("pvc-2", "snap-2")));
    c.snapshots().delete("pvc-1", "snap-1", List.of("node-a", "node-b"));
    c.snapshots()
        .view(ListFilter.all().nodes("node-a").resources("pvc-1").snapshots("snap-1").page(0, 4));
    c.snapshots()
        .restoreVolumeDefinition(
            "pvc-1", "snap-1", new SnapshotRestore("pvc-3", List.of(), Map.of()));
    c.snapshots()
        .restoreResources(
            "pvc-1",
            "snap-1",
            new SnapshotRestore("pvc-3", List.of("node-a"), Map.of("sp1", "sp2")));
  }
}
