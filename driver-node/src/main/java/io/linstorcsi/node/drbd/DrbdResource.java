package io.linstorcsi.node.drbd;

import java.util.List;
import java.util.Optional;

/**
 * One DRBD resource on this node, in the vocabulary both DRBD 9 and 8.4 (through drbd-utils 9)
 * print: local role, suspension, local devices and the connections to peers.
 */
public record DrbdResource(
    String name,
    String role,
    String suspended,
    List<Device> devices,
    List<Connection> connections) {

  public DrbdResource {
    devices = List.copyOf(devices);
    connections = List.copyOf(connections);
  }

  /** A local volume: {@code disk} is the disk state ("UpToDate", "Diskless", ...). */
  public record Device(
      int volume, int minor, String disk, boolean client, boolean quorumLost, long sizeKiB) {}

  /** The connection to one peer; {@code state} is the connection state ("Connected", ...). */
  public record Connection(
      String peer, String state, String peerRole, List<PeerDevice> peerDevices) {
    public Connection {
      peerDevices = List.copyOf(peerDevices);
    }

    public Optional<PeerDevice> volume(int volume) {
      return peerDevices.stream().filter(p -> p.volume() == volume).findFirst();
    }
  }

  /**
   * The peer's side of one volume. {@code percentDone} is the resync progress, present only while a
   * resync runs (negative when unknown).
   */
  public record PeerDevice(
      int volume,
      String replication,
      String peerDisk,
      boolean peerClient,
      long outOfSyncKiB,
      double percentDone) {}

  public boolean isPrimary() {
    return "Primary".equals(role);
  }

  public Optional<Device> minor(int minor) {
    return devices.stream().filter(d -> d.minor() == minor).findFirst();
  }

  public Optional<Device> volume(int volume) {
    return devices.stream().filter(d -> d.volume() == volume).findFirst();
  }
}
