package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volumes backed by sparse files on real loop devices (needs root): one file per volume shared by
 * every replica, one loop device per node, so data behaves like replicated DRBD.
 */
@Tag("privileged")
class LoopBackingTest {
  private static final long MIB = 1024;

  @TempDir Path dir;
  private LinstorEmulator emu;
  private Rest rest;

  @BeforeEach
  void start() {
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "LVM_THIN", 1L << 20)
            .backingDir(dir)
            .build()
            .start();
    rest = new Rest(emu);
    rest.definition("pvc-loop", 16 * MIB);
    assertThat(
            rest.autoplace(
                    "pvc-loop", "{\"place_count\":2,\"node_name_list\":[\"node-a\",\"node-b\"]}")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() throws InterruptedException {
    emu.close();
    assertThat(Host.loopsLeft(dir.toString())).isEmpty();
  }

  private String device(String rd, String node) {
    return rest.volume(rd, node).get("device_path").asText();
  }

  private static byte[] pattern(String text) {
    byte[] block = new byte[4096];
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < block.length; i++) {
      block[i] = t[i % t.length];
    }
    return block;
  }

  @Test
  void everyReplicaHasItsOwnLoopDevice_onTheSameData() {
    String a = device("pvc-loop", "node-a");
    String b = device("pvc-loop", "node-b");
    String tieBreaker = device("pvc-loop", "node-c");
    assertThat(Stream.of(a, b, tieBreaker))
        .allMatch(d -> d.startsWith("/dev/loop"))
        .doesNotHaveDuplicates();
    byte[] data = pattern("written-on-node-a ");
    Host.write(a, 1L << 20, data);
    assertThat(Arrays.equals(Host.read(b, 1L << 20, data.length), data)).isTrue();
    assertThat(Arrays.equals(Host.read(tieBreaker, 1L << 20, data.length), data)).isTrue();
    assertThat(Host.run("blockdev", "--getsize64", b).trim()).isEqualTo(String.valueOf(16L << 20));
  }

  @Test
  void inUse_followsAMountOfTheNodesDevice() throws Exception {
    String a = device("pvc-loop", "node-a");
    Host.run("mkfs.ext4", "-q", "-F", a);
    Path mnt = Files.createDirectories(dir.resolve("mnt"));
    Host.run("mount", a, mnt.toString());
    try {
      JsonNode onA = rest.resource("pvc-loop", "node-a");
      assertThat(onA.path("state").path("in_use").asBoolean()).isTrue();
      assertThat(rest.resource("pvc-loop", "node-b").path("state").path("in_use").asBoolean())
          .isFalse();
      assertThat(
              rest.resource("pvc-loop", "node-b")
                  .path("layer_object")
                  .path("drbd")
                  .path("may_promote")
                  .asBoolean())
          .isFalse();
      assertThat(rest.http.delete("/v1/resource-definitions/pvc-loop/resources/node-a").status())
          .isEqualTo(500);
    } finally {
      Host.run("umount", mnt.toString());
    }
    assertThat(rest.resource("pvc-loop", "node-a").path("state").path("in_use").asBoolean())
        .isFalse();
  }

  @Test
  void growingTheVolume_growsEveryDevice() {
    assertThat(
            rest.http
                .put(
                    "/v1/resource-definitions/pvc-loop/volume-definitions/0",
                    "{\"size_kib\":" + 32 * MIB + "}")
                .status())
        .isEqualTo(200);
    for (String node : new String[] {"node-a", "node-b", "node-c"}) {
      assertThat(Host.run("blockdev", "--getsize64", device("pvc-loop", node)).trim())
          .isEqualTo(String.valueOf(32L << 20));
    }
  }

  @Test
  void snapshotRestoreAndClone_copyTheData() {
    String a = device("pvc-loop", "node-a");
    byte[] before = pattern("before-the-snapshot ");
    Host.write(a, 0, before);
    assertThat(
            rest.http
                .post("/v1/resource-definitions/pvc-loop/snapshots", "{\"name\":\"s1\"}")
                .status())
        .isEqualTo(201);
    Host.write(a, 0, pattern("after-the-snapshot "));

    assertThat(
            rest.http
                .post(
                    "/v1/resource-definitions",
                    "{\"resource_definition\":{\"name\":\"pvc-restored\"}}")
                .status())
        .isEqualTo(201);
    assertThat(
            rest.http
                .post(
                    "/v1/resource-definitions/pvc-loop/snapshot-restore-volume-definition/s1",
                    "{\"to_resource\":\"pvc-restored\"}")
                .status())
        .isEqualTo(200);
    assertThat(
            rest.http
                .post(
                    "/v1/resource-definitions/pvc-loop/snapshot-restore-resource/s1",
                    "{\"to_resource\":\"pvc-restored\"}")
                .status())
        .isEqualTo(200);
    assertThat(Arrays.equals(Host.read(device("pvc-restored", "node-b"), 0, before.length), before))
        .isTrue();

    Http.Response clone =
        rest.http.post("/v1/resource-definitions/pvc-loop/clone", "{\"name\":\"pvc-clone\"}");
    assertThat(clone.status()).isEqualTo(201);
    assertThat(
            rest.http
                .get("/v1/resource-definitions/pvc-loop/clone/pvc-clone")
                .body()
                .get("status")
                .asText())
        .isEqualTo("COMPLETE");
    byte[] now = Host.read(a, 0, 4096);
    assertThat(Arrays.equals(Host.read(device("pvc-clone", "node-a"), 0, 4096), now)).isTrue();
    assertThat(device("pvc-clone", "node-a")).isNotEqualTo(a);
  }

  @Test
  void thinFreeSpace_followsWhatIsWritten() {
    long before = rest.freeKib("node-a", "sp1");
    byte[] mib = new byte[1 << 20];
    Arrays.fill(mib, (byte) 7);
    String a = device("pvc-loop", "node-a");
    for (int i = 0; i < 8; i++) {
      Host.write(a, (long) i << 20, mib);
    }
    assertThat(rest.freeKib("node-a", "sp1")).isLessThanOrEqualTo(before - 8 * MIB);
  }

  @Test
  void deletingTheReplicas_detachesTheirDevices_andTheLastRemovesTheFile() throws Exception {
    String a = device("pvc-loop", "node-a");
    assertThat(rest.http.delete("/v1/resource-definitions/pvc-loop/resources/node-a").status())
        .isEqualTo(200);
    assertThat(Host.loopsLeft(dir.toString(), l -> l.startsWith(a + " "))).isEmpty();
    assertThat(rest.http.delete("/v1/resource-definitions/pvc-loop").status()).isEqualTo(200);
    assertThat(Host.loopsLeft(dir.toString())).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".img"))).isEmpty();
    }
  }

  @Test
  void close_detachesEverything_andRemovesTheFiles() throws Exception {
    assertThat(
            rest.http
                .post("/v1/resource-definitions/pvc-loop/snapshots", "{\"name\":\"s1\"}")
                .status())
        .isEqualTo(201);
    assertThat(Host.loopsBackedBy(dir.toString())).hasSize(3);
    emu.close();
    assertThat(Host.loopsLeft(dir.toString())).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
