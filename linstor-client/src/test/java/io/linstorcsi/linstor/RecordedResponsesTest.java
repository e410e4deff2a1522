package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.linstorcsi.linstor.Recordings.Exchange;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.RetCode;
import io.linstorcsi.linstor.model.ControllerVersion;
import io.linstorcsi.linstor.model.LayerObject;
import io.linstorcsi.linstor.model.MaxVolumeSizes;
import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.QuerySizeInfoResponse;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCloneStarted;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.StoragePool;
import io.linstorcsi.linstor.model.Volume;
import io.linstorcsi.linstor.model.VolumeDefinition;
import io.linstorcsi.linstor.model.VolumeGroup;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recorded answer of a real controller decodes into the records, and encoding the records
 * again gives back every non-empty field: nothing the controller sent is lost.
 */
class RecordedResponsesTest {
  private static final ObjectMapper MAPPER = Json.MAPPER;
  private static final TypeFactory TYPES = MAPPER.getTypeFactory();

  /** Which record an answer is, by method and path; the first match wins. */
  private static final List<Route> ROUTES =
      List.of(
          route("GET", "/v1/controller/version", one(ControllerVersion.class)),
          route(
              "GET",
              "/v1/controller/properties",
              TYPES.constructMapType(Map.class, String.class, String.class)),
          route("GET", "/v1/nodes", list(Node.class)),
          route("GET", "/v1/nodes/[^/]+", one(Node.class)),
          route("GET", "/v1/nodes/[^/]+/storage-pools", list(StoragePool.class)),
          route("GET", "/v1/nodes/[^/]+/storage-pools/[^/]+", one(StoragePool.class)),
          route("GET", "/v1/view/storage-pools", list(StoragePool.class)),
          route("GET", "/v1/resource-groups", list(ResourceGroup.class)),
          route("GET", "/v1/resource-groups/[^/]+", one(ResourceGroup.class)),
          route("GET", "/v1/resource-groups/[^/]+/volume-groups", list(VolumeGroup.class)),
          route("GET", "/v1/resource-groups/[^/]+/volume-groups/\\d+", one(VolumeGroup.class)),
          route(
              "GET", "/v1/resource-groups/[^/]+/query-max-volume-size", one(MaxVolumeSizes.class)),
          route("OPTIONS", "/v1/query-max-volume-size", one(MaxVolumeSizes.class)),
          route(
              "POST",
              "/v1/resource-groups/[^/]+/query-size-info",
              one(QuerySizeInfoResponse.class)),
          route("GET", "/v1/resource-definitions", list(ResourceDefinition.class)),
          route("GET", "/v1/resource-definitions/[^/]+", one(ResourceDefinition.class)),
          route(
              "GET",
              "/v1/resource-definitions/[^/]+/volume-definitions",
              list(VolumeDefinition.class)),
          route(
              "GET",
              "/v1/resource-definitions/[^/]+/volume-definitions/\\d+",
              one(VolumeDefinition.class)),
          route("GET", "/v1/resource-definitions/[^/]+/resources", list(Resource.class)),
          route("GET", "/v1/resource-definitions/[^/]+/resources/[^/]+", one(Resource.class)),
          route(
              "GET", "/v1/resource-definitions/[^/]+/resources/[^/]+/volumes", list(Volume.class)),
          route(
              "GET",
              "/v1/resource-definitions/[^/]+/resources/[^/]+/volumes/\\d+",
              one(Volume.class)),
          route("GET", "/v1/resource-definitions/[^/]+/snapshots", list(Snapshot.class)),
          route("GET", "/v1/resource-definitions/[^/]+/snapshots/[^/]+", one(Snapshot.class)),
          route("GET", "/v1/view/resources", list(ResourceWithVolumes.class)),
          route("GET", "/v1/view/snapshots", list(Snapshot.class)),
          route(
              "POST",
              "/v1/resource-definitions/[^/]+/clone",
              one(ResourceDefinitionCloneStarted.class)),
          // writes and every error: an ApiCallRc list
          route(".*", ".*", list(ApiCallRc.class)));

