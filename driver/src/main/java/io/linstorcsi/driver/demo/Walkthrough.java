package io.linstorcsi.driver.demo;

import csi.v1.CapacityRange;
import csi.v1.ControllerExpandVolumeRequest;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerUnpublishVolumeRequest;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateVolumeRequest;
import csi.v1.DeleteSnapshotRequest;
import csi.v1.DeleteVolumeRequest;
import csi.v1.NodeExpandVolumeRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetInfoResponse;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.TopologyRequirement;
import csi.v1.Volume;
import csi.v1.VolumeCapability;
import csi.v1.VolumeContentSource;
import csi.v1.VolumeUsage;
import io.grpc.ManagedChannel;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The user's path to "a Pod that runs on LINSTOR persistent storage", driven over the CSI socket in
 * the order external-provisioner, external-attacher, kubelet, external-resizer and
 * external-snapshotter call the driver. Every step acts for real; nothing is simulated but the
 * Kubernetes objects themselves, which are printed.
 */
final class Walkthrough {
  static final long GIB = 1L << 30;

  /**
   * Settings of one run.
   *
   * @param backup where the optional backup step ships to; null leaves the step out
   */
  record Settings(
      String podNode,
      long sizeBytes,
      long expandedBytes,
      String fsType,
      int writes,
      S3Target backup) {}

  private final Narrator say;
  private final ControllerGrpc.ControllerBlockingStub controller;
  private final NodeGrpc.NodeBlockingStub node;
  private final LinstorClient linstor;
  private final Path kubelet;
  private final Settings settings;

  /** What teardown must undo, newest last, so a failure midway still cleans up. */
  private final List<UndoStep> undo = new ArrayList<>();

  private final java.util.Set<String> deleteRegistered = new java.util.HashSet<>();

  @FunctionalInterface
  interface Undo {
    void run() throws Exception;
  }

  /** An undo step and the volume (or snapshot) it belongs to. */
  private record UndoStep(String id, Undo action) {}

  Walkthrough(
      Narrator say,
      ManagedChannel channel,
      LinstorClient linstor,
      Path kubelet,
      Settings settings) {
    this.say = say;
    this.controller = ControllerGrpc.newBlockingStub(channel);
    this.node = NodeGrpc.newBlockingStub(channel);
    this.linstor = linstor;
    this.kubelet = kubelet;
    this.settings = settings;
  }

