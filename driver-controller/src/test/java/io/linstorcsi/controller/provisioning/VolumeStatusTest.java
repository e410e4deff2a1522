package io.linstorcsi.controller.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.linstor.model.DrbdConnection;
import io.linstorcsi.linstor.model.DrbdResource;
import io.linstorcsi.linstor.model.LayerObject;
import io.linstorcsi.linstor.model.ReplicationState;
import io.linstorcsi.linstor.model.ResourceState;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.Volume;
import io.linstorcsi.linstor.model.VolumeState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeStatusTest {

  private static ResourceWithVolumes drbd(
      String node,
      List<String> flags,
      String disk,
      Map<String, DrbdConnection> conns,
      int score,
      boolean mayPromote,
      boolean online) {
    DrbdResource d =
        new DrbdResource(null, 0, null, null, null, null, null, null, conns, score, mayPromote);
    LayerObject layer =
        new LayerObject(List.of(), null, "DRBD", d, null, null, null, null, null, null);
    Volume v =
        new Volume(
            0,
            "sp1",
            "FILE_THIN",
            "/dev/drbd1000",
            null,
            null,
            null,
            null,
            new VolumeState(disk, null),
            null,
            null,
            null);
    return new ResourceWithVolumes(
        "pvc-1",
        node,
        Map.of(),
        flags,
        layer,
        online ? new ResourceState(false) : null,
        null,
        null,
        List.of(v),
        null);
  }

  @Test
  void healthyReplicasAndDisklessClient_areNormal() {
    VolumeStatus s =
        VolumeStatus.of(
            List.of(
                drbd(
                    "a",
                    List.of(),
                    "UpToDate",
                    Map.of("b", new DrbdConnection(true, "Connected")),
                    10,
                    true,
                    true),
                drbd(
                    "b",
                    List.of(),
                    "UpToDate",
                    Map.of("a", new DrbdConnection(true, "Connected")),
                    10,
                    true,
                    true),
                drbd("c", List.of("DRBD_DISKLESS"), "Diskless", Map.of(), 1, true, true)));
    assertThat(s.abnormal()).isFalse();
    assertThat(s.nodes()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void outdatedDisk_disconnectedPeer_andOfflineSatellite_areAbnormal() {
    VolumeStatus s =
        VolumeStatus.of(
            List.of(
                drbd(
                    "a",
                    List.of(),
                    "Outdated",
                    Map.of("b", new DrbdConnection(false, "StandAlone")),
                    0,
                    false,
                    true),
                drbd("b", List.of(), "UpToDate", Map.of(), 10, true, false)));
    assertThat(s.abnormal()).isTrue();
    assertThat(s.message())
        .contains("a: disk Outdated")
        .contains("not connected to b (StandAlone)")
        .contains("a: cannot be promoted")
        .contains("b: satellite not connected");
  }

  private static ResourceWithVolumes syncing(
      String node, String disk, String peer, String replication, Double done) {
    ResourceWithVolumes r =
        drbd(
            node,
            List.of(),
            disk,
            Map.of(peer, new DrbdConnection(true, "Connected")),
            10,
            true,
            true);
    Volume v = r.volumes().get(0);
    Volume withProgress =
        new Volume(
            v.volumeNumber(),
            v.storagePoolName(),
            v.providerKind(),
            v.devicePath(),
            null,
            null,
            null,
            null,
            new VolumeState(disk, Map.of(peer, new ReplicationState(replication, done))),
            null,
            null,
            null);
    return new ResourceWithVolumes(
        r.name(),
        r.nodeName(),
        r.props(),
        r.flags(),
        r.layerObject(),
        r.state(),
        null,
        null,
        List.of(withProgress),
        null);
  }

  @Test
  void initialResync_saysHowFarAndThatOnlyOneCopyIsUpToDate() {
    // The states of linstor-drbd-recordings/02-spawn-sync.jsonl while the second replica syncs.
    VolumeStatus s =
        VolumeStatus.of(
            List.of(
                syncing("drbd-a", "UpToDate", "drbd-b", "SyncSource", 43.95000076293945),
                syncing("drbd-b", "SyncTarget(44.14%)", "drbd-a", "SyncTarget", 44.13999938964844),
                drbd(
                    "drbd-c",
                    List.of("TIE_BREAKER", "DRBD_DISKLESS"),
                    "Diskless",
                    Map.of(),
                    1,
                    true,
                    true)));
    assertThat(s.abnormal()).isTrue();
    assertThat(s.message()).isEqualTo("resync to drbd-b 44.1% done: one UpToDate copy only");
  }

  @Test
  void twoReplicasWithoutATieBreaker_sayThatThereIsNoQuorum() {
    VolumeStatus two =
        VolumeStatus.of(
            List.of(
                drbd(
                    "a",
                    List.of(),
                    "UpToDate",
                    Map.of("b", new DrbdConnection(true, "Connected")),
                    10,
                    true,
                    true),
                drbd(
                    "b",
                    List.of(),
                    "UpToDate",
                    Map.of("a", new DrbdConnection(true, "Connected")),
                    10,
                    true,
                    true)));
    assertThat(two.abnormal()).isFalse();
    assertThat(two.message()).contains("no quorum").contains("split brain").contains("third node");
    VolumeStatus withTieBreaker =
        VolumeStatus.of(
            List.of(
                drbd(
                    "a",
                    List.of(),
                    "UpToDate",
                    Map.of("b", new DrbdConnection(true, "Connected")),
                    10,
                    true,
                    true),
                drbd(
                    "b",
                    List.of(),
                    "UpToDate",
                    Map.of("a", new DrbdConnection(true, "Connected")),
                    10,
                    true,
                    true),
                drbd(
                    "c",
                    List.of("TIE_BREAKER", "DRBD_DISKLESS"),
                    "Diskless",
                    Map.of(),
                    1,
                    true,
                    true)));
    assertThat(withTieBreaker.message()).isEqualTo("volume healthy");
  }

  @Test
  void resourcesBeingDeleted_areNotPublished() {
    VolumeStatus s =
        VolumeStatus.of(
            List.of(drbd("a", List.of("DELETE"), "UpToDate", Map.of(), 10, true, true)));
    assertThat(s.nodes()).isEmpty();
    assertThat(s.abnormal()).isFalse();
  }
}
