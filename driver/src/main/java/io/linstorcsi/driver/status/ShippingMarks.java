package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.model.Snapshot;
import io.linstorcsi.linstor.model.SnapshotNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a local snapshot's shipments stand, from what LINSTOR writes on it. LINSTOR 1.33 and later
 * keep one status per remote in the snapshot definition's {@code
 * BackupShipping/Source/<remote>/ShippingStatus}; older ones set the flags SHIPPING, SHIPPED and
 * SHIPPING_ABORT (linstor-server core/objects/SnapshotDefinition.java) and name the remote in the
 * snapshot's {@code BackupShipping/BackupTargetRemote}
 * (InternalApiConsts.KEY_BACKUP_TARGET_REMOTE).
 */
final class ShippingMarks {
  static final String SOURCE_PREFIX = "BackupShipping/Source/";
  static final String STATUS_SUFFIX = "/ShippingStatus";
  static final String TARGET_REMOTE_KEY = "BackupTargetRemote";

  enum State {
    RUNNING,
    COMPLETE,
    FAILED
  }

  private ShippingMarks() {}

  /** Each remote the snapshot was shipped (or is being shipped) to, and how far it got. */
  static Map<String, State> of(Snapshot s) {
    Map<String, State> out = new LinkedHashMap<>();
    s.snapshotDefinitionProps()
        .forEach(
            (key, value) -> {
              if (key.startsWith(SOURCE_PREFIX) && key.endsWith(STATUS_SUFFIX)) {
                String remote =
                    key.substring(SOURCE_PREFIX.length(), key.length() - STATUS_SUFFIX.length());
                if (!remote.isEmpty() && !remote.contains("/") && value != null) {
                  out.put(remote, status(value));
                }
              }
            });
    if (!out.isEmpty()) {
      return out;
    }
    State fromFlags = fromFlags(s.flags());
    String remote = targetRemote(s);
    if (fromFlags != null && remote != null) {
      out.put(remote, fromFlags);
    }
    return out;
  }

  private static State status(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (v.equals("success")) {
      return State.COMPLETE;
    }
    return v.contains("fail") || v.contains("abort") ? State.FAILED : State.RUNNING;
  }

  private static State fromFlags(List<String> flags) {
    if (flags.contains("SHIPPING_ABORT")) {
      return State.FAILED;
    }
    if (flags.contains("SHIPPED")) {
      return State.COMPLETE;
    }
    return flags.contains("SHIPPING") ? State.RUNNING : null;
  }

  /** The remote named in any of the snapshot's property maps, or null. */
  private static String targetRemote(Snapshot s) {
    String found = find(s.props());
    if (found == null) {
      found = find(s.snapshotDefinitionProps());
    }
    for (SnapshotNode n : s.snapshots()) {
      if (found == null) {
        found = find(n.snapshotProps());
      }
    }
    return found;
  }

  private static String find(Map<String, String> props) {
    for (Map.Entry<String, String> e : props.entrySet()) {
      if (e.getKey().endsWith("/" + TARGET_REMOTE_KEY)) {
        return e.getValue();
      }
    }
    return null;
  }
}
