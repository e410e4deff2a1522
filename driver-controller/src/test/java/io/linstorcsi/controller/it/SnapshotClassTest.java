package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import csi.v1.CreateSnapshotRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CreateSnapshot reads the VolumeSnapshotClass: malformed keys are refused before LINSTOR is
 * called, and the in-cluster path keeps its REST budget.
 */
@FaultInjection
class SnapshotClassTest {
  static ControllerHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = ControllerHarness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @Test
  void createSnapshot_withAMalformedClassKey_isInvalidArgumentNamingIt_andCallsNothing() {
    String src = newName();
    h.create(src, GIB);
    h.calls.clear();
    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                h.stub()
                    .createSnapshot(
                        CreateSnapshotRequest.newBuilder()
                            .setName("snapshot-" + System.nanoTime())
                            .setSourceVolumeId(src)
                            .putParameters("snap.linstor.csi.linbit.com/max-increments", "ten")
                            .build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription())
        .contains("snap.linstor.csi.linbit.com/max-increments");
    assertThat(h.calls).isEmpty();
  }

  @Test
  void createSnapshot_inCluster_keepsItsRestBudget() {
    String src = newName();
    h.create(src, GIB);
    CreateSnapshotRequest req =
        CreateSnapshotRequest.newBuilder()
            .setName("snapshot-" + System.nanoTime())
            .setSourceVolumeId(src)
            // the snapshotter's own keys are not the driver's business
            .putParameters("csi.storage.k8s.io/volumesnapshot/name", "snap-1")
            .build();
    List<String> first = measure("in-cluster CreateSnapshot, first call", req);
    List<String> repeat = measure("in-cluster CreateSnapshot, repeated call", req);
    assertThat(first).hasSize(3);
    assertThat(repeat).hasSize(1);
  }

  private static List<String> measure(String what, CreateSnapshotRequest req) {
    h.calls.clear();
    EmulatorProbe.resetRequests(h.target.emulator());
    Instant since = Instant.now();
    h.stub().createSnapshot(req);
    List<String> made = EmulatorProbe.requestsSince(h.target.emulator(), since);
    System.out.printf("REST calls of %s: %d %s%n", what, made.size(), made);
    assertThat(made).as("client-side view of %s", what).hasSameSizeAs(h.calls);
    return made;
  }
}
