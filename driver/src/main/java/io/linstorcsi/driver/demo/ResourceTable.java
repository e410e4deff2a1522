package io.linstorcsi.driver.demo;

import io.linstorcsi.linstor.model.DrbdConnection;
import io.linstorcsi.linstor.model.DrbdResource;
import io.linstorcsi.linstor.model.LayerObject;
import io.linstorcsi.linstor.model.ResourceWithVolumes;
import io.linstorcsi.linstor.model.Volume;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Renders resources the way {@code linstor resource list} shows them. */
final class ResourceTable {
  private static final String[] HEADER = {
    "ResourceName", "Node", "Port", "Usage", "Conns", "State", "CreatedOn"
  };
  private static final DateTimeFormatter CREATED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private ResourceTable() {}

  static String render(List<ResourceWithVolumes> resources) {
    List<String[]> rows = new ArrayList<>();
    resources.stream()
        .sorted(
            Comparator.comparing(ResourceWithVolumes::name)
                .thenComparing(ResourceWithVolumes::nodeName))
        .forEach(r -> rows.add(row(r)));
    int[] width = new int[HEADER.length];
    for (int i = 0; i < HEADER.length; i++) {
      width[i] = HEADER[i].length();
      for (String[] row : rows) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    int total = 1;
    for (int w : width) {
      total += w + 3;
    }
    StringBuilder out = new StringBuilder();
    out.append('+').append("-".repeat(total - 2)).append("+\n");
    line(out, HEADER, width);
    out.append('|').append("=".repeat(total - 2)).append("|\n");
    for (String[] row : rows) {
      line(out, row, width);
    }
    out.append('+').append("-".repeat(total - 2)).append("+\n");
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    out.append('|');
    for (int i = 0; i < cells.length; i++) {
      out.append(' ')
          .append(cells[i])
          .append(" ".repeat(width[i] - cells[i].length()))
          .append(" |");
    }
    out.append('\n');
  }

  private static String[] row(ResourceWithVolumes r) {
    var drbd = drbdOf(r.layerObject());
    Integer drbdPort =
        drbd == null || drbd.drbdResourceDefinition() == null
            ? null
            : drbd.drbdResourceDefinition().port();
    String port = drbdPort == null || drbdPort < 0 ? "" : drbdPort.toString();
    boolean inUse = r.state() != null && Boolean.TRUE.equals(r.state().inUse());
    String usage = r.state() == null || r.state().inUse() == null ? "" : inUse ? "InUse" : "Unused";
    return new String[] {
      r.name(),
      r.nodeName(),
      port,
      usage,
      connections(drbd == null ? Map.of() : drbd.connections()),
      state(r),
      r.createTimestamp() == null ? "" : CREATED.format(Instant.ofEpochMilli(r.createTimestamp()))
    };
  }

  private static DrbdResource drbdOf(LayerObject layer) {
    return layer == null ? null : layer.find("DRBD").map(LayerObject::drbd).orElse(null);
  }

  private static String connections(Map<String, DrbdConnection> connections) {
    List<String> bad = new ArrayList<>();
    connections.forEach(
        (peer, c) -> {
          if (!Boolean.TRUE.equals(c.connected())) {
            bad.add(c.message() + "(" + peer + ")");
          }
        });
    return bad.isEmpty() ? "Ok" : String.join(",", bad);
  }

  private static String state(ResourceWithVolumes r) {
    if (r.flags().contains("TIE_BREAKER")) {
      return "TieBreaker";
    }
    List<String> states = new ArrayList<>();
    for (Volume v : r.volumes()) {
      states.add(
          v.state() == null || v.state().diskState() == null ? "Unknown" : v.state().diskState());
    }
    if (states.isEmpty()) {
      return r.flags().contains("DISKLESS") ? "Diskless" : "Unknown";
    }
    return String.join(",", states.stream().distinct().toList());
  }
}
