package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.CloneFixtures.FILE_THIN;
import static io.linstorcsi.controller.it.CloneFixtures.THIN_LVM;
import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.codeOf;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.CreateVolumeRequest;
import io.grpc.Status;
import io.linstorcsi.emulator.DrbdControl;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceDefinitionCloneRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CreateVolume from a volume: LINSTOR's own clone where the source's pools can clone (here
 * LVM_THIN), the temporary-snapshot path where LINSTOR refuses (FILE_THIN); either way no snapshot
 * stays behind, the replicas are connected before OK, and a call that dies at any write is finished
 * by the retry.
 */
@FaultInjection
class NativeCloneTest {
  static ControllerHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = CloneFixtures.start(null);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static String volumeOn(String pool, int copies) {
    return CloneFixtures.volumeOn(h, pool, copies);
  }

  private static CreateVolumeRequest cloneOf(
      String src, String name, long bytes, String pool, int copies) {
    return CloneFixtures.cloneOf(h, src, name, bytes, pool, copies);
  }

  static List<String> diskfulNodes(String rd) {
    return h.client.resources().list(rd).stream()
        .filter(r -> r.flags() == null || r.flags().isEmpty())
        .map(Resource::nodeName)
        .sorted()
        .toList();
  }

  /** Every diskful replica UpToDate and connected to every other one. */
  static void assertReplicated(String rd, int copies) {
    List<String> nodes = diskfulNodes(rd);
    assertThat(nodes).hasSize(copies);
    for (String node : nodes) {
      DrbdControl.ReplicaState s = h.target.emulator().drbd().state(rd, node);
      assertThat(s.diskState()).as("disk of %s on %s", rd, node).isEqualTo("UpToDate");
      for (String peer : nodes) {
        if (!peer.equals(node)) {
          assertThat(s.connections()).as("%s on %s", rd, node).containsEntry(peer, "Connected");
        }
      }
    }
  }

  static void assertCompleteWithoutHelpers(String src, String clone) {
    Map<String, String> props = h.client.resourceDefinitions().get(clone).props();
    assertThat(props)
        .containsEntry("Aux/csi-provisioning-completed-for", clone)
        .doesNotContainKey("Aux/csi-provisioning-in-progress");
    assertThat(h.client.snapshots().list(src)).as("snapshots left on the source").isEmpty();
  }

  @Test
  void cloneOnAThinLvmPool_usesLinstorsClone_takesNoSnapshot_andConnectsTheReplicas() {
    String src = volumeOn(THIN_LVM, 2);
    String clone = newName();
    h.calls.clear();
    java.time.Instant since = java.time.Instant.now();
    h.stub().createVolume(cloneOf(src, clone, GIB, THIN_LVM, 2));
    List<String> calls = List.copyOf(h.calls);
    List<String> received = EmulatorProbe.requestsSince(h.target.emulator(), since);
    System.out.printf("REST calls of a native clone: %d %s%n", received.size(), received);
    assertThat(received)
        .as("LINSTOR's request log")
        .hasSameSizeAs(calls)
        .contains("POST /v1/resource-definitions/" + src + "/clone")
        .noneMatch(c -> c.contains("/snapshot"));
    assertThat(calls)
        .contains("POST resource-definitions.clone")
        .noneMatch(c -> c.contains("snapshots."));
    // target lookup, source lookup, source pool kinds, clone, its status, replicas connected,
    // completion mark
    assertThat(calls).hasSizeLessThanOrEqualTo(7);
    assertThat(diskfulNodes(clone)).isEqualTo(diskfulNodes(src));
    assertReplicated(clone, 2);
    assertCompleteWithoutHelpers(src, clone);
    assertThat(h.client.resourceDefinitions().get(clone).props()).containsEntry("cloned-from", src);
  }

  @Test
  void cloneOnAFilePool_fallsBackToATemporarySnapshot_andLeavesNone() {
    String src = volumeOn(FILE_THIN, 2);
    String clone = newName();
    h.calls.clear();
    h.stub().createVolume(cloneOf(src, clone, GIB, FILE_THIN, 2));
    assertThat(h.calls)
        .contains("POST snapshots.create", "POST snapshots.restore-resource")
        .doesNotContain("POST resource-definitions.clone");
    assertReplicated(clone, 2);
    assertCompleteWithoutHelpers(src, clone);
  }

  @Test
  void nativeCloneWithMoreCopiesThanTheSource_addsFreshPeersThatSync() {
    String src = volumeOn(THIN_LVM, 1);
    String clone = newName();
    h.stub().createVolume(cloneOf(src, clone, GIB, THIN_LVM, 2));
    assertReplicated(clone, 2);
    assertThat(h.client.resourceDefinitions().get(clone).props())
        .containsEntry("DrbdOptions/ForceInitialSync", "true");
    assertCompleteWithoutHelpers(src, clone);
  }

