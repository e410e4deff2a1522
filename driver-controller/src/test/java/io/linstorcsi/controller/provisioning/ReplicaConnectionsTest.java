package io.linstorcsi.controller.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.linstor.model.DrbdConnection;
import io.linstorcsi.linstor.model.DrbdResource;
import io.linstorcsi.linstor.model.LayerObject;
import io.linstorcsi.linstor.model.ResourceState;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaConnectionsTest {

  private static ResourceWithVolumes replica(
      String node, List<String> flags, Map<String, DrbdConnection> conns, boolean reported) {
    DrbdResource d = new DrbdResource(null, 0, null, null, null, null, null, null, conns, 10, true);
    LayerObject storage =
        new LayerObject(List.of(), null, "STORAGE", null, null, null, null, null, null, null);
    LayerObject layer =
        new LayerObject(List.of(storage), null, "DRBD", d, null, null, null, null, null, null);
    return new ResourceWithVolumes(
        "pvc-1",
        node,
        Map.of(),
        flags,
        layer,
        reported ? new ResourceState(false) : null,
        null,
        null,
        List.of(),
        null);
  }

  private static DrbdConnection up() {
    return new DrbdConnection(true, "Connected");
  }

  @Test
  void connectedReplicas_withATieBreakerStillConnecting_areConnected() {
    // Only the diskful pair carries data; a tie-breaker's connection does not decide redundancy.
    assertThat(
            ReplicaConnections.of(
                List.of(
                    replica(
                        "a",
                        List.of(),
                        Map.of("b", up(), "c", new DrbdConnection(false, "Connecting")),
                        true),
                    replica("b", List.of(), Map.of("a", up()), true),
                    replica("c", List.of("DRBD_DISKLESS", "TIE_BREAKER"), Map.of(), true))))
        .isInstanceOf(ReplicaConnections.Connected.class);
  }

  @Test
  void unrelatedData_oneSideStandAlone_otherConnecting_isBroken() {
    // What DRBD 9 showed for a clone whose second replica was added after the restore.
    ReplicaConnections c =
        ReplicaConnections.of(
            List.of(
                replica("a", List.of(), Map.of("b", new DrbdConnection(false, "Connecting")), true),
                replica(
                    "b", List.of(), Map.of("a", new DrbdConnection(false, "StandAlone")), true)));
    assertThat(c).isInstanceOf(ReplicaConnections.Broken.class);
    assertThat(((ReplicaConnections.Broken) c).why())
        .contains("b refuses a")
        .contains("StandAlone");
  }

  @Test
  void peerStillConnecting_orNotReported_isPending() {
    assertThat(
            ReplicaConnections.of(
                List.of(
                    replica(
                        "a", List.of(), Map.of("b", new DrbdConnection(false, "Connecting")), true),
                    replica("b", List.of(), Map.of("a", up()), true))))
        .isInstanceOf(ReplicaConnections.Pending.class);
    assertThat(
            ReplicaConnections.of(
                List.of(
                    replica("a", List.of(), Map.of("b", up()), true),
                    replica("b", List.of(), Map.of(), false))))
        .isInstanceOf(ReplicaConnections.Pending.class);
  }

  @Test
  void aSingleReplica_orOneBeingDeleted_hasNoPeerToWaitFor() {
    assertThat(
            ReplicaConnections.of(
                List.of(
                    replica(
                        "a", List.of(), Map.of("b", new DrbdConnection(false, "StandAlone")), true),
                    replica("b", List.of("DELETE"), Map.of(), true))))
        .isInstanceOf(ReplicaConnections.Connected.class);
  }
}
