package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.newName;
import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clones hold the source's data, read back from the copies' own loop devices on every replica node:
 * LINSTOR's clone (LVM_THIN) and the temporary-snapshot path (FILE_THIN) alike. Needs root.
 */
@Tag("privileged")
@FaultInjection
class CloneDataTest {
  static ControllerHarness h;
  @TempDir static Path backing;

  @BeforeAll
  static void start() throws Exception {
    h = CloneFixtures.start(backing);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static List<String> devices(String rd) {
    return h.client.resources().view(ListFilter.all().resources(rd)).stream()
        .filter(r -> r.name().equalsIgnoreCase(rd))
        .filter(r -> r.flags() == null || r.flags().isEmpty())
        .map(ResourceWithVolumes::volumes)
        .map(v -> v.get(0).devicePath())
        .toList();
  }

  private static byte[] block(String text) {
    byte[] out = new byte[4096];
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < out.length; i++) {
      out[i] = t[i % t.length];
    }
    return out;
  }

  private static void write(String device, long offset, byte[] data) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(device, "rw")) {
      f.seek(offset);
      f.write(data);
      f.getFD().sync();
    }
  }

  private static byte[] read(String device, long offset, int length) throws IOException {
    byte[] out = new byte[length];
    try (RandomAccessFile f = new RandomAccessFile(device, "r")) {
      f.seek(offset);
      f.readFully(out);
    }
    return out;
  }

  @ParameterizedTest(name = "pool {0}")
  @ValueSource(strings = {CloneFixtures.THIN_LVM, CloneFixtures.FILE_THIN})
  void clone_holdsTheSourcesData_onEveryReplica(String pool) throws IOException {
    String src = CloneFixtures.volumeOn(h, pool, 2);
    byte[] head = block("head of " + src + " ");
    byte[] tail = block("tail of " + src + " ");
    String srcDevice = devices(src).get(0);
    write(srcDevice, 0, head);
    write(srcDevice, GIB - tail.length, tail);
    String clone = newName();
    h.stub().createVolume(CloneFixtures.cloneOf(h, src, clone, GIB, pool, 2));
    List<String> copies = devices(clone);
    assertThat(copies).hasSize(2).doesNotContain(srcDevice);
    for (String device : copies) {
      assertThat(read(device, 0, head.length)).as("start of %s", device).isEqualTo(head);
      assertThat(read(device, GIB - tail.length, tail.length))
          .as("end of %s", device)
          .isEqualTo(tail);
    }
    // a copy, not the same blocks: writing to the clone leaves the source alone
    write(copies.get(0), 0, block("clone only "));
    assertThat(read(srcDevice, 0, head.length)).isEqualTo(head);
    assertThat(h.client.snapshots().list(src)).isEmpty();
  }
}
