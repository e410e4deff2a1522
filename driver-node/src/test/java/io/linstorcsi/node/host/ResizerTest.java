package io.linstorcsi.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResizerTest {
  @Test
  void ext4Bytes_isBlockCountTimesBlockSize() {
    String header =
        """
        dumpe2fs 1.47.0 (5-Feb-2023)
        Filesystem volume name:   <none>
        Block count:              16384
        Reserved block count:     819
        Block size:               4096
        """;
    assertThat(Resizer.ext4Bytes(header)).isEqualTo(16384L * 4096);
  }

  @Test
  void ext4Bytes_withoutTheFields_isUnknown() {
    assertThat(Resizer.ext4Bytes("dumpe2fs: Bad magic number in super-block")).isEqualTo(-1);
  }
}
