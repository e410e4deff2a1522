package io.linstorcsi.driver.status;

import io.linstorcsi.driver.status.TextTable.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report as aligned tables for a terminal, abnormal values in red or yellow. */
final class TableRenderer {
  private final Palette palette;

  TableRenderer(Palette palette) {
    this.palette = palette;
  }

  String render(StatusReport report) {
    StringBuilder out = new StringBuilder();
    out.append("LINSTOR ").append(String.join(", ", report.endpoints())).append("\n\n");
    if (!report.nodes().isEmpty()) {
      section(out, "NODES", nodes(report));
    }
    if (!report.storagePools().isEmpty()) {
      section(out, "STORAGE POOLS", pools(report));
    }
    if (!report.resources().isEmpty()) {
      section(out, "RESOURCES", resources(report));
    }
    if (report.backups() != null) {
      backups(out, report.backups());
    }
    problems(out, report);
    for (String note : report.notes()) {
      out.append("note: ").append(note).append('\n');
    }
    return out.toString();
  }

  private void section(StringBuilder out, String title, TextTable table) {
    out.append(palette.paint(Palette.BOLD, title)).append('\n');
    table.render(out, palette);
    out.append('\n');
  }

  private static TextTable nodes(StatusReport report) {
    TextTable t = new TextTable("NAME", "TYPE", "STATUS");
    for (StatusReport.NodeRow n : report.nodes()) {
      boolean evicted = n.flags().contains("EVICTED");
      String status = evicted ? n.connectionStatus() + " (EVICTED)" : n.connectionStatus();
      boolean online = "ONLINE".equalsIgnoreCase(n.connectionStatus()) && !evicted;
      t.row(
          TextTable.plain(n.name()),
          TextTable.plain(n.type()),
          TextTable.coloured(status, online ? Palette.GREEN : Palette.RED));
    }
    return t;
  }

  private static TextTable pools(StatusReport report) {
    TextTable t = new TextTable("NODE", "POOL", "PROVIDER", "FREE", "TOTAL", "USED", "ERRORS");
    for (StatusReport.PoolRow p : report.storagePools()) {
      String used =
          p.usedPercent() == null
              ? "-"
              : String.format(Locale.ROOT, "%d%%", (int) Math.floor(p.usedPercent()));
      String usedColour =
          p.freeKib() != null && p.freeKib() <= 0
              ? Palette.RED
              : p.overThreshold() ? Palette.YELLOW : null;
      t.row(
          TextTable.plain(p.node()),
          TextTable.plain(p.pool()),
          TextTable.plain(p.provider()),
          TextTable.plain(Sizes.kib(p.freeKib())),
          TextTable.plain(Sizes.kib(p.totalKib())),
          TextTable.coloured(used, usedColour),
          p.errors().isEmpty()
              ? TextTable.plain("-")
              : TextTable.coloured(String.join("; ", p.errors()), Palette.RED));
    }
    return t;
  }

  private static TextTable resources(StatusReport report) {
    TextTable t = new TextTable("RESOURCE", "NODE", "ROLE", "DISK", "CONNECTIONS", "IN USE");
    for (StatusReport.ReplicaRow r : report.resources()) {
      t.row(
          TextTable.plain(r.resource()),
          TextTable.plain(r.node()),
          TextTable.coloured(r.role(), "Unknown".equals(r.role()) ? Palette.RED : null),
          disk(r),
          connections(r),
          TextTable.plain(r.inUse() == null ? "?" : r.inUse() ? "yes" : "no"));
    }
    return t;
  }

