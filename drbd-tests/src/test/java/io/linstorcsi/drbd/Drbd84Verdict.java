package io.linstorcsi.drbd;

import io.linstorcsi.node.drbd.DrbdHealth;
import io.linstorcsi.node.drbd.DrbdResource;
import io.linstorcsi.node.drbd.DrbdStateTracker;

/**
 * Runs the node service's own DRBD parser ({@link DrbdStateTracker}) and verdict ({@link
 * DrbdHealth}) over text that DRBD 8.4 printed, here on the host, the way the node service reads
 * it: {@code events2 --now} as a snapshot, and the lines of a running {@code events2} for the
 * split-brain evidence that no snapshot carries.
 */
final class Drbd84Verdict {
  private Drbd84Verdict() {}

  static DrbdStateTracker track(String events2) {
    DrbdStateTracker tracker = new DrbdStateTracker(true); // the guests run DRBD 8.4
    events2.lines().forEach(tracker::accept);
    return tracker;
  }

  static DrbdResource resource(String events2, String name) {
    return track(events2)
        .resource(name)
        .orElseThrow(
            () -> new AssertionError("parser found no resource " + name + " in:\n" + events2));
  }

  /**
   * The verdict on {@code minor}: from a snapshot ({@code events2 --now}) alone, or from a whole
   * stream, which may carry split-brain evidence, as the node service's follower has it.
   */
  static DrbdHealth of(String events2, int minor) {
    DrbdStateTracker tracker = track(events2);
    DrbdResource resource =
        tracker
            .byMinor(minor)
            .orElseThrow(
                () -> new AssertionError("parser found no minor " + minor + " in:\n" + events2));
    return DrbdHealth.of(resource, minor, tracker.splitBrainPeers(resource.name()));
  }
}
