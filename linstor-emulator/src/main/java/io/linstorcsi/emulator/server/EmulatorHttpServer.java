package io.linstorcsi.emulator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.linstorcsi.emulator.RequestRecord;
import io.linstorcsi.emulator.block.HostToolException;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP(S) front: applies call faults, routes {@code /v1/...} to the REST handlers, hands {@code
 * /emulator/...} to the control handler, writes JSON and logs and records every REST call.
 */
public final class EmulatorHttpServer {
  private static final Logger LOG = LoggerFactory.getLogger("io.linstorcsi.emulator.requests");
  private static final String CONTROL_PREFIX = "/emulator/";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Router router;
  private final HttpHandler control;
  private final CallFaults faults;
  private final Consumer<RequestRecord> sink;

  public EmulatorHttpServer(
      InetSocketAddress address,
      SSLContext tls,
      boolean needClientAuth,
      Router router,
      HttpHandler control,
      CallFaults faults,
      Consumer<RequestRecord> sink) {
    this.router = router;
    this.control = control;
    this.faults = faults;
    this.sink = sink;
    try {
      if (tls == null) {
        server = HttpServer.create(address, 64);
      } else {
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(
            new HttpsConfigurator(tls) {
              @Override
              public void configure(HttpsParameters params) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(ssl);
              }
            });
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind " + address, e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Stops accepting, gives running calls a moment, then drops the rest (a hung call must not
   * block).
   */
  public void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith(CONTROL_PREFIX) || path.equals("/emulator")) {
      control.handle(exchange);
      return;
    }
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    String method = exchange.getRequestMethod();
    Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
    String body = readBody(exchange.getRequestBody());
    Router.Match match = router.match(method, path);
    String template = match instanceof Router.Found f ? f.template() : null;

    CallFaults.Rule fault = applyFaults(method, path, template);
    if (fault != null && fault.kind() == CallFaults.Kind.HANG) {
      // no answer at all: the client sees its own timeout, then a dropped connection
      LOG.info("{} {} -> hanging for {} (injected)", method, path, fault.duration());
      sleep(fault.duration());
      exchange.close();
      record(started, t0, method, path, query, template, 0);
      return;
    }
    Reply reply =
        fault != null ? injectedFailure(method, path) : dispatch(match, method, path, query, body);
    // recorded before the answer leaves, so a client that got its answer finds the call in the log
    record(started, t0, method, path, query, template, reply.status());
    send(exchange, reply);
  }

  private CallFaults.Rule applyFaults(String method, String path, String template) {
    Duration latency = faults.latency();
    if (!latency.isZero()) {
      sleep(latency);
    }
    return faults.take(method, path, template);
  }

  private static Reply injectedFailure(String method, String path) {
    return new Reply(
        500,
        List.of(
            Rc.of(
                    RetCode.error(0, RetCode.UNKNOWN_ERROR),
                    "Injected failure of " + method + " " + path + ".")
                .cause("The emulator was told to fail this call.")
                .build()));
  }

  private Reply dispatch(
      Router.Match match,
      String method,
      String path,
      Map<String, List<String>> query,
      String body) {
    return switch (match) {
      case Router.NotFound nf ->
          new Reply(
              404,
              List.of(
                  Rc.of(
                          RetCode.error(0, RetCode.UNKNOWN_ERROR),
                          "Path '" + path + "' not found on server.")
                      .details("HTTP 404 Not Found")
                      .build()));
      case Router.WrongMethod wm ->
          new Reply(
              405,
              List.of(
                  Rc.of(
                          RetCode.error(0, RetCode.UNKNOWN_ERROR),
                          "Method '" + method + "' not allowed on path '" + path + "'.")
                      .details("HTTP 405 Method Not Allowed")
                      .build()));
      case Router.Found found -> invoke(found, method, path, query, body);
    };
  }

  private Reply invoke(
      Router.Found found,
      String method,
      String path,
      Map<String, List<String>> query,
      String body) {
    try {
      return found
          .handler()
          .handle(new Call(method, path, found.template(), found.params(), query, body));
    } catch (ApiException e) {
      return new Reply(e.status(), e.reply());
    } catch (HostToolException e) {
      LOG.warn("{} {}: host command failed: {}", method, path, e.getMessage());
      return hostToolFailure(e);
    } catch (RuntimeException e) {
      LOG.error("{} {} failed inside the emulator", method, path, e);
      return new Reply(
          500,
          List.of(
              Rc.of(RetCode.error(0, RetCode.UNKNOWN_ERROR), "Emulator error: " + e)
                  .details(String.valueOf(e.getMessage()))
                  .build()));
    }
  }

  /**
   * A failed host command answered as LINSTOR relays a satellite's failed external command: the
   * satellite's texts (linstor-server extproc/ExtCmdFailedException: "Execution of the external
   * command '...' failed.", the exit code as cause, the command line as details) prefixed with the
   * node in parentheses as the controller does (CtrlSatelliteUpdateCaller.deserializeApiCallRc),
   * code FAIL_UNKNOWN_ERROR, HTTP 500.
   */
  private static Reply hostToolFailure(HostToolException e) {
    String details = "The full command line executed was:\n" + String.join(" ", e.commandLine());
    if (!e.output().isEmpty()) {
      details += "\n\nThe external command sent the following error information:\n" + e.output();
    }
    Rc.Builder entry =
        Rc.of(
                RetCode.error(0, RetCode.UNKNOWN_ERROR),
                (e.node() == null ? "" : "(" + e.node() + ") ")
                    + "Execution of the external command '"
                    + e.tool()
                    + "' failed.")
            .cause(e.failure())
            .details(details)
            .correction("Check whether the external program is installed and operating properly.");
    if (e.node() != null) {
      entry.ref("Node", e.node());
    }
    return new Reply(500, List.of(entry.build()));
  }

  private void record(
      Instant started,
      long t0,
      String method,
      String path,
      Map<String, List<String>> query,
      String template,
      int status) {
    long millis = (System.nanoTime() - t0) / 1_000_000;
    if (status != 0) {
      LOG.info("{} {} -> {} ({} ms)", method, path, status, millis);
    }
    sink.accept(new RequestRecord(method, path, query, template, status, started, millis));
  }

  static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = Json.write(reply.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String readBody(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Query parameters in order, repeated names kept; only the first '=' separates name and value.
   */
  public static Map<String, List<String>> parseQuery(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
