package io.linstorcsi.e2e;

import java.nio.file.Path;

/** A volume kubelet has staged on a node (NodeStageVolume succeeded) at its global path. */
record Staged(Attachment attachment, Path stagingPath) {
  String node() {
    return attachment.node();
  }

  Pv pv() {
    return attachment.pv();
  }
}
