package io.linstorcsi.node.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The events2 dialects the parser must read besides DRBD 9's: DRBD 8.4 through drbd-utils' 8.4
 * drbdsetup (a fixed {@code peer-node-id:0 conn-name:peer}, no quorum or client fields, 8.4 state
 * names such as {@code WFConnection} and {@code SyncSource} in the connection and replication
 * fields), older utilities without peer ids, and lines of future versions. The 8.4 lines follow the
 * format drbd-utils' 8.4 code prints and the 8.4 output recorded in qemu (drbd-in-qemu.md); a
 * harness with a real 8.4 kernel is to confirm them.
 */
class Events2FormatsTest {
  private static final String RES_84 =
      "exists resource name:r0 role:Primary suspended:no write-ordering:flush";
  private static final String DEV_84 =
      "exists device name:r0 volume:0 minor:0 disk:UpToDate size:524236 read:1598"
          + " written:1125176 al-writes:8 bm-writes:0 upper-pending:0 lower-pending:0"
          + " al-suspended:no blocked:no";

  private static DrbdHealth health(String... lines) {
    DrbdStateTracker tracker = new DrbdStateTracker();
    for (String line : lines) {
      tracker.accept(line);
    }
    return DrbdHealth.forMinor(tracker.resources(), 0, tracker::splitBrainPeers);
  }

  private static String conn84(String state, String role) {
    return "exists connection name:r0 peer-node-id:0 conn-name:peer connection:"
        + state
        + " role:"
        + role
        + " congested:no";
  }

  private static String peer84(String replication, String peerDisk, long outOfSync) {
    return "exists peer-device name:r0 peer-node-id:0 conn-name:peer volume:0 minor:0 replication:"
        + replication
        + " peer-disk:"
        + peerDisk
        + " resync-suspended:no received:0 sent:0 out-of-sync:"
        + outOfSync
        + " pending:0 unacked:0";
  }

  @Test
  void drbd84_connectedAndUpToDate_isHealthy() {
    DrbdHealth h =
        health(
            RES_84,
            conn84("Connected", "Secondary"),
            DEV_84,
            peer84("Established", "UpToDate", 0),
            "exists -");

    assertThat(h.abnormal()).isFalse();
    assertThat(h.usable()).isTrue();
    assertThat(h.message()).contains("Primary, disk UpToDate, 1 peer connected");
  }

  @Test
  void drbd84_syncSourceInTheConnectionField_countsAsConnected_andResyncing() {
    DrbdHealth h =
        health(
            RES_84,
            conn84("SyncSource", "Secondary"),
            DEV_84,
            peer84("SyncSource", "Inconsistent", 4096),
            "exists -");

    assertThat(h.abnormal()).isTrue();
    assertThat(h.usable()).isTrue();
    assertThat(h.message()).contains("resync to peer").doesNotContain("disconnected");
  }

  @Test
  void drbd84_syncTarget_isNotUsableYet() {
    DrbdHealth h =
        health(
            "exists resource name:r0 role:Secondary suspended:no write-ordering:flush",
            conn84("SyncTarget", "Primary"),
            DEV_84.replace("disk:UpToDate", "disk:Inconsistent"),
            peer84("PausedSyncT", "UpToDate", 4096),
            "exists -");

    assertThat(h.usable()).isFalse();
    assertThat(h.message()).contains("local disk Inconsistent, resync from peer");
  }

  @Test
  void drbd84_waitingForConnection_isDisconnected() {
    DrbdHealth h =
        health(
            RES_84,
            conn84("Connecting", "Unknown"),
            DEV_84,
            peer84("WFConnection", "DUnknown", 524236),
            "exists -");

    assertThat(h.abnormal()).isTrue();
    assertThat(h.usable()).isTrue();
    assertThat(h.message()).contains("disconnected from peer (Connecting, 524236 KiB out of sync)");
  }

  @Test
  void drbd84_splitBrainHelper_thenStandAlone_isSplitBrain_untilConnectedAgain() {
    DrbdStateTracker tracker = new DrbdStateTracker();
    List.of(
            RES_84,
            conn84("Connecting", "Unknown"),
            DEV_84,
            peer84("WFConnection", "DUnknown", 8),
            "exists -",
            "2026-11-30T22:17:09.644843+01:00 call helper name:r0 peer-node-id:0 conn-name:peer"
                + " volume:0 minor:0 helper:initial-split-brain",
            "2026-11-30T22:17:09.721276+01:00 call helper name:r0 peer-node-id:0 conn-name:peer"
                + " volume:0 minor:0 helper:split-brain",
            "2026-11-30T22:17:09.801131+01:00 response helper name:r0 peer-node-id:0"
                + " conn-name:peer volume:0 minor:0 helper:split-brain status:0",
            "2026-11-30T22:17:09.992577+01:00 change connection name:r0 peer-node-id:0"
                + " conn-name:peer connection:StandAlone",
            "2026-11-30T22:17:09.992577+01:00 change peer-device name:r0 peer-node-id:0"
                + " conn-name:peer volume:0 minor:0 replication:StandAlone")
        .forEach(tracker::accept);

    DrbdHealth split = DrbdHealth.forMinor(tracker.resources(), 0, tracker::splitBrainPeers);
    assertThat(split.message()).contains("split brain with peer");

    tracker.accept(
        "change connection name:r0 peer-node-id:0 conn-name:peer connection:Connected role:Secondary");
    tracker.accept(
        "change peer-device name:r0 peer-node-id:0 conn-name:peer volume:0 minor:0"
            + " replication:Established peer-disk:UpToDate");
    DrbdHealth healed = DrbdHealth.forMinor(tracker.resources(), 0, tracker::splitBrainPeers);
    assertThat(healed.abnormal()).as(healed.message()).isFalse();
    assertThat(tracker.splitBrainPeers("r0")).isEmpty();
  }

