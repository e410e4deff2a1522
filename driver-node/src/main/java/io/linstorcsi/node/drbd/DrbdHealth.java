package io.linstorcsi.node.drbd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The verdict on one DRBD volume: whether it is abnormal (the CSI VolumeCondition) and whether its
 * data can be used here now (the gate before formatting and mounting).
 *
 * <p>Usable means the local disk is UpToDate, or the node has no disk (a diskless client, or a
 * detached disk) and a connected peer is UpToDate; and quorum is not lost.
 *
 * <p>A peer that shows {@code peer-disk:Diskless} counts as healthy: that is how a diskless client
 * or tie-breaker looks, and DRBD shows a peer whose disk was detached the same way from this side
 * (only the detached node itself can tell, and it reports itself abnormal).
 */
public record DrbdHealth(boolean abnormal, boolean usable, String message) {

  public static DrbdHealth notConfigured(String what) {
    return new DrbdHealth(
        true, false, what + " is not configured on this node (resource down or removed)");
  }

  /**
   * The verdict on the volume with {@code minor} among all resources of the node; {@code
   * splitBrainPeers} gives, per resource name, the peers with split-brain evidence.
   */
  public static DrbdHealth forMinor(
      List<DrbdResource> resources, int minor, Function<String, Set<String>> splitBrainPeers) {
    for (DrbdResource resource : resources) {
      if (resource.minor(minor).isPresent()) {
        return of(resource, minor, splitBrainPeers.apply(resource.name()));
      }
    }
    return notConfigured("DRBD device minor " + minor);
  }

  public static DrbdHealth of(DrbdResource resource, int minor, Set<String> splitBrainPeers) {
    Optional<DrbdResource.Device> found = resource.minor(minor);
    if (found.isEmpty()) {
      return notConfigured("DRBD minor " + minor + " of resource " + resource.name());
    }
    DrbdResource.Device device = found.get();
    List<String> problems = new ArrayList<>();
    if (!"no".equals(resource.suspended())) {
      problems.add("I/O suspended (" + resource.suspended() + ")");
    }
    if (device.quorumLost()) {
      problems.add("quorum lost");
    }
    int upToDatePeers = 0;
    for (DrbdResource.Connection connection : resource.connections()) {
      Optional<DrbdResource.PeerDevice> peer = connection.volume(device.volume());
      boolean connected = DrbdStates.connected(connection.state());
      if (connected && peer.isPresent() && "UpToDate".equals(peer.get().peerDisk())) {
        upToDatePeers++;
      }
    }
    boolean upToDatePeer = upToDatePeers > 0;
    // while a resync runs, redundancy is what the user waits for: say when only one copy is good
    boolean oneCopy = upToDatePeers + ("UpToDate".equals(device.disk()) ? 1 : 0) == 1;
    for (DrbdResource.Connection connection : resource.connections()) {
      Optional<DrbdResource.PeerDevice> peer = connection.volume(device.volume());
      connectionProblem(connection, peer, splitBrainPeers, oneCopy).ifPresent(problems::add);
    }
    localDiskProblem(device, resource, upToDatePeer, oneCopy).ifPresent(problems::add);

    boolean dataHere =
        "UpToDate".equals(device.disk()) || ("Diskless".equals(device.disk()) && upToDatePeer);
    boolean usable = dataHere && !device.quorumLost();
    String prefix = "DRBD resource " + resource.name() + " volume " + device.volume() + ": ";
    if (problems.isEmpty()) {
      return new DrbdHealth(false, usable, prefix + healthySummary(resource, device));
    }
    return new DrbdHealth(true, usable, prefix + String.join("; ", problems));
  }

  private static Optional<String> localDiskProblem(
      DrbdResource.Device device, DrbdResource resource, boolean upToDatePeer, boolean oneCopy) {
    String disk = String.valueOf(device.disk());
    return switch (disk) {
      case "UpToDate" -> Optional.empty();
      case "Diskless" -> {
        if (!device.client()) {
          yield Optional.of(
              "local disk detached (Diskless"
                  + (upToDatePeer ? ", serving I/O through a peer)" : ", no UpToDate peer)"));
        }
        yield upToDatePeer
            ? Optional.empty()
            : Optional.of("diskless client without a connected UpToDate peer");
      }
      default -> {
        String sync = syncTargetProgress(resource, device.volume(), oneCopy);
        yield Optional.of("local disk " + disk + sync);
      }
    };
  }

  private static String syncTargetProgress(DrbdResource resource, int volume, boolean oneCopy) {
    for (DrbdResource.Connection connection : resource.connections()) {
      Optional<DrbdResource.PeerDevice> peer = connection.volume(volume);
      if (peer.isPresent() && DrbdStates.syncTarget(peer.get().replication())) {
        return ", resync from " + connection.peer() + progress(peer.get()) + onlyCopy(oneCopy);
      }
    }
    return "";
  }

  private static Optional<String> connectionProblem(
      DrbdResource.Connection connection,
      Optional<DrbdResource.PeerDevice> peer,
      Set<String> splitBrainPeers,
      boolean oneCopy) {
    String name = connection.peer();
    if (DrbdStates.standAlone(connection.state())) {
      if (splitBrainPeers.contains(name)) {
        return Optional.of(
            "split brain with "
                + name
                + " (connection StandAlone; DRBD reported an unresolved split brain, resolve it by"
                + " hand)");
      }
      return Optional.of(
          "StandAlone towards " + name + " (disconnected, will not reconnect by itself)");
    }
    if (!DrbdStates.connected(connection.state())) {
      long oos = peer.map(DrbdResource.PeerDevice::outOfSyncKiB).orElse(0L);
      return Optional.of(
          "disconnected from "
              + name
              + " ("
              + connection.state()
              + (oos > 0 ? ", " + oos + " KiB out of sync" : "")
              + ")");
    }
    if (peer.isEmpty()) {
      return Optional.empty();
    }
    DrbdResource.PeerDevice p = peer.get();
    if (DrbdStates.syncing(p.replication()) && !DrbdStates.syncTarget(p.replication())) {
      return Optional.of("resync to " + name + progress(p) + onlyCopy(oneCopy));
    }
    String peerDisk = String.valueOf(p.peerDisk());
    if (peerDisk.equals("UpToDate") || peerDisk.equals("Diskless")) {
      return Optional.empty();
    }
    if (DrbdStates.syncTarget(p.replication())) {
      // this node is the target; the local disk line already says so
      return Optional.empty();
    }
    return Optional.of("peer " + name + " disk " + peerDisk);
  }

  private static String onlyCopy(boolean oneCopy) {
    return oneCopy ? ": one UpToDate copy only" : "";
  }

  private static String progress(DrbdResource.PeerDevice peer) {
    if (peer.percentDone() >= 0) {
      return String.format(Locale.ROOT, " %.1f%% done", peer.percentDone());
    }
    return peer.outOfSyncKiB() > 0 ? " (" + peer.outOfSyncKiB() + " KiB left)" : " in progress";
  }

  private static String healthySummary(DrbdResource resource, DrbdResource.Device device) {
    int peers = resource.connections().size();
    return resource.role()
        + ", disk "
        + device.disk()
        + (device.client() ? " (client)" : "")
        + ", "
        + peers
        + (peers == 1 ? " peer" : " peers")
        + " connected";
  }
}
