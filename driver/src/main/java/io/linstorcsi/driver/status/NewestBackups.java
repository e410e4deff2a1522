package io.linstorcsi.driver.status;

import io.linstorcsi.driver.status.BackupInventory.Backup;
import io.linstorcsi.linstor.model.ResourceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * For each volume of the cluster, its newest complete backup on any remote, and how old it is.
 * Shared by the rule (which warns) and the report (which lists), so both agree.
 */
final class NewestBackups {
  /**
   * @param newest null when the volume has no complete backup
   * @param age how long ago {@code newest} finished, null without one
   * @param everBackedUp whether any backup of the volume (complete, failed or running) is known
   */
  record VolumeBackup(String resource, Backup newest, Duration age, boolean everBackedUp) {}

  private NewestBackups() {}

  /** One entry per resource definition, in name order; empty when LINSTOR has no remote. */
  static List<VolumeBackup> of(ClusterSnapshot snapshot, Instant now) {
    BackupInventory inv = snapshot.backups();
    if (inv.remotes().isEmpty()) {
      return List.of();
    }
    Map<String, VolumeBackup> out = new LinkedHashMap<>();
    snapshot.definitions().stream()
        .map(ResourceDefinition::name)
        .sorted()
        .forEach(name -> out.put(name, volume(name, inv, now)));
    return List.copyOf(out.values());
  }

  private static VolumeBackup volume(String resource, BackupInventory inv, Instant now) {
    List<Backup> mine = inv.backups().stream().filter(b -> resource.equals(b.resource())).toList();
    Optional<Backup> newest =
        mine.stream()
            .filter(Backup::complete)
            .filter(b -> b.finishedMillis() != null)
            .max(Comparator.comparingLong(Backup::finishedMillis));
    boolean shipped =
        !mine.isEmpty() || inv.shipments().stream().anyMatch(s -> resource.equals(s.resource()));
    return new VolumeBackup(
        resource,
        newest.orElse(null),
        newest
            .map(b -> Duration.between(Instant.ofEpochMilli(b.finishedMillis()), now))
            .orElse(null),
        shipped);
  }

  /** Whether a complete backup of the same volume on the same remote finished after {@code b}. */
  static boolean superseded(Backup failed, BackupInventory inv) {
    long since = failed.startMillis() == null ? Long.MIN_VALUE : failed.startMillis();
    return inv.backups().stream()
        .anyMatch(
            b ->
                b.complete()
                    && b.remote().equals(failed.remote())
                    && b.resource() != null
                    && b.resource().equals(failed.resource())
                    && b.finishedMillis() != null
                    && b.finishedMillis() > since);
  }
}
