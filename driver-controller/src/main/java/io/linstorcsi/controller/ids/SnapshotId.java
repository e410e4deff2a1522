package io.linstorcsi.controller.ids;

import io.linstorcsi.common.CsiError;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CSI snapshot id in the Go driver's URL form {@code <Type>://<remote>/<resource>/<snapshot>}
 * ({@code /<resource>/<volume number>/<snapshot>} for volume numbers other than 0), e.g. {@code
 * InCluster:///pvc-1/snapshot-2}. An id without a scheme is a legacy id that holds only the LINSTOR
 * snapshot name; its source must be looked up.
 */
public record SnapshotId(
    Type type, String remote, String sourceName, int volumeNumber, String snapshotName) {

  /** Where the snapshot lives. Only in-cluster snapshots are taken by this driver. */
  public enum Type {
    IN_CLUSTER("InCluster"),
    S3("S3"),
    LINSTOR("Linstor"),
    /** Legacy id without a scheme. */
    UNKNOWN("Unknown");

    private final String wire;

    Type(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Type fromScheme(String scheme) {
      for (Type t : values()) {
        if (t.wire.toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) {
          return t;
        }
      }
      throw CsiError.invalidArgument(
          "snapshot id has unknown type '" + scheme + "'; expected InCluster, S3 or Linstor");
    }
  }

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*):(.*)$");

  public SnapshotId {
    remote = remote == null ? "" : remote;
    sourceName = sourceName == null ? "" : sourceName;
  }

  /** An in-cluster snapshot of {@code source} named {@code snapshotName} in LINSTOR. */
  public static SnapshotId inCluster(VolumeId source, String snapshotName) {
    return new SnapshotId(
        Type.IN_CLUSTER, "", source.resourceName(), source.volumeNumber(), snapshotName);
  }

  /** The LINSTOR snapshot name for a CSI snapshot request name (Go driver rule). */
  public static String snapshotNameFor(String requestName) {
    return LinstorNames.compatible(requestName, "snapshot-");
  }

  public VolumeId source() {
    return new VolumeId(sourceName, volumeNumber);
  }

  /** Parses an id from a CSI request; malformed ids are INVALID_ARGUMENT. */
  public static SnapshotId parse(String id) {
    if (id == null || id.isEmpty()) {
      throw CsiError.invalidArgument("snapshot id must not be empty");
    }
    Matcher m = SCHEME.matcher(id);
    if (!m.matches()) {
      return new SnapshotId(Type.UNKNOWN, "", "", 0, id);
    }
    Type type = Type.fromScheme(m.group(1));
    String rest = m.group(2);
    if (!rest.startsWith("//")) {
      throw malformed(id);
    }
    rest = rest.substring(2);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw malformed(id);
    }
    String remote = rest.substring(0, slash);
    String[] parts = rest.substring(slash + 1).split("/", -1);
    return switch (parts.length) {
      case 2 -> new SnapshotId(type, remote, nonEmpty(parts[0], id), 0, nonEmpty(parts[1], id));
      case 3 -> {
        VolumeId source = VolumeId.parse(parts[0] + "/" + parts[1]);
        yield new SnapshotId(
            type, remote, source.resourceName(), source.volumeNumber(), nonEmpty(parts[2], id));
      }
      default -> throw malformed(id);
    };
  }

  private static String nonEmpty(String part, String id) {
    if (part.isEmpty()) {
      throw malformed(id);
    }
    return part;
  }

  private static CsiError malformed(String id) {
    return CsiError.invalidArgument(
        "snapshot id '"
            + id
            + "' must look like InCluster:///<resource>/<snapshot> (or a bare legacy snapshot"
            + " name)");
  }

  @Override
  public String toString() {
    if (type == Type.UNKNOWN) {
      return snapshotName;
    }
    return type.wire() + "://" + remote + "/" + source() + "/" + snapshotName;
  }
}
