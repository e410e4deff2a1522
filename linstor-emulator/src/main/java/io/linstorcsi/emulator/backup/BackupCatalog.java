package io.linstorcsi.emulator.backup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a bucket holds, read from S3 alone (so backups of other clusters appear): each LINSTOR
 * backup by id with its metadata and volume objects, and every other key. Follows linstor-server's
 * listing (controller/.../backup/CtrlBackupApiCallHandler.java getBackupFromMetadata): a backup
 * whose metadata names a volume object missing from the bucket is not restorable.
 */
public final class BackupCatalog {

  /** One backup in the bucket. */
  public record Entry(
      BackupNames.Meta name, BackupMeta meta, List<String> volumeKeys, boolean restorable) {
    public String id() {
      return name.id();
    }

    /** The id of the backup this one builds on, null for a full backup. */
    public String basedOnId() {
      String based = meta.basedOn();
      if (based == null || based.isEmpty()) {
        return null;
      }
      return based.endsWith(BackupNames.META_SUFFIX)
          ? based.substring(0, based.length() - BackupNames.META_SUFFIX.length())
          : based;
    }
  }

  /** Volume objects of a backup whose metadata object is missing (still uploading, or failed). */
  public record Partial(BackupNames.Meta name, Map<Integer, String> volumeKeys) {}

  private final Map<String, Entry> backups;
  private final Map<String, Partial> partials;
  private final List<String> otherKeys;
  private final Map<String, Long> sizes;

  private BackupCatalog(
      Map<String, Entry> backups,
      Map<String, Partial> partials,
      List<String> otherKeys,
      Map<String, Long> sizes) {
    this.backups = backups;
    this.partials = partials;
    this.otherKeys = otherKeys;
    this.sizes = sizes;
  }

  /** The size in bytes of an object of the bucket, 0 when absent. */
  public long size(String key) {
    return sizes.getOrDefault(key, 0L);
  }

  public static BackupCatalog read(S3Store store) {
    Map<String, Long> sizes = store.listSizes();
    List<String> keys = List.copyOf(sizes.keySet());
    Set<String> present = new HashSet<>(keys);
    Set<String> used = new HashSet<>();
    Map<String, Entry> backups = new TreeMap<>();
    for (String key : keys) {
      BackupNames.Meta name = BackupNames.parseMeta(key);
      if (name == null) {
        continue;
      }
      BackupMeta meta;
      try {
        meta = BackupMeta.parse(store.get(key));
      } catch (IOException | S3Failure e) {
        continue; // unreadable metadata: listed among the other keys, as linstor-server skips it
      }
      List<String> volumeKeys = new ArrayList<>();
      boolean restorable = meta.backups() != null && !meta.backups().isEmpty();
      if (meta.backups() != null) {
        for (List<BackupMeta.VolumeObject> objects : meta.backups().values()) {
          for (BackupMeta.VolumeObject object : objects) {
            volumeKeys.add(object.name());
            restorable &= present.contains(object.name());
          }
        }
      }
      used.add(key);
      used.addAll(volumeKeys);
      backups.put(name.id(), new Entry(name, meta, List.copyOf(volumeKeys), restorable));
    }
    Map<String, Partial> partials = new TreeMap<>();
    List<String> other = new ArrayList<>();
    for (String key : keys) {
      if (used.contains(key)) {
        continue;
      }
      BackupNames.Volume v = BackupNames.parseVolume(key);
      if (v == null) {
        other.add(key);
        continue;
      }
      BackupNames.Meta name = new BackupNames.Meta(v.resource(), v.backupId(), v.snapshot());
      partials
          .computeIfAbsent(name.id(), id -> new Partial(name, new TreeMap<>()))
          .volumeKeys()
          .put(v.volume(), key);
    }
    other.sort(null);
    return new BackupCatalog(backups, partials, other, sizes);
  }

  public Map<String, Partial> partials() {
    return partials;
  }

  public Map<String, Entry> backups() {
    return backups;
  }

  public List<String> otherKeys() {
    return otherKeys;
  }

  public Entry get(String id) {
    return backups.get(id);
  }

  /** The backups whose metadata names {@code id} as their base. */
  public List<Entry> dependents(String id) {
    return backups.values().stream().filter(e -> id.equals(e.basedOnId())).toList();
  }

  /**
   * The chain a restore of {@code id} needs, the full backup first; null when a link is missing.
   */
  public List<Entry> chain(String id) {
    List<Entry> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Entry e = backups.get(id);
        e != null;
        e = e.basedOnId() == null ? null : backups.get(e.basedOnId())) {
      if (!seen.add(e.id())) {
        return null;
      }
      chain.add(0, e);
      if (e.basedOnId() == null) {
        return chain;
      }
    }
    return null;
  }

  /** The newest restorable backup of a resource (optionally of a snapshot name), or null. */
  public Entry latest(String resource, String snapshot) {
    Entry best = null;
    for (Entry e : backups.values()) {
      boolean matches =
          e.name().resource().equals(resource)
              && (snapshot == null || snapshot.isEmpty() || e.name().snapshot().equals(snapshot));
      if (matches
          && e.restorable()
          && (best == null || e.meta().startTimestamp() > best.meta().startTimestamp())) {
        best = e;
      }
    }
    return best;
  }
}
