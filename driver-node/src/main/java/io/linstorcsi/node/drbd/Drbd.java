package io.linstorcsi.node.drbd;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.exec.CommandFailedException;
import io.linstorcsi.node.exec.CommandResult;
import io.linstorcsi.node.exec.CommandRunner;
import io.linstorcsi.node.exec.Deadlines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node service asks of DRBD: the state of a volume, waiting until its data is usable, the
 * health verdict, and demotion on unstage. State comes from the events follower while its stream is
 * current, otherwise from one snapshot: {@code drbdsetup status --json} (DRBD 9), or {@code
 * drbdsetup events2 --now} where there is no JSON (DRBD 8.4).
 */
public final class Drbd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Drbd.class);

  private final DrbdConfig config;
  private final CommandRunner runner;
  private final boolean active;
  private final DrbdStateTracker tracker;
  private final boolean legacy;
  private final AtomicBoolean noJson = new AtomicBoolean();
  private Events2Follower follower;

  public Drbd(DrbdConfig config, CommandRunner runner) {
    this.config = config;
    this.runner = runner;
    this.active = config.active();
    this.legacy = KernelDrbd.isLegacy();
    this.tracker = new DrbdStateTracker(legacy);
  }

  /** Whether DRBD is used on this node at all. */
  public boolean active() {
    return active;
  }

  /** Starts following {@code events2} when configured to. */
  public synchronized void start() {
    if (active && config.follow() && follower == null) {
      follower =
          new Events2Follower(
              config.eventsCommand(), runner, tracker, config.restartMin(), config.restartMax());
      follower.start();
    }
  }

  @Override
  public synchronized void close() {
    if (follower != null) {
      follower.close();
      follower = null;
    }
  }

  public DrbdStateTracker tracker() {
    return tracker;
  }

  /** All resources of this node, now. */
  public List<DrbdResource> resources() {
    if (tracker.current()) {
      return tracker.resources();
    }
    return snapshot();
  }

  public Optional<DrbdResource> byMinor(int minor) {
    return resources().stream().filter(r -> r.minor(minor).isPresent()).findFirst();
  }

  public Optional<DrbdResource> byName(String name) {
    return resources().stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /**
   * The verdict on the volume with this minor; split brain only with evidence from the stream.
   * While a resync runs the resource is read afresh: the event stream reports progress only with
   * its periodic statistics, seconds apart, and the condition must not lag behind {@code drbdsetup
   * status}.
   */
  public DrbdHealth health(int minor) {
    List<DrbdResource> known = resources();
    Optional<DrbdResource> resource =
        known.stream().filter(r -> r.minor(minor).isPresent()).findFirst();
    if (tracker.current() && resource.isPresent() && resyncing(resource.get())) {
      known = snapshot(resource.get().name());
    }
    return DrbdHealth.forMinor(known, minor, tracker::splitBrainPeers);
  }

  private static boolean resyncing(DrbdResource resource) {
    return resource.connections().stream()
        .flatMap(c -> c.peerDevices().stream())
        .anyMatch(p -> DrbdStates.syncing(p.replication()));
  }

  /**
   * Waits until the volume's data is usable here (UpToDate, or diskless with an UpToDate peer, and
   * quorum), so that nothing is formatted or mounted on an Inconsistent disk. Polls with backoff,
   * ends with the caller's deadline or {@code cap}.
   */
  public DrbdHealth awaitUsable(int minor, Duration cap) throws InterruptedException {
    long end = System.nanoTime() + Deadlines.budget(cap).toNanos();
    long pause = 100;
    DrbdHealth health = health(minor);
    while (!health.usable()) {
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0 || Deadlines.callOver()) {
        throw notUsable(minor, health);
      }
      Thread.sleep(Math.min(pause, left));
      pause = Math.min(pause * 2, 1_000);
      if (System.nanoTime() >= end || Deadlines.budget(cap).isZero()) {
        throw notUsable(minor, health); // no time left for another look
      }
      try {
        health = health(minor);
      } catch (CommandFailedException e) {
        if (!e.timedOut()) {
          throw e;
        }
        throw notUsable(minor, health); // the last look ran out of time: report the one before
      }
    }
    return health;
  }

  private static CsiError notUsable(int minor, DrbdHealth health) {
    return CsiError.unavailable(
        "DRBD device minor "
            + minor
            + " is not usable yet: "
            + health.message()
            + "; waiting for an UpToDate disk (local, or a connected peer for a diskless node);"
            + " retry later",
        null);
  }

  /**
   * Describes the first peer of the resource of {@code minor} that is not connected, or says the
   * resource is unknown here; empty when every peer is connected (or there is none), so that DRBD
   * itself would refuse a second Primary.
   */
  public Optional<String> unconnectedPeer(int minor) {
    Optional<DrbdResource> found = byMinor(minor);
    if (found.isEmpty()) {
      return Optional.of("DRBD shows no resource for minor " + minor + " yet");
    }
    return found.get().connections().stream()
        .filter(c -> !"Connected".equals(c.state()))
        .findFirst()
        .map(c -> "DRBD peer " + c.peer() + " is not connected (" + c.state() + ")");
  }

  /**
   * Refuses when a connected peer is Primary for the resource of {@code minor} while this node is
   * not: DRBD allows one Primary, and a Secondary cannot even open its device for reading then
   * ("Wrong medium type"). Unknown resources pass: waiting for them is {@link #awaitUsable}'s job.
   */
  public void requireNoPrimaryPeer(int minor) {
    Optional<DrbdResource> found = byMinor(minor);
    if (found.isEmpty() || found.get().isPrimary()) {
      return;
    }
    DrbdResource resource = found.get();
    for (DrbdResource.Connection connection : resource.connections()) {
      if ("Primary".equals(connection.peerRole())) {
        throw CsiError.failedPrecondition(
            "DRBD resource "
                + resource.name()
                + " is Primary on node "
                + connection.peer()
                + " (connection "
                + connection.state()
                + "); it can be used here only after it was unstaged there and is Secondary");
      }
    }
  }

  /**
   * Makes the resource Primary here before its device is probed, formatted or mounted. DRBD 9
   * promotes by itself when the device is opened (auto-promote); DRBD 8.4 does not, and refuses
   * every read of a Secondary ("Wrong medium type").
   */
  public void promoteForUse(int minor) {
    if (!legacy) {
      return;
    }
    DrbdResource resource =
        byMinor(minor)
            .orElseThrow(
                () ->
                    CsiError.unavailable(
                        "DRBD device minor " + minor + " belongs to no resource yet; retry", null));
    if (resource.isPrimary()) {
      return;
    }
    try {
      runner.run(config.drbdadm(), "primary", resource.name());
    } catch (CommandFailedException e) {
      throw CsiError.failedPrecondition(
          "could not promote DRBD resource "
              + resource.name()
              + " to Primary ("
              + e.getMessage()
              + "); is it Primary on another node?");
    }
  }

  /**
   * Makes sure the resource is Secondary so that another node can take it over. Skipped while one
   * of its volumes is still mounted here ({@code minorInUse}): several volumes of one resource
   * (consistency groups) must all be unstaged first, and demoting then would fail anyway.
   */
  public void demote(String name, IntPredicate minorInUse) {
    Optional<DrbdResource> found = byName(name);
    if (found.isEmpty() || !found.get().isPrimary()) {
      return;
    }
    DrbdResource resource = found.get();
    for (DrbdResource.Device device : resource.devices()) {
      if (minorInUse.test(device.minor())) {
        log.info("not demoting {}: minor {} is still mounted on this node", name, device.minor());
        return;
      }
    }
    try {
      runner.run(config.drbdadm(), "secondary", name);
    } catch (CommandFailedException e) {
      if (!e.stderr().contains("not defined in your config")) {
        throw demoteFailed(name, e);
      }
      // drbdadm knows only resources in its config files; drbdsetup works on the kernel's.
      try {
        runner.run(config.drbdsetup(), "secondary", name);
      } catch (CommandFailedException again) {
        throw demoteFailed(name, again);
      }
    }
  }

  private static CsiError demoteFailed(String name, CommandFailedException e) {
    return CsiError.failedPrecondition(
        "could not demote DRBD resource "
            + name
            + " to Secondary ("
            + e.getMessage()
            + "); no other node can use it until it is Secondary");
  }

  /**
   * Everything this node knows, read once. A node with DRBD but no resources gives an empty list.
   */
  List<DrbdResource> snapshot() {
    return snapshot("all");
  }

  /** One resource ({@code "all"}: every resource) as DRBD reports it now. */
  private List<DrbdResource> snapshot(String resource) {
    if (!noJson.get()) {
      List<String> status =
          new ArrayList<>(
              List.of(config.drbdsetup(), "status", "--json", "--verbose", "--statistics"));
      if (!resource.equals("all")) {
        status.add(2, resource);
      }
      CommandResult json = runner.probe(status);
      if (json.succeeded()) {
        return StatusJson.parse(json.stdout());
      }
      if (json.stderr().contains("unrecognized option")) {
        log.info("drbdsetup has no status --json (DRBD 8.4); using events2 --now");
        noJson.set(true);
      } else {
        throw CommandFailedException.exited(json);
      }
    }
    CommandResult now =
        runner.run(config.drbdsetup(), "events2", "--now", "--statistics", resource);
    DrbdStateTracker once = new DrbdStateTracker(legacy);
    now.stdout().lines().forEach(once::accept);
    if (!once.current()) {
      once.accept("exists -"); // a dump cut short still says what it listed
    }
    return once.resources();
  }

  /** Peers with which {@code resource} has an unresolved split brain, as the stream reported. */
  public Set<String> splitBrainPeers(String resource) {
    return tracker.splitBrainPeers(resource);
  }
}
