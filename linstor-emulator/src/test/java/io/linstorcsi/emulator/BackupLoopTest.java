package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups of volumes on real loop devices (needs root): bytes written through a node's device go to
 * S3, and a restore in another cluster presents them on its own device.
 */
@Tag("privileged")
class BackupLoopTest {
  @TempDir Path sourceDir;
  @TempDir Path targetDir;
  private S3TestServer s3;
  private LinstorEmulator source;
  private LinstorEmulator target;

  @BeforeEach
  void start() {
    s3 = new S3TestServer();
    s3.createBucket("loops");
    source = emulator(sourceDir);
    target = emulator(targetDir);
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    target.close();
    s3.close();
    assertThat(Host.loopsLeft(sourceDir.toString())).isEmpty();
    assertThat(Host.loopsLeft(targetDir.toString())).isEmpty();
  }

  private static LinstorEmulator emulator(Path dir) {
    return LinstorEmulator.builder()
        .nodes("node-a", "node-b")
        .storagePool("sp1", "LVM_THIN", 1L << 20)
        .backingDir(dir)
        .build()
        .start();
  }

  @Test
  void dataWrittenThroughADevice_isRestoredOnAnotherClustersDevice() {
    Rest src = new Rest(source);
    src.definition("pvc-b", 8192);
    assertThat(
            src.autoplace("pvc-b", "{\"place_count\":1,\"node_name_list\":[\"node-a\"]}").status())
        .isEqualTo(201);
    byte[] data = new byte[64 * 1024];
    new Random(11).nextBytes(data);
    Host.write(src.volume("pvc-b", "node-a").get("device_path").asText(), 1L << 20, data);
    String original = source.backups().sha256("pvc-b", 0);

    assertThat(src.http.post("/v1/remotes/s3", s3.remoteJson("s3", "loops")).status())
        .isEqualTo(200);
    assertThat(
            src.http
                .post("/v1/remotes/s3/backups", "{\"rsc_name\":\"pvc-b\",\"snap_name\":\"s1\"}")
                .status())
        .isEqualTo(201);
    BackupS3Test.waitForStatus(
        src, "pvc-b", "s1", "BackupShipping/Source/s3/ShippingStatus", "Success");

    Rest dst = new Rest(target);
    assertThat(dst.http.post("/v1/remotes/s3", s3.remoteJson("s3", "loops")).status())
        .isEqualTo(200);
    assertThat(
            dst.http
                .post(
                    "/v1/remotes/s3/backups/restore",
                    "{\"src_rsc_name\":\"pvc-b\",\"target_rsc_name\":\"pvc-r\",\"node_name\":\"node-b\"}")
                .status())
        .isEqualTo(201);
    BackupS3Test.waitForResource(dst, "pvc-r", "node-b");
    String device = dst.volume("pvc-r", "node-b").get("device_path").asText();
    assertThat(device).startsWith("/dev/loop");
    assertThat(Arrays.equals(Host.read(device, 1L << 20, data.length), data)).isTrue();
    assertThat(target.backups().sha256("pvc-r", 0)).isEqualTo(original);
  }
}
