package io.linstorcsi.e2e;

import java.util.Map;

/** A VolumeAttachment that external-attacher completed: the PV on a node, with its context. */
record Attachment(Pv pv, String node, String nodeId, Map<String, String> publishContext) {
  Attachment {
    publishContext = Map.copyOf(publishContext);
  }
}
