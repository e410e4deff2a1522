package io.linstorcsi.driver;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The driver started as its own process, the way kubelet's pods run it, with a client channel. */
final class RunningDriver implements AutoCloseable {
  final Process process;
  final Path socket;
  final Path log;
  private ManagedChannel channel;

  private RunningDriver(Process process, Path socket, Path log) {
    this.process = process;
    this.socket = socket;
    this.log = log;
  }

  static Process launch(Path log, String... args) throws IOException {
    return launch(List.of("-XX:TieredStopAtLevel=1"), log, args);
  }

  /** Like {@link #launch(Path, String...)} with the given JVM flags. */
  static Process launch(List<String> jvmFlags, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Starts the driver serving on {@code socket} and waits until the socket accepts calls. */
  static RunningDriver start(Path socket, Path log, String... args) throws Exception {
    return start(List.of("-XX:TieredStopAtLevel=1"), socket, log, args);
  }

  /** Like {@link #start(Path, Path, String...)} with the given JVM flags. */
  static RunningDriver start(List<String> jvmFlags, Path socket, Path log, String... args)
      throws Exception {
    List<String> all = new ArrayList<>(List.of("--csi-endpoint", "unix://" + socket));
    all.addAll(List.of(args));
    Process process = launch(jvmFlags, log, all.toArray(String[]::new));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!Files.exists(socket)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("driver exited early:\n" + Files.readString(log));
      }
      if (Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException("socket never appeared:\n" + Files.readString(log));
      }
      Thread.sleep(20);
    }
    return new RunningDriver(process, socket, log);
  }

  /**
   * Like {@link #start} when a stale file already sits at the socket path: waits until the driver
   * has replaced it with a listening socket.
   */
  static RunningDriver startAfterStaleFile(Path socket, Path log, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--csi-endpoint", "unix://" + socket));
    all.addAll(List.of(args));
    Process process = launch(log, all.toArray(String[]::new));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!Files.readString(log).contains("serving CSI on")) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IllegalStateException("driver did not start:\n" + Files.readString(log));
      }
      Thread.sleep(20);
    }
    return new RunningDriver(process, socket, log);
  }

  ManagedChannel channel() {
    if (channel == null) {
      channel =
          Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create()).build();
    }
    return channel;
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
