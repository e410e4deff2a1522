package io.linstorcsi.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.node.testing.Host;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The superblock read directly, checked against what mkfs.ext4 and debugfs wrote into a file. */
class Ext4SuperblockTest {
  @TempDir Path dir;

  @Test
  void aFreshFileSystem_isClean_withItsBlockCountAndSize() throws Exception {
    Path image = image(96);
    Host.run("mkfs.ext4", "-q", "-F", "-b", "4096", image.toString());

    Ext4Superblock sb = Ext4Superblock.read(image).orElseThrow();

    assertThat(sb.recordsErrors()).isFalse();
    assertThat(sb.bytes()).isEqualTo(96L << 20);
  }

  @Test
  void aFileSystemMarkedWithErrors_recordsErrors() throws Exception {
    Path image = image(32);
    Host.run("mkfs.ext4", "-q", "-F", image.toString());
    Host.run("debugfs", "-w", "-R", "ssv state 3", image.toString());

    assertThat(Ext4Superblock.read(image).orElseThrow().recordsErrors()).isTrue();
  }

  @Test
  void aDeviceWithoutExt4_hasNoSuperblock() throws Exception {
    assertThat(Ext4Superblock.read(image(4))).isEqualTo(Optional.empty());
  }

  private Path image(int mib) throws Exception {
    Path image = dir.resolve("fs-" + mib + ".img");
    try (RandomAccessFile raf = new RandomAccessFile(image.toFile(), "rw")) {
      raf.setLength((long) mib << 20);
    }
    assertThat(Files.size(image)).isEqualTo((long) mib << 20);
    return image;
  }
}
