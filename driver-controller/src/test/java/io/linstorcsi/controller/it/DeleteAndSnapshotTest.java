package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CapacityRange;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.ListSnapshotsRequest;
import csi.v1.ListSnapshotsResponse;
import csi.v1.Snapshot;
import csi.v1.VolumeContentSource;
import io.grpc.Status;
import io.linstorcsi.controller.provisioning.VolumeLookup;
import io.linstorcsi.linstor.model.Resource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeleteAndSnapshotTest {
  static ControllerHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = ControllerHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static boolean exists(String rd) {
    return VolumeLookup.definition(h.client, rd).isPresent();
  }

  private static Snapshot snapshot(String name, String source) {
    return h.stub()
        .createSnapshot(
            CreateSnapshotRequest.newBuilder().setName(name).setSourceVolumeId(source).build())
        .getSnapshot();
  }

  private static void deleteSnapshot(String id) {
    h.stub().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build());
  }

  @Test
  void deleteVolume_removesDefinitionAndResources() {
    String name = newName();
    h.create(name, GIB);
    h.delete(name);
    assertThat(exists(name)).isFalse();
  }

  @Test
  void deleteVolume_unknownId_isSuccess() {
    h.delete(newName());
    h.delete("pvc-unknown/3");
  }

  @Test
  void deleteVolume_twice_isSuccess() {
    String name = newName();
    h.create(name, GIB);
    h.delete(name);
    h.delete(name);
    assertThat(exists(name)).isFalse();
  }

  @Test
  void deleteVolume_cleansUpAHalfCreatedVolume() {
    String name = newName();
    h.create(name, GIB);
    h.client
        .resourceDefinitions()
        .modifyProps(name, java.util.Map.of(), List.of("Aux/csi-provisioning-completed-by"));
    h.delete(name);
    assertThat(exists(name)).isFalse();
  }

  @Test
  void createSnapshot_isReadyAndIdempotent_andOtherSourceIsAlreadyExists() {
    String vol = newName();
    h.create(vol, GIB);
    String snapName = "snapshot-" + java.util.UUID.randomUUID();
    Snapshot s = snapshot(snapName, vol);
    assertThat(s.getSnapshotId()).isEqualTo("InCluster:///" + vol + "/" + snapName);
    assertThat(s.getSourceVolumeId()).isEqualTo(vol);
    assertThat(s.getReadyToUse()).isTrue();
    assertThat(s.getSizeBytes()).isEqualTo(GIB);
    assertThat(s.getCreationTime().getSeconds()).isPositive();
    assertThat(snapshot(snapName, vol).getSnapshotId()).isEqualTo(s.getSnapshotId());
    String other = newName();
    h.create(other, GIB);
    assertThat(codeOf(() -> snapshot(snapName, other))).isEqualTo(Status.Code.ALREADY_EXISTS);
  }

  @Test
  void createSnapshot_ofUnknownVolume_isNotFound() {
    assertThat(codeOf(() -> snapshot("snapshot-x-" + System.nanoTime(), newName())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void deleteVolumeWithSnapshots_hidesItUntilTheLastSnapshotGoes() {
    String vol = newName();
    h.create(vol, GIB);
    Snapshot s1 = snapshot("snapshot-a-" + System.nanoTime(), vol);
    Snapshot s2 = snapshot("snapshot-b-" + System.nanoTime(), vol);
    h.delete(vol);
    assertThat(h.client.resources().list(vol)).isEmpty();
    assertThat(VolumeLookup.find(h.client, io.linstorcsi.controller.ids.VolumeId.of(vol)))
        .isEmpty();
    h.delete(vol);
    deleteSnapshot(s1.getSnapshotId());
    assertThat(exists(vol)).isTrue();
    deleteSnapshot(s2.getSnapshotId());
    assertThat(exists(vol)).isFalse();
  }

  @Test
  void deleteSnapshot_unknownOrMalformedId_isSuccess() {
    deleteSnapshot("InCluster:///pvc-nothing/snapshot-nothing");
    deleteSnapshot("not a snapshot id://");
  }

  @Test
  void listSnapshots_filtersBySourceAndId_andPages() {
    String vol = newName();
    h.create(vol, GIB);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(snapshot("snapshot-" + i + "-" + System.nanoTime(), vol).getSnapshotId());
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      ListSnapshotsResponse page =
          h.stub()
              .listSnapshots(
                  ListSnapshotsRequest.newBuilder()
                      .setSourceVolumeId(vol)
                      .setMaxEntries(2)
                      .setStartingToken(token)
                      .build());
      assertThat(page.getEntriesCount()).isLessThanOrEqualTo(2);
      page.getEntriesList().forEach(e -> seen.add(e.getSnapshot().getSnapshotId()));
      token = page.getNextToken();
    } while (!token.isEmpty());
    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    ListSnapshotsResponse one =
        h.stub().listSnapshots(ListSnapshotsRequest.newBuilder().setSnapshotId(ids.get(1)).build());
    assertThat(one.getEntriesList())
        .extracting(e -> e.getSnapshot().getSnapshotId())
        .containsExactly(ids.get(1));
    ListSnapshotsResponse none =
        h.stub()
            .listSnapshots(
                ListSnapshotsRequest.newBuilder().setSnapshotId("InCluster:///x/y").build());
    assertThat(none.getEntriesList()).isEmpty();
    ListSnapshotsResponse all = h.stub().listSnapshots(ListSnapshotsRequest.getDefaultInstance());
    assertThat(all.getEntriesList())
        .extracting(e -> e.getSnapshot().getSnapshotId())
        .containsAll(ids);
    assertThat(
            codeOf(
                () ->
                    h.stub()
                        .listSnapshots(
                            ListSnapshotsRequest.newBuilder().setStartingToken("zz").build())))
        .isEqualTo(Status.Code.ABORTED);
  }

  @Test
  void restoreFromSnapshot_makesAVolumeOfAtLeastTheSnapshotSize() {
    String vol = newName();
    h.create(vol, GIB);
    Snapshot s = snapshot("snapshot-r-" + System.nanoTime(), vol);
    String restored = newName();
    CreateVolumeRequest req =
        h.createRequest(restored, 2 * GIB, h.params())
            .setVolumeContentSource(
                VolumeContentSource.newBuilder()
                    .setSnapshot(
                        VolumeContentSource.SnapshotSource.newBuilder()
                            .setSnapshotId(s.getSnapshotId())))
            .build();
    var resp = h.stub().createVolume(req);
    assertThat(resp.getVolume().getCapacityBytes()).isEqualTo(2 * GIB);
    assertThat(resp.getVolume().getContentSource().getSnapshot().getSnapshotId())
        .isEqualTo(s.getSnapshotId());
    assertThat(h.client.resources().list(restored)).extracting(Resource::nodeName).hasSize(1);
    // idempotent
    assertThat(h.stub().createVolume(req).getVolume().getVolumeId()).isEqualTo(restored);
  }

  @Test
  void restoredVolume_namesItsOwnClaim_andItsOwnCompletion_notTheSources() {
    // LINSTOR's restore copies the source definition's properties over the target's own
    String vol = newName();
    h.stub()
        .createVolume(
            h.createRequest(
                    vol,
                    GIB,
                    h.params(
                        "csi.storage.k8s.io/pvc/name", "data-source",
                        "csi.storage.k8s.io/pvc/namespace", "team-a"))
                .build());
    Snapshot s = snapshot("snapshot-p-" + System.nanoTime(), vol);
    String restored = newName();
    h.stub()
        .createVolume(
            h.createRequest(
                    restored,
                    GIB,
                    h.params(
                        "csi.storage.k8s.io/pvc/name", "data-restored",
                        "csi.storage.k8s.io/pvc/namespace", "team-b"))
                .setVolumeContentSource(
                    VolumeContentSource.newBuilder()
                        .setSnapshot(
                            VolumeContentSource.SnapshotSource.newBuilder()
                                .setSnapshotId(s.getSnapshotId())))
                .build());

    assertThat(h.client.resourceDefinitions().get(restored).props())
        .containsEntry("Aux/csi.storage.k8s.io/pvc/name", "data-restored")
        .containsEntry("Aux/csi.storage.k8s.io/pvc/namespace", "team-b")
        .containsEntry("Aux/csi-provisioning-completed-for", restored)
        .doesNotContainKey("Aux/csi-provisioning-in-progress");
  }

  @Test
  void restoreOfAVolumeWithoutDrbd_intoTwoCopies_isInvalidArgument_andLeavesNothing() {
    String vol = newName();
    h.stub()
        .createVolume(
            h.createRequest(vol, GIB, h.params("linstor.csi.linbit.com/layerList", "storage"))
                .build());
    Snapshot s = snapshot("snapshot-s-" + System.nanoTime(), vol);
    VolumeContentSource fromSnapshot =
        VolumeContentSource.newBuilder()
            .setSnapshot(
                VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(s.getSnapshotId()))
            .build();
    VolumeContentSource fromVolume =
        VolumeContentSource.newBuilder()
            .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(vol))
            .build();
    for (VolumeContentSource source : List.of(fromSnapshot, fromVolume)) {
      String restored = newName();
      CreateVolumeRequest req =
          h.createRequest(restored, GIB, h.params("linstor.csi.linbit.com/placementCount", "2"))
              .setVolumeContentSource(source)
              .build();
      io.grpc.StatusRuntimeException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              io.grpc.StatusRuntimeException.class, () -> h.stub().createVolume(req));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription())
          .contains("linstor.csi.linbit.com/placementCount")
          .contains("linstor.csi.linbit.com/layerList")
          .contains(vol);
      assertThat(exists(restored)).isFalse();
    }
    assertThat(h.client.snapshots().list(vol)).hasSize(1);
  }

  @Test
  void restoreFromSnapshot_smallerLimitThanSnapshot_isOutOfRange() {
    String vol = newName();
    h.create(vol, 2 * GIB);
    Snapshot s = snapshot("snapshot-s-" + System.nanoTime(), vol);
    CreateVolumeRequest req =
        h.createRequest(newName(), GIB, h.params())
            .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(GIB).setLimitBytes(GIB))
            .setVolumeContentSource(
                VolumeContentSource.newBuilder()
                    .setSnapshot(
                        VolumeContentSource.SnapshotSource.newBuilder()
                            .setSnapshotId(s.getSnapshotId())))
            .build();
    assertThat(codeOf(() -> h.stub().createVolume(req))).isEqualTo(Status.Code.OUT_OF_RANGE);
  }

  @Test
  void restoreFromUnknownSnapshot_isNotFound() {
    CreateVolumeRequest req =
        h.createRequest(newName(), GIB, h.params())
            .setVolumeContentSource(
                VolumeContentSource.newBuilder()
                    .setSnapshot(
                        VolumeContentSource.SnapshotSource.newBuilder()
                            .setSnapshotId("InCluster:///pvc-none/snapshot-none")))
            .build();
    assertThat(codeOf(() -> h.stub().createVolume(req))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void restoreFromASnapshotIdOfNoKnownFormat_isNotFound() {
    CreateVolumeRequest req =
        h.createRequest(newName(), GIB, h.params())
            .setVolumeContentSource(
                VolumeContentSource.newBuilder()
                    .setSnapshot(
                        VolumeContentSource.SnapshotSource.newBuilder()
                            .setSnapshotId("non-existing-snapshot-id")))
            .build();
    assertThat(codeOf(() -> h.stub().createVolume(req))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void listSnapshots_tokenWithoutMaxEntries_returnsAllTheRest() {
    String vol = newName();
    h.create(vol, GIB);
    for (int i = 0; i < 3; i++) {
      snapshot("snapshot-rest-" + i + "-" + System.nanoTime(), vol);
    }
    ListSnapshotsResponse first =
        h.stub()
            .listSnapshots(
                ListSnapshotsRequest.newBuilder().setSourceVolumeId(vol).setMaxEntries(1).build());
    assertThat(first.getEntriesCount()).isEqualTo(1);
    ListSnapshotsResponse rest =
        h.stub()
            .listSnapshots(
                ListSnapshotsRequest.newBuilder()
                    .setSourceVolumeId(vol)
                    .setStartingToken(first.getNextToken())
                    .build());
    assertThat(rest.getEntriesCount()).isEqualTo(2);
    assertThat(rest.getNextToken()).isEmpty();
  }

  @Test
  void cloneVolume_copiesTheSource_andLeavesNoHelperSnapshot() {
    String src = newName();
    h.create(src, GIB);
    String clone = newName();
    CreateVolumeRequest req =
        h.createRequest(clone, GIB, h.params())
            .setVolumeContentSource(
                VolumeContentSource.newBuilder()
                    .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(src)))
            .build();
    assertThat(h.stub().createVolume(req).getVolume().getCapacityBytes()).isEqualTo(GIB);
    assertThat(h.client.resources().list(clone)).hasSize(1);
    assertThat(h.client.snapshots().list(src)).isEmpty();
    CreateVolumeRequest tooSmall =
        h.createRequest(newName(), GIB / 2, h.params())
            .setCapacityRange(
                CapacityRange.newBuilder().setRequiredBytes(GIB / 2).setLimitBytes(GIB / 2))
            .setVolumeContentSource(req.getVolumeContentSource())
            .build();
    assertThat(codeOf(() -> h.stub().createVolume(tooSmall))).isEqualTo(Status.Code.OUT_OF_RANGE);
    CreateVolumeRequest unknown =
        h.createRequest(newName(), GIB, h.params())
            .setVolumeContentSource(
                VolumeContentSource.newBuilder()
                    .setVolume(
                        VolumeContentSource.VolumeSource.newBuilder().setVolumeId(newName())))
            .build();
    assertThat(codeOf(() -> h.stub().createVolume(unknown))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void createSnapshotResponse_sizeMatchesSource() {
    String vol = newName();
    h.create(vol, 3 * GIB);
    CreateSnapshotResponse r =
        h.stub()
            .createSnapshot(
                CreateSnapshotRequest.newBuilder()
                    .setName("snapshot-size-" + System.nanoTime())
                    .setSourceVolumeId(vol)
                    .build());
    assertThat(r.getSnapshot().getSizeBytes()).isEqualTo(3 * GIB);
  }
}
