package io.linstorcsi.drbd;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the guests' initramfs from what is installed on the host: the static busybox, the kernel's
 * modules for virtio, 9p and overlayfs, and {@code drbdvm/init}. About 1.5 MB; built once per JVM
 * and kernel, into the build directory.
 */
final class GuestInitramfs {
  /** What the init script needs before the host's tree (and with it modprobe) is visible. */
  static final List<String> BOOT_MODULES = List.of("virtio_pci", "9pnet_virtio", "9p", "overlay");

  static final Path BUSYBOX = Path.of("/bin/busybox");

  private GuestInitramfs() {}

  static synchronized Path build(GuestKernel kernel, Path dir) throws IOException {
    Path target = dir.resolve("initramfs-" + kernel.version() + ".gz");
    if (Files.exists(target) && Files.getLastModifiedTime(target).toMillis() > startOfThisJvm()) {
      return target;
    }
    Files.createDirectories(dir);
    List<Path> modules = KernelModules.read(kernel.modules()).loadOrder(BOOT_MODULES);
    List<String> names = new ArrayList<>();
    Path partial = Files.createTempFile(dir, "initramfs", ".partial");
    try (CpioArchive cpio =
        new CpioArchive(
            new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(partial))))) {
      for (String d : List.of("bin", "dev", "proc", "sys", "lib", "lib/modules", "lower")) {
        cpio.directory(d);
      }
      for (String d : List.of("upper", "newroot")) {
        cpio.directory(d);
      }
      cpio.characterDevice("dev/console", 0600, 5, 1);
      cpio.file("bin/busybox", 0755, Files.readAllBytes(BUSYBOX));
      for (Path module : modules) {
        String file = module.getFileName().toString();
        if (!file.endsWith(".ko")) {
          throw new IOException(module + " is compressed; busybox insmod needs plain .ko files");
        }
        cpio.file("lib/modules/" + file, 0644, Files.readAllBytes(module));
        names.add(file);
      }
      String init = resource("drbdvm/init").replace("@MODULES@", String.join(" ", names));
      cpio.file("init", 0755, init.getBytes(StandardCharsets.UTF_8));
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** Rebuilt once per JVM, so a changed kernel or init script is always picked up. */
  private static long startOfThisJvm() {
    return ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
  }

  static String resource(String name) {
    try (InputStream in = GuestInitramfs.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