  private ControllerGrpc.ControllerBlockingStub controller() {
    return controller.withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  private NodeGrpc.NodeBlockingStub node() {
    return node.withDeadlineAfter(2, TimeUnit.MINUTES);
  }

  Map<String, String> storageClassParameters() {
    return Map.of(
        "linstor.csi.linbit.com/placementCount", "2",
        "linstor.csi.linbit.com/storagePool", "sp1",
        "csi.storage.k8s.io/fstype", settings.fsType());
  }

  void run() throws Exception {
    say.step(
        "StorageClass 'linstor-sp1' (WaitForFirstConsumer) and a 5Gi ReadWriteOnce claim",
        () -> {
          say.raw(
              """
              apiVersion: storage.k8s.io/v1
              kind: StorageClass
              metadata: {name: linstor-sp1}
              provisioner: linstor.csi.linbit.com
              allowVolumeExpansion: true
              reclaimPolicy: Delete
              volumeBindingMode: WaitForFirstConsumer
              parameters:
                linstor.csi.linbit.com/placementCount: "2"
                linstor.csi.linbit.com/storagePool: "sp1"
                csi.storage.k8s.io/fstype: %s
              ---
              kind: PersistentVolumeClaim
              metadata: {name: data}
              spec: {accessModes: [ReadWriteOnce], storageClassName: linstor-sp1, resources: {requests: {storage: %s}}}
              """
                  .formatted(settings.fsType(), human(settings.sizeBytes())));
          return null;
        });

    NodeGetInfoResponse info =
        say.step(
            "Scheduler places the pod on " + settings.podNode() + " (NodeGetInfo: its topology)",
            () -> {
              NodeGetInfoResponse r = node().nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());
              say.say(
                  "node id %s, topology %s",
                  r.getNodeId(), r.getAccessibleTopology().getSegmentsMap());
              return r;
            });

    String pvName = "pvc-" + UUID.randomUUID();
    Volume volume =
        say.step(
            "external-provisioner: CreateVolume " + pvName + " preferring " + settings.podNode(),
            () -> {
              deleteOnTeardown(pvName);
              Volume v =
                  controller()
                      .createVolume(
                          CreateVolumeRequest.newBuilder()
                              .setName(pvName)
                              .setCapacityRange(
                                  CapacityRange.newBuilder().setRequiredBytes(settings.sizeBytes()))
                              .addVolumeCapabilities(mountCapability())
                              .putAllParameters(storageClassParameters())
                              .setAccessibilityRequirements(
                                  TopologyRequirement.newBuilder()
                                      .addRequisite(info.getAccessibleTopology())
                                      .addPreferred(info.getAccessibleTopology()))
                              .build())
                      .getVolume();
              deleteOnTeardown(v.getVolumeId());
              say.say(
                  "volume %s, %s, accessible from %d topology segment(s)",
                  v.getVolumeId(), human(v.getCapacityBytes()), v.getAccessibleTopologyCount());
              return v;
            });

    Mounted data = attachAndMount(volume, "app");

    Path outfile = data.target().resolve("outfile.txt");
    say.step(
        "The app writes: " + settings.writes() + " x `date >> /data/outfile.txt`",
        () -> {
          for (int i = 0; i < settings.writes(); i++) {
            appendDate(outfile);
            Thread.sleep(200);
          }
          say.say("tail /data/outfile.txt:");
          say.raw(tail(outfile, 5));
          return null;
        });

    say.step(
        "linstor resource list (two replicas; in use where the pod runs)",
        () -> {
          say.raw(
              ResourceTable.render(
                  linstor.resources().view(ListFilter.all().resources(volume.getVolumeId()))));
          return null;
        });

    say.step(
        "external-resizer + kubelet: expand to " + human(settings.expandedBytes()) + " online",
        () -> {
          var grown =
              controller()
                  .controllerExpandVolume(
                      ControllerExpandVolumeRequest.newBuilder()
                          .setVolumeId(volume.getVolumeId())
                          .setCapacityRange(
                              CapacityRange.newBuilder().setRequiredBytes(settings.expandedBytes()))
                          .setVolumeCapability(mountCapability())
                          .build());
          if (grown.getNodeExpansionRequired()) {
            growFilesystem(data);
          }
          say.say("file system now %s", human(totalBytes(volume.getVolumeId(), data.target())));
          say.say("data still there: %d lines", Files.readAllLines(outfile).size());
          return null;
        });

    String expected = Files.readString(outfile);
    String snapshotId =
        say.step(
            "external-snapshotter: CreateSnapshot of the running volume",
            () -> {
              var snap =
                  controller()
                      .createSnapshot(
                          CreateSnapshotRequest.newBuilder()
                              .setSourceVolumeId(volume.getVolumeId())
                              .setName("snapshot-" + UUID.randomUUID())
                              .build())
                      .getSnapshot();
              undo.add(
                  new UndoStep(snap.getSnapshotId(), () -> deleteSnapshot(snap.getSnapshotId())));
              say.say(
                  "snapshot %s, %s, ready to use: %s",
                  snap.getSnapshotId(), human(snap.getSizeBytes()), snap.getReadyToUse());
              return snap.getSnapshotId();
            });

    verifyCopy(
        "restore the snapshot into a new claim",
        VolumeContentSource.newBuilder()
            .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshotId))
            .build(),
        info,
        expected);
    verifyCopy(
        "clone the volume into a new claim",
        VolumeContentSource.newBuilder()
            .setVolume(
                VolumeContentSource.VolumeSource.newBuilder().setVolumeId(volume.getVolumeId()))
            .build(),
        info,
        expected);

    if (settings.backup() != null) {
      String backupId =
          new BackupStep(this, settings.backup()).backUp(volume.getVolumeId(), expected);
      verifyCopy(
          "restore the S3 backup into a new claim (LINSTOR downloads it first)",
          VolumeContentSource.newBuilder()
              .setSnapshot(VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(backupId))
              .build(),
          info,
          expected);
    }
  }

  /** Creates a volume from {@code source}, mounts it on the pod's node and compares the data. */
  private void verifyCopy(
      String what, VolumeContentSource source, NodeGetInfoResponse info, String expected)
      throws Exception {
    String name = "pvc-" + UUID.randomUUID();
    Volume copy =
        say.step(
            "external-provisioner: " + what + " (" + name + ")",
            () -> {
              deleteOnTeardown(name);
              Volume v =
                  controller()
                      .createVolume(
                          CreateVolumeRequest.newBuilder()
                              .setName(name)
                              .setCapacityRange(
                                  CapacityRange.newBuilder()
                                      .setRequiredBytes(settings.expandedBytes()))
                              .addVolumeCapabilities(mountCapability())
                              .putAllParameters(storageClassParameters())
                              .setVolumeContentSource(source)
                              .setAccessibilityRequirements(
                                  TopologyRequirement.newBuilder()
                                      .addRequisite(info.getAccessibleTopology())
                                      .addPreferred(info.getAccessibleTopology()))
                              .build())
                      .getVolume();
              deleteOnTeardown(v.getVolumeId());
              say.say("volume %s, %s", v.getVolumeId(), human(v.getCapacityBytes()));
              return v;
            });
    Mounted mounted = attachAndMount(copy, "check");
    say.step(
        "a second pod reads /data/outfile.txt of the copy",
        () -> {
          String actual = Files.readString(mounted.target().resolve("outfile.txt"));
          if (!actual.equals(expected)) {
            throw new IllegalStateException(
                "the copy holds different data:\n" + actual + "\nexpected:\n" + expected);
          }
          say.say("identical: %d lines, %d bytes", actual.lines().count(), actual.length());
          return null;
        });
  }

  /** Paths kubelet uses for one volume of one pod. */
  record Mounted(
      String volumeId,
      Path staging,
      Path target,
      Map<String, String> publishContext,
      Map<String, String> volumeContext) {}

  private Mounted attachAndMount(Volume volume, String podName) throws Exception {
    String id = volume.getVolumeId();
    Map<String, String> publishContext =
        say.step(
            "external-attacher: ControllerPublishVolume " + id + " on " + settings.podNode(),
            () -> {
              var r =
                  controller()
                      .controllerPublishVolume(
                          ControllerPublishVolumeRequest.newBuilder()
                              .setVolumeId(id)
                              .setNodeId(settings.podNode())
                              .setVolumeCapability(mountCapability())
                              .putAllVolumeContext(volume.getVolumeContextMap())
                              .build());
              undo.add(new UndoStep(id, () -> unpublish(id)));
              say.say("publish context %s", r.getPublishContextMap());
              return r.getPublishContextMap();
            });
    Path staging =
        kubelet.resolve("plugins/kubernetes.io/csi/linstor.csi.linbit.com/" + id + "/globalmount");
    Path target =
        kubelet.resolve(
            "pods/"
                + podName
                + "-"
                + UUID.randomUUID()
                + "/volumes/kubernetes.io~csi/"
                + id
                + "/mount");
    Mounted mounted =
        new Mounted(id, staging, target, publishContext, volume.getVolumeContextMap());
    say.step(
        "kubelet: NodeStageVolume (format if blank, mount at the global mount)",
        () -> {
          Files.createDirectories(staging);
          node().nodeStageVolume(stageRequest(mounted));
          undo.add(new UndoStep(id, () -> unstage(id, staging)));
          say.say("staged at %s", staging);
          return null;
        });
    say.step(
        "kubelet: NodePublishVolume (bind mount into the pod as /data)",
        () -> {
          Files.createDirectories(target.getParent());
          node().nodePublishVolume(publishRequest(mounted));
          undo.add(new UndoStep(id, () -> unpublishFromPod(id, target)));
          say.say("pod sees it at %s", target);
          return null;
        });
    return mounted;
  }

  /**
   * kubelet's NodeExpandVolume while the pod runs. Growing a mounted ext4 needs CAP_SYS_RESOURCE,
   * which some machines (containers, micro-VMs) withhold even from root; there the walkthrough does
   * what Kubernetes does for offline expansion: the pod restarts, and staging grows the filesystem.
   */
  private void growFilesystem(Mounted data) throws Exception {
    try {
      node()
          .nodeExpandVolume(
              NodeExpandVolumeRequest.newBuilder()
                  .setVolumeId(data.volumeId())
                  .setVolumePath(data.target().toString())
                  .setStagingTargetPath(data.staging().toString())
                  .setVolumeCapability(mountCapability())
                  .setCapacityRange(
                      CapacityRange.newBuilder().setRequiredBytes(settings.expandedBytes()))
                  .build());
      say.say("grown online while the pod kept running");
    } catch (io.grpc.StatusRuntimeException e) {
      String why = String.valueOf(e.getStatus().getDescription());
      if (!why.contains("CAP_SYS_RESOURCE")) {
        throw e;
      }
      say.say("online growth refused here: this machine withholds CAP_SYS_RESOURCE from root;");
      say.say("restarting the pod instead (offline expansion: unpublish, unstage, stage, publish)");
      unpublishFromPod(data.volumeId(), data.target());
      unstage(data.volumeId(), data.staging());
      node().nodeStageVolume(stageRequest(data));
      node().nodePublishVolume(publishRequest(data));
    }
  }

  private NodeStageVolumeRequest stageRequest(Mounted m) {
    return NodeStageVolumeRequest.newBuilder()
        .setVolumeId(m.volumeId())
        .putAllPublishContext(m.publishContext())
        .setStagingTargetPath(m.staging().toString())
        .setVolumeCapability(mountCapability())
        .putAllVolumeContext(m.volumeContext())
        .build();
  }

  private NodePublishVolumeRequest publishRequest(Mounted m) {
    return NodePublishVolumeRequest.newBuilder()
        .setVolumeId(m.volumeId())
        .putAllPublishContext(m.publishContext())
        .setStagingTargetPath(m.staging().toString())
        .setTargetPath(m.target().toString())
        .setVolumeCapability(mountCapability())
        .putAllVolumeContext(m.volumeContext())
        .build();
  }

  /**
   * Deletes the volume at teardown. Registered before CreateVolume is sent, under the requested
   * name (the driver derives the volume id from it), because a CreateVolume that fails midway may
   * already have made the resource in LINSTOR; DeleteVolume of a volume that does not exist answers
   * OK (CSI spec), so registering too early costs nothing. Registered once per id.
   */
  private void deleteOnTeardown(String volumeId) {
    if (deleteRegistered.add(volumeId)) {
      undo.add(new UndoStep(volumeId, () -> deleteVolume(volumeId)));
    }
  }

  /** Undoes everything this run created, newest first; reports but survives failures. */
  void teardown() {
    for (int i = undo.size() - 1; i >= 0; i--) {
      try {
        undo.get(i).action().run();
      } catch (Exception e) {
        say.say("cleanup step failed: %s", e.getMessage());
      }
    }
    undo.clear();
  }

  /**
   * Takes one volume (or snapshot) down now, as teardown would: its steps newest first, then
   * forgotten. Failures propagate: a step of the walkthrough does this, not the clean-up.
   */
  void takeDown(String id) throws Exception {
    for (int i = undo.size() - 1; i >= 0; i--) {
      if (undo.get(i).id().equals(id)) {
        undo.remove(i).action().run();
      }
    }
  }

  /** Registers a teardown step for {@code id} (a snapshot the backup step took). */
  void onTeardown(String id, Undo action) {
    undo.add(new UndoStep(id, action));
  }

  ControllerGrpc.ControllerBlockingStub controllerStub() {
    return controller();
  }

  LinstorClient linstor() {
    return linstor;
  }

  Narrator narrator() {
    return say;
  }

  boolean hasWorkToUndo() {
    return !undo.isEmpty();
  }

  private void unpublishFromPod(String id, Path target) {
    node()
        .nodeUnpublishVolume(
            NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId(id)
                .setTargetPath(target.toString())
                .build());
    say.say("NodeUnpublishVolume %s", id);
  }

  private void unstage(String id, Path staging) {
    node()
        .nodeUnstageVolume(
            NodeUnstageVolumeRequest.newBuilder()
                .setVolumeId(id)
                .setStagingTargetPath(staging.toString())
                .build());
    say.say("NodeUnstageVolume %s", id);
  }

  private void unpublish(String id) {
    controller()
        .controllerUnpublishVolume(
            ControllerUnpublishVolumeRequest.newBuilder()
                .setVolumeId(id)
                .setNodeId(settings.podNode())
                .build());
    say.say("ControllerUnpublishVolume %s from %s", id, settings.podNode());
  }

  private void deleteSnapshot(String id) {
    controller().deleteSnapshot(DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build());
    say.say("DeleteSnapshot %s", id);
  }

  private void deleteVolume(String id) {
    controller().deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(id).build());
    say.say("DeleteVolume %s", id);
  }

  private long totalBytes(String id, Path target) {
    var stats =
        node()
            .nodeGetVolumeStats(
                NodeGetVolumeStatsRequest.newBuilder()
                    .setVolumeId(id)
                    .setVolumePath(target.toString())
                    .build());
    return stats.getUsageList().stream()
        .filter(u -> u.getUnit() == VolumeUsage.Unit.BYTES)
        .mapToLong(VolumeUsage::getTotal)
        .findFirst()
        .orElse(-1);
  }

  private VolumeCapability mountCapability() {
    return VolumeCapability.newBuilder()
        .setMount(VolumeCapability.MountVolume.newBuilder().setFsType(settings.fsType()))
        .setAccessMode(
            VolumeCapability.AccessMode.newBuilder()
                .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
        .build();
  }

  /** Runs the real {@code date} and appends its line durably, as a database would. */
  private static void appendDate(Path file) throws Exception {
    Process date = new ProcessBuilder("date").redirectErrorStream(true).start();
    byte[] line = date.getInputStream().readAllBytes();
    if (date.waitFor() != 0) {
      throw new IllegalStateException("date failed: " + new String(line, StandardCharsets.UTF_8));
    }
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(line));
      channel.force(true);
    }
  }

  private static String tail(Path file, int lines) throws Exception {
    List<String> all = Files.readAllLines(file);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  static String human(long bytes) {
    if (bytes % GIB == 0) {
      return bytes / GIB + "Gi";
    }
    return String.format("%.2fGi", bytes / (double) GIB);
  }
}
