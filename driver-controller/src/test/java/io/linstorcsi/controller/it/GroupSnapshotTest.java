package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CreateVolumeGroupSnapshotRequest;
import csi.v1.DeleteVolumeGroupSnapshotRequest;
import csi.v1.GetVolumeGroupSnapshotRequest;
import csi.v1.GroupControllerGetCapabilitiesRequest;
import csi.v1.GroupControllerServiceCapability;
import csi.v1.Snapshot;
import csi.v1.VolumeContentSource;
import csi.v1.VolumeGroupSnapshot;
import io.grpc.Status;
import io.linstorcsi.controller.provisioning.VolumeLookup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GroupController service over its socket, against LINSTOR (the emulator by default). */
class GroupSnapshotTest {
  static ControllerHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = ControllerHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** Volumes of 1, 2, 3 ... GiB, so each member's size tells its source. */
  private static List<String> volumes(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(h.create(newName(), i * GIB).getVolume().getVolumeId());
    }
    return ids;
  }

  private static VolumeGroupSnapshot create(String name, List<String> sources) {
    return h.groupStub()
        .createVolumeGroupSnapshot(
            CreateVolumeGroupSnapshotRequest.newBuilder()
                .setName(name)
                .addAllSourceVolumeIds(sources)
                .build())
        .getGroupSnapshot();
  }

  private static VolumeGroupSnapshot get(String id, List<String> snapshotIds) {
    return h.groupStub()
        .getVolumeGroupSnapshot(
            GetVolumeGroupSnapshotRequest.newBuilder()
                .setGroupSnapshotId(id)
                .addAllSnapshotIds(snapshotIds)
                .build())
        .getGroupSnapshot();
  }

  private static void delete(String id, List<String> snapshotIds) {
    h.groupStub()
        .deleteVolumeGroupSnapshot(
            DeleteVolumeGroupSnapshotRequest.newBuilder()
                .setGroupSnapshotId(id)
                .addAllSnapshotIds(snapshotIds)
                .build());
  }

  private static List<String> snapshotIds(VolumeGroupSnapshot g) {
    return g.getSnapshotsList().stream().map(Snapshot::getSnapshotId).toList();
  }

  /** LINSTOR snapshots of the definition behind {@code volumeId}. */
  private static int linstorSnapshots(String volumeId) {
    return h.client.snapshots().list(volumeId).size();
  }

  private static List<String> writes() {
    return h.calls.stream().filter(c -> !c.startsWith("GET ")).toList();
  }

  @Test
  void capabilities_offerCreateDeleteGet() {
    assertThat(
            h.groupStub()
                .groupControllerGetCapabilities(
                    GroupControllerGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList())
        .extracting(c -> c.getRpc().getType())
        .containsExactly(
            GroupControllerServiceCapability.RPC.Type.CREATE_DELETE_GET_VOLUME_GROUP_SNAPSHOT);
  }

  @Test
  void create_snapshotsEveryVolumeInOneLinstorWrite_andGetAnswersTheSame() {
    List<String> sources = volumes(3);
    h.calls.clear();
    VolumeGroupSnapshot g = create("group-" + System.nanoTime(), sources);

    assertThat(writes()).containsExactly("POST snapshots.create-multi");
    assertThat(g.getGroupSnapshotId()).isNotEmpty();
    assertThat(g.getReadyToUse()).isTrue();
    assertThat(g.getCreationTime().getSeconds()).isPositive();
    assertThat(g.getSnapshotsList())
        .extracting(Snapshot::getSourceVolumeId)
        .containsExactlyInAnyOrderElementsOf(sources);
    for (Snapshot s : g.getSnapshotsList()) {
      assertThat(s.getGroupSnapshotId()).isEqualTo(g.getGroupSnapshotId());
      assertThat(s.getReadyToUse()).isTrue();
      assertThat(s.getSizeBytes()).isEqualTo((sources.indexOf(s.getSourceVolumeId()) + 1) * GIB);
    }
    for (String source : sources) {
      assertThat(linstorSnapshots(source)).isEqualTo(1);
    }

    h.calls.clear();
    VolumeGroupSnapshot again = get(g.getGroupSnapshotId(), List.of());
    assertThat(writes()).isEmpty();
    assertThat(again).isEqualTo(g);
    assertThat(get(g.getGroupSnapshotId(), snapshotIds(g))).isEqualTo(g);
  }

  @Test
  void create_repeated_isTheSameGroup_andOtherSourcesAreAlreadyExists() {
    List<String> sources = volumes(2);
    String name = "group-" + System.nanoTime();
    VolumeGroupSnapshot first = create(name, sources);

    h.calls.clear();
    assertThat(create(name, List.of(sources.get(1), sources.get(0)))).isEqualTo(first);
    assertThat(writes()).isEmpty();

    assertThat(codeOf(() -> create(name, sources.subList(0, 1))))
        .isEqualTo(Status.Code.ALREADY_EXISTS);
    List<String> more = new ArrayList<>(sources);
    more.addAll(volumes(1));
    assertThat(codeOf(() -> create(name, more))).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(linstorSnapshots(more.get(2))).isZero();
  }

  @Test
  void eachMember_restoresIntoANewVolume() {
    List<String> sources = volumes(2);
    VolumeGroupSnapshot g = create("group-" + System.nanoTime(), sources);
    for (Snapshot member : g.getSnapshotsList()) {
      String restored = newName();
      var resp =
          h.stub()
              .createVolume(
                  h.createRequest(restored, member.getSizeBytes(), h.params())
                      .setVolumeContentSource(
                          VolumeContentSource.newBuilder()
                              .setSnapshot(
                                  VolumeContentSource.SnapshotSource.newBuilder()
                                      .setSnapshotId(member.getSnapshotId())))
                      .build());
      assertThat(resp.getVolume().getCapacityBytes()).isEqualTo(member.getSizeBytes());
      assertThat(resp.getVolume().getContentSource().getSnapshot().getSnapshotId())
          .isEqualTo(member.getSnapshotId());
      assertThat(h.client.resources().list(restored)).isNotEmpty();
      assertThat(h.client.volumeDefinitions().list(restored).get(0).sizeKib() * 1024)
          .isEqualTo(member.getSizeBytes());
    }
  }

  @Test
  void delete_removesEveryMember_andIsIdempotent() {
    List<String> sources = volumes(3);
    VolumeGroupSnapshot g = create("group-" + System.nanoTime(), sources);

    delete(g.getGroupSnapshotId(), snapshotIds(g));

    for (String source : sources) {
      assertThat(linstorSnapshots(source)).isZero();
    }
    assertThat(codeOf(() -> get(g.getGroupSnapshotId(), List.of())))
        .isEqualTo(Status.Code.NOT_FOUND);
    delete(g.getGroupSnapshotId(), snapshotIds(g));
    delete(g.getGroupSnapshotId(), List.of());
  }

  @Test
  void aSnapshotListThatIsNotTheGroups_isInvalidArgument_andDeletesNothing() {
    List<String> sources = volumes(2);
    VolumeGroupSnapshot g = create("group-" + System.nanoTime(), sources);
    List<String> partial = snapshotIds(g).subList(0, 1);

    assertThat(codeOf(() -> get(g.getGroupSnapshotId(), partial)))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(codeOf(() -> delete(g.getGroupSnapshotId(), partial)))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    for (String source : sources) {
      assertThat(linstorSnapshots(source)).isEqualTo(1);
    }
  }

  @Test
  void anUnknownSource_isNotFound_andSnapshotsNothing() {
    String known = volumes(1).get(0);
    assertThat(
            codeOf(
                () -> create("group-" + System.nanoTime(), List.of(known, "pvc-does-not-exist"))))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(linstorSnapshots(known)).isZero();
  }

  @Test
  void getOfAnUnknownGroup_isNotFound_andMissingFieldsAreInvalidArgument() {
    assertThat(codeOf(() -> get("group-never-made", List.of()))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> get("", List.of()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(codeOf(() -> delete("", List.of()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    String source = volumes(1).get(0);
    assertThat(codeOf(() -> create("", List.of(source)))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(codeOf(() -> create("group-" + System.nanoTime(), List.of())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  @FaultInjection
  void aTakeThatFailsAfterLinstorRegisteredIt_leavesNoMember_andARetryMakesTheGroup() {
    List<String> sources = volumes(2);
    String name = "group-" + System.nanoTime();
    List<String> nodes = h.target.nodes(h.client);
    nodes.forEach(n -> h.target.emulator().faults().snapshotTakeFails(n, h.target.pool(), true));
    try {
      assertThat(codeOf(() -> create(name, sources))).isNotEqualTo(Status.Code.OK);
    } finally {
      nodes.forEach(n -> h.target.emulator().faults().snapshotTakeFails(n, h.target.pool(), false));
    }
    for (String source : sources) {
      assertThat(linstorSnapshots(source)).isZero();
    }
    VolumeGroupSnapshot g = create(name, sources);
    assertThat(g.getReadyToUse()).isTrue();
    assertThat(g.getSnapshotsCount()).isEqualTo(2);
  }

  @Test
  void aSourceDeletedWhileInTheGroup_staysHidden_andGoesWithTheGroup() {
    List<String> sources = volumes(2);
    VolumeGroupSnapshot g = create("group-" + System.nanoTime(), sources);
    h.delete(sources.get(0));
    // kept for its snapshot: the member must stay restorable
    assertThat(VolumeLookup.definition(h.client, sources.get(0))).isPresent();

    delete(g.getGroupSnapshotId(), snapshotIds(g));

    assertThat(VolumeLookup.definition(h.client, sources.get(0))).isEmpty();
    assertThat(VolumeLookup.definition(h.client, sources.get(1))).isPresent();
  }
}
