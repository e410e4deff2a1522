package io.linstorcsi.node.host;

/** A block device's major:minor, the identity the kernel uses in the mount table and in sysfs. */
public record DeviceNumber(int major, int minor) {
  /** The major number the kernel gives DRBD devices. */
  public static final int DRBD_MAJOR = 147;

  /** Decodes a Linux {@code dev_t} as glibc's {@code major()/minor()} do. */
  public static DeviceNumber fromDevT(long dev) {
    int major = (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    int minor = (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    return new DeviceNumber(major, minor);
  }

  /** Parses the {@code major:minor} form of mountinfo and sysfs. */
  public static DeviceNumber parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not a major:minor pair: '" + text + "'");
    }
    return new DeviceNumber(
        Integer.parseInt(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
  }

  public boolean isDrbd() {
    return major == DRBD_MAJOR;
  }

  @Override
  public String toString() {
    return major + ":" + minor;
  }
}
