package io.linstorcsi.controller.consistency;

import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.VolumeDefinition;
import java.util.Map;
import java.util.TreeMap;

/**
 * The members of a consistency group as its resource definition records them: volume definitions
 * that carry {@link ConsistencyGroup#MEMBER_PROP}. An ordinary volume has none.
 */
public final class Members {
  private Members() {}

  /** Volume number to CSI volume name, sorted by number; empty for an ordinary volume. */
  public static Map<Integer, String> of(ResourceDefinition rd) {
    Map<Integer, String> out = new TreeMap<>();
    if (rd.volumeDefinitions() == null) {
      return out;
    }
    for (VolumeDefinition vd : rd.volumeDefinitions()) {
      String member = vd.props() == null ? null : vd.props().get(ConsistencyGroup.MEMBER_PROP);
      if (vd.volumeNumber() != null && member != null && !member.isEmpty()) {
        out.put(vd.volumeNumber(), member);
      }
    }
    return out;
  }

  /** Whether any member other than volume {@code number} remains. */
  public static boolean othersThan(ResourceDefinition rd, int number) {
    return of(rd).keySet().stream().anyMatch(n -> n != number);
  }
}