  private void backups(StringBuilder out, StatusReport.Backups b) {
    TextTable remotes = new TextTable("NAME", "TYPE", "TARGET", "BUCKET");
    b.remotes()
        .forEach(
            r ->
                remotes.row(
                    TextTable.plain(r.name()),
                    TextTable.plain(r.type()),
                    TextTable.plain(r.target()),
                    TextTable.plain(r.bucket())));
    section(out, "BACKUP REMOTES", remotes);
    if (!b.shipments().isEmpty()) {
      TextTable t = new TextTable("RESOURCE", "SNAPSHOT", "REMOTE", "NODE", "STATE", "KIND", "FOR");
      for (StatusReport.ShipmentRow s : b.shipments()) {
        t.row(
            TextTable.plain(s.resource()),
            TextTable.plain(s.snapshot()),
            TextTable.plain(s.remote()),
            TextTable.plain(s.node()),
            TextTable.coloured(s.state(), "running".equals(s.state()) ? Palette.GREEN : null),
            TextTable.plain(s.incremental() ? "incremental" : "full"),
            TextTable.plain(
                s.elapsedSeconds() == null
                    ? null
                    : Durations.format(java.time.Duration.ofSeconds(s.elapsedSeconds()))));
      }
      section(out, "SHIPMENTS", t);
    }
    if (!b.failed().isEmpty()) {
      TextTable t = new TextTable("RESOURCE", "SNAPSHOT", "REMOTE", "STARTED", "REASON");
      for (StatusReport.FailedRow f : b.failed()) {
        t.row(
            TextTable.plain(f.resource()),
            TextTable.plain(f.snapshot()),
            TextTable.plain(f.remote()),
            TextTable.plain(f.started()),
            TextTable.coloured(f.reason() == null ? "?" : f.reason(), Palette.RED));
      }
      section(out, "FAILED SHIPMENTS", t);
    }
    if (!b.volumes().isEmpty()) {
      TextTable t = new TextTable("RESOURCE", "NEWEST BACKUP", "REMOTE", "FINISHED", "AGE");
      for (StatusReport.VolumeBackupRow v : b.volumes()) {
        t.row(
            TextTable.plain(v.resource()),
            TextTable.plain(v.snapshot() == null ? "none" : v.snapshot()),
            TextTable.plain(v.remote()),
            TextTable.plain(v.finished()),
            v.ageSeconds() == null
                ? TextTable.plain("-")
                : TextTable.coloured(
                    Durations.format(java.time.Duration.ofSeconds(v.ageSeconds())),
                    v.overThreshold() ? Palette.YELLOW : Palette.GREEN));
      }
      section(out, "BACKUPS", t);
    }
  }

  private static List<Segment> disk(StatusReport.ReplicaRow r) {
    if (!r.reporting()) {
      return TextTable.coloured("Unknown", Palette.RED);
    }
    if (r.volumes().isEmpty()) {
      return TextTable.plain("-");
    }
    boolean several = r.volumes().size() > 1;
    List<Segment> out = new ArrayList<>();
    for (StatusReport.VolumeRow v : r.volumes()) {
      if (!out.isEmpty()) {
        out.add(new Segment(" ", null));
      }
      String state = v.diskState() == null ? "?" : v.diskState();
      if ("tie-breaker".equals(r.kind()) && v.normal()) {
        state = "TieBreaker";
      }
      String text = several ? v.volume() + ":" + state : state;
      out.add(new Segment(text, v.normal() ? Palette.GREEN : Palette.RED));
    }
    return out;
  }

  private static List<Segment> connections(StatusReport.ReplicaRow r) {
    if (r.connections().isEmpty()) {
      return TextTable.plain("-");
    }
    List<Segment> out = new ArrayList<>();
    for (StatusReport.ConnectionRow c : r.connections()) {
      if (!out.isEmpty()) {
        out.add(new Segment(" ", null));
      }
      String colour =
          c.connected()
              ? Palette.GREEN
              : Replica.STANDALONE.equals(c.state()) ? Palette.RED : Palette.YELLOW;
      out.add(new Segment(c.peer() + ":" + c.state(), colour));
    }
    return out;
  }

  private void problems(StringBuilder out, StatusReport report) {
    if (report.problems().isEmpty()) {
      out.append(palette.paint(Palette.GREEN, "Healthy: no problems found.")).append('\n');
      return;
    }
    out.append(palette.paint(Palette.BOLD, "PROBLEMS")).append('\n');
    String indent = " ".repeat(9);
    for (Finding f : report.problems()) {
      String label = String.format(Locale.ROOT, "%-9s", f.severity().name());
      out.append(palette.paint(palette.colourOf(f.severity()), label))
          .append(f.object())
          .append(": ")
          .append(f.reason())
          .append('\n');
      out.append(indent).append("action: ").append(f.action()).append('\n');
      if (f.workload() != null) {
        out.append(indent).append("used by: ").append(describe(f.workload())).append('\n');
      }
    }
    StatusReport.Summary s = report.summary();
    out.append('\n')
        .append(
            palette.paint(
                s.errors() > 0 ? Palette.RED : Palette.YELLOW,
                String.format(
                    Locale.ROOT,
                    "%d problem(s): %d error(s), %d warning(s).",
                    s.errors() + s.warnings(),
                    s.errors(),
                    s.warnings())))
        .append('\n');
  }

  static String describe(KubernetesUsers.Workload w) {
    StringBuilder s = new StringBuilder("PersistentVolume ").append(w.persistentVolume());
    if (w.claimName() != null) {
      s.append(", claim ").append(w.claimNamespace()).append('/').append(w.claimName());
    }
    s.append(w.pods().isEmpty() ? ", no pod" : ", pod(s) " + String.join(", ", w.pods()));
    return s.toString();
  }
}
