package io.linstorcsi.linstor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.error.RetCode;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.VolumeDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host tool failing on a node (needs root: the emulator's loop devices) reaches the client as
 * LINSTOR's answer naming the node and the tool: retryable, and not a controller that cannot be
 * reached.
 */
@Tag("privileged")
class EmulatorHostToolFailureTest {
  @TempDir Path dir;
  private LinstorEmulator emulator;
  private LinstorClient client;

  @BeforeEach
  void start() {
    emulator =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b")
            .storagePool("sp1", "LVM_THIN", 1L << 20)
            .backingDir(dir)
            .build()
            .start();
    client = LinstorClient.builder().endpoints(List.of(emulator.baseUrl())).build();
    client.resourceDefinitions().create(ResourceDefinition.of("pvc-tool", null, null, null));
    client.volumeDefinitions().create("pvc-tool", VolumeDefinition.of(0, 16384, null));
    client.resources().create("pvc-tool", "node-a", "sp1");
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  @Test
  void losetupFailingOnANode_isLinstorsAnswer_namingNodeAndTool() throws IOException {
    // without the volume's file, node-b's losetup exits non-zero
    try (Stream<Path> files = Files.list(dir)) {
      for (Path image : files.filter(f -> f.toString().endsWith(".img")).toList()) {
        Files.delete(image);
      }
    }

    LinstorException e =
        catchThrowableOfType(
            LinstorException.class, () -> client.resources().create("pvc-tool", "node-b", "sp1"));

    assertThat(e).isInstanceOf(LinstorException.Unavailable.class);
    assertThat(e.linstorAnswered()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(e.firstError().is(RetCode.FAIL_UNKNOWN_ERROR)).isTrue();
    assertThat(e.firstError().message())
        .isEqualTo("(node-b) Execution of the external command 'losetup' failed.");
    assertThat(e.getMessage()).contains("losetup");
  }
}
