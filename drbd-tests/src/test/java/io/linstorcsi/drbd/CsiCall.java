package io.linstorcsi.drbd;

import io.linstorcsi.node.PublishContextKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One CSI Node call for {@link CsiNodeCli}, as kubelet would make it for a mounted ext4 volume. */
record CsiCall(String name, Map<String, String> args) {
  CsiCall {
    args = new LinkedHashMap<>(args);
  }

  static CsiCall probe() {
    return new CsiCall("probe", Map.of());
  }

  /**
   * The device path travels in the publish context, so the node needs no LINSTOR; so does the
   * controller's attach evidence for this node, without which a DRBD volume is not staged.
   */
  static CsiCall stage(Volume volume) {
    return new CsiCall(
        "stage",
        Map.of(
            "volume",
            volume.id(),
            "staging",
            volume.staging(),
            "fs",
            volume.fsType(),
            "ctx." + PublishContextKeys.DEVICE_PATH,
            volume.device(),
            "ctx." + PublishContextKeys.ATTACHED_NODE,
            volume.node()));
  }

  static CsiCall publish(Volume volume) {
    return new CsiCall(
        "publish",
        Map.of(
            "volume",
            volume.id(),
            "staging",
            volume.staging(),
            "target",
            volume.target(),
            "fs",
            volume.fsType(),
            "ctx." + PublishContextKeys.DEVICE_PATH,
            volume.device()));
  }

  static CsiCall unpublish(Volume volume) {
    return new CsiCall("unpublish", Map.of("volume", volume.id(), "target", volume.target()));
  }

  static CsiCall unstage(Volume volume) {
    return new CsiCall("unstage", Map.of("volume", volume.id(), "staging", volume.staging()));
  }

  static CsiCall stats(Volume volume) {
    return new CsiCall(
        "stats",
        Map.of("volume", volume.id(), "path", volume.target(), "staging", volume.staging()));
  }

  List<String> argv() {
    List<String> argv = new ArrayList<>(List.of(name));
    args.forEach((k, v) -> argv.add(k + "=" + v));
    return argv;
  }
}
