package io.linstorcsi.controller.groupsnapshots;

import io.linstorcsi.linstor.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The snapshot definition properties that make a LINSTOR snapshot a member of a group. */
public final class GroupProps {
  /** The group's id (its LINSTOR snapshot name), on every member's snapshot definition. */
  public static final String GROUP = "Aux/csi-volume-group-snapshot";

  /**
   * The volume numbers of the definition the CO asked for, comma separated ("0" for an ordinary
   * volume), so Get reports exactly the requested members.
   */
  public static final String VOLUMES = "Aux/csi-volume-group-snapshot-volumes";

  private GroupProps() {}

  static Map<String, String> of(String groupId, List<Integer> volumeNumbers) {
    List<String> numbers = volumeNumbers.stream().map(String::valueOf).toList();
    return Map.of(GROUP, groupId, VOLUMES, String.join(",", numbers));
  }

  /**
   * The group whose members share this one LINSTOR snapshot (a consistency group's volumes are
   * snapshotted together as one resource definition), or empty when the snapshot backs a single
   * member. Deleting such a snapshot for one member would delete the others' data too.
   */
  public static Optional<String> sharingGroup(Snapshot s) {
    String group = groupOf(s);
    return group != null && volumesOf(s).size() > 1 ? Optional.of(group) : Optional.empty();
  }

  /** The group a snapshot belongs to, or null. */
  static String groupOf(Snapshot s) {
    return prop(s, GROUP);
  }

  /** The requested volume numbers of a member; volume 0 when the property is absent. */
  static List<Integer> volumesOf(Snapshot s) {
    String raw = prop(s, VOLUMES);
    List<Integer> out = new ArrayList<>();
    if (raw == null || raw.isBlank()) {
      out.add(0);
      return out;
    }
    for (String part : raw.split(",")) {
      try {
        out.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        // a hand-edited property; the volume it meant is unknowable, skip it
      }
    }
    return out;
  }

  /**
   * Newer LINSTOR reports a snapshot definition's own properties in {@code
   * snapshot_definition_props}; older ones only in {@code props}.
   */
  private static String prop(Snapshot s, String key) {
    String v = s.snapshotDefinitionProps().get(key);
    return v != null ? v : s.props().get(key);
  }
}
