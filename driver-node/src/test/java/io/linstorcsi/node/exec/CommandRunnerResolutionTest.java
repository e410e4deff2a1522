package io.linstorcsi.node.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the runner finds a program given by bare name, and what it says when it finds none. */
class CommandRunnerResolutionTest {
  private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(10));

  @Test
  void aProgramFoundNowhere_isReportedAsNotInstalled() {
    assertThatThrownBy(() -> runner.run("no-such-tool-for-linstor-csi", "--version"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("no-such-tool-for-linstor-csi is not installed")
        .hasMessageContaining("/usr/sbin");
  }

  @Test
  void anSbinTool_runsByBareName() {
    // blkid lives in /usr/sbin on Debian; found there whatever this JVM's PATH says
    assertThat(runner.run("blkid", "--version").stdout()).contains("blkid");
  }
}
