package io.linstorcsi.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * What a finished test must not leave behind: resource definitions, snapshots or the driver's
 * resource groups in LINSTOR, loop devices on the cluster's backing files, mounts below the
 * cluster's directory. And the clean-up by hand for when it did, so the next test starts from
 * nothing.
 */
final class LeakCheck {
  private LeakCheck() {}

  static List<String> leftovers(Cluster cluster) {
    List<String> out = new ArrayList<>();
    cluster.linstor().resourceDefinitions().forEach(rd -> out.add("resource definition " + rd));
    cluster.linstor().snapshots().forEach(s -> out.add("snapshot " + s));
    // the driver creates a group per StorageClass and removes it with the group's last volume
    cluster.linstor().resourceGroups().stream()
        .filter(rg -> !rg.equals(LinstorView.DEFAULT_GROUP))
        .forEach(rg -> out.add("resource group " + rg));
    Host.mountsUnder(cluster.dir()).forEach(m -> out.add("mount " + m));
    Host.loopsBackedBy(cluster.dir()).forEach(l -> out.add("loop device " + l));
    return out;
  }

  /** Unmounts (deepest first), deletes LINSTOR objects, detaches loop devices; best effort. */
  static void cleanUp(Cluster cluster) {
    for (var mount : Host.mountsUnder(cluster.dir())) {
      try {
        Host.run("umount", "--lazy", mount.toString());
      } catch (RuntimeException e) {
        // reported by the next leftovers() call
      }
    }
    try {
      cluster.linstor().deleteEverything();
    } catch (RuntimeException e) {
      // reported by the next leftovers() call
    }
    for (String loop : Host.loopsBackedBy(cluster.dir())) {
      try {
        Host.run("losetup", "--detach", loop.substring(0, loop.indexOf(' ')));
      } catch (RuntimeException e) {
        // reported by the next leftovers() call
      }
    }
  }
}
