package io.linstorcsi.node;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.drbd.Drbd;
import io.linstorcsi.node.exec.CommandRunner;
import io.linstorcsi.node.host.BlockDevices;
import io.linstorcsi.node.host.DeviceContent;
import io.linstorcsi.node.host.DeviceNumber;
import io.linstorcsi.node.host.Ext4Check;
import io.linstorcsi.node.host.Ext4Superblock;
import io.linstorcsi.node.host.Formatter;
import io.linstorcsi.node.host.FsType;
import io.linstorcsi.node.host.MountInfo;
import io.linstorcsi.node.host.Mounter;
import io.linstorcsi.node.host.Resizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodeStageVolume and NodeUnstageVolume: the device made ready on this node (DRBD usable,
 * filesystem created when blank, mounted at the staging path) and taken down again.
 */
final class Stager {
  private static final Logger log = LoggerFactory.getLogger(Stager.class);

  private final DeviceResolver devices;
  private final Mounter mounter;
  private final Formatter formatter;
  private final Drbd drbd;
  private final CommandRunner runner;
  private final Duration drbdWait;
  private final Resizer resizer;
  private final String nodeName;
  private final Ext4Check ext4Check;

  Stager(
      String nodeName,
      DeviceResolver devices,
      Mounter mounter,
      Formatter formatter,
      Drbd drbd,
      CommandRunner runner,
      Resizer resizer,
      Duration drbdWait) {
    this.nodeName = nodeName;
    this.ext4Check = new Ext4Check(runner, nodeName);
    this.resizer = resizer;
    this.devices = devices;
    this.mounter = mounter;
    this.formatter = formatter;
    this.drbd = drbd;
    this.runner = runner;
    this.drbdWait = drbdWait;
  }

  void stage(
      String volumeId,
      Path staging,
      Access access,
      VolumeOptions options,
      Map<String, String> publishContext)
      throws InterruptedException {
    DeviceResolver.Device device = devices.resolve(volumeId, publishContext);
    if (access instanceof Access.Mount mount && alreadyStaged(device, mount, staging)) {
      // a repeat (kubelet restarted) must not wait on DRBD: the volume is in use as it is
      log.info("{}: already staged at {}", volumeId, staging);
      return;
    }
    if (device.number().isDrbd() && drbd.active()) {
      AttachEvidence.require(
          volumeId, nodeName, publishContext, drbd.unconnectedPeer(device.number().minor()));
      // before waiting and probing: a Secondary cannot even read its device while a peer is
      // Primary, and the peer's name is what the operator needs
      drbd.requireNoPrimaryPeer(device.number().minor());
      drbd.awaitUsable(device.number().minor(), drbdWait);
      drbd.promoteForUse(device.number().minor());
    }
    switch (access) {
      case Access.Block block ->
          log.info("{}: block device {} ready, nothing to stage", volumeId, device.path());
      case Access.Mount mount -> stageFilesystem(volumeId, staging, device, mount, options);
    }
  }

  private void stageFilesystem(
      String volumeId,
      Path staging,
      DeviceResolver.Device device,
      Access.Mount mount,
      VolumeOptions options) {
    // stage() found nothing mounted there, and the in-flight guard keeps other calls away
    ensureDirectory(staging);
    // read once for this call: the blank check, offline ext4 growth and xfs growth all need it
    long deviceBytes = BlockDevices.sizeBytes(device.number());
    DeviceContent content = formatter.probe(device.path(), deviceBytes);
    switch (content) {
      case DeviceContent.Blank blank -> {
        log.info("{}: {} is blank, creating {}", volumeId, device.path(), mount.fsType());
        formatter.format(device.path(), mount.fsType(), options.fsOpts());
      }
      case DeviceContent.Filesystem fs when fs.type().equals(mount.fsType().id()) -> {
        // CSI: staging must keep the data; an existing filesystem of the right type is used as is,
        // grown first when the volume was expanded while it was not staged (offline expansion).
        if (mount.fsType() == FsType.EXT4) {
          prepareExt4(volumeId, device, deviceBytes, mount);
        }
      }
      default ->
          throw CsiError.failedPrecondition(
              "device "
                  + device.path()
                  + " holds "
                  + content.describe()
                  + " but "
                  + mount.fsType()
                  + " was requested; refusing to format a device that is not blank");
    }
    mounter.mount(device.path(), staging, mount.fsType(), mountOptions(mount, options));
    try {
      if (mount.fsType() == FsType.XFS
          && !mount.readerOnly()
          && content instanceof DeviceContent.Filesystem
          && resizer.growMountedXfsIfSmaller(deviceBytes, staging)) {
        log.info("{}: grew the xfs filesystem on {} to its device size", volumeId, device.path());
      }
      postMount(volumeId, staging, mount.fsType(), options);
    } catch (RuntimeException e) {
      // leave nothing half-done behind: the retry must run the post-mount step again
      mounter.unmountAll(staging);
      throw e;
    }
    log.info("{}: staged {} ({}) at {}", volumeId, device.path(), mount.fsType(), staging);
  }

