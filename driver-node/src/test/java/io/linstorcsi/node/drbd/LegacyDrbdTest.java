package io.linstorcsi.node.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** DRBD 8.4 differences the node side must absorb. */
class LegacyDrbdTest {
  private static final String SPLIT_BRAIN_84 =
      """
      exists resource name:r0 role:Primary suspended:no
      exists connection name:r0 peer-node-id:0 conn-name:peer connection:Connected role:Secondary
      exists device name:r0 volume:0 minor:0 disk:UpToDate
      exists peer-device name:r0 peer-node-id:0 conn-name:peer volume:0 replication:Established peer-disk:UpToDate
      exists -
      change connection name:r0 peer-node-id:0 conn-name:peer connection:NetworkFailure
      change connection name:r0 peer-node-id:0 conn-name:peer connection:Connecting
      change connection name:r0 peer-node-id:0 conn-name:peer connection:Connected
      call helper name:r0 peer-node-id:0 conn-name:peer volume:0 minor:0 helper:split-brain
      change connection name:r0 peer-node-id:0 conn-name:peer connection:StandAlone
      destroy peer-device name:r0 peer-node-id:0 conn-name:peer volume:0
      destroy connection name:r0 peer-node-id:0 conn-name:peer
      """;

  @Test
  void procDrbdVersion_tellsTheLegacyModuleApart() {
    assertThat(KernelDrbd.isLegacy("version: 8.4.11 (api:1/proto:86-101)\nsrcversion: x\n"))
        .isTrue();
    assertThat(KernelDrbd.isLegacy("version: 9.3.3 (api:2/proto:118-123)\n")).isFalse();
  }

  @Test
  void drbd84_aConnectionDestroyedAfterSplitBrain_staysStandAlone_andIsReportedAsSplitBrain() {
    DrbdStateTracker tracker = new DrbdStateTracker(true);
    SPLIT_BRAIN_84.lines().forEach(tracker::accept);

    DrbdHealth health = DrbdHealth.forMinor(tracker.resources(), 0, tracker::splitBrainPeers);

    assertThat(health.abnormal()).as(health.message()).isTrue();
    assertThat(health.message()).contains("split brain");
  }

  @Test
  void drbd9_aDestroyedConnectionIsARemovedPeer() {
    DrbdStateTracker tracker = new DrbdStateTracker();
    SPLIT_BRAIN_84.lines().filter(l -> !l.contains("helper")).forEach(tracker::accept);

    assertThat(tracker.resources().get(0).connections()).isEmpty();
  }
}
