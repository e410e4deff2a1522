package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host tool that fails while a node deploys a volume (needs root: real loop devices) is answered
 * the way LINSTOR relays a satellite's failed external command: HTTP 500 with an error entry that
 * names the node and the tool, not an emulator-internal exception text.
 */
@Tag("privileged")
class HostToolFailureTest {
  private static final long MIB = 1024;

  @TempDir Path dir;
  private LinstorEmulator emu;
  private Rest rest;

  @BeforeEach
  void start() {
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b")
            .storagePool("sp1", "LVM_THIN", 1L << 20)
            .backingDir(dir)
            .build()
            .start();
    rest = new Rest(emu);
    rest.definition("pvc-tool", 16 * MIB);
    assertThat(rest.create("pvc-tool", "node-a", "sp1").status()).isEqualTo(201);
  }

  @AfterEach
  void stop() throws InterruptedException {
    emu.close();
    assertThat(Host.loopsLeft(dir.toString())).isEmpty();
  }

  @Test
  void failedLosetup_isAnErrorEntryNamingTheNodeAndTheTool() throws IOException {
    // node-b attaches the volume's file with losetup; without the file, losetup exits non-zero
    try (Stream<Path> files = Files.list(dir)) {
      for (Path image : files.filter(f -> f.toString().endsWith(".img")).toList()) {
        Files.delete(image);
      }
    }

    Http.Response answer = rest.create("pvc-tool", "node-b", "sp1");

    assertThat(answer.status()).isEqualTo(500);
    // FAIL_UNKNOWN_ERROR (998) with the error severity: what a satellite's failure carries
    assertThat(Rest.retCodes(answer)).allMatch(rc -> (rc >>> 62) == 3).hasSize(1);
    assertThat(Rest.codes(answer)).containsExactly(998L);
    JsonNode entry = answer.body().get(0);
    assertThat(entry.path("message").asText())
        .isEqualTo("(node-b) Execution of the external command 'losetup' failed.");
    assertThat(entry.path("cause").asText()).startsWith("The external command exited with");
    assertThat(entry.path("details").asText())
        .startsWith("The full command line executed was:\nlosetup --find --show ");
    assertThat(entry.path("message").asText()).doesNotContain("Emulator error");
  }
}