  @Test
  void utilitiesWithoutPeerIds_stillGiveOneConnection() {
    DrbdHealth h =
        health(
            RES_84,
            "exists connection name:r0 connection:StandAlone role:Unknown",
            DEV_84,
            "exists peer-device name:r0 volume:0 replication:StandAlone peer-disk:DUnknown",
            "exists -");

    assertThat(h.message()).contains("StandAlone towards peer (disconnected");
  }

  @Test
  void unknownFieldsObjectsActionsAndGarbage_areIgnored() {
    DrbdStateTracker tracker = new DrbdStateTracker();
    List.of(
            RES_84 + " shiny-new-field:42",
            conn84("Connected", "Secondary") + " tls:yes",
            "exists widget name:r0 sprockets:3",
            DEV_84 + " quorum:yes future:thing:with:colons",
            peer84("Established", "UpToDate", 0),
            "exists path name:r0 peer-node-id:0 conn-name:peer local:ipv4:10.0.0.1:7789"
                + " peer:ipv4:10.0.0.2:7789 established:yes",
            "exists -",
            "frobnicate resource name:r0 role:Secondary",
            "change",
            "",
            "   ",
            "not an event at all",
            "2026-11-30T21:14:24.833312+00:00",
            "change device name:r0 volume:0 minor:0 size:524236 read:1700")
        .forEach(tracker::accept);

    DrbdHealth h = DrbdHealth.forMinor(tracker.resources(), 0, tracker::splitBrainPeers);
    assertThat(h.abnormal()).as(h.message()).isFalse();
    assertThat(tracker.resources())
        .singleElement()
        .satisfies(r -> assertThat(r.role()).isEqualTo("Primary"));
    assertThat(tracker.current()).isTrue();
  }

  @Test
  void skippedEvents_makeTheStateStale_untilTheNextFullDump() {
    DrbdStateTracker tracker = new DrbdStateTracker();
    tracker.accept(RES_84);
    tracker.accept("exists -");
    assertThat(tracker.current()).isTrue();

    tracker.accept("- skipped 3");
    assertThat(tracker.current()).isFalse();

    tracker.restarting();
    tracker.accept(RES_84);
    tracker.accept(DEV_84);
    assertThat(tracker.current()).isFalse();
    tracker.accept("exists -");
    assertThat(tracker.current()).isTrue();
  }

  @Test
  void aRestartDump_replacesResourcesRemovedMeanwhile_butKeepsSplitBrainOfThoseStillThere() {
    DrbdStateTracker tracker = new DrbdStateTracker();
    List.of(
            RES_84,
            RES_84.replace("r0", "r1"),
            "exists -",
            "call helper name:r0 peer-node-id:0 conn-name:peer volume:0 minor:0 helper:split-brain",
            "call helper name:r1 peer-node-id:0 conn-name:peer volume:0 minor:1 helper:split-brain")
        .forEach(tracker::accept);

    tracker.restarting();
    tracker.accept(RES_84);
    tracker.accept(conn84("StandAlone", "Unknown"));
    tracker.accept("exists -");

    assertThat(tracker.resources()).extracting(DrbdResource::name).containsExactly("r0");
    assertThat(tracker.splitBrainPeers("r0")).isEqualTo(Set.of("peer"));
    assertThat(tracker.splitBrainPeers("r1")).isEmpty();
  }

  @Test
  void aFieldValueWithColons_isKeptWhole_andTheTimestampIsNoField() {
    Events2Event e =
        Events2Event.parse(
                "2026-11-30T21:14:29.008059+00:00 create path name:r0 peer-node-id:1"
                    + " conn-name:beta local:ipv4:10.77.0.1:7789 peer:ipv4:10.77.0.2:7789")
            .orElseThrow();

    assertThat(e.action()).isEqualTo("create");
    assertThat(e.object()).isEqualTo("path");
    assertThat(e.fields())
        .containsEntry("local", "ipv4:10.77.0.1:7789")
        .containsEntry("peer", "ipv4:10.77.0.2:7789")
        .hasSize(5);
  }
}
