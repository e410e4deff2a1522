package io.linstorcsi.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linstorcsi.common.CsiError;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Small facts read from the kernel: device numbers, statfs output, filesystem names. */
class HostFactsTest {
  @Test
  void devT_isDecodedAsGlibcDoes() {
    assertThat(DeviceNumber.fromDevT(0x0103L)).isEqualTo(new DeviceNumber(1, 3));
    // minor 1000 = 0x3e8: its low byte sits in bits 0-7, the rest from bit 20 up
    long drbd1000 = (0x3L << 20) | (147L << 8) | 0xe8L;
    assertThat(DeviceNumber.fromDevT(drbd1000)).isEqualTo(new DeviceNumber(147, 1000));
    assertThat(DeviceNumber.parse("259:12")).isEqualTo(new DeviceNumber(259, 12));
    assertThat(new DeviceNumber(147, 1000).isDrbd()).isTrue();
  }

  @Test
  void devNull_isACharacterDevice_notABlockDevice_andRootHasNoDeviceNumber() {
    assertThat(BlockDevices.numberOf(Path.of("/dev/null"))).isEmpty();
    assertThat(BlockDevices.numberOf(Path.of("/"))).isEmpty();
    assertThat(BlockDevices.numberOf(Path.of("/dev/lcsi-none"))).isEmpty();
  }

  @Test
  void statfsOutput_becomesBytesAndInodes() {
    FsUsage u = FsUsage.parse("4096 1000 600 550 2048 2000\n");

    assertThat(u.totalBytes()).isEqualTo(4_096_000);
    assertThat(u.freeBytes()).isEqualTo(2_457_600);
    assertThat(u.availableBytes()).isEqualTo(2_252_800);
    assertThat(u.usedBytes()).isEqualTo(1_638_400);
    assertThat(u.totalInodes()).isEqualTo(2048);
    assertThat(u.usedInodes()).isEqualTo(48);
  }

  @Test
  void fsTypes_areCaseInsensitive_defaultToExt4_andOthersAreRefused() {
    assertThat(FsType.parse("")).isEqualTo(FsType.EXT4);
    assertThat(FsType.parse("XFS")).isEqualTo(FsType.XFS);
    assertThatThrownBy(() -> FsType.parse("btrfs"))
        .isInstanceOf(CsiError.class)
        .hasMessageContaining("btrfs")
        .hasMessageContaining("ext4");
  }
}
