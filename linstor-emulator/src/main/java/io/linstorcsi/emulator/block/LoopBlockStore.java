package io.linstorcsi.emulator.block;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sparse files under a directory, one per volume, and one loop device per node that has the volume
 * (diskless replicas too: they stand for DRBD's remote access). Every node's device reads and
 * writes the same file, so data written on one node is there on every other, as with replicated
 * DRBD. Snapshots, restores and clones are sparse (or reflinked) copies of the file.
 *
 * <p>The block layer caches per device: after writing through one node's device, unmount or flush
 * it before reading through another's, as a real DRBD user would demote before the peer promotes.
 */
public final class LoopBlockStore implements BlockStore {
  private static final Logger LOG = LoggerFactory.getLogger(LoopBlockStore.class);

  /** A volume's file and the loop device each node has on it. */
  private static final class VolumeFile {
    final Path file;
    final Map<String, String> loops = new LinkedHashMap<>();
    long allocatedKib = -1;
    long allocatedStamp;

    VolumeFile(Path file) {
      this.file = file;
    }
  }

  private record SnapshotFile(Path file) {}

  private final Path dir;
  private final Set<VolumeFile> volumes = ConcurrentHashMap.newKeySet();
  private final Set<SnapshotFile> snapshots = ConcurrentHashMap.newKeySet();

  public LoopBlockStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create backing directory " + dir, e);
    }
  }

  @Override
  public boolean real() {
    return true;
  }

  @Override
  public Object create(String resource, int volume, long sizeKib) {
    Path file = unique(resource + "_" + volume, ".img");
    setLength(file, sizeKib);
    VolumeFile v = new VolumeFile(file);
    volumes.add(v);
    return v;
  }

  @Override
  public Object copyOf(Object source, String resource, int volume, long sizeKib) {
    Path from =
        switch (source) {
          case SnapshotFile s -> s.file();
          case VolumeFile v -> {
            flush(v);
            yield v.file;
          }
          default -> throw new IllegalArgumentException("not a loop store handle: " + source);
        };
    Path file = unique(resource + "_" + volume, ".img");
    copy(from, file);
    setLength(file, sizeKib);
    VolumeFile v = new VolumeFile(file);
    volumes.add(v);
    return v;
  }

  @Override
  public String attach(Object volumeHandle, String node) {
    VolumeFile v = (VolumeFile) volumeHandle;
    synchronized (v) {
      String existing = v.loops.get(node);
      if (existing != null) {
        return existing;
      }
      String device;
      try {
        device = Commands.run("losetup", "--find", "--show", v.file.toString()).trim();
      } catch (HostToolException e) {
        detachUnrecorded(v);
        throw e.onNode(node);
      }
      v.loops.put(node, device);
      LOG.debug("attached {} for {} as {}", v.file, node, device);
      return device;
    }
  }

  /**
   * After a failed attach, losetup may still have attached the file without the caller learning the
   * device: detach every loop device on the file that no node has on record, so nothing leaks.
   */
  private static void detachUnrecorded(VolumeFile v) {
    try {
      for (String line : Commands.run("losetup", "--associated", v.file.toString()).split("\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && !v.loops.containsValue(line.substring(0, colon))) {
          Commands.run("losetup", "--detach", line.substring(0, colon));
        }
      }
    } catch (HostToolException e) {
      LOG.warn("could not check {} for unrecorded loop devices: {}", v.file, e.getMessage());
    }
  }

  @Override
  public void detach(Object volumeHandle, String node) {
    VolumeFile v = (VolumeFile) volumeHandle;
    synchronized (v) {
      String device = v.loops.remove(node);
      if (device != null) {
        detachDevice(device);
      }
    }
  }

  @Override
  public void resize(Object volumeHandle, long sizeKib) {
    VolumeFile v = (VolumeFile) volumeHandle;
    synchronized (v) {
      setLength(v.file, sizeKib);
      for (String device : v.loops.values()) {
        Commands.run("losetup", "--set-capacity", device);
      }
    }
  }

  @Override
  public void delete(Object volumeHandle) {
    VolumeFile v = (VolumeFile) volumeHandle;
    synchronized (v) {
      for (String device : new ArrayList<>(v.loops.values())) {
        detachDevice(device);
      }
      v.loops.clear();
      deleteFile(v.file);
    }
    volumes.remove(v);
  }

  @Override
  public Object snapshot(Object volumeHandle, String resource, String snapshot, int volume) {
    VolumeFile v = (VolumeFile) volumeHandle;
    flush(v);
    Path file = unique(resource + "_" + volume + "@" + snapshot, ".snap");
    copy(v.file, file);
    SnapshotFile s = new SnapshotFile(file);
    snapshots.add(s);
    return s;
  }

  @Override
  public void deleteSnapshot(Object snapshotHandle) {
    SnapshotFile s = (SnapshotFile) snapshotHandle;
    deleteFile(s.file());
    snapshots.remove(s);
  }

  /**
   * The file's allocated blocks ({@code stat %b}). Java cannot read them, so a process runs, but
   * only when the file's modification time or size changed since the last look (writes through a
   * loop device update both).
   */
  @Override
  public OptionalLong allocatedKib(Object volumeHandle) {
    VolumeFile v = (VolumeFile) volumeHandle;
    try {
      long stamp = Files.getLastModifiedTime(v.file).to(TimeUnit.NANOSECONDS) ^ Files.size(v.file);
      synchronized (v) {
        if (v.allocatedStamp == stamp && v.allocatedKib >= 0) {
          return OptionalLong.of(v.allocatedKib);
        }
        String[] parts = Commands.run("stat", "-c", "%b %B", v.file.toString()).trim().split(" ");
        v.allocatedKib = Long.parseLong(parts[0]) * Long.parseLong(parts[1]) / 1024;
        v.allocatedStamp = stamp;
        return OptionalLong.of(v.allocatedKib);
      }
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public boolean inUse(Object volumeHandle, String node) {
    VolumeFile v = (VolumeFile) volumeHandle;
    String device;
    synchronized (v) {
      device = v.loops.get(node);
    }
    return device != null && DeviceUse.inUse(device);
  }

  @Override
  public long sizeBytes(Object handle) {
    try {
      return Files.size(fileOf(handle, true));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot size " + handle, e);
    }
  }

  @Override
  public void read(Object handle, long offset, byte[] into) {
    java.util.Arrays.fill(into, (byte) 0);
    try (FileChannel channel = FileChannel.open(fileOf(handle, true), StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.wrap(into);
      long pos = offset;
      while (buffer.hasRemaining() && channel.read(buffer, pos) > 0) {
        pos = offset + buffer.position();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + handle, e);
    }
  }

  @Override
  public void write(Object handle, long offset, byte[] data) {
    Path file = fileOf(handle, false);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(data);
      while (buffer.hasRemaining()) {
        channel.write(buffer, offset + buffer.position());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public Object emptySnapshot(String resource, String snapshot, int volume, long sizeKib) {
    Path file = unique(resource + "_" + volume + "@" + snapshot, ".snap");
    setLength(file, sizeKib);
    SnapshotFile s = new SnapshotFile(file);
    snapshots.add(s);
    return s;
  }

  /** The file behind a handle; a volume's devices are flushed first when it is to be read. */
  private static Path fileOf(Object handle, boolean forReading) {
    return switch (handle) {
      case SnapshotFile s -> s.file();
      case VolumeFile v -> {
        if (forReading) {
          flush(v);
        }
        yield v.file;
      }
      default -> throw new IllegalArgumentException("not a loop store handle: " + handle);
    };
  }

  /** The node's loop device, for tests that want to look behind the REST view. */
  public String deviceOf(Object volumeHandle, String node) {
    VolumeFile v = (VolumeFile) volumeHandle;
    synchronized (v) {
      return v.loops.get(node);
    }
  }

  @Override
  public void close() {
    for (VolumeFile v : List.copyOf(volumes)) {
      try {
        delete(v);
      } catch (RuntimeException e) {
        LOG.warn("cleanup of {} failed: {}", v.file, e.getMessage());
      }
    }
    for (SnapshotFile s : List.copyOf(snapshots)) {
      deleteSnapshot(s);
    }
  }

  /** Writes what a mounted file system holds in memory to the file before it is copied. */
  private static void flush(VolumeFile v) {
    List<String> devices;
    synchronized (v) {
      devices = List.copyOf(v.loops.values());
    }
    for (String device : devices) {
      try {
        Commands.run("blockdev", "--flushbufs", device);
      } catch (RuntimeException e) {
        LOG.debug("flush of {} failed: {}", device, e.getMessage());
      }
    }
  }

  private static void detachDevice(String device) {
    try {
      Commands.run("losetup", "--detach", device);
    } catch (RuntimeException e) {
      // a device still mounted detaches lazily once it is unmounted (autoclear)
      LOG.warn("detaching {} failed: {}", device, e.getMessage());
    }
  }

  private static void copy(Path from, Path to) {
    Commands.run("cp", "--sparse=always", "--reflink=auto", from.toString(), to.toString());
  }

  private Path unique(String base, String suffix) {
    String safe = base.replaceAll("[^A-Za-z0-9_@.-]", "_");
    Path file = dir.resolve(safe + suffix);
    for (int i = 1; Files.exists(file); i++) {
      file = dir.resolve(safe + "." + i + suffix);
    }
    return file;
  }

  private static void setLength(Path file, long sizeKib) {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(sizeKib * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot size " + file, e);
    }
  }

  private static void deleteFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", file, e.getMessage());
    }
  }
}
