package io.linstorcsi.node.host;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.exec.CommandFailedException;
import io.linstorcsi.node.exec.CommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Read-only loop devices over a volume's block device, one per read-only block publish.
 *
 * <p>A read-only bind mount of a device node does not stop writes: the kernel honours a mount's
 * read-only flag when a regular file is opened for writing, not a device node. A loop device made
 * with {@code --read-only} is refused writes by the block layer itself, while the volume's own
 * device stays writable for the other publishes on this node ({@code blockdev --setro} on the
 * volume's device would stop those too). device-mapper would offer the same with stable names, but
 * needs the dm module, which not every node loads.
 *
 * <p>Crash safety: the publish writes the loop device's name into the target file before binding
 * over it, and unpublish reads it back after unmounting, so a loop device made by a publish is
 * found again at every point a crash can interrupt; one made but not yet recorded is reused by the
 * retry, as no mount refers to it.
 */
public final class ReadOnlyLoops {
  private static final Path SYS_BLOCK = Path.of("/sys/block");
  private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");
  private static final String RECORD_PREFIX = "linstor-csi read-only loop ";

  private final CommandRunner runner;
  private final MountTable mounts;

  public ReadOnlyLoops(CommandRunner runner, MountTable mounts) {
    this.runner = runner;
    this.mounts = mounts;
  }

  /** A loop device as sysfs shows it. */
  private record Loop(String name, boolean readOnly, Optional<DeviceNumber> backing) {
    Path path() {
      return Path.of("/dev").resolve(name);
    }
  }

  /**
   * A read-only loop device over {@code device}, recorded in the (unmounted) {@code target} file:
   * one that no mount refers to (left by an interrupted publish) or else a new one.
   */
  public Path attach(Path device, DeviceNumber number, Path target) {
    Set<String> bound = boundNames();
    Optional<Path> unbound =
        loops().stream()
            .filter(l -> l.readOnly() && l.backing().equals(Optional.of(number)))
            .filter(l -> !bound.contains(l.name()))
            .map(Loop::path)
            .findFirst();
    Path loop = unbound.orElseGet(() -> create(device));
    try {
      Files.writeString(target, RECORD_PREFIX + loop + " " + number + "\n");
    } catch (IOException e) {
      throw CsiError.internal("cannot record " + loop + " in " + target + ": " + e, e);
    }
    return loop;
  }

  private Path create(Path device) {
    try {
      return Path.of(
          runner
              .run(
                  "losetup",
                  "--find",
                  "--show",
                  "--read-only",
                  // no second page cache of the volume's data in the loop device
                  "--direct-io=on",
                  device.toString())
              .stdout()
              .strip());
    } catch (CommandFailedException e) {
      if (e.stderr().contains("Wrong medium type")) {
        // DRBD refuses even a read-only open of a Secondary while a peer is Primary (seen in the
        // recorded DRBD 9 tests); the volume is in use read-write on another node
        throw CsiError.failedPrecondition(
            device
                + " cannot be opened read-only on this node while another node writes to it ("
                + e.stderr().strip()
                + "); stop the writer or publish there");
      }
      throw CsiError.unavailable(
          "cannot make a read-only loop device over "
              + device
              + " ("
              + e.stderr().strip()
              + "); retry later",
          e);
    }
  }

  /** The device a read-only loop device reads from; empty when {@code number} is no such loop. */
  public Optional<DeviceNumber> readOnlyBackingOf(DeviceNumber number) {
    Path sys = SYS_DEV_BLOCK.resolve(number.toString());
    if (!Files.exists(sys.resolve("loop/backing_file"))) {
      return Optional.empty();
    }
    Loop loop = loopAt(sys, BlockDevices.devicePath(number).getFileName().toString());
    return loop.readOnly() ? loop.backing() : Optional.empty();
  }

  /**
   * Lets a read-only loop device take the size its backing device has now: a loop device keeps the
   * size it was made with, so a volume grown while published read-only would not grow for the pod.
   * Does nothing for any other device.
   */
  public void followBackingSize(DeviceNumber number) {
    if (readOnlyBackingOf(number).isPresent()) {
      runner.run("losetup", "--set-capacity", BlockDevices.devicePath(number).toString());
    }
  }

  /**
   * Detaches the loop device recorded in the unmounted {@code target} file, if it is still the
   * read-only loop over the recorded device and no mount refers to it; anything else is left alone.
   */
  public void detachRecorded(Path target) {
    Optional<String[]> recorded = record(target);
    if (recorded.isEmpty()) {
      return;
    }
    Path loop = Path.of(recorded.get()[0]);
    DeviceNumber backing = DeviceNumber.parse(recorded.get()[1]);
    String name = loop.getFileName().toString();
    boolean ours =
        loops().stream()
            .anyMatch(
                l ->
                    l.name().equals(name)
                        && l.readOnly()
                        && l.backing().equals(Optional.of(backing)));
    if (!ours || boundNames().contains(name)) {
      return;
    }
    try {
      runner.run("losetup", "--detach", loop.toString());
    } catch (CommandFailedException e) {
      if (!e.stderr().contains("No such device")) {
        throw e;
      }
      // detached meanwhile: what was asked for is done
    }
  }

  private static Optional<String[]> record(Path target) {
    try {
      if (!Files.isRegularFile(target) || Files.size(target) > 256) {
        return Optional.empty();
      }
      String text = Files.readString(target, StandardCharsets.UTF_8).strip();
      if (!text.startsWith(RECORD_PREFIX)) {
        return Optional.empty();
      }
      String[] fields = text.substring(RECORD_PREFIX.length()).split(" ");
      return fields.length == 2 ? Optional.of(fields) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw CsiError.internal("cannot read " + target + ": " + e, e);
    }
  }

  /** Names of the device nodes bound somewhere: a bind of {@code /dev/loop7} has root "/loop7". */
  private Set<String> boundNames() {
    return mounts.all().stream()
        .map(MountInfo::root)
        .filter(root -> root.startsWith("/loop"))
        .map(root -> root.substring(1))
        .collect(Collectors.toSet());
  }

  private static List<Loop> loops() {
    List<Loop> found = new ArrayList<>();
    try (Stream<Path> blocks = Files.list(SYS_BLOCK)) {
      for (Path sys : blocks.toList()) {
        String name = sys.getFileName().toString();
        if (name.startsWith("loop") && Files.exists(sys.resolve("loop/backing_file"))) {
          found.add(loopAt(sys, name));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + SYS_BLOCK + ": " + e, e);
    }
    return found;
  }

  private static Loop loopAt(Path sys, String name) {
    try {
      boolean readOnly = Files.readString(sys.resolve("ro")).strip().equals("1");
      String backing = Files.readString(sys.resolve("loop/backing_file")).strip();
      return new Loop(name, readOnly, BlockDevices.numberOf(Path.of(backing)));
    } catch (NoSuchFileException e) {
      return new Loop(name, false, Optional.empty()); // detached while being read
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + sys + ": " + e, e);
    }
  }
}