  @Test
  void cloneStartedByAnAttemptThatDiedAfterwards_isFinishedByTheRetry() {
    String src = volumeOn(THIN_LVM, 2);
    String clone = newName();
    String group = h.client.resourceDefinitions().get(src).resourceGroupName();
    // the earlier attempt's clone request went through, then the driver died
    h.client.resourceDefinitions().clone(src, ResourceDefinitionCloneRequest.of(clone, group));
    h.calls.clear();
    assertThat(
            h.stub().createVolume(cloneOf(src, clone, GIB, THIN_LVM, 2)).getVolume().getVolumeId())
        .isEqualTo(clone);
    assertThat(h.calls).doesNotContain("POST resource-definitions.clone");
    assertReplicated(clone, 2);
    assertCompleteWithoutHelpers(src, clone);
  }

  @Test
  void cloneWhoseCopiesCannotConnectYet_endsAtTheDeadline_andARetryFinishesOnceTheyDo() {
    String src = volumeOn(THIN_LVM, 2);
    String clone = newName();
    String cut = diskfulNodes(src).get(1);
    h.target.emulator().drbd().cutLink(cut);
    try {
      assertThat(
              codeOf(
                  () ->
                      h.stub
                          .withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
                          .createVolume(cloneOf(src, clone, GIB, THIN_LVM, 2))))
          .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(h.client.resourceDefinitions().get(clone).props())
          .doesNotContainKey("Aux/csi-provisioning-completed-by");
    } finally {
      h.target.emulator().drbd().restoreLink(cut);
    }
    h.calls.clear();
    h.stub().createVolume(cloneOf(src, clone, GIB, THIN_LVM, 2));
    assertThat(h.calls).doesNotContain("POST resource-definitions.clone");
    assertReplicated(clone, 2);
    assertCompleteWithoutHelpers(src, clone);
  }

  @Test
  void cloneThatLinstorReportsFailed_isRemoved_andARetryClonesAgain() {
    String src = volumeOn(THIN_LVM, 2);
    String clone = newName();
    String group = h.client.resourceDefinitions().get(src).resourceGroupName();
    h.client.resourceDefinitions().clone(src, ResourceDefinitionCloneRequest.of(clone, group));
    // LINSTOR reports a clone FAILED while a node of it is offline (isCloneReady)
    String offline = diskfulNodes(clone).get(1);
    h.target.emulator().faults().nodeOffline(offline);
    try {
      assertThat(codeOf(() -> h.stub().createVolume(cloneOf(src, clone, GIB, THIN_LVM, 2))))
          .isEqualTo(Status.Code.ABORTED);
      assertThat(h.client.resourceDefinitions().list().stream().map(d -> d.name()))
          .doesNotContain(clone);
    } finally {
      h.target.emulator().faults().nodeOnline(offline);
    }
    h.stub().createVolume(cloneOf(src, clone, GIB, THIN_LVM, 2));
    assertReplicated(clone, 2);
    assertCompleteWithoutHelpers(src, clone);
  }

  @ParameterizedTest(name = "failing {0} {1}")
  @CsvSource({
    "POST, /v1/resource-definitions/*/clone",
    "PUT, /v1/resource-definitions/*/volume-definitions/*",
    "POST, /v1/resource-definitions/*/autoplace",
    "PUT, /v1/resource-definitions/*"
  })
  void nativeClone_failingAtAnyWrite_isFinishedByTheRetry(String method, String path) {
    String src = volumeOn(THIN_LVM, 1);
    String clone = newName();
    CreateVolumeRequest req = cloneOf(src, clone, 2 * GIB, THIN_LVM, 2);
    h.target.emulator().faults().failNext(1, method, path);
    assertThat(codeOf(() -> h.stub().createVolume(req))).isNotEqualTo(Status.Code.OK);
    h.target.emulator().faults().clearCallFaults();
    assertThat(h.stub().createVolume(req).getVolume().getCapacityBytes()).isEqualTo(2 * GIB);
    assertThat(h.client.volumeDefinitions().get(clone, 0).sizeKib()).isEqualTo(2 * GIB / 1024);
    assertReplicated(clone, 2);
    assertCompleteWithoutHelpers(src, clone);
  }

  @ParameterizedTest(name = "failing {0} {1}")
  @CsvSource({
    "POST, /v1/resource-definitions/*/snapshots",
    "POST, /v1/resource-definitions/*/snapshot-restore-resource/*",
    "PUT, /v1/resource-definitions/*",
    "DELETE, /v1/resource-definitions/*/snapshots/*"
  })
  void snapshotFallback_failingAtAnyWrite_isFinishedByTheRetry(String method, String path) {
    String src = volumeOn(FILE_THIN, 1);
    String clone = newName();
    CreateVolumeRequest req = cloneOf(src, clone, GIB, FILE_THIN, 1);
    h.target.emulator().faults().failNext(1, method, path);
    // a helper snapshot that cannot be removed fails the call too: OK means nothing is left over
    assertThat(codeOf(() -> h.stub().createVolume(req))).isNotEqualTo(Status.Code.OK);
    h.target.emulator().faults().clearCallFaults();
    assertThat(h.stub().createVolume(req).getVolume().getCapacityBytes()).isEqualTo(GIB);
    assertThat(diskfulNodes(clone)).hasSize(1);
    assertCompleteWithoutHelpers(src, clone);
  }
}
