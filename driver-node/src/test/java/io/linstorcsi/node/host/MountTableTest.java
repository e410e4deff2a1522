package io.linstorcsi.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTableTest {
  @Test
  void aMountinfoLine_withOptionalFieldsAndEscapes_isParsed() {
    MountInfo m =
        MountTable.parseLine(
            "36 35 98:0 /mnt1 /mnt/my\\040dir rw,noatime master:1 shared:7 - ext3 /dev/root"
                + " rw,errors=continue");

    assertThat(m.mountId()).isEqualTo(36);
    assertThat(m.parentId()).isEqualTo(35);
    assertThat(m.device()).isEqualTo(new DeviceNumber(98, 0));
    assertThat(m.root()).isEqualTo("/mnt1");
    assertThat(m.mountPoint()).isEqualTo(Path.of("/mnt/my dir"));
    assertThat(m.options()).containsExactly("rw", "noatime");
    assertThat(m.fsType()).isEqualTo("ext3");
    assertThat(m.source()).isEqualTo("/dev/root");
    assertThat(m.superOptions()).containsExactly("rw", "errors=continue");
    assertThat(m.readOnly()).isFalse();
  }

  @Test
  void aBindMountedDeviceNode_showsTheDevtmpfsAndTheNodesName() {
    MountInfo m =
        MountTable.parseLine(
            "120 30 0:5 /loop3 /var/lib/kubelet/pods/p/vol ro,nosuid - devtmpfs udev rw,size=1k");

    assertThat(m.root()).isEqualTo("/loop3");
    assertThat(m.readOnly()).isTrue();
    assertThat(m.describe())
        .isEqualTo("udev[/loop3] (devtmpfs, ro) on /var/lib/kubelet/pods/p/vol");
  }

  @Test
  void escapes_onlyDecodeThreeOctalDigits() {
    assertThat(MountTable.unescape("a\\134b\\011c\\012d")).isEqualTo("a\\b\tc\nd");
    assertThat(MountTable.unescape("trailing\\04")).isEqualTo("trailing\\04");
    assertThat(MountTable.unescape("not\\89x")).isEqualTo("not\\89x");
    assertThat(MountTable.escape("/a\\b\tc\nd e")).isEqualTo("/a\\134b\\011c\\012d\\040e");
    assertThat(MountTable.unescape(MountTable.escape("/a\\b\tc\nd e"))).isEqualTo("/a\\b\tc\nd e");
  }

  @Test
  void theTopmostOfStackedMounts_isTheOneAtThePath() {
    List<MountInfo> all =
        MountTable.parse(
            List.of(
                "1 0 8:1 / /data rw - ext4 /dev/sda1 rw",
                "2 1 7:0 / /data rw - xfs /dev/loop0 rw",
                ""));

    assertThat(all).hasSize(2);
    assertThat(all.getLast().fsType()).isEqualTo("xfs");
  }

  @Test
  void lookups_readOnlyTheLinesOfTheirPaths_soAnOddLineElsewhereDoesNotFailThem(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("mountinfo");
    Files.write(
        file,
        List.of(
            "1 0 8:1 / / rw - ext4 /dev/sda1 rw",
            "7 1 0:99 / /proc/odd rw some future format without the separator",
            "2 1 7:0 / /data rw - ext4 /dev/loop0 rw",
            "3 1 7:0 / /pods/a\\040b rw,relatime - ext4 /dev/loop0 rw",
            "4 1 7:1 / /data ro - xfs /dev/loop1 rw",
            "5 1 8:1 /data /srv rw - ext4 /data rw",
            "6 1 0:42 / /srv/7:0 rw - tmpfs 7:0 rw"));
    MountTable table = new MountTable(file);

    assertThat(table.stackedAt(Path.of("/data")))
        .extracting(MountInfo::fsType)
        .containsExactly("ext4", "xfs");
    assertThat(table.at(Path.of("/data"))).map(MountInfo::readOnly).contains(true);
    assertThat(table.at(Path.of("/pods/a b"))).map(MountInfo::mountId).contains(3);
    assertThat(table.at(Path.of("/pods/a"))).isEmpty();
    assertThat(table.stackedAt(Path.of("/srv"))).extracting(MountInfo::mountId).containsExactly(5);
    assertThat(table.mountedAt(Set.of(Path.of("/pods/a b"), Path.of("/"))))
        .extracting(MountInfo::mountId)
        .containsExactly(1, 3);
    assertThat(table.of(new DeviceNumber(7, 0)))
        .extracting(MountInfo::mountId)
        .containsExactly(2, 3);
    assertThatThrownBy(table::all).hasMessageContaining("/proc/odd");
  }

  @Test
  void thisProcesssTable_holdsTheRootMount() {
    assertThat(MountTable.ofThisProcess().at(Path.of("/"))).isPresent();
  }
}
