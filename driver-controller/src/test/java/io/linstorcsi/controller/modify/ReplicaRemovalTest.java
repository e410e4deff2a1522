package io.linstorcsi.controller.modify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaRemovalTest {
  private static Replica upToDate(String node) {
    return new Replica(node, true, false, "UpToDate");
  }

  private static Replica inUse(String node, String diskState) {
    return new Replica(node, true, true, diskState);
  }

  private static Replica syncing(String node) {
    return new Replica(node, true, false, "Inconsistent");
  }

  private static Replica diskless(String node) {
    return new Replica(node, false, false, "Diskless");
  }

  private static CsiError refusal(List<Replica> replicas, int target) {
    try {
      ReplicaRemoval.choose("pvc-1", replicas, target);
    } catch (CsiError e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void atOrBelowTheTarget_removesNothing() {
    assertThat(ReplicaRemoval.choose("pvc-1", List.of(upToDate("a"), diskless("b")), 1)).isEmpty();
    assertThat(ReplicaRemoval.choose("pvc-1", List.of(upToDate("a")), 3)).isEmpty();
  }

  @Test
  void disklessReplicasAreNeitherCountedNorRemoved() {
    assertThat(
            ReplicaRemoval.choose(
                "pvc-1", List.of(diskless("a"), upToDate("b"), upToDate("c"), diskless("d")), 1))
        .containsExactly("b");
  }

  @Test
  void theReplicaInUseStays() {
    assertThat(
            ReplicaRemoval.choose(
                "pvc-1", List.of(upToDate("a"), inUse("b", "UpToDate"), upToDate("c")), 1))
        .containsExactly("a", "c");
  }

  @Test
  void replicasWithoutACompleteCopyGoFirst() {
    assertThat(
            ReplicaRemoval.choose("pvc-1", List.of(upToDate("a"), syncing("b"), upToDate("c")), 2))
        .containsExactly("b");
  }

  @Test
  void onlyReplicasInUseLeft_isFailedPreconditionNamingTheirNodes() {
    CsiError e = refusal(List.of(inUse("a", "UpToDate"), inUse("b", "UpToDate")), 1);
    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getMessage()).contains("a").contains("b").contains("in use");
  }

  @Test
  void theLastUpToDateReplicaIsNeverRemoved() {
    // a is the only complete copy; b is in use but still resyncing from it.
    CsiError e = refusal(List.of(upToDate("a"), inUse("b", "Inconsistent")), 1);
    assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getMessage()).contains("b").contains("Inconsistent");
  }

  @Test
  void aStayingReplicaInUnknownState_blocksRemoval() {
    assertThatThrownBy(
            () ->
                ReplicaRemoval.choose(
                    "pvc-1", List.of(upToDate("a"), upToDate("b"), inUse("c", "")), 2))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> assertThat(e.getMessage()).contains("c").contains("unknown state"));
  }
}
