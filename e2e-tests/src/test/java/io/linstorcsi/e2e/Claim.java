package io.linstorcsi.e2e;

import csi.v1.VolumeContentSource;
import java.util.UUID;

/**
 * A PersistentVolumeClaim as the provisioner sees it.
 *
 * @param pvName the PV name the provisioner derives from the claim's UID, {@code pvc-<uid>}
 * @param block {@code volumeMode: Block}
 * @param selectedNode the scheduler's choice for WaitForFirstConsumer, else null
 * @param source a snapshot or volume to copy, else null
 */
record Claim(
    String pvName,
    long bytes,
    AccessMode access,
    boolean block,
    String selectedNode,
    VolumeContentSource source) {

  static Claim filesystem(long bytes) {
    return new Claim(newPvName(), bytes, AccessMode.READ_WRITE_ONCE, false, null, null);
  }

  static Claim block(long bytes) {
    return new Claim(newPvName(), bytes, AccessMode.READ_WRITE_ONCE, true, null, null);
  }

  static String newPvName() {
    return "pvc-" + UUID.randomUUID();
  }

  Claim access(AccessMode mode) {
    return new Claim(pvName, bytes, mode, block, selectedNode, source);
  }

  /** The scheduler placed the claim's first pod on this node. */
  Claim scheduledOn(String node) {
    return new Claim(pvName, bytes, access, block, node, source);
  }

  Claim from(VolumeContentSource content) {
    return new Claim(pvName, bytes, access, block, selectedNode, content);
  }

  String claimName() {
    return "data-" + pvName.substring(4, 12);
  }
}
