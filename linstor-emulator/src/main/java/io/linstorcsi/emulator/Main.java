package io.linstorcsi.emulator;

import io.linstorcsi.emulator.state.SyncPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the emulator as a process until SIGTERM or Ctrl-C, then detaches its loop devices. */
@Command(
    name = "linstor-emulator",
    mixinStandardHelpOptions = true,
    description =
        "A LINSTOR controller REST API v1 emulator on 127.0.0.1 (fault control under /emulator/).")
public final class Main implements Callable<Integer> {

  @Option(names = "--port", description = "port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int port = 3370;

  @Option(
      names = "--nodes",
      split = ",",
      description = "satellite nodes (default: node-a,node-b,node-c)")
  List<String> nodes = new ArrayList<>(List.of("node-a", "node-b", "node-c"));

  @Option(
      names = "--storage-pool",
      description =
          "NAME[:PROVIDER[:SIZE]] on every node, repeatable; PROVIDER default LVM_THIN, SIZE like 20GiB"
              + " (default: sp1:LVM_THIN:20GiB)")
  List<String> pools = new ArrayList<>();

  @Option(
      names = "--backing-dir",
      description = "back volumes with sparse files here on loop devices (root)")
  Path backingDir;

  @Option(names = "--offline", description = "node whose satellite is down at start, repeatable")
  List<String> offline = new ArrayList<>();

  @Option(names = "--no-drbd", description = "satellites support only the STORAGE layer")
  boolean noDrbd;

  @Option(
      names = "--sync",
      description =
          "how DRBD resyncs progress: instant (default), manual (only through"
              + " /emulator/drbd/{rd}/sync-advance), or timed:RATE with RATE per second like 100MiB")
  String sync = "instant";

  @Option(names = "--tls-cert", description = "PEM certificate chain: serve HTTPS")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM PKCS#8 private key of --tls-cert")
  Path tlsKey;

  @Option(
      names = "--tls-client-ca",
      description = "PEM CA certificates; clients must present a certificate")
  Path tlsClientCa;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    LinstorEmulator.Builder builder =
        LinstorEmulator.builder().port(port).nodes(nodes.toArray(String[]::new)).drbd(!noDrbd);
    for (String spec : pools.isEmpty() ? List.of("sp1:LVM_THIN:20GiB") : pools) {
      String[] parts = spec.split(":");
      String kind = parts.length > 1 && !parts[1].isEmpty() ? parts[1] : "LVM_THIN";
      long size = parts.length > 2 ? parseSizeKib(parts[2]) : 20L << 20;
      builder.storagePool(parts[0], kind, size);
    }
    if (backingDir != null) {
      builder.backingDir(backingDir);
    }
    builder.offline(offline.toArray(String[]::new));
    builder.syncPolicy(parseSyncPolicy(sync));
    if (tlsCert != null || tlsKey != null) {
      if (tlsCert == null || tlsKey == null) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--tls-cert and --tls-key go together");
      }
      TlsMaterial tls = TlsMaterial.fromPem(tlsCert, tlsKey);
      builder.tls(tlsClientCa == null ? tls : tls.requireClientCertificates(tlsClientCa));
    }
    LinstorEmulator emulator = builder.build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                },
                "linstor-emulator-stop"));
    System.out.println("linstor-emulator listening on " + emulator.baseUrl());
    stopped.await();
    return 0;
  }

  /** "instant", "manual" or "timed:RATE" (RATE per second, a size like "100MiB"). */
  static SyncPolicy parseSyncPolicy(String text) {
    String[] parts = text.split(":", 2);
    long rate = parts.length == 2 ? parseSizeKib(parts[1]) : 0;
    return SyncPolicy.parse(parts[0], rate);
  }

  /** "20GiB", "512MiB", "1TiB", "2048" (KiB). */
  static long parseSizeKib(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long factor = 1;
    String[][] units = {
      {"TIB", "1073741824"},
      {"GIB", "1048576"},
      {"MIB", "1024"},
      {"KIB", "1"},
      {"T", "1073741824"},
      {"G", "1048576"},
      {"M", "1024"},
      {"K", "1"}
    };
    for (String[] unit : units) {
      if (t.endsWith(unit[0])) {
        factor = Long.parseLong(unit[1]);
        t = t.substring(0, t.length() - unit[0].length());
        break;
      }
    }
    return Long.parseLong(t.trim()) * factor;
  }
}
