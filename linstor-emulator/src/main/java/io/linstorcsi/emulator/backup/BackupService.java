package io.linstorcsi.emulator.backup;

import io.linstorcsi.emulator.state.Names;
import java.util.Map;

/** The controller's remotes, the running shipments and the S3 access they share. */
public final class BackupService implements AutoCloseable {
  private final Map<String, Remote> remotes = Names.map();
  private final S3Faults s3Faults = new S3Faults();
  private final Shipments shipments = new Shipments();
  private final java.util.Set<String> deleteWhenIdle =
      new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  /** Remotes by name (case-insensitive); guarded by the cluster lock. */
  public Map<String, Remote> remotes() {
    return remotes;
  }

  public S3Faults s3Faults() {
    return s3Faults;
  }

  public Shipments shipments() {
    return shipments;
  }

  /** The remote goes once its running shipments end (guarded by the cluster lock). */
  public void markForDeletion(String remote) {
    deleteWhenIdle.add(remote);
  }

  /** Removes marked remotes that no shipment uses any more; call holding the cluster lock. */
  public void dropIdleMarkedRemotes() {
    for (String name : java.util.List.copyOf(deleteWhenIdle)) {
      boolean busy = shipments.running().stream().anyMatch(s -> s.remote().equalsIgnoreCase(name));
      if (!busy) {
        remotes.remove(name);
        deleteWhenIdle.remove(name);
      }
    }
  }

  /** A client for the remote's bucket; close it after use. */
  public S3Store store(Remote.S3 remote) {
    return new S3Store(remote, s3Faults);
  }

  @Override
  public void close() {
    shipments.close();
  }
}
