package io.linstorcsi.drbd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps what DRBD 8.4 printed in each state the tests reach, under {@code
 * target/drbd84-recordings/<state>/<guest>/}, for reading after a run and for refreshing the
 * recordings that the host-only parser tests use ({@code src/test/resources/drbd84}).
 */
final class Recordings {
  static final Path ROOT = Path.of("target", "drbd84-recordings");

  private Recordings() {}

  static DrbdViews capture(String state, GuestDrbd node) {
    DrbdViews views = node.views();
    save(state, node.guest().name(), views);
    return views;
  }

  static void save(String state, String guest, DrbdViews views) {
    Path dir = ROOT.resolve(state).resolve(guest);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("events2-now.txt"), views.events2());
      Files.writeString(dir.resolve("drbdadm-status.txt"), views.status());
      Files.writeString(dir.resolve("proc-drbd.txt"), views.procDrbd());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void saveStream(String state, String guest, String stream) {
    Path dir = ROOT.resolve(state).resolve(guest);
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("events2-stream.txt"), stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
