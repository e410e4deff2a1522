package io.linstorcsi.node.host;

import static org.assertj.core.api.Assertions.assertThat;

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
}
