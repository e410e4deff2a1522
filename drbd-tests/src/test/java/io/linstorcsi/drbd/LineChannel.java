package io.linstorcsi.drbd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A line-oriented connection to a Unix socket that qemu serves. Blocking socket channels have no
 * read timeout, so a reader thread queues the lines and callers wait on the queue with a deadline.
 */
final class LineChannel implements AutoCloseable {
  private final SocketChannel channel;
  private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
  private final Thread reader;

  private LineChannel(SocketChannel channel, String name) {
    this.channel = channel;
    this.reader = Thread.ofPlatform().daemon().name(name).start(this::readLines);
  }

  /**
   * Connects, retrying while qemu has not created the socket yet; gives up when {@code alive} turns
   * false (qemu exited) or the timeout passes.
   */
  static LineChannel connect(Path socket, Duration timeout, BooleanSupplier alive)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    IOException last = null;
    while (Instant.now().isBefore(deadline) && alive.getAsBoolean()) {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        return new LineChannel(channel, "line-reader " + socket.getFileName());
      } catch (IOException e) {
        channel.close();
        last = e;
        Thread.sleep(50);
      }
    }
    throw new IOException("could not connect to " + socket + " within " + timeout, last);
  }

  private void readLines() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(Optional.of(line));
      }
    } catch (IOException ignored) {
      // closed by close() or by qemu exiting; either way the waiting caller is told below
    } finally {
      lines.add(Optional.empty());
    }
  }

  void send(String line) {
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(line + "\n");
    try {
      synchronized (channel) {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("write to " + reader.getName() + " failed", e);
    }
  }

  /** The next line, or null when the timeout passed first; IOException once the peer closed. */
  String poll(Duration timeout) throws InterruptedException, IOException {
    Optional<String> line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      return null;
    }
    if (line.isEmpty()) {
      lines.add(line); // later callers must see the end too
      throw new IOException("connection closed by qemu (" + reader.getName() + ")");
    }
    return line.get();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