  /**
   * An existing ext4 is checked when its superblock records errors (a mount would go ahead and
   * leave the damage to the application), and grown when smaller than its device. A read-only stage
   * changes nothing on the device: it is mounted as it is.
   */
  private void prepareExt4(
      String volumeId, DeviceResolver.Device device, long deviceBytes, Access.Mount mount) {
    Ext4Superblock superblock = superblock(device);
    if (superblock.recordsErrors()) {
      if (mount.readerOnly()) {
        log.warn(
            "{}: the ext4 file system on {} records errors; mounting it read-only unchecked",
            volumeId,
            device.path());
        return;
      }
      ext4Check.repair(volumeId, device.path());
      superblock = superblock(device);
    }
    if (resizer.growUnmountedExt4(device.path(), superblock, deviceBytes)) {
      log.info("{}: grew the ext4 filesystem on {} to its device size", volumeId, device.path());
    }
  }

  private static Ext4Superblock superblock(DeviceResolver.Device device) {
    try {
      return Ext4Superblock.read(device.path())
          .orElseThrow(
              () ->
                  CsiError.failedPrecondition(
                      "device " + device.path() + " lost its ext4 superblock while being staged"));
    } catch (IOException e) {
      throw CsiError.internal("cannot read the superblock of " + device.path() + ": " + e, e);
    }
  }

  /** True when the right filesystem is mounted there; a wrong one is ALREADY_EXISTS. */
  private boolean alreadyStaged(DeviceResolver.Device device, Access.Mount mount, Path staging) {
    Optional<MountInfo> existing = mounter.table().at(staging);
    existing.ifPresent(m -> requireSame(m, device, mount.fsType(), staging));
    return existing.isPresent();
  }

  private static List<String> mountOptions(Access.Mount mount, VolumeOptions options) {
    List<String> all = new ArrayList<>(options.mountOpts());
    all.addAll(mount.mountFlags());
    if (mount.fsType() == FsType.XFS && !all.contains("nouuid")) {
      // a volume restored from a snapshot has its origin's UUID; xfs refuses the twin without this
      all.add("nouuid");
    }
    if (mount.readerOnly() && !all.contains("ro")) {
      all.add("ro");
    }
    return all;
  }

  private void postMount(String volumeId, Path staging, FsType type, VolumeOptions options) {
    if (options.postMountXfsOpts().isEmpty()) {
      return;
    }
    if (type != FsType.XFS) {
      log.warn("{}: postMountXfsOpts given for a {} volume; ignored", volumeId, type);
      return;
    }
    runner.run("xfs_io", "-c", options.postMountXfsOpts().get(), staging.toString());
  }

  private static void requireSame(
      MountInfo existing, DeviceResolver.Device device, FsType type, Path staging) {
    boolean same =
        existing.device().equals(device.number())
            && "/".equals(existing.root())
            && existing.fsType().equals(type.id());
    if (!same) {
      throw CsiError.alreadyExists(
          "staging path "
              + staging
              + " already has "
              + existing.describe()
              + " mounted, not "
              + device.path()
              + " ("
              + type
              + "); unstage it first");
    }
  }

  private static void ensureDirectory(Path path) {
    try {
      Files.createDirectories(path);
    } catch (IOException e) {
      throw CsiError.internal("cannot create directory " + path + ": " + e, e);
    }
  }

  /**
   * Unmounts the staging path (idempotent: nothing mounted is success) and demotes the DRBD
   * resource. The staging directory stays: kubelet created it and removes it.
   */
  void unstage(String volumeId, Path staging) {
    List<MountInfo> stacked = mounter.table().stackedAt(staging);
    Optional<DeviceNumber> mounted =
        stacked.isEmpty() || !"/".equals(stacked.getLast().root())
            ? Optional.empty()
            : Optional.of(stacked.getLast().device());
    mounter.unmount(staging, stacked);
    log.info("{}: unstaged from {}", volumeId, staging);
    if (!drbd.active()) {
      return;
    }
    String resource =
        mounted
            .filter(DeviceNumber::isDrbd)
            .flatMap(n -> drbd.byMinor(n.minor()))
            .map(r -> r.name())
            .orElse(Requests.resourceName(volumeId));
    drbd.demote(
        resource,
        minor -> !mounter.table().of(new DeviceNumber(DeviceNumber.DRBD_MAJOR, minor)).isEmpty());
  }
}
