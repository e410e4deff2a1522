package io.linstorcsi.linstor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.error.RetCode;
import io.linstorcsi.linstor.model.AutoPlaceRequest;
import io.linstorcsi.linstor.model.MaxVolumeSizes;
import io.linstorcsi.linstor.model.Node;
import io.linstorcsi.linstor.model.QuerySizeInfoRequest;
import io.linstorcsi.linstor.model.QuerySizeInfoResponse;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceCreate;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceDefinitionCloneRequest;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupModify;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.ResourceModify;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotRestore;
import io.linstorcsi.linstor.model.StoragePool;
import io.linstorcsi.linstor.model.Volume;
import io.linstorcsi.linstor.model.VolumeDefinition;
import io.linstorcsi.linstor.model.VolumeGroup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every call of the client against the LINSTOR emulator over real HTTP on loopback: the requests
 * are accepted and the answers decode into what the call promised.
 */
class EmulatorCallsTest {
  private static final List<String> DRBD = List.of("DRBD", "STORAGE");
  private static LinstorEmulator emulator;
  private static LinstorClient client;

  @BeforeAll
  static void start() {
    emulator =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "LVM_THIN", 20L << 20)
            .build()
            .start();
    client = LinstorClient.builder().endpoints(List.of(emulator.baseUrl())).build();
    client
        .resourceGroups()
        .create(
            ResourceGroup.of(
                "csi-rg",
                "test group",
                Map.of("Aux/csi/owner", "test"),
                SelectFilter.builder().placeCount(2).storagePool("sp1").layerStack(DRBD).build()));
    client.resourceGroups().createVolumeGroup("csi-rg", VolumeGroup.of(null, null));
  }

  @AfterAll
  static void stop() {
    client.close();
    emulator.close();
  }

  @Test
  void controller_versionAndProperties() {
    assertThat(client.controller().version().restApiVersion()).isNotBlank();
    assertThat(client.controller().properties()).isNotNull();
  }

  @Test
  void nodes_listGetFilterAndProperties() {
    assertThat(client.nodes().list())
        .extracting(Node::name)
        .containsExactly("node-a", "node-b", "node-c");
    Node a = client.nodes().get("node-a");
    assertThat(a.online()).isTrue();
    assertThat(a.netInterfaces()).isNotEmpty();

    List<ApiCallRc> replies =
        client
            .nodes()
            .setProps("node-b", Map.of("Aux/topology/kubernetes.io/hostname", "node-b"), null);
    assertThat(replies).isNotEmpty().noneMatch(ApiCallRc::isError);
    assertThat(client.nodes().get("node-b").props())
        .containsEntry("Aux/topology/kubernetes.io/hostname", "node-b");
    assertThat(
            client
                .nodes()
                .list(ListFilter.all().prop("Aux/topology/kubernetes.io/hostname", "node-b")))
        .extracting(Node::name)
        .containsExactly("node-b");
    assertThat(client.nodes().list(ListFilter.all().nodes("node-a", "node-c")))
        .extracting(Node::name)
        .containsExactly("node-a", "node-c");
    client.nodes().setProps("node-b", null, List.of("Aux/topology/kubernetes.io/hostname"));
    assertThat(client.nodes().get("node-b").props())
        .doesNotContainKey("Aux/topology/kubernetes.io/hostname");
  }

  @Test
  void storagePools_listGetViewAndCapacity() {
    List<StoragePool> pools = client.storagePools().list("node-a");
    assertThat(pools).extracting(StoragePool::storagePoolName).contains("sp1");
    StoragePool sp1 = client.storagePools().get("node-a", "sp1");
    assertThat(sp1.thin()).isTrue();
    assertThat(sp1.totalCapacity()).isEqualTo(20L << 20);
    assertThat(sp1.freeCapacity()).isPositive();
    assertThat(client.storagePools().view(ListFilter.all().storagePools("sp1")))
        .hasSize(3)
        .allSatisfy(p -> assertThat(p.storagePoolName()).isEqualTo("sp1"));
    assertThat(client.storagePools().view(ListFilter.all().nodes("node-c").storagePools("sp1")))
        .singleElement()
        .satisfies(p -> assertThat(p.nodeName()).isEqualTo("node-c"));
    MaxVolumeSizes max =
        client
            .storagePools()
            .queryMaxVolumeSize(SelectFilter.builder().placeCount(2).storagePool("sp1").build());
    assertThat(max.candidates()).isNotEmpty();
    assertThat(max.candidates().getFirst().nodeNames()).hasSize(2);
  }

  @Test
  void resourceGroups_getListModifyQueriesAndDelete() {
    ResourceGroup rg = client.resourceGroups().get("csi-rg");
    assertThat(rg.selectFilter().placeCount()).isEqualTo(2);
    assertThat(rg.props()).containsEntry("Aux/csi/owner", "test");
    assertThat(client.resourceGroups().list())
        .extracting(ResourceGroup::name)
        .contains("csi-rg", "DfltRscGrp");
    assertThat(client.resourceGroups().volumeGroups("csi-rg"))
        .singleElement()
        .satisfies(v -> assertThat(v.volumeNumber()).isZero());
    assertThat(client.resourceGroups().volumeGroup("csi-rg", 0).volumeNumber()).isZero();

    assertThat(client.resourceGroups().queryMaxVolumeSize("csi-rg").candidates()).isNotEmpty();
    QuerySizeInfoResponse info = client.resourceGroups().querySizeInfo("csi-rg", null);
    assertThat(info.spaceInfo().maxVlmSizeInKib()).isPositive();
    QuerySizeInfoResponse three =
        client
            .resourceGroups()
            .querySizeInfo(
                "csi-rg", QuerySizeInfoRequest.of(SelectFilter.builder().placeCount(3).build()));
    assertThat(three.spaceInfo()).isNotNull();

    client
        .resourceGroups()
        .create(
            ResourceGroup.of("rg-tmp", null, null, SelectFilter.builder().placeCount(1).build()));
    client.resourceGroups().modify("rg-tmp", ResourceGroupModify.props(Map.of("Aux/x", "1"), null));
    client
        .resourceGroups()
        .modify(
            "rg-tmp",
            ResourceGroupModify.selectFilter(SelectFilter.builder().placeCount(3).build()));
    ResourceGroup modified = client.resourceGroups().get("rg-tmp");
    assertThat(modified.props()).containsEntry("Aux/x", "1");
    assertThat(modified.selectFilter().placeCount()).isEqualTo(3);
    assertThat(client.resourceGroups().delete("rg-tmp")).noneMatch(ApiCallRc::isWarning);
    List<ApiCallRc> again = client.resourceGroups().delete("rg-tmp");
    assertThat(again).anyMatch(rc -> rc.is(RetCode.WARN_NOT_FOUND));
  }

  @Test
  void spawn_createsAndPlacesADefinition() {
    List<ApiCallRc> replies =
        client
            .resourceGroups()
            .spawn("csi-rg", ResourceGroupSpawn.of("pvc-spawn", List.of(102400L), false));
    assertThat(replies).noneMatch(ApiCallRc::isError);
    assertThat(diskful("pvc-spawn")).hasSize(2);
    assertThat(client.resourceDefinitions().get("pvc-spawn").resourceGroupName())
        .isEqualTo("csi-rg");

    List<ApiCallRc> onlyDefinitions =
        client
            .resourceGroups()
            .spawn("csi-rg", ResourceGroupSpawn.of("pvc-spawn-def", List.of(51200L), true));
    assertThat(onlyDefinitions).anyMatch(rc -> rc.is(RetCode.INFO_NO_RSC_SPAWNED));
    assertThat(client.resources().list("pvc-spawn-def")).isEmpty();
    assertThat(client.volumeDefinitions().list("pvc-spawn-def"))
        .singleElement()
        .satisfies(vd -> assertThat(vd.sizeKib()).isEqualTo(51200L));
  }

  @Test
  void resourceDefinitions_createGetFilterPropsAndDelete() {
    client
        .resourceDefinitions()
        .create(ResourceDefinition.of("pvc-rd", "csi-rg", Map.of("Aux/csi-owner", "me"), null));
    client.volumeDefinitions().create("pvc-rd", VolumeDefinition.of(0, 8192, null));
    ResourceDefinition rd = client.resourceDefinitions().get("pvc-rd");
    assertThat(rd.resourceGroupName()).isEqualTo("csi-rg");
    assertThat(rd.props()).containsEntry("Aux/csi-owner", "me");

    assertThat(client.resourceDefinitions().list())
        .extracting(ResourceDefinition::name)
        .contains("pvc-rd");
    assertThat(client.resourceDefinitions().list(ListFilter.all().resources("pvc-rd"), true))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.volumeDefinitions())
                    .extracting(VolumeDefinition::sizeKib)
                    .containsExactly(8192L));
    assertThat(
            client.resourceDefinitions().list(ListFilter.all().prop("Aux/csi-owner", "me"), false))
        .extracting(ResourceDefinition::name)
        .containsExactly("pvc-rd");
    assertThat(client.resourceDefinitions().list(ListFilter.all().propSet("Aux/csi-owner"), false))
        .extracting(ResourceDefinition::name)
        .containsExactly("pvc-rd");
    assertThat(
            client
                .resourceDefinitions()
                .list(ListFilter.all().prop("Aux/csi-owner", "nobody"), false))
        .isEmpty();

    client
        .resourceDefinitions()
        .modifyProps("pvc-rd", Map.of("Aux/csi-done", "yes"), List.of("Aux/csi-owner"));
    assertThat(client.resourceDefinitions().get("pvc-rd").props())
        .containsEntry("Aux/csi-done", "yes")
        .doesNotContainKey("Aux/csi-owner");

    assertThat(client.resourceDefinitions().delete("pvc-rd")).noneMatch(ApiCallRc::isWarning);
    assertThat(client.resourceDefinitions().delete("pvc-rd"))
        .anyMatch(rc -> rc.is(RetCode.WARN_NOT_FOUND));
    assertThatThrownBy(() -> client.resourceDefinitions().get("pvc-rd"))
        .isInstanceOf(LinstorException.NotFound.class);
  }

  @Test
  void volumeDefinitions_createGetListResizeDelete() {
    client.resourceDefinitions().create(ResourceDefinition.of("pvc-vd", "csi-rg", null, null));
    client.volumeDefinitions().create("pvc-vd", VolumeDefinition.of(0, 10240, null));
    client.volumeDefinitions().create("pvc-vd", VolumeDefinition.of(null, 4096, null));
    assertThat(client.volumeDefinitions().list("pvc-vd"))
        .extracting(VolumeDefinition::volumeNumber)
        .containsExactly(0, 1);
    client.resources().autoplace("pvc-vd", AutoPlaceRequest.byGroup());

    List<ApiCallRc> grown = client.volumeDefinitions().resize("pvc-vd", 0, 20480);
    assertThat(grown).noneMatch(ApiCallRc::isError);
    assertThat(client.volumeDefinitions().get("pvc-vd", 0).sizeKib()).isEqualTo(20480L);

    client.volumeDefinitions().delete("pvc-vd", 1);
    assertThat(client.volumeDefinitions().list("pvc-vd"))
        .extracting(VolumeDefinition::volumeNumber)
        .containsExactly(0);
    assertThat(client.volumeDefinitions().delete("pvc-vd", 1))
        .anyMatch(rc -> rc.is(RetCode.WARN_NOT_FOUND));
  }

  @Test
  void resources_createPlaceInspectAttachAndDelete() {
    client.resourceDefinitions().create(ResourceDefinition.of("pvc-rsc", "csi-rg", null, null));
    client.volumeDefinitions().create("pvc-rsc", VolumeDefinition.of(0, 65536, null));

    List<ApiCallRc> created =
        client.resources().create("pvc-rsc", ResourceCreate.diskful("node-a", "sp1", DRBD));
    assertThat(created).noneMatch(ApiCallRc::isError);
    List<ApiCallRc> again = client.resources().create("pvc-rsc", "node-a", "sp1");
    assertThat(again).anyMatch(rc -> rc.is(RetCode.INFO_RSC_ALREADY_EXISTS));

    client
        .resources()
        .autoplace(
            "pvc-rsc",
            AutoPlaceRequest.of(
                SelectFilter.builder().placeCount(2).storagePool("sp1").build(), DRBD));
    assertThat(diskful("pvc-rsc")).hasSize(2);
    List<ApiCallRc> placedAgain =
        client.resources().autoplace("pvc-rsc", AutoPlaceRequest.byGroup());
    assertThat(placedAgain).anyMatch(rc -> rc.is(RetCode.WARN_RSC_ALREADY_DEPLOYED));

    Resource onA = client.resources().get("pvc-rsc", "node-a");
    assertThat(onA.layerObject().type()).isEqualTo("DRBD");
    assertThat(onA.layerObject().drbd().connections()).isNotEmpty();
    // the disk state is reported on the volume, not in the DRBD layer data (recorded)
    assertThat(client.resources().volumes("pvc-rsc", "node-a"))
        .extracting(v -> v.state().diskState())
        .containsOnly("UpToDate");
    assertThat(onA.layerObject().find("STORAGE")).isPresent();

    List<Volume> volumes = client.resources().volumes("pvc-rsc", "node-a");
    assertThat(volumes)
        .singleElement()
        .satisfies(v -> assertThat(v.devicePath()).startsWith("/dev/drbd"));
    assertThat(client.resources().volume("pvc-rsc", "node-a", 0).devicePath())
        .isEqualTo(volumes.getFirst().devicePath());

    List<ResourceWithVolumes> view = client.resources().view(ListFilter.all().resources("pvc-rsc"));
    assertThat(view)
        .filteredOn(r -> !r.diskless())
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.volumes()).hasSize(1));
    assertThat(client.resources().view(ListFilter.all().resources("pvc-rsc").nodes("node-a")))
        .singleElement()
        .satisfies(r -> assertThat(r.nodeName()).isEqualTo("node-a"));

    String third =
        List.of("node-a", "node-b", "node-c").stream()
            .filter(n -> diskful("pvc-rsc").stream().noneMatch(r -> r.nodeName().equals(n)))
            .findFirst()
            .orElseThrow();
    client.resources().makeAvailable("pvc-rsc", third, false);
    Resource attached = client.resources().get("pvc-rsc", third);
    assertThat(attached.diskless()).isTrue();
    assertThat(attached.tieBreaker()).isFalse();
    assertThat(client.resources().makeAvailable("pvc-rsc", third, false))
        .noneMatch(ApiCallRc::isError);

    client
        .resources()
        .modify(
            "pvc-rsc", "node-a", ResourceModify.props(Map.of("Aux/csi-published", "true"), null));
    assertThat(client.resources().get("pvc-rsc", "node-a").props())
        .containsEntry("Aux/csi-published", "true");

    client.resources().delete("pvc-rsc", third);
    assertThat(diskful("pvc-rsc")).hasSize(2);
    assertThat(client.resources().list("pvc-rsc"))
        .noneMatch(r -> r.nodeName().equals(third) && !r.tieBreaker());
    // LINSTOR turns the freed node into the tie-breaker; absent resources delete with a warning
    assertThat(client.resources().delete("pvc-rsc", "nosuch-node"))
        .anyMatch(rc -> rc.is(RetCode.WARN_NOT_FOUND));
    assertThat(client.resources().delete("nosuch-rd", "node-a"))
        .anyMatch(rc -> rc.is(RetCode.WARN_NOT_FOUND));
  }

  @Test
  void snapshots_createListViewRestoreAndDelete() {
    client
        .resourceGroups()
        .spawn("csi-rg", ResourceGroupSpawn.of("pvc-snap", List.of(32768L), false));
    List<ApiCallRc> taken =
        client.snapshots().create("pvc-snap", "snap-1", null, Map.of("Aux/csi-id", "abc"));
    assertThat(taken).noneMatch(ApiCallRc::isError);

    Snapshot snap = client.snapshots().get("pvc-snap", "snap-1");
    assertThat(snap.successful()).isTrue();
    assertThat(snap.nodes()).hasSize(2);
    assertThat(snap.volumeDefinitions())
        .singleElement()
        .satisfies(v -> assertThat(v.sizeKib()).isEqualTo(32768L));
    assertThat(client.snapshots().list("pvc-snap"))
        .extracting(Snapshot::name)
        .containsExactly("snap-1");
    assertThat(client.snapshots().view(ListFilter.all().resources("pvc-snap")))
        .extracting(Snapshot::name)
        .containsExactly("snap-1");

    client
        .resourceDefinitions()
        .create(ResourceDefinition.of("pvc-restored", "csi-rg", null, null));
    client
        .snapshots()
        .restoreVolumeDefinition("pvc-snap", "snap-1", SnapshotRestore.to("pvc-restored", null));
    assertThat(client.volumeDefinitions().list("pvc-restored"))
        .singleElement()
        .satisfies(v -> assertThat(v.sizeKib()).isEqualTo(32768L));
    client
        .snapshots()
        .restoreResources("pvc-snap", "snap-1", SnapshotRestore.to("pvc-restored", null));
    assertThat(diskful("pvc-restored")).hasSize(2);

    client
        .snapshots()
        .createMulti(
            List.of(
                Snapshot.request("pvc-snap", "multi"), Snapshot.request("pvc-restored", "multi")));
    assertThat(client.snapshots().get("pvc-restored", "multi").successful()).isTrue();

    String oneNode = snap.nodes().getFirst();
    client.snapshots().delete("pvc-snap", "multi", List.of(oneNode));
    assertThat(client.snapshots().get("pvc-snap", "multi").nodes()).doesNotContain(oneNode);

    client.snapshots().delete("pvc-snap", "snap-1");
    assertThatThrownBy(() -> client.snapshots().get("pvc-snap", "snap-1"))
        .isInstanceOf(LinstorException.NotFound.class);
    assertThat(client.snapshots().delete("pvc-snap", "snap-1"))
        .anyMatch(rc -> rc.is(RetCode.WARN_NOT_FOUND));
  }

  private static List<Resource> diskful(String resourceDefinition) {
    return client.resources().list(resourceDefinition).stream().filter(r -> !r.diskless()).toList();
  }

  @Test
  void clone_startsAndReportsItsStatus() {
    client
        .resourceGroups()
        .spawn("csi-rg", ResourceGroupSpawn.of("pvc-clone-src", List.of(16384L), false));
    var started =
        client
            .resourceDefinitions()
            .clone("pvc-clone-src", ResourceDefinitionCloneRequest.of("pvc-clone-dst", null));
    assertThat(started.sourceName()).isEqualTo("pvc-clone-src");
    assertThat(started.cloneName()).isEqualTo("pvc-clone-dst");
    assertThat(started.location()).endsWith("/clone/pvc-clone-dst");
    var status = client.resourceDefinitions().cloneStatus("pvc-clone-src", "pvc-clone-dst");
    assertThat(status.status()).isIn("CLONING", "COMPLETE");
    assertThat(client.resourceDefinitions().syncStatus("pvc-clone-src").syncedOnAll()).isTrue();
  }
}
