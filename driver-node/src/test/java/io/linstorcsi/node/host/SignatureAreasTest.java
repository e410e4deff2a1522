package io.linstorcsi.node.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which bytes the cheap zero check looks at, on sparse files. */
class SignatureAreasTest {
  private static final long MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void aNeverWrittenDevice_isAllZero() throws Exception {
    assertThat(SignatureAreas.allZero(file(64 * MIB), 64 * MIB)).isTrue();
  }

  @Test
  void oneByteWhereTheLastLuks2SecondaryHeaderLives_isNotZero() throws Exception {
    Path f = file(64 * MIB);
    poke(f, 0x400000);
    assertThat(SignatureAreas.allZero(f, 64 * MIB)).isFalse();
  }

  @Test
  void oneByteAMebibyteBeforeTheEnd_isNotZero() throws Exception {
    Path f = file(64 * MIB);
    poke(f, 63 * MIB);
    assertThat(SignatureAreas.allZero(f, 64 * MIB)).isFalse();
  }

  @Test
  void oneByteInTheLastSector_isNotZero() throws Exception {
    Path f = file(64 * MIB);
    poke(f, 64 * MIB - 1);
    assertThat(SignatureAreas.allZero(f, 64 * MIB)).isFalse();
  }

  @Test
  void dataInTheMiddle_whereNoProberLooks_isIgnored() throws Exception {
    Path f = file(64 * MIB);
    poke(f, 32 * MIB);
    assertThat(SignatureAreas.allZero(f, 64 * MIB)).isTrue();
  }

  @Test
  void aSmallDevice_isReadWhole() throws Exception {
    Path f = file(6 * MIB);
    poke(f, 5 * MIB);
    assertThat(SignatureAreas.allZero(f, 6 * MIB)).isFalse();
  }

  private Path file(long bytes) throws Exception {
    Path f = dir.resolve("dev-" + bytes + "-" + System.nanoTime());
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(bytes);
    }
    return f;
  }

  private static void poke(Path f, long offset) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(offset);
      raf.write(0x5a);
    }
  }
}
