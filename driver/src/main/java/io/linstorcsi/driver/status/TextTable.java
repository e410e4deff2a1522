package io.linstorcsi.driver.status;

import java.util.ArrayList;
import java.util.List;

/**
 * Columns aligned by the visible width of their cells. A cell is a list of coloured segments, so
 * widths are computed on the text and the colour codes never shift a column.
 */
final class TextTable {
  /** A piece of a cell; {@code colour} is an ANSI code from {@link Palette}, or null. */
  record Segment(String text, String colour) {}

  private final List<String> headers;
  private final List<List<List<Segment>>> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  static List<Segment> plain(String text) {
    return List.of(new Segment(text == null ? "-" : text, null));
  }

  static List<Segment> coloured(String text, String colour) {
    return List.of(new Segment(text == null ? "-" : text, colour));
  }

  @SafeVarargs
  final void row(List<Segment>... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    rows.add(List.of(cells));
  }

  void render(StringBuilder out, Palette palette) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<List<Segment>> row : rows) {
        widths[c] = Math.max(widths[c], width(row.get(c)));
      }
    }
    List<List<Segment>> headerCells = headers.stream().map(h -> coloured(h, Palette.BOLD)).toList();
    line(out, headerCells, widths, palette);
    for (List<List<Segment>> row : rows) {
      line(out, row, widths, palette);
    }
  }

  private static void line(
      StringBuilder out, List<List<Segment>> cells, int[] widths, Palette palette) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      boolean last = c == cells.size() - 1;
      for (Segment s : cells.get(c)) {
        line.append(palette.paint(s.colour(), s.text()));
      }
      if (!last) {
        line.append(" ".repeat(widths[c] - width(cells.get(c)) + 2));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static int width(List<Segment> cell) {
    return cell.stream().mapToInt(s -> s.text().length()).sum();
  }
}
