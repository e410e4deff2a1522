package io.linstorcsi.node.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathGuardTest {
  @TempDir Path tmp;

  @Test
  void aPathInsideTheRoot_isAccepted_evenBeforeItExists() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("kubelet"));
    PathGuard guard = new PathGuard(Optional.of(root));

    assertThat(guard.check("target_path", root + "/pods/x/volumes/v"))
        .isEqualTo(root.resolve("pods/x/volumes/v"));
    assertThat(guard.check("target_path", root + "//pods/x/")).isEqualTo(root.resolve("pods/x"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "rel/path", "/etc", "%r", "%r/../x", "%r/a/../../x", "%r/./a", "%r-sibling/a"})
  void pathsOutsideOrUnnormalised_areInvalidArgument(String template) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("kubelet"));
    PathGuard guard = new PathGuard(Optional.of(root));
    String value = template.replace("%r", root.toString());

    assertThatThrownBy(() -> guard.check("staging_target_path", value))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getMessage()).contains("staging_target_path");
            });
  }

  @Test
  void aSymlinkLeadingOut_isRefused_oneStayingInside_isNot() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("kubelet"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(root.resolve("out"), outside);
    Files.createDirectories(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("in"), root.resolve("real"));
    PathGuard guard = new PathGuard(Optional.of(root));

    assertThatThrownBy(() -> guard.check("target_path", root + "/out/pod"))
        .hasMessageContaining("symbolic link");
    assertThat(guard.check("target_path", root + "/in/pod")).isEqualTo(root.resolve("in/pod"));
  }

  @Test
  void withoutARoot_onlySyntaxIsChecked() {
    PathGuard guard = new PathGuard(Optional.empty());

    assertThat(guard.check("volume_path", "/mnt/x")).isEqualTo(Path.of("/mnt/x"));
    assertThatThrownBy(() -> guard.check("volume_path", "/mnt/../etc"))
        .isInstanceOf(CsiError.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/dev/drbd1000", "/dev/loop0", "/dev/disk/by-id/x"})
  void devicePathsUnderDev_areAccepted(String device) {
    assertThat(PathGuard.checkDevice("device", device)).isEqualTo(Path.of(device));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/dev", "/etc/passwd", "/dev/../etc/passwd", "dev/loop0", "/devx/a"})
  void otherDevicePaths_areRefused(String device) {
    assertThatThrownBy(() -> PathGuard.checkDevice("device", device))
        .isInstanceOf(CsiError.class)
        .hasMessageContaining(device);
  }
}
