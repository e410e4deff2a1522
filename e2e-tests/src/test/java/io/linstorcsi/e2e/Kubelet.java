package io.linstorcsi.e2e;

import csi.v1.CapacityRange;
import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeExpandVolumeResponse;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * kubelet on one node: the paths it chooses, the directories it creates before and removes after
 * each call, and the Node calls it makes for a pod's volume.
 *
 * <p>File system volumes are staged at {@code plugins/kubernetes.io/csi/<driver>/<sha256(volume
 * handle)>/globalmount} and published at {@code pods/<uid>/volumes/kubernetes.io~csi/<pv>/mount};
 * block volumes are staged at {@code plugins/kubernetes.io/csi/volumeDevices/staging/<pv>} and
 * published as the file {@code plugins/kubernetes.io/csi/volumeDevices/publish/<pv>/<uid>}.
 */
final class Kubelet {
  private final Cluster cluster;
  private final String node;
  private final Path root;
  private final Undo undo;

  Kubelet(Cluster cluster, String node, Undo undo) {
    this.cluster = cluster;
    this.node = node;
    this.root = cluster.kubeletRoot(node);
    this.undo = undo;
  }

  String node() {
    return node;
  }

  // ------------------------------------------------------------------ paths

  Path stagingPath(Pv pv) {
    Path csi = root.resolve("plugins/kubernetes.io/csi");
    if (pv.block()) {
      return csi.resolve("volumeDevices/staging").resolve(pv.name());
    }
    return csi.resolve(Cluster.DRIVER_NAME).resolve(sha256(pv.id())).resolve("globalmount");
  }

  Path targetPath(Pv pv, String podUid) {
    if (pv.block()) {
      return root.resolve("plugins/kubernetes.io/csi/volumeDevices/publish")
          .resolve(pv.name())
          .resolve(podUid);
    }
    return root.resolve("pods")
        .resolve(podUid)
        .resolve("volumes/kubernetes.io~csi")
        .resolve(pv.name())
        .resolve("mount");
  }

  // ------------------------------------------------------------------ calls

  /** NodeStageVolume; kubelet creates the staging directory first. */
  Staged stage(Attachment a) {
    Path staging = stagingPath(a.pv());
    mkdirs(staging);
    cluster.node(node).nodeStageVolume(stageRequest(a, staging));
    return accept(a, staging);
  }

  NodeStageVolumeRequest stageRequest(Attachment a, Path staging) {
    return NodeStageVolumeRequest.newBuilder()
        .setVolumeId(a.pv().id())
        .putAllPublishContext(a.publishContext())
        .setStagingTargetPath(staging.toString())
        .setVolumeCapability(a.pv().capability())
        .putAllVolumeContext(a.pv().volume().getVolumeContextMap())
        .build();
  }

  Staged accept(Attachment a, Path staging) {
    Staged s = new Staged(a, staging);
    undo.register(s, "NodeUnstageVolume " + a.pv().id() + " on " + node, () -> unstage(s));
    return s;
  }

  /** NodePublishVolume for a new pod; kubelet creates the target's parent directory first. */
  Published publish(Staged s) {
    return publish(s, UUID.randomUUID().toString());
  }

  Published publish(Staged s, String podUid) {
    Path target = targetPath(s.pv(), podUid);
    mkdirs(target.getParent());
    cluster.node(node).nodePublishVolume(publishRequest(s, target));
    Published p = new Published(s, podUid, target);
    undo.register(p, "NodeUnpublishVolume " + s.pv().id() + " at " + target, () -> unpublish(p));
    return p;
  }

  NodePublishVolumeRequest publishRequest(Staged s, Path target) {
    return NodePublishVolumeRequest.newBuilder()
        .setVolumeId(s.pv().id())
        .putAllPublishContext(s.attachment().publishContext())
        .setStagingTargetPath(s.stagingPath().toString())
        .setTargetPath(target.toString())
        .setVolumeCapability(s.pv().capability())
        .setReadonly(false)
        .putAllVolumeContext(s.pv().volume().getVolumeContextMap())
        .build();
  }

  /** NodeUnpublishVolume; then kubelet removes the pod's volume directory. */
  void unpublish(Published p) {
    cluster
        .node(node)
        .nodeUnpublishVolume(
            NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId(p.pv().id())
                .setTargetPath(p.target().toString())
                .build());
    undo.forget(p);
    removeUnmounted(p.target());
    if (!p.pv().block() || isEmptyDirectory(p.target().getParent())) {
      // a block volume's publish directory holds one target per pod: it goes with the last pod
      removeUnmounted(p.target().getParent());
    }
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** NodeUnstageVolume; then kubelet removes the staging directory and its parent. */
  void unstage(Staged s) {
    cluster
        .node(node)
        .nodeUnstageVolume(
            NodeUnstageVolumeRequest.newBuilder()
                .setVolumeId(s.pv().id())
                .setStagingTargetPath(s.stagingPath().toString())
                .build());
    undo.forget(s);
    removeUnmounted(s.stagingPath());
    if (!s.pv().block()) {
      removeUnmounted(s.stagingPath().getParent());
    }
  }

  /**
   * NodePublishVolume with {@code readOnly: true} in the pod's volume (or a ReadOnlyMany claim).
   */
  Published publishReadOnly(Staged s) {
    String podUid = UUID.randomUUID().toString();
    Path target = targetPath(s.pv(), podUid);
    mkdirs(target.getParent());
    cluster
        .node(node)
        .nodePublishVolume(publishRequest(s, target).toBuilder().setReadonly(true).build());
    Published p = new Published(s, podUid, target);
    undo.register(p, "NodeUnpublishVolume " + s.pv().id() + " at " + target, () -> unpublish(p));
    return p;
  }

  /** NodeGetVolumeStats, which kubelet calls periodically for every published volume. */
  NodeGetVolumeStatsResponse stats(Published p) {
    return cluster
        .node(node)
        .nodeGetVolumeStats(
            NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId(p.pv().id())
                .setVolumePath(p.target().toString())
                .setStagingTargetPath(p.staged().stagingPath().toString())
                .build());
  }

  /** NodeExpandVolume after the resizer grew the volume, for a published volume. */
  NodeExpandVolumeResponse expand(Published p, long bytes) {
    return cluster
        .node(node)
        .nodeExpandVolume(
            NodeExpandVolumeRequest.newBuilder()
                .setVolumeId(p.pv().id())
                .setVolumePath(p.target().toString())
                .setStagingTargetPath(p.staged().stagingPath().toString())
                .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(bytes))
                .setVolumeCapability(p.pv().capability())
                .build());
  }

  // ------------------------------------------------------------------ directories

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like kubelet: removes a leftover empty directory or file, never anything mounted. */
  private static void removeUnmounted(Path path) {
    if (Host.isMountPoint(path)) {
      throw new IllegalStateException(path + " is still mounted after the driver said it was not");
    }
    try {
      Files.deleteIfExists(path);
    } catch (DirectoryNotEmptyException e) {
      throw new IllegalStateException(path + " is not empty after the driver took it down", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
