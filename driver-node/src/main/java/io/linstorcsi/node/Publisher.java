package io.linstorcsi.node;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.host.BlockDevices;
import io.linstorcsi.node.host.DeviceNumber;
import io.linstorcsi.node.host.MountInfo;
import io.linstorcsi.node.host.MountTable;
import io.linstorcsi.node.host.Mounter;
import io.linstorcsi.node.host.ReadOnlyLoops;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NodePublishVolume and NodeUnpublishVolume: the staged filesystem (or the device itself, for block
 * access) bind-mounted at the pod's target path, read-only when asked, and removed again. A
 * read-only block publish binds a read-only loop device over the volume's device instead, as a
 * read-only bind of a device node still lets writes through ({@link ReadOnlyLoops}).
 */
final class Publisher {
  private static final Logger log = LoggerFactory.getLogger(Publisher.class);

  private final DeviceResolver devices;
  private final Mounter mounter;
  private final ReadOnlyLoops readOnlyLoops;

  Publisher(DeviceResolver devices, Mounter mounter, ReadOnlyLoops readOnlyLoops) {
    this.devices = devices;
    this.mounter = mounter;
    this.readOnlyLoops = readOnlyLoops;
  }

  void publishFilesystem(String volumeId, Path staging, Path target, boolean readOnly) {
    List<MountInfo> table = mounter.table().mountedAt(Set.of(staging, target)); // one read
    MountInfo staged =
        MountTable.at(table, staging)
            .orElseThrow(
                () ->
                    CsiError.failedPrecondition(
                        "volume "
                            + volumeId
                            + " is not staged at "
                            + staging
                            + "; NodeStageVolume must succeed first"));
    Optional<MountInfo> existing = MountTable.at(table, target);
    if (existing.isPresent()) {
      MountInfo m = existing.get();
      boolean same = m.device().equals(staged.device()) && m.root().equals(staged.root());
      requireSame(same && m.readOnly() == readOnly, m, target, staging + " bind", readOnly);
      return;
    }
    createDirectory(target);
    bind(staging, target, readOnly);
    log.info("{}: published {} at {}{}", volumeId, staging, target, readOnly ? " (ro)" : "");
  }

  void publishBlock(
      String volumeId, Map<String, String> publishContext, Path target, boolean readOnly)
      throws InterruptedException {
    DeviceResolver.Device device = devices.resolve(volumeId, publishContext);
    Optional<MountInfo> existing = mounter.table().at(target);
    if (existing.isPresent()) {
      Optional<DeviceNumber> there = BlockDevices.numberOf(target);
      Optional<DeviceNumber> volumeThere =
          readOnly ? there.flatMap(readOnlyLoops::readOnlyBackingOf) : there;
      boolean same = volumeThere.isPresent() && volumeThere.get().equals(device.number());
      requireSame(
          same && existing.get().readOnly() == readOnly,
          existing.get(),
          target,
          device.path().toString(),
          readOnly);
      return;
    }
    createFile(target);
    Path source =
        readOnly ? readOnlyLoops.attach(device.path(), device.number(), target) : device.path();
    bind(source, target, readOnly);
    log.info(
        "{}: published {} at {}{}",
        volumeId,
        device.path(),
        target,
        readOnly ? " (ro, through " + source + ")" : "");
  }

  /**
   * Unmounts and removes what publish created. CSI spec, NodeUnpublishVolume: the target path may
   * be gone already, which is success.
   */
  void unpublish(String volumeId, Path target) {
    mounter.unmountAll(target);
    readOnlyLoops.detachRecorded(target);
    try {
      Files.deleteIfExists(target);
    } catch (DirectoryNotEmptyException e) {
      throw CsiError.failedPrecondition(
          "target path "
              + target
              + " is no longer mounted but holds files; they were written to the node's own disk"
              + " and are left for inspection");
    } catch (IOException e) {
      throw CsiError.internal("cannot remove target path " + target + ": " + e, e);
    }
    log.info("{}: unpublished {}", volumeId, target);
  }

  private void bind(Path source, Path target, boolean readOnly) {
    mounter.bind(source, target);
    if (readOnly) {
      try {
        mounter.remountBindReadOnly(target);
      } catch (RuntimeException e) {
        // never leave a writable mount behind where a read-only one was asked for
        mounter.unmountAll(target);
        throw e;
      }
    }
  }

  private static void requireSame(
      boolean same, MountInfo existing, Path target, String wanted, boolean readOnly) {
    if (!same) {
      throw CsiError.alreadyExists(
          "target path "
              + target
              + " already has "
              + existing.describe()
              + " mounted, not "
              + wanted
              + (readOnly ? " (ro)" : " (rw)")
              + "; unpublish it first");
    }
  }

  private static void createDirectory(Path target) {
    try {
      Files.createDirectories(target);
    } catch (FileAlreadyExistsException e) {
      throw CsiError.failedPrecondition(
          "target path " + target + " exists and is no directory; a filesystem needs a directory");
    } catch (IOException e) {
      throw CsiError.internal("cannot create target directory " + target + ": " + e, e);
    }
  }

  /** Kubelet makes the parent; a block volume is bound onto a plain file there. */
  private static void createFile(Path target) {
    try {
      if (Files.isDirectory(target)) {
        throw CsiError.failedPrecondition(
            "target path " + target + " is a directory; a block volume needs a file");
      }
      Files.createDirectories(target.getParent());
      if (!Files.exists(target)) {
        Files.createFile(target);
      }
    } catch (IOException e) {
      throw CsiError.internal("cannot create target file " + target + ": " + e, e);
    }
  }
}
