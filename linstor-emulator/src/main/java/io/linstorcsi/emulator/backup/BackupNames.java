package io.linstorcsi.emulator.backup;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 object names of backups, as linstor-server builds and parses them
 * (server/.../backupshipping/S3MetafileNameInfo.java, S3VolumeNameInfo.java, BackupConsts.java):
 * the metadata object {@code <rsc>_back_<yyyyMMdd_HHmmss>[<suffix>][^<snap>].meta} and one object
 * per volume {@code <rsc>_<vlmNr:5>_back_<yyyyMMdd_HHmmss>[<suffix>][^<snap>]}; the snapshot part
 * is left out when the snapshot is named like the backup id.
 */
public final class BackupNames {
  public static final String PREFIX = "back_";
  public static final String META_SUFFIX = ".meta";
  public static final DateTimeFormatter DATE_FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

  private static final Pattern META =
      Pattern.compile(
          "^(?<rsc>[a-zA-Z0-9_-]{2,48})_(?<id>back_[0-9]{8}_[0-9]{6})"
              + "(?:|(?<suffix>:?.+?))(?<snap>\\^.*)?\\.meta$");
  private static final Pattern VOLUME =
      Pattern.compile(
          "^(?<rsc>[a-zA-Z0-9_-]{2,48})(?<layer>\\..+)?_(?<vlm>[0-9]{5})_(?<id>back_[0-9]{8}_[0-9]{6})"
              + "(?<suffix>:?.+?)?(?<snap>\\^.*)?$");

  private BackupNames() {}

  /** A parsed metadata object name; {@link #id()} is the backup id REST reports. */
  public record Meta(String resource, String backupId, String snapshot) {
    public String id() {
      return resource + "_" + backupId + (snapshot.equals(backupId) ? "" : "^" + snapshot);
    }

    public String key() {
      return id() + META_SUFFIX;
    }

    public String volumeKey(int volume) {
      return String.format("%s_%05d_%s", resource, volume, backupId)
          + (snapshot.equals(backupId) ? "" : "^" + snapshot);
    }

    public LocalDateTime time() {
      return LocalDateTime.parse(backupId.substring(PREFIX.length()), DATE_FORMAT);
    }
  }

  /** A parsed volume object name. */
  public record Volume(String resource, int volume, String backupId, String snapshot) {}

  /** The names of a backup of {@code snapshot} started at {@code startMillis}. */
  public static Meta of(String resource, String snapshot, long startMillis) {
    return new Meta(resource, backupId(startMillis), snapshot);
  }

  /**
   * {@code back_yyyyMMdd_HHmmss} of a time (linstor-server BackupShippingUtils.generateBackupName).
   */
  public static String backupId(long millis) {
    LocalDateTime time =
        LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault());
    return PREFIX + DATE_FORMAT.format(time);
  }

  public static long millisOf(LocalDateTime time) {
    return time.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
  }

  public static String format(long millis) {
    return DATE_FORMAT.format(
        LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault()));
  }

  /** The metadata object this key names, or null when it is not one. */
  public static Meta parseMeta(String key) {
    Matcher m = META.matcher(key);
    if (!m.matches()) {
      return null;
    }
    return new Meta(m.group("rsc"), m.group("id"), snapshotOf(m.group("snap"), m.group("id")));
  }

  /** The volume object this key names, or null when it is not one. */
  public static Volume parseVolume(String key) {
    Matcher m = VOLUME.matcher(key);
    if (!m.matches() || key.endsWith(META_SUFFIX)) {
      return null;
    }
    return new Volume(
        m.group("rsc"),
        Integer.parseInt(m.group("vlm")),
        m.group("id"),
        snapshotOf(m.group("snap"), m.group("id")));
  }

  private static String snapshotOf(String raw, String backupId) {
    String snap = raw == null ? "" : raw.startsWith("^") ? raw.substring(1) : raw;
    return snap.isEmpty() ? backupId : snap;
  }
}
