package io.linstorcsi.emulator;

import io.linstorcsi.emulator.backup.BackupService;
import io.linstorcsi.emulator.backup.Shipment;
import io.linstorcsi.emulator.block.BlockStore;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.SnapshotDefinition;
import io.linstorcsi.emulator.state.SyncPolicy;
import io.linstorcsi.emulator.state.VolumeDefinition;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Control of backup shipping (pace, injected S3 trouble, interruptions) and direct access to volume
 * and snapshot data, so tests can write bytes and compare checksums after a restore.
 */
public final class BackupControl {
  private static final int READ_CHUNK = 1 << 20;

  private final Cluster cluster;
  private final BackupService backups;

  BackupControl(Cluster cluster, BackupService backups) {
    this.cluster = cluster;
    this.backups = backups;
  }

  /** SyncPolicy of shipments, running ones included: instant (default), manual, timed. */
  public BackupControl pace(SyncPolicy pace) {
    backups.shipments().setPace(pace);
    return this;
  }

  /** Moves every manually paced shipment (and the hung ones) {@code kib} further. */
  public BackupControl advance(long kib) {
    backups.shipments().advance(kib);
    return this;
  }

  /** Lets every running shipment finish at full speed. */
  public BackupControl release() {
    backups.shipments().release();
    return this;
  }

  /** The next {@code count} shipments stand still until {@link #advance} or {@link #release}. */
  public BackupControl hangNext(int count) {
    backups.shipments().hangNext(count);
    return this;
  }

  /** The next {@code count} shipments break off half-way (their snapshot shows Failed). */
  public BackupControl interruptNext(int count) {
    backups.shipments().interruptNext(count);
    return this;
  }

  /** Breaks off every running shipment now, as a satellite restart does; returns how many. */
  public int interruptRunning() {
    return backups.shipments().interruptAll("the shipping satellite restarted");
  }

  /**
   * Ends every running shipment as a controller restart does: their snapshots show {@code Aborted};
   * the rest of the emulator's state stays. Returns how many.
   */
  public int restartController() {
    return backups.shipments().abortAllAsRestarted();
  }

  /** Every S3 request fails as with the server down (connection refused), until turned off. */
  public BackupControl s3Unreachable(boolean on) {
    backups.s3Faults().unreachable(on);
    return this;
  }

  /** Every S3 request is refused as with wrong credentials (HTTP 403), until turned off. */
  public BackupControl s3CredentialsRefused(boolean on) {
    backups.s3Faults().credentialsRefused(on);
    return this;
  }

  public List<Shipment> running() {
    return backups.shipments().running();
  }

  // ------------------------------------------------------------------ data

  /** Writes bytes into a volume's data (what every replica reads). */
  public BackupControl write(String resource, int volume, long offset, byte[] data) {
    store().write(volumeHandle(resource, volume), offset, data);
    return this;
  }

  public byte[] read(String resource, int volume, long offset, int length) {
    byte[] out = new byte[length];
    store().read(volumeHandle(resource, volume), offset, out);
    return out;
  }

  /** SHA-256 (hex) of a volume's whole data. */
  public String sha256(String resource, int volume) {
    return digest(volumeHandle(resource, volume));
  }

  /** SHA-256 (hex) of a snapshot volume's whole data. */
  public String snapshotSha256(String resource, String snapshot, int volume) {
    Object handle =
        cluster.locked(
            () -> {
              SnapshotDefinition snap =
                  cluster.requireDefinition(resource).snapshots().get(snapshot);
              if (snap == null || snap.backings().get(volume) == null) {
                throw new IllegalArgumentException(
                    "no data of snapshot " + snapshot + " of " + resource + " volume " + volume);
              }
              return snap.backings().get(volume);
            });
    return digest(handle);
  }

  private Object volumeHandle(String resource, int volume) {
    return cluster.locked(
        () -> {
          ResourceDefinition rd = cluster.requireDefinition(resource);
          VolumeDefinition vd = rd.volumeDefinitions().get(volume);
          if (vd == null || vd.backing() == null) {
            throw new IllegalArgumentException(
                "resource " + resource + " has no deployed volume " + volume);
          }
          return vd.backing();
        });
  }

  private String digest(Object handle) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long size = store().sizeBytes(handle);
    byte[] buffer = new byte[READ_CHUNK];
    for (long offset = 0; offset < size; offset += READ_CHUNK) {
      int n = (int) Math.min(READ_CHUNK, size - offset);
      byte[] chunk = n == READ_CHUNK ? buffer : new byte[n];
      store().read(handle, offset, chunk);
      sha.update(chunk);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private BlockStore store() {
    return cluster.store();
  }
}
