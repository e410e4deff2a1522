package io.linstorcsi.e2e;

import java.nio.file.Path;

/**
 * A volume kubelet has published for one pod (NodePublishVolume succeeded): a directory for a file
 * system, a device file for a block volume.
 */
record Published(Staged staged, String podUid, Path target) {
  String node() {
    return staged.node();
  }

  Pv pv() {
    return staged.pv();
  }
}
