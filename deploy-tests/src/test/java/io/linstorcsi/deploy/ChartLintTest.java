package io.linstorcsi.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartLintTest {
  @TempDir Path temp;

  @Test
  void lintStrict_withDefaultValues_passes() {
    LintResult result = Chart.project().lintStrict();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void lintStrict_withNonDefaultValues_passes() throws IOException {
    // helm lint takes no --set: lint a copy of the chart whose values.yaml is the non-default file
    Path chart = copyChart();
    Files.copy(
        Sources.nonDefaultValues(),
        chart.resolve("values.yaml"),
        StandardCopyOption.REPLACE_EXISTING);

    LintResult result = Chart.of(chart).lintStrict();

    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
  }

  @Test
  void lintStrict_withValueOutsideTheSchema_fails() throws IOException {
    Path chart = copyChart();
    Path values = chart.resolve("values.yaml");
    Files.writeString(values, Files.readString(values).replace("logLevel: info", "logLevel: loud"));

    LintResult result = Chart.of(chart).lintStrict();

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("logLevel");
  }

  @Test
  void template_withUnpinnedImage_isRefused() {
    assertThatThrownBy(() -> Chart.project().set("image.tag", "latest").renderYaml())
        .hasMessageContaining("/image/tag");
    assertThatThrownBy(() -> Chart.project().set("sidecars.attacher.image.tag", "").renderYaml())
        .hasMessageContaining("tag");
  }

  @Test
  void template_withMisspeltValue_isRefused() {
    assertThatThrownBy(
            () ->
                Chart.project().set("csi.controller.linstorEndpiont", "http://x:3370").renderYaml())
        .hasMessageContaining("linstorEndpiont");
  }

  @Test
  void template_withoutLinstorEndpoint_isRefused() {
    assertThatThrownBy(() -> Chart.project().set("csi.controller.linstorEndpoint", "").renderYaml())
        .hasMessageContaining("linstorEndpoint");
  }

  private Path copyChart() throws IOException {
    Path source = Project.chart();
    Path target = temp.resolve("linstor-csi");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path to = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    return target;
  }
}
