package io.linstorcsi.drbd;

/**
 * What a pod does with its volume: writes a small text file naming the writer and a few MiB of
 * random data through the target path, and reads both back, reduced to the text and a checksum.
 */
final class PodData {
  private PodData() {}

  /** Writes, flushes to the device, and returns what {@link #read} must return later. */
  static String write(QemuGuest guest, Volume volume, String writer) {
    return guest
        .sh(
            """
            set -e
            cd %s
            echo %s > writer.txt
            head -c 3M /dev/urandom > %s.bin
            sync
            cat writer.txt; sha256sum *.bin
            """
                .formatted(volume.target(), writer, writer))
        .strip();
  }

  static String read(QemuGuest guest, Volume volume) {
    return guest
        .sh("set -e; cd %s; cat writer.txt; sha256sum *.bin".formatted(volume.target()))
        .strip();
  }

  /** The source and file system type mounted at {@code path}, or empty when nothing is. */
  static String mountAt(QemuGuest guest, String path) {
    return guest.sh("findmnt -n -o SOURCE,FSTYPE --mountpoint " + path + " || true").strip();
  }
}
