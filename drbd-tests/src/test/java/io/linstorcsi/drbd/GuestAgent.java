package io.linstorcsi.drbd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.BooleanSupplier;

/**
 * Host side of the guest's command agent ({@code drbdvm/agent.sh}) over a virtio-serial port that
 * qemu exposes as a Unix socket. One script at a time; every call has a deadline, enforced in the
 * guest by {@code timeout} and here by waiting a little longer than that.
 */
final class GuestAgent implements AutoCloseable {
  /** Time the agent needs beyond the script's own limit: kill grace and the reply's round trip. */
  private static final Duration MARGIN = Duration.ofSeconds(15);

  private final String guest;
  private final LineChannel channel;
  private final BooleanSupplier alive;
  private long nextId = 1;

  private GuestAgent(String guest, LineChannel channel, BooleanSupplier alive) {
    this.guest = guest;
    this.channel = channel;
    this.alive = alive;
  }

  /**
   * Connects and waits until the agent answers, which is when the guest has booted. Bytes written
   * before the guest opens its end wait in qemu, so the first call doubles as the readiness probe.
   */
  static GuestAgent awaitReady(String guest, Path socket, Duration boot, BooleanSupplier alive)
      throws IOException, InterruptedException {
    GuestAgent agent = new GuestAgent(guest, LineChannel.connect(socket, boot, alive), alive);
    CommandResult hello = agent.run("echo ready", boot);
    if (!hello.stdout().strip().equals("ready")) {
      throw new IOException("agent of " + guest + " answered oddly: " + hello.describe());
    }
    return agent;
  }

  synchronized CommandResult run(String script, Duration timeout) {
    long id = nextId++;
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    String payload = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
    channel.send(id + " " + seconds + " " + payload);
    Instant deadline = Instant.now().plus(timeout).plus(MARGIN);
    try {
      while (Instant.now().isBefore(deadline)) {
        String line = channel.poll(Duration.ofMillis(500));
        if (line == null) {
          if (!alive.getAsBoolean()) {
            throw new IllegalStateException(guest + ": qemu exited while running: " + script);
          }
          continue;
        }
        String[] fields = line.split(" ", -1);
        if (fields.length != 4 || !fields[0].equals(Long.toString(id))) {
          continue; // the late answer of a call that timed out on this side
        }
        return new CommandResult(
            script, Integer.parseInt(fields[1]), decode(fields[2]), decode(fields[3]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(guest + ": agent connection lost", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(guest + ": interrupted while running: " + script, e);
    }
    throw new IllegalStateException(
        guest + ": no answer within " + timeout.plus(MARGIN) + " to: " + script);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    channel.close();
  }
}
