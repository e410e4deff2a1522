package io.linstorcsi.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResizerTest {
  @Test
  void xfsDataBytes_isBlocksTimesBlockSizeOfTheDataSection() {
    String info =
        """
        meta-data=/dev/loop0             isize=512    agcount=4, agsize=19200 blks
                 =                       sectsz=512   attr=2, projid32bit=1
        data     =                       bsize=4096   blocks=76800, imaxpct=25
                 =                       sunit=0      swidth=0 blks
        log      =internal log           bsize=4096   blocks=16384, version=2
        """;
    assertThat(Resizer.xfsDataBytes(info)).isEqualTo(76800L * 4096);
  }

  @Test
  void missingCapability_absentFromTheBoundingSet_saysSo_andThatTheNextStageGrowsIt() {
    Capabilities withheld =
        Capabilities.parse("Name:\tjava\nCapEff:\t000001fffeffffff\nCapBnd:\t000001fffeffffff\n");

    String message = Resizer.missingCapability(Path.of("/dev/drbd1000"), withheld).getMessage();

    assertThat(message)
        .contains("absent from the bounding set")
        .contains("CapBnd: 000001fffeffffff")
        .contains("next staging")
        .doesNotContain("securityContext");
  }

  @Test
  void missingCapability_onlyNotGranted_namesTheContainerSetting() {
    Capabilities notGranted =
        Capabilities.parse("CapEff:\t00000000a80425fb\nCapBnd:\t000001ffffffffff\n");

    String message = Resizer.missingCapability(Path.of("/dev/drbd1000"), notGranted).getMessage();

    assertThat(message).contains("securityContext").contains("next staging");
  }
}
