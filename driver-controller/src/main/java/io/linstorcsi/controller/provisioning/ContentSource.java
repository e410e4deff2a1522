package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.ids.VolumeId;

/** What a new volume starts with. */
public sealed interface ContentSource {
  /** An empty volume. */
  record Empty() implements ContentSource {}

  /** A copy of a snapshot's data. */
  record FromSnapshot(SnapshotId snapshot) implements ContentSource {}

  /** A copy of another volume's current data. */
  record FromVolume(VolumeId volume) implements ContentSource {}
}
