package io.linstorcsi.node.drbd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the node reaches DRBD. {@code mode} AUTO uses DRBD when its kernel module is loaded, so a
 * node without DRBD (storage-only volumes) never runs a drbd command.
 *
 * @param drbdsetup the drbdsetup program (name on PATH or absolute path)
 * @param drbdadm the drbdadm program
 * @param follow whether to keep a {@code drbdsetup events2} process running (split-brain evidence)
 * @param restartMin first pause before restarting a dead events process
 * @param restartMax longest pause between restarts
 */
public record DrbdConfig(
    Mode mode,
    String drbdsetup,
    String drbdadm,
    boolean follow,
    Duration restartMin,
    Duration restartMax) {

  public enum Mode {
    AUTO,
    ON,
    OFF
  }

  private static final Path MODULE = Path.of("/sys/module/drbd");

  public DrbdConfig {
    if (restartMin.isNegative() || restartMin.isZero() || restartMax.compareTo(restartMin) < 0) {
      throw new IllegalArgumentException(
          "restart backoff must satisfy 0 < min <= max, got " + restartMin + ", " + restartMax);
    }
    if (drbdsetup.isBlank() || drbdadm.isBlank()) {
      throw new IllegalArgumentException("drbdsetup and drbdadm must be named");
    }
  }

  public static DrbdConfig defaults() {
    return new DrbdConfig(
        Mode.AUTO, "drbdsetup", "drbdadm", true, Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  public DrbdConfig withMode(Mode value) {
    return new DrbdConfig(value, drbdsetup, drbdadm, follow, restartMin, restartMax);
  }

  public DrbdConfig withPrograms(String setup, String adm) {
    return new DrbdConfig(mode, setup, adm, follow, restartMin, restartMax);
  }

  public DrbdConfig withFollow(boolean value) {
    return new DrbdConfig(mode, drbdsetup, drbdadm, value, restartMin, restartMax);
  }

  public DrbdConfig withRestartBackoff(Duration min, Duration max) {
    return new DrbdConfig(mode, drbdsetup, drbdadm, follow, min, max);
  }

  /** Whether DRBD is in use on this node. */
  public boolean active() {
    return switch (mode) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> Files.isDirectory(MODULE);
    };
  }

  /** The events stream the follower runs. */
  List<String> eventsCommand() {
    return List.of(drbdsetup, "events2", "--timestamps", "--statistics", "all");
  }
}
