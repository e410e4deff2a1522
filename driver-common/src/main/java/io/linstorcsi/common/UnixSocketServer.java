package io.linstorcsi.common;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server on a Unix domain socket (Netty epoll), with the lifecycle kubelet expects: the
 * socket's folder is created, a stale socket file is removed, and a stop lets in-flight calls
 * finish for a bounded time before the rest is cancelled.
 */
public final class UnixSocketServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UnixSocketServer.class);

  private final Path socket;
  private final Server server;
  private final EventLoopGroup loop;
  private final ExecutorService workers;

  private UnixSocketServer(
      Path socket, Server server, EventLoopGroup loop, ExecutorService workers) {
    this.socket = socket;
    this.server = server;
    this.loop = loop;
    this.workers = workers;
  }

  /** Accepts {@code unix:///path}, {@code unix:/path} and a bare absolute path. */
  public static Path socketPath(String endpoint) {
    String path;
    if (endpoint.startsWith("unix://")) {
      path = endpoint.substring("unix://".length());
    } else if (endpoint.startsWith("unix:")) {
      path = endpoint.substring("unix:".length());
    } else {
      path = endpoint;
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(
          "CSI endpoint must be an absolute unix socket path like unix:///csi/csi.sock, got '"
              + endpoint
              + "'");
    }
    return Path.of(path).normalize();
  }

  public static UnixSocketServer start(
      Path socket, List<BindableService> services, List<ServerInterceptor> interceptors)
      throws IOException {
    Files.createDirectories(socket.toAbsolutePath().getParent());
    if (Files.exists(socket) || Files.isSymbolicLink(socket)) {
      // A socket left behind by a previous run would make bind() fail with "address in use".
      log.info("removing stale socket {}", socket);
      Files.delete(socket);
    }
    EventLoopGroup loop = new EpollEventLoopGroup(1);
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
            .channelType(EpollServerDomainSocketChannel.class)
            .bossEventLoopGroup(loop)
            .workerEventLoopGroup(loop)
            .executor(workers);
    List<ServerInterceptor> ordered = new ArrayList<>(interceptors);
    for (BindableService service : services) {
      builder.addService(ServerInterceptors.intercept(service, ordered));
    }
    Server server = builder.build().start();
    log.info("serving CSI on unix://{}", socket);
    return new UnixSocketServer(socket, server, loop, workers);
  }

  public Path socket() {
    return socket;
  }

  /**
   * Stops taking new calls, waits up to {@code grace} for running calls, then cancels what is left
   * and removes the socket file.
   */
  public void stop(Duration grace) {
    server.shutdown();
    try {
      if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("calls still running after {} s; cancelling them", grace.toSeconds());
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      workers.shutdownNow();
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      try {
        Files.deleteIfExists(socket);
      } catch (IOException e) {
        log.warn("could not remove socket {}: {}", socket, e.toString());
      }
    }
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }
}