  /** Answers of endpoints the client has no call for. */
  private static final List<Integer> NOT_MODELLED = List.of(18 /* storage-pool-definitions */);

  static Stream<Exchange> decodable() {
    return Recordings.all().stream()
        .filter(e -> !NOT_MODELLED.contains(e.seq()))
        .filter(e -> e.body() != null && !e.body().isNull());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decodable")
  void recordedAnswer_decodesIntoTheRecords_withoutLosingAField(Exchange e) throws IOException {
    JavaType type = typeOf(e);
    Object decoded = MAPPER.readValue(e.bodyBytes(), type);
    JsonNode again = MAPPER.valueToTree(decoded);
    List<String> lost = new ArrayList<>();
    compare(e.body(), again, "$", lost);
    assertThat(lost).as("fields lost decoding %s as %s", e, type).isEmpty();
  }

  @Test
  void everyRecordedRead_decodesIntoARecordOfItsOwn() {
    List<Exchange> reads =
        decodable()
            .filter(Exchange::ok)
            .filter(e -> e.method().equals("GET") || e.method().equals("OPTIONS"))
            .toList();
    assertThat(Recordings.all()).hasSize(328);
    assertThat(reads).hasSize(127);
    assertThat(reads).allSatisfy(e -> assertThat(typeOf(e)).isNotEqualTo(list(ApiCallRc.class)));
  }

  @Test
  void node_hasConnectionStatusAddressesProvidersAndEviction() throws IOException {
    Node online = read(10, Node.class);
    assertThat(online.online()).isTrue();
    assertThat(online.netInterfaces().getFirst().address()).isEqualTo("127.0.0.1");
    assertThat(online.netInterfaces().getFirst().satellitePort()).isEqualTo(3376);
    assertThat(online.storageProviders()).contains("FILE_THIN");
    assertThat(online.unsupportedLayers()).containsKey("DRBD");
    assertThat(online.props()).containsEntry("NodeUname", "node-a");

    Node offline = read(254, Node.class);
    assertThat(offline.online()).isFalse();
    assertThat(offline.connectionStatus()).isEqualTo("OFFLINE");
    assertThat(offline.evictionTimestamp()).isPositive();
  }

  @Test
  void storagePool_hasCapacitiesAndThinTrait() throws IOException {
    StoragePool pool = read(15, StoragePool.class);
    assertThat(pool.freeCapacity()).isEqualTo(1984400L);
    assertThat(pool.totalCapacity()).isEqualTo(2031616L);
    assertThat(pool.thin()).isTrue();
    assertThat(pool.supportsSnapshots()).isTrue();
    assertThat(pool.providerKind()).isEqualTo("FILE_THIN");

    List<StoragePool> all = readList(12, StoragePool.class);
    assertThat(all).anySatisfy(p -> assertThat(p.diskless()).isTrue());
    assertThat(all)
        .filteredOn(StoragePool::diskless)
        .allSatisfy(p -> assertThat(p.freeCapacity()).isEqualTo(Long.MAX_VALUE));
  }

  @Test
  void resourceGroup_hasItsSelectFilter() throws IOException {
    ResourceGroup rg = read(40, ResourceGroup.class);
    assertThat(rg.selectFilter().placeCount()).isEqualTo(2);
    assertThat(rg.selectFilter().storagePool()).isEqualTo("sp1");
    assertThat(rg.selectFilter().storagePoolList()).containsExactly("sp1");
    assertThat(rg.selectFilter().layerStack()).containsExactly("STORAGE");
  }

  @Test
  void resourceDefinition_hasGroupLayersAndVolumeDefinitions() throws IOException {
    ResourceDefinition rd = readList(87, ResourceDefinition.class).getFirst();
    assertThat(rd.resourceGroupName()).isEqualTo("csi-rg");
    assertThat(rd.layerData()).extracting(l -> l.type()).containsExactly("STORAGE");
    assertThat(rd.volumeDefinitions().getFirst().sizeKib()).isEqualTo(102400L);
    assertThat(rd.volumeDefinitions().getFirst().volumeNumber()).isZero();

    ResourceDefinition ext = readList(81, ResourceDefinition.class).getFirst();
    assertThat(ext.externalName()).isEqualTo("ext-Name.01");
    assertThat(ext.name()).isEqualTo("ext-Name_01");
  }

  @Test
  void volumeDefinition_showsResizeInFlight() throws IOException {
    VolumeDefinition during = read(306, VolumeDefinition.class);
    VolumeDefinition after = read(307, VolumeDefinition.class);
    assertThat(List.of(during, after)).anySatisfy(vd -> assertThat(vd.flags()).contains("RESIZE"));
  }

  @Test
  void resource_hasStorageLayerDevicePathsAndState() throws IOException {
    Resource r = readList(135, Resource.class).getFirst();
    assertThat(r.nodeName()).isEqualTo("node-a");
    assertThat(r.props()).containsEntry("StorPoolName", "sp1");
    assertThat(r.state()).isNotNull();
    assertThat(r.createTimestamp()).isPositive();
    LayerObject storage = r.layerObject().find("STORAGE").orElseThrow();
    assertThat(storage.storage().all().getFirst().devicePath()).isEqualTo("/dev/loop8");
    assertThat(storage.storage().all().getFirst().diskState()).isEqualTo("[]");

    Resource deleting =
        readList(267, Resource.class).stream()
            .filter(x -> x.nodeName().equals("node-c"))
            .findFirst()
            .orElseThrow();
    assertThat(deleting.flags()).containsExactly("DELETE");
    assertThat(deleting.state()).isNull();
    assertThat(deleting.layerObject().storage().all().getFirst().allocatedSizeKib()).isEqualTo(-1L);
  }

  @Test
  void volumes_haveDevicePathAndLayerData() throws IOException {
    Volume v = readList(106, Volume.class).getFirst();
    assertThat(v.devicePath()).isEqualTo("/dev/loop7");
    assertThat(v.storagePoolName()).isEqualTo("sp1");
    assertThat(v.layerDataList().getFirst().type()).isEqualTo("STORAGE");
    assertThat(v.layerDataList().getFirst().data().usableSizeKib()).isEqualTo(8L);

    ResourceWithVolumes withVolumes = readList(146, ResourceWithVolumes.class).getFirst();
    assertThat(withVolumes.volumes().getFirst().devicePath()).startsWith("/dev/loop");
    assertThat(withVolumes.resource().nodeName()).isEqualTo(withVolumes.nodeName());
  }

  @Test
  void snapshot_hasFlagsNodesSizesAndPerNodeData() throws IOException {
    Snapshot s = read(181, Snapshot.class);
    assertThat(s.successful()).isTrue();
    assertThat(s.nodes()).containsExactly("node-b", "node-c");
    assertThat(s.volumeDefinitions().getFirst().sizeKib()).isEqualTo(49152L);
    assertThat(s.snapshots()).extracting(n -> n.nodeName()).containsExactly("node-b", "node-c");
    assertThat(s.snapshots().getFirst().createTimestamp()).isPositive();
    assertThat(s.snapshots().getFirst().snapshotVolumes().getFirst().vlmNr()).isZero();

    List<Snapshot> during = readList(301, Snapshot.class);
    assertThat(during).anySatisfy(x -> assertThat(x.successful()).isFalse());
  }

  @Test
  void capacityQueries_decode() throws IOException {
    QuerySizeInfoResponse info = read(276, QuerySizeInfoResponse.class);
    assertThat(info.spaceInfo().maxVlmSizeInKib()).isEqualTo(39687120L);
    assertThat(info.spaceInfo().nextSpawnResult())
        .extracting(r -> r.nodeName())
        .containsExactly("node-a", "node-b");
    MaxVolumeSizes max = read(273, MaxVolumeSizes.class);
    assertThat(max.candidates().getFirst().maxVolumeSizeKib()).isEqualTo(1984356L);
    assertThat(max.candidates().getFirst().allThin()).isTrue();
  }

  @Test
  void apiCallRc_keepsNullObjectReferencesAndAllSevenKeys() throws IOException {
    ApiCallRc nullRef = readList(176, ApiCallRc.class).getFirst();
    assertThat(nullRef.objRefs()).containsEntry("Snapshot", null);
    assertThat(nullRef.is(RetCode.FAIL_INVLD_SNAPSHOT_NAME)).isTrue();

    ApiCallRc full = readList(75, ApiCallRc.class).getFirst();
    assertThat(full.cause()).isNotBlank();
    assertThat(full.details()).isNotNull();
    assertThat(full.correction()).isNotBlank();
    assertThat(full.errorReportIds()).containsExactly("6B0DE848-00000-000005");
    assertThat(full.createdAt()).startsWith("2026-");

    ApiCallRc info = readList(129, ApiCallRc.class).getFirst();
    assertThat(info.isInfo()).isTrue();
    assertThat(info.is(RetCode.INFO_RSC_ALREADY_EXISTS)).isTrue();
  }

  @Test
  void drbdLayer_decodesConnectionsNodeIdPromotionAndReplication() throws IOException {
    // LINSTOR 1.33 field names for a DRBD-over-STORAGE resource (the recordings have no DRBD)
    String json =
        """
        {"name":"pvc-1","node_name":"node-a","flags":["DRBD_DISKLESS"],
         "layer_object":{"type":"DRBD","children":[{"type":"STORAGE","storage":{"storage_volumes":[
            {"volume_number":0,"device_path":"/dev/vg/pvc-1_00000","allocated_size_kib":1052,
             "usable_size_kib":1052,"disk_state":"[]"}]}}],
          "drbd":{"drbd_resource_definition":{"peer_slots":7,"port":7000,"transport_type":"IP",
             "secret":"s3cr3t","down":false},
            "node_id":2,"peer_slots":7,"al_stripes":1,"al_size":32,"tcp_ports":[7000],
            "connections":{"node-b":{"connected":false,"message":"StandAlone"},
                           "node-c":{"connected":true,"message":"Connected"}},
            "promotion_score":10102,"may_promote":true,
            "drbd_volumes":[{"drbd_volume_definition":{"volume_number":0,"minor_number":1000},
              "device_path":"/dev/drbd1000","backing_device":"/dev/vg/pvc-1_00000",
              "meta_disk":"internal","allocated_size_kib":1048,"usable_size_kib":1024,
              "disk_state":"UpToDate"}]}},
         "state":{"in_use":true},"uuid":"u","create_timestamp":1}
        """;
    Resource r = MAPPER.readValue(json, Resource.class);
    assertThat(r.state().inUse()).isTrue();
    var drbd = r.layerObject().find("DRBD").orElseThrow().drbd();
    assertThat(drbd.nodeId()).isEqualTo(2);
    assertThat(drbd.promotionScore()).isEqualTo(10102);
    assertThat(drbd.mayPromote()).isTrue();
    assertThat(drbd.connections().get("node-b").connected()).isFalse();
    assertThat(drbd.connections().get("node-b").message()).isEqualTo("StandAlone");
    assertThat(drbd.drbdResourceDefinition().port()).isEqualTo(7000);
    assertThat(drbd.drbdVolumes().getFirst().number()).isZero();
    assertThat(drbd.drbdVolumes().getFirst().diskState()).isEqualTo("UpToDate");
    assertThat(drbd.drbdVolumes().getFirst().drbdVolumeDefinition().minorNumber()).isEqualTo(1000);
    assertThat(
            r.layerObject().find("STORAGE").orElseThrow().storage().all().getFirst().devicePath())
        .isEqualTo("/dev/vg/pvc-1_00000");

    String volume =
        """
        {"volume_number":0,"storage_pool_name":"lvm","provider_kind":"LVM_THIN",
         "device_path":"/dev/drbd1000","allocated_size_kib":1048,
         "state":{"disk_state":"Inconsistent","replication_states":{"node-b":
            {"replication_state":"SyncTarget","done_percentage":42.5}}},
         "layer_data_list":[{"type":"DRBD","data":{"drbd_volume_definition":{"volume_number":0,
            "minor_number":1000},"device_path":"/dev/drbd1000","disk_state":"Inconsistent"}},
            {"type":"STORAGE","data":{"volume_number":0,"device_path":"/dev/vg/x","disk_state":"[]"}}]}
        """;
    Volume v = MAPPER.readValue(volume, Volume.class);
    assertThat(v.state().diskState()).isEqualTo("Inconsistent");
    assertThat(v.state().replicationStates().get("node-b").donePercentage()).isEqualTo(42.5);
    assertThat(v.layerDataList()).extracting(l -> l.data().number()).containsExactly(0, 0);
  }

  private static <T> T read(int seq, Class<T> type) throws IOException {
    return MAPPER.readValue(Recordings.seq(seq).bodyBytes(), type);
  }

  private static <T> List<T> readList(int seq, Class<T> element) throws IOException {
    return MAPPER.readValue(Recordings.seq(seq).bodyBytes(), list(element));
  }

  private static JavaType typeOf(Exchange e) {
    if (!e.ok()
        || (e.body().isObject() && e.body().has("reports") && !e.body().has("space_info"))) {
      // error answers: an ApiCallRc list, the clone shape, or query-size-info's "reports"
      if (e.body().isObject() && e.body().has("messages")) {
        return one(ResourceDefinitionCloneStarted.class);
      }
      if (e.body().isObject()) {
        return one(QuerySizeInfoResponse.class);
      }
      return list(ApiCallRc.class);
    }
    for (Route r : ROUTES) {
      if (r.method.matcher(e.method()).matches() && r.path.matcher(e.path()).matches()) {
        return r.type;
      }
    }
    throw new AssertionError("no route for " + e);
  }

  /** Records {@code original} fields that are missing or different in {@code again}. */
  private static void compare(JsonNode original, JsonNode again, String at, List<String> lost) {
    if (original == null || original.isNull() || isEmptyContainer(original)) {
      return; // absent and empty read the same in the records
    }
    if (again == null || again.isNull()) {
      lost.add(at + " (missing)");
      return;
    }
    if (original.isObject()) {
      for (Map.Entry<String, JsonNode> f : original.properties()) {
        compare(f.getValue(), again.get(f.getKey()), at + "." + f.getKey(), lost);
      }
    } else if (original.isArray()) {
      if (!again.isArray() || again.size() != original.size()) {
        lost.add(at + " (array size)");
        return;
      }
      for (int i = 0; i < original.size(); i++) {
        compare(original.get(i), again.get(i), at + "[" + i + "]", lost);
      }
    } else if (original.isNumber()) {
      if (!again.isNumber()
          || new BigDecimal(original.asText()).compareTo(new BigDecimal(again.asText())) != 0) {
        lost.add(at + " (" + original + " became " + again + ")");
      }
    } else if (!original.equals(again)) {
      lost.add(at + " (" + original + " became " + again + ")");
    }
  }

  private static boolean isEmptyContainer(JsonNode n) {
    return (n.isObject() || n.isArray()) && n.isEmpty();
  }

  private static JavaType one(Class<?> type) {
    return TYPES.constructType(type);
  }

  private static JavaType list(Class<?> element) {
    return TYPES.constructCollectionType(List.class, element);
  }

  private static Route route(String method, String path, JavaType type) {
    return new Route(Pattern.compile(method), Pattern.compile(path), type);
  }

  private record Route(Pattern method, Pattern path, JavaType type) {}
}
