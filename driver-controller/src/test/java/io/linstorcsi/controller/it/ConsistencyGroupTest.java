package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.MIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeGroupSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.Snapshot;
import csi.v1.VolumeContentSource;
import csi.v1.VolumeGroupSnapshot;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.linstorcsi.controller.consistency.ConsistencyGroup;
import io.linstorcsi.controller.consistency.Members;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.provisioning.VolumeLookup;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.Volume;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims labelled with a consistency group become volumes of one LINSTOR resource definition, with
 * their data on the emulator's loop devices: written, snapshotted together, restored each on its
 * own, and deleted one at a time without touching the other's data. Needs root.
 */
@Tag("privileged")
@FaultInjection
class ConsistencyGroupTest {
  private static final long SIZE = 64 * MIB;

  /** The claims' labels, as the Kubernetes API would answer: {@code namespace/claim} to group. */
  static final Map<String, String> labels = new ConcurrentHashMap<>();

  static ControllerHarness h;
  @TempDir static Path backing;

  @BeforeAll
  static void start() throws Exception {
    LinstorEmulator emu =
        LinstorEmulator.builder()
            .nodes(EmulatorProbe.NODES.toArray(String[]::new))
            .storagePool(LinstorTarget.POOL, "FILE_THIN", 20L << 20)
            .backingDir(backing)
            .port(0)
            .build()
            .start();
    h =
        ControllerHarness.start(
            LinstorTarget.emulated(emu),
            (namespace, claim) -> Optional.ofNullable(labels.get(namespace + "/" + claim)));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** A claim in {@code namespace}, labelled with {@code group} unless that is null. */
  private static CreateVolumeRequest.Builder claim(
      String namespace, String group, Map<String, String> params) {
    String claim = "claim-" + UUID.randomUUID();
    if (group != null) {
      labels.put(namespace + "/" + claim, group);
    }
    Map<String, String> withClaim = new java.util.HashMap<>(params);
    withClaim.put("csi.storage.k8s.io/pvc/name", claim);
    withClaim.put("csi.storage.k8s.io/pvc/namespace", namespace);
    return h.createRequest(newName(), SIZE, withClaim);
  }

  private static String create(String namespace, String group) {
    return h.stub()
        .createVolume(claim(namespace, group, h.params()).build())
        .getVolume()
        .getVolumeId();
  }

  private static String freshGroup() {
    return "g-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The device of a volume on each node with a diskful replica. */
  private static List<String> devices(String volumeId) {
    VolumeId id = VolumeId.parse(volumeId);
    return h.client.resources().view(ListFilter.all().resources(id.resourceName())).stream()
        .filter(r -> r.name().equalsIgnoreCase(id.resourceName()))
        .filter(r -> r.flags() == null || r.flags().isEmpty())
        .map(ResourceWithVolumes::volumes)
        .flatMap(List::stream)
        .filter(v -> v.volumeNumber() == id.volumeNumber())
        .map(Volume::devicePath)
        .toList();
  }

  private static byte[] block(String text) {
    byte[] out = new byte[4096];
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < out.length; i++) {
      out[i] = t[i % t.length];
    }
    return out;
  }

  private static byte[] write(String volumeId) throws IOException {
    byte[] data = block("data of " + volumeId + " ");
    try (RandomAccessFile f = new RandomAccessFile(devices(volumeId).get(0), "rw")) {
      f.write(data);
      f.getFD().sync();
    }
    return data;
  }

  private static byte[] read(String volumeId) throws IOException {
    byte[] out = new byte[4096];
    try (RandomAccessFile f = new RandomAccessFile(devices(volumeId).get(0), "r")) {
      f.readFully(out);
    }
    return out;
  }

  private static VolumeContentSource fromSnapshot(String snapshotId) {
    return VolumeContentSource.newBuilder()
        .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId))
        .build();
  }

  private static VolumeGroupSnapshot groupSnapshot(List<String> sources) {
    return h.groupStub()
        .createVolumeGroupSnapshot(
            CreateVolumeGroupSnapshotRequest.newBuilder()
                .setName("group-snapshot-" + UUID.randomUUID())
                .addAllSourceVolumeIds(sources)
                .build())
        .getGroupSnapshot();
  }

  private static String snapshotOf(VolumeGroupSnapshot g, String source) {
    return g.getSnapshotsList().stream()
        .filter(s -> s.getSourceVolumeId().equals(source))
        .map(Snapshot::getSnapshotId)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void twoClaimsOfOneGroup_areTwoVolumesOfOneDefinition_andARetryFindsItsOwn() {
    String group = freshGroup();
    CreateVolumeRequest first = claim("app", group, h.params()).build();
    String a = h.stub().createVolume(first).getVolume().getVolumeId();
    String b = create("app", group);
    String rd = new ConsistencyGroup("app", group).resourceName();

    assertThat(a).isEqualTo(rd);
    assertThat(b).isEqualTo(rd + "/1");
    assertThat(h.stub().createVolume(first).getVolume().getVolumeId()).isEqualTo(a);
    var definition = VolumeLookup.definition(h.client, rd).orElseThrow();
    assertThat(Members.of(definition)).hasSize(2).containsKeys(0, 1);
    assertThat(definition.props()).containsEntry(ConsistencyGroup.DEFINITION_PROP, "app/" + group);
    ListVolumesResponse listed = h.stub().listVolumes(ListVolumesRequest.getDefaultInstance());
    assertThat(listed.getEntriesList()).map(e -> e.getVolume().getVolumeId()).contains(a, b);
  }

  @Test
  void sameGroupNameInAnotherNamespace_isAnotherDefinition() {
    String group = freshGroup();
    String a = create("app", group);
    String b = create("other", group);
    assertThat(VolumeId.parse(a).resourceName()).isNotEqualTo(VolumeId.parse(b).resourceName());
  }

  @Test
  void unlabelledClaim_isAnOrdinaryVolume() {
    String v = create("app", null);
    assertThat(v).startsWith("pvc-");
  }

  @Test
  void memberWithAnotherStorageClass_isInvalidArgumentNamingTheGroup() {
    String group = freshGroup();
    create("app", group);
    CreateVolumeRequest other =
        claim("app", group, h.params("linstor.csi.linbit.com/placementCount", "2")).build();
    StatusRuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class, () -> h.stub().createVolume(other));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("app/" + group).contains("StorageClass");
  }

  @Test
  void writtenAndSnapshottedTogether_oneSnapshot_eachMemberRestorable() throws IOException {
    String group = freshGroup();
    String a = create("app", group);
    String b = create("app", group);
    byte[] dataA = write(a);
    byte[] dataB = write(b);

    VolumeGroupSnapshot snap = groupSnapshot(List.of(a, b));

    String rd = VolumeId.parse(a).resourceName();
    assertThat(h.client.snapshots().list(rd)).as("one snapshot of the definition").hasSize(1);
    assertThat(snap.getSnapshotsCount()).isEqualTo(2);
    // each member into a claim of its own, without a group
    String restoredA =
        h.stub()
            .createVolume(
                claim("app", null, h.params())
                    .setVolumeContentSource(fromSnapshot(snapshotOf(snap, a)))
                    .build())
            .getVolume()
            .getVolumeId();
    String restoredB =
        h.stub()
            .createVolume(
                claim("app", null, h.params())
                    .setVolumeContentSource(fromSnapshot(snapshotOf(snap, b)))
                    .build())
            .getVolume()
            .getVolumeId();
    assertThat(read(restoredA)).isEqualTo(dataA);
    assertThat(read(restoredB)).isEqualTo(dataB);
    // an ordinary volume now: its own volume only, and deleting it removes the definition
    var definitionB = VolumeLookup.definition(h.client, VolumeId.parse(restoredB).resourceName());
    assertThat(definitionB.orElseThrow().volumeDefinitions()).hasSize(1);
    assertThat(Members.of(definitionB.get())).isEmpty();
    h.delete(restoredB);
    assertThat(VolumeLookup.definition(h.client, VolumeId.parse(restoredB).resourceName()))
        .isEmpty();
  }

  @Test
  void deletingOneMembersSnapshotOfAGroupSnapshot_isFailedPrecondition_andKeepsTheOthersData()
      throws IOException {
    String group = freshGroup();
    String a = create("app", group);
    String b = create("app", group);
    write(a);
    byte[] dataB = write(b);
    VolumeGroupSnapshot snap = groupSnapshot(List.of(a, b));
    String rd = VolumeId.parse(a).resourceName();

    StatusRuntimeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                h.stub()
                    .deleteSnapshot(
                        DeleteSnapshotRequest.newBuilder()
                            .setSnapshotId(snapshotOf(snap, a))
                            .build()));

    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription())
        .contains(snap.getGroupSnapshotId())
        .contains("DeleteVolumeGroupSnapshot");
    assertThat(h.client.snapshots().list(rd)).as("the shared snapshot is kept").hasSize(1);
    String restoredB =
        h.stub()
            .createVolume(
                claim("app", null, h.params())
                    .setVolumeContentSource(fromSnapshot(snapshotOf(snap, b)))
                    .build())
            .getVolume()
            .getVolumeId();
    assertThat(read(restoredB)).isEqualTo(dataB);
  }

  @Test
  void groupSnapshotRestoredIntoANewGroup_keepsEachMembersData() throws IOException {
    String group = freshGroup();
    String a = create("app", group);
    String b = create("app", group);
    byte[] dataA = write(a);
    byte[] dataB = write(b);
    VolumeGroupSnapshot snap = groupSnapshot(List.of(a, b));

    String copy = freshGroup();
    String copyA =
        h.stub()
            .createVolume(
                claim("app", copy, h.params())
                    .setVolumeContentSource(fromSnapshot(snapshotOf(snap, a)))
                    .build())
            .getVolume()
            .getVolumeId();
    String copyB =
        h.stub()
            .createVolume(
                claim("app", copy, h.params())
                    .setVolumeContentSource(fromSnapshot(snapshotOf(snap, b)))
                    .build())
            .getVolume()
            .getVolumeId();

    String copyRd = new ConsistencyGroup("app", copy).resourceName();
    assertThat(VolumeId.parse(copyA).resourceName()).isEqualTo(copyRd);
    assertThat(VolumeId.parse(copyB).resourceName()).isEqualTo(copyRd);
    assertThat(read(copyA)).isEqualTo(dataA);
    assertThat(read(copyB)).isEqualTo(dataB);
    // each volume is marked by the claim that restored it, none by the snapshot's source
    Map<Integer, String> members =
        Members.of(VolumeLookup.definition(h.client, copyRd).orElseThrow());
    Map<Integer, String> sources =
        Members.of(
            VolumeLookup.definition(h.client, VolumeId.parse(a).resourceName()).orElseThrow());
    assertThat(members).hasSize(2).doesNotContainValue(sources.get(0));
    assertThat(members.values()).doesNotContain(sources.get(1));
  }

  @Test
  void snapshotOfOneMember_isRestorable() throws IOException {
    String group = freshGroup();
    create("app", group);
    String b = create("app", group);
    byte[] dataB = write(b);
    String snapshot =
        h.stub()
            .createSnapshot(
                CreateSnapshotRequest.newBuilder()
                    .setName("snapshot-" + UUID.randomUUID())
                    .setSourceVolumeId(b)
                    .build())
            .getSnapshot()
            .getSnapshotId();
    assertThat(snapshot).contains("/1/");
    String restored =
        h.stub()
            .createVolume(
                claim("app", null, h.params())
                    .setVolumeContentSource(fromSnapshot(snapshot))
                    .build())
            .getVolume()
            .getVolumeId();
    assertThat(read(restored)).isEqualTo(dataB);
  }

  @Test
  void cloneOfAMemberIntoAnOrdinaryClaim_holdsThatMembersData() throws IOException {
    String group = freshGroup();
    create("app", group);
    String b = create("app", group);
    byte[] dataB = write(b);
    String clone =
        h.stub()
            .createVolume(
                claim("app", null, h.params())
                    .setVolumeContentSource(
                        VolumeContentSource.newBuilder()
                            .setVolume(
                                VolumeContentSource.VolumeSource.newBuilder().setVolumeId(b)))
                    .build())
            .getVolume()
            .getVolumeId();
    assertThat(read(clone)).isEqualTo(dataB);
    var definition = VolumeLookup.definition(h.client, VolumeId.parse(clone).resourceName());
    assertThat(definition.orElseThrow().volumeDefinitions()).hasSize(1);
  }

  @Test
  void cloneIntoAGroup_isInvalidArgument() {
    String b = create("app", freshGroup());
    CreateVolumeRequest clone =
        claim("app", freshGroup(), h.params())
            .setVolumeContentSource(
                VolumeContentSource.newBuilder()
                    .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(b)))
            .build();
    assertThat(codeOf(() -> h.stub().createVolume(clone))).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void expandingOneMember_growsOnlyItsVolume() {
    String group = freshGroup();
    String a = create("app", group);
    String b = create("app", group);
    long grown =
        h.stub()
            .controllerExpandVolume(
                ControllerExpandVolumeRequest.newBuilder()
                    .setVolumeId(b)
                    .setCapacityRange(csi.v1.CapacityRange.newBuilder().setRequiredBytes(2 * SIZE))
                    .setVolumeCapability(ControllerHarness.mountRwo())
                    .build())
            .getCapacityBytes();
    var definition =
        VolumeLookup.definition(h.client, VolumeId.parse(a).resourceName()).orElseThrow();
    assertThat(grown).isGreaterThanOrEqualTo(2 * SIZE);
    assertThat(VolumeLookup.info(definition, VolumeId.parse(b)).sizeBytes()).isEqualTo(grown);
    assertThat(VolumeLookup.info(definition, VolumeId.parse(a)).sizeBytes()).isLessThan(2 * SIZE);
  }

  @Test
  void deletingOneMember_keepsTheOthersData_andTheLastRemovesTheDefinition() throws IOException {
    String group = freshGroup();
    String a = create("app", group);
    String b = create("app", group);
    byte[] dataB = write(b);
    String rd = VolumeId.parse(a).resourceName();

    h.delete(a);
    h.delete(a); // a retry after success changes nothing

    assertThat(Members.of(VolumeLookup.definition(h.client, rd).orElseThrow())).containsOnlyKeys(1);
    assertThat(read(b)).isEqualTo(dataB);
    // a new member never takes the deleted member's number, so a late retry of that delete
    // cannot reach it
    String c = create("app", group);
    assertThat(c).isEqualTo(rd + "/2");
    h.delete(a);
    assertThat(read(c)).hasSize(4096);
    assertThat(Members.of(VolumeLookup.definition(h.client, rd).orElseThrow()))
        .containsOnlyKeys(1, 2);

    h.delete(b);
    h.delete(c);
    assertThat(VolumeLookup.definition(h.client, rd)).isEmpty();
  }

  @Test
  void publishingAMemberWhileTheGroupIsPrimaryElsewhere_isFailedPreconditionNamingTheNode() {
    String group = freshGroup();
    String a = create("app", group);
    String b = create("app", group);
    String rd = VolumeId.parse(a).resourceName();
    List<String> nodes = EmulatorProbe.NODES;
    String busy =
        h.client.resources().list(rd).stream().map(r -> r.nodeName()).findFirst().orElseThrow();
    String other = nodes.stream().filter(n -> !n.equals(busy)).findFirst().orElseThrow();
    h.target.emulator().faults().inUse(rd, busy, true);
    try {
      // even an access mode that allows several nodes: DRBD promotes the whole resource
      ControllerPublishVolumeRequest publish =
          ControllerPublishVolumeRequest.newBuilder()
              .setVolumeId(b)
              .setNodeId(other)
              .setVolumeCapability(
                  ControllerHarness.mount(
                      csi.v1.VolumeCapability.AccessMode.Mode.MULTI_NODE_READER_ONLY, "ext4"))
              .setReadonly(true)
              .build();
      StatusRuntimeException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              StatusRuntimeException.class, () -> h.stub().controllerPublishVolume(publish));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).contains(busy).contains("consistency group");
      assertThat(
              codeOf(
                  () ->
                      h.stub()
                          .controllerPublishVolume(publish.toBuilder().setNodeId(busy).build())))
          .isEqualTo(Status.Code.OK);
    } finally {
      h.target.emulator().faults().inUse(rd, busy, null);
    }
  }
}
