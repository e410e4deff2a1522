package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {
  private static StatusReport report(Fixture f) {
    ClusterSnapshot s = f.snapshot();
    RuleSettings settings = new RuleSettings(90, Fixture.NOW);
    return ReportBuilder.build(
        List.of("http://ctl:3370"), s, HealthRules.evaluate(s, settings), settings, List.of());
  }

  @Test
  void colours_markAbnormalValuesOnly_whenEnabled() {
    Fixture f = Fixture.healthy();
    f.replica("pvc-1", "node-b").disk("Outdated");
    String coloured = new TableRenderer(new Palette(true)).render(report(f));

    assertThat(coloured)
        .contains(Palette.RED + "Outdated" + Palette.RESET)
        .contains(Palette.GREEN + "UpToDate" + Palette.RESET)
        .contains(Palette.GREEN + "ONLINE" + Palette.RESET)
        .contains(Palette.YELLOW + "WARNING  " + Palette.RESET);
    String plain = new TableRenderer(new Palette(false)).render(report(f));
    assertThat(plain).doesNotContain("\u001b[");
    assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
  }

  @Test
  void colourCodes_doNotShiftColumns() {
    Fixture f = Fixture.healthy().connection("pvc-1", "node-a", "node-b", "StandAlone");
    String coloured = new TableRenderer(new Palette(true)).render(report(f));
    List<String> rows =
        coloured
            .replaceAll("\u001b\\[[0-9;]*m", "")
            .lines()
            .filter(l -> l.startsWith("pvc-1 ") || l.startsWith("RESOURCE "))
            .toList();

    assertThat(rows).hasSize(4);
    int column = rows.getFirst().indexOf("CONNECTIONS");
    int inUse = rows.getFirst().indexOf("IN USE");
    assertThat(rows.subList(1, rows.size()))
        .allSatisfy(r -> assertThat(r.substring(column)).startsWith("node-"))
        .allSatisfy(r -> assertThat(r.substring(inUse)).matches("yes|no"));
  }

  @Test
  void disklessReplicasAndOfflineNodes_readAsSuch() {
    Fixture f = Fixture.healthy().resource("pvc-2", "sc-3", "node-a", "node-b", "node-c");
    f.replica("pvc-2", "node-c").flags("DISKLESS", "TIE_BREAKER").disk("Diskless");
    f.offline("node-b", null);
    String out = new TableRenderer(new Palette(false)).render(report(f));

    assertThat(out)
        .containsPattern("pvc-2\\s+node-c\\s+Secondary\\s+TieBreaker\\s")
        .containsPattern("pvc-2\\s+node-b\\s+Unknown\\s+Unknown\\s+-\\s+\\?")
        .containsPattern("node-b\\s+SATELLITE\\s+OFFLINE");
  }

  @Test
  void problemsSection_givesReasonActionAndACount() {
    Fixture f = Fixture.healthy();
    f.pools.set(0, Fixture.pool("node-a", "sp1", 0, 20 * Fixture.GIB));
    String out = new TableRenderer(new Palette(false)).render(report(f));

    assertThat(out)
        .containsPattern("node-a\\s+sp1\\s+FILE_THIN\\s+0 KiB\\s+20\\.0 GiB\\s+100%")
        .contains("ERROR    storage pool sp1 on node-a: full: no free space left")
        .contains("         action: free space: delete unused volumes or snapshots")
        .contains("1 problem(s): 1 error(s), 0 warning(s).");
  }
}
