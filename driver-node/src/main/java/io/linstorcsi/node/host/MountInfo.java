package io.linstorcsi.node.host;

import java.nio.file.Path;
import java.util.List;

/**
 * One line of {@code /proc/self/mountinfo}: what is mounted where, from which device, with which
 * per-mount options. {@code root} is the path inside the source filesystem that was mounted: "/"
 * for a whole filesystem, the device's name (e.g. "/loop0") for a bind-mounted device node.
 */
public record MountInfo(
    int mountId,
    int parentId,
    DeviceNumber device,
    String root,
    Path mountPoint,
    List<String> options,
    String fsType,
    String source,
    List<String> superOptions) {

  public MountInfo {
    options = List.copyOf(options);
    superOptions = List.copyOf(superOptions);
  }

  public boolean readOnly() {
    return options.contains("ro");
  }

  public String describe() {
    return source
        + ("/".equals(root) ? "" : "[" + root + "]")
        + " ("
        + fsType
        + ", "
        + (readOnly() ? "ro" : "rw")
        + ") on "
        + mountPoint;
  }
}
