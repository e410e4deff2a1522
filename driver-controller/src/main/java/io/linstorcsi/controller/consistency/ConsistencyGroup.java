package io.linstorcsi.controller.consistency;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.NameUuid;

/**
 * A consistency group: the claims of one namespace that carry the same {@value #LABEL} value. The
 * group key is (namespace, value), so groups of the same name in two namespaces never share data.
 */
public record ConsistencyGroup(String namespace, String name) {
  /** The claim label that puts a claim into a group (Go driver pkg/linstor/const.go). */
  public static final String LABEL = "linstor.csi.linbit.com/consistency-group";

  /**
   * On the group's resource definition: {@code <namespace>/<group>}, for people reading LINSTOR.
   */
  public static final String DEFINITION_PROP = "Aux/" + LABEL;

  /**
   * On each volume definition of a group: the CSI volume (PV) name of the member it belongs to. A
   * volume definition without it is no member (Go driver PropertyCSIVolumeName).
   */
  public static final String MEMBER_PROP = "Aux/csi-volume-name";

  public ConsistencyGroup {
    if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
      throw CsiError.invalidArgument(
          "a consistency group needs the claim's namespace and a non-empty " + LABEL + " label");
    }
  }

  /**
   * The shared resource definition: {@code cg-} and a SHA-1 name UUID of {@code namespace/group},
   * as the Go driver derives it (pkg/volume/volume.go ConsistencyGroupResourceName), so a group
   * made by either driver is found by the other.
   */
  public String resourceName() {
    return "cg-" + NameUuid.of("linstor.csi.linbit.com", namespace + "/" + name);
  }

  /**
   * Whether a resource definition of this name may hold a group: every group's definition is named
   * {@code cg-<uuid>} (by either driver), so any other name is an ordinary volume for certain.
   */
  public static boolean mayHoldGroup(String resourceName) {
    return resourceName.regionMatches(true, 0, "cg-", 0, 3);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
