package io.linstorcsi.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on 127.0.0.1 between the driver processes and the LINSTOR emulator. {@link #cut()}
 * makes LINSTOR unreachable the way a crashed controller pod is: open connections drop and new ones
 * are refused. {@link #restore()} listens again on the same port.
 */
final class LinstorLink implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket server;

  LinstorLink(URI linstor) {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), linstor.getPort());
    this.server = listen(0);
    this.port = server.getLocalPort();
    acceptLoop(server);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** LINSTOR goes away: the listener closes and every relayed connection is dropped. */
  synchronized void cut() {
    if (server == null) {
      return;
    }
    closeQuietly(server);
    server = null;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  /** LINSTOR is back on the same address. */
  synchronized void restore() {
    if (server == null) {
      server = listen(port);
      acceptLoop(server);
    }
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  private void acceptLoop(ServerSocket listener) {
    Thread.ofVirtual()
        .name("linstor-link-accept")
        .start(
            () -> {
              while (!listener.isClosed()) {
                try {
                  Socket client = listener.accept();
                  relay(client);
                } catch (IOException e) {
                  return; // closed by cut()
                }
              }
            });
  }

  private void relay(Socket client) {
    Socket upstream = new Socket();
    try {
      upstream.connect(target, 5_000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    open.add(client);
    open.add(upstream);
    pump(client, upstream);
    pump(upstream, client);
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual()
        .name("linstor-link-pump")
        .start(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed: close both below
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            });
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
  }
}
