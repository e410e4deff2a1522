package io.linstorcsi.node.testing;

import io.linstorcsi.node.drbd.DrbdConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * Hand-written stand-ins for {@code drbdsetup} and {@code drbdadm} (shell scripts in a temp folder)
 * that answer with real recorded output, so the DRBD paths of the node run as real processes on a
 * machine without the DRBD kernel module. Every call is logged; the state they report is switched
 * by the test.
 */
public final class FakeDrbdTools {
  private static final String DRBDSETUP =
      """
      #!/bin/sh
      dir=$(dirname "$0")
      echo "drbdsetup $*" >> "$dir/calls.log"
      case "$1" in
        status)
          if [ -f "$dir/no-json" ]; then
            echo "status: unrecognized option '--json'" >&2; exit 20
          fi
          cat "$dir/state.json" ;;
        events2)
          if [ "$2" = "--now" ]; then cat "$dir/state.events2"; exit 0; fi
          n=$(cat "$dir/stream.count" 2>/dev/null || echo 0); echo $((n+1)) > "$dir/stream.count"
          if [ -f "$dir/stream.$n" ]; then cat "$dir/stream.$n"; else cat "$dir/stream.last"; fi
          if [ -f "$dir/stream.stay" ]; then exec sleep 600; fi ;;
        secondary)
          echo "$2" >> "$dir/demoted" ;;
        *)
          echo "fake drbdsetup: unexpected $*" >&2; exit 1 ;;
      esac
      """;

  private static final String DRBDADM =
      """
      #!/bin/sh
      dir=$(dirname "$0")
      echo "drbdadm $*" >> "$dir/calls.log"
      case "$1" in
        secondary)
          if [ -f "$dir/held-open" ]; then
            echo "$2: State change failed: (-12) Device is held open by someone" >&2; exit 11
          fi
          if [ -f "$dir/not-in-config" ]; then
            echo "'$2' not defined in your config (for this host)." >&2; exit 10
          fi
          echo "$2" >> "$dir/demoted" ;;
        *)
          echo "fake drbdadm: unexpected $*" >&2; exit 1 ;;
      esac
      """;

  private final Path dir;

  public FakeDrbdTools(Path dir) {
    this.dir = dir;
    write("drbdsetup", DRBDSETUP);
    write("drbdadm", DRBDADM);
  }

  /** A DRBD config that uses these tools, DRBD forced on, and a fast restart for the follower. */
  public DrbdConfig config(boolean follow) {
    return DrbdConfig.defaults()
        .withMode(DrbdConfig.Mode.ON)
        .withPrograms(dir.resolve("drbdsetup").toString(), dir.resolve("drbdadm").toString())
        .withFollow(follow)
        .withRestartBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
  }

  /** Snapshots ({@code status --json}, {@code events2 --now}) answer with this recorded state. */
  public void state(String folder, String node) {
    replace("state.json", Recordings.read(folder, node, "status.json"));
    replace("state.events2", Recordings.read(folder, node, "events2.txt"));
  }

  /** Makes {@code status --json} fail as DRBD 8.4's drbdsetup does. */
  public void withoutJson() {
    replace("no-json", "");
  }

  public void heldOpen(boolean value) {
    flag("held-open", value);
  }

  public void notInDrbdadmConfig(boolean value) {
    flag("not-in-config", value);
  }

  /**
   * What successive {@code events2} (follow mode) processes print: the first run the first text,
   * and so on; runs beyond the list repeat the last. With {@code stay} each process keeps running
   * after printing, as the real one does.
   */
  public void streams(List<String> outputs, boolean stay) {
    for (int i = 0; i < outputs.size(); i++) {
      replace("stream." + i, outputs.get(i));
    }
    replace("stream.last", outputs.getLast());
    flag("stream.stay", stay);
  }

  /**
   * The recorded events2 stream of {@code node} from the first state folder through {@code upTo}.
   */
  public static String streamThrough(String node, String upTo) {
    StringBuilder out = new StringBuilder();
    for (String folder : Recordings.stateFolders()) {
      if (Files.exists(Recordings.file(folder, node, "events2-stream.txt"))) {
        out.append(Recordings.read(folder, node, "events2-stream.txt"));
      }
      if (folder.equals(upTo)) {
        return out.toString();
      }
    }
    throw new IllegalArgumentException("no state folder " + upTo);
  }

  public List<String> calls() {
    return lines("calls.log");
  }

  public List<String> demoted() {
    return lines("demoted");
  }

  private List<String> lines(String name) {
    try {
      Path file = dir.resolve(name);
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void flag(String name, boolean on) {
    try {
      if (on) {
        replace(name, "");
      } else {
        Files.deleteIfExists(dir.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Written beside and moved into place, so a running script never reads half a file. */
  private void replace(String name, String content) {
    try {
      Path tmp = Files.createTempFile(dir, name, ".tmp");
      Files.writeString(tmp, content);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String name, String script) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, script.stripIndent());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
