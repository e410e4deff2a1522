package io.linstorcsi.driver.status;

import io.linstorcsi.driver.BuildInfo;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code linstor-csi status}: reads LINSTOR once (or every few seconds with {@code --watch}), shows
 * nodes, storage pools and resources, and lists what is abnormal with what to do. Read-only.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    sortOptions = false,
    showDefaultValues = true,
    usageHelpWidth = 120,
    description = {
      "Shows the health of the LINSTOR cluster behind the driver: nodes, storage pools, and each"
          + " resource per node (role, disk state, connection to every peer, in use).",
      "Lists every problem with a one-line reason and what to do: offline or evicted nodes, pools"
          + " nearly full, disks not UpToDate, disconnected or StandAlone (possible split brain)"
          + " peers, lost quorum, missing replicas, resources on offline nodes.",
      "Where LINSTOR has remotes (S3 or another LINSTOR cluster): the remotes, shipments running"
          + " or queued, failed shipments, and each volume's newest complete backup with its age;"
          + " failed shipments and backups older than --backup-age-threshold are problems.",
      "With a kubeconfig it names the PersistentVolume, claim and pods behind each abnormal"
          + " resource. Writes nothing to LINSTOR or Kubernetes."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:healthy: nothing abnormal found",
      "1:a problem was found, or LINSTOR could not be reached",
      "2:usage error (unknown option or invalid value)"
    })
public final class StatusCommand implements Callable<Integer> {
  static final int HEALTHY = 0;
  static final int PROBLEMS = 1;
  private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

  /** Output formats of {@code -o}. */
  enum Format {
    table,
    json
  }

  /** Waits between two refreshes of {@code --watch}; replaceable in tests. */
  interface Pause {
    void sleep(Duration duration) throws InterruptedException;
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--linstor-endpoint",
      defaultValue = "${env:LS_CONTROLLERS}",
      description =
          "LINSTOR controller URL(s), comma separated, tried in order. Env: LS_CONTROLLERS."
              + " TLS material from LS_ROOT_CA, LS_USER_CERTIFICATE, LS_USER_KEY.")
  String linstorEndpoint;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES}.")
  Format output;

  @Option(
      names = "--pool-full-threshold",
      paramLabel = "PERCENT",
      defaultValue = "" + RuleSettings.DEFAULT_POOL_FULL_PERCENT,
      description = "Report storage pools with at least this share used (1-100).")
  int poolFullThreshold;

  @Option(
      names = "--backup-age-threshold",
      paramLabel = "DURATION",
      defaultValue = "26h",
      description =
          "Report volumes whose newest complete backup on a LINSTOR remote is older than this"
              + " (e.g. 26h, 90m, 2d, 1d6h; 'off' to not check). Only volumes with backups are"
              + " checked, and only when LINSTOR has a remote.")
  String backupAgeThreshold;

  @Option(
      names = "--kubeconfig",
      paramLabel = "PATH",
      description =
          "Kubeconfig used to name the PersistentVolume, claim and pods of each abnormal resource."
              + " Default: the first file of env KUBECONFIG; without either, Kubernetes is not"
              + " asked.")
  String kubeconfig;

  @Option(
      names = "--watch",
      arity = "0..1",
      fallbackValue = "2",
      paramLabel = "SECONDS",
      description =
          "Refresh every SECONDS (default 2) until Ctrl-C: the table redraws in place; with -o"
              + " json one document per line.")
  Integer watch;

  @Option(names = "--no-color", description = "No colours, even on a terminal. Env: NO_COLOR.")
  boolean noColor;

  // Seams for tests; the command line never changes them.
  Map<String, String> env = System.getenv();
  Pause pause = d -> Thread.sleep(d.toMillis());
  int maxRefreshes;

  private record Frame(String text, String error, int exitCode) {}

  @Override
  public Integer call() {
    settings(Instant.now()); // checks --pool-full-threshold before anything is contacted
    if (watch != null && watch < 1) {
      throw usage("--watch must be at least 1 second, got " + watch);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> kubeNotes = new ArrayList<>();
    try (LinstorClient client = linstorClient();
        KubernetesLookup kube = kubernetes(kubeNotes)) {
      if (watch == null) {
        Frame frame = once(client, kube, kubeNotes);
        if (frame.error() != null) {
          err.println("error: " + frame.error());
        }
        out.print(frame.text());
        out.flush();
        return frame.exitCode();
      }
      return watch(client, kube, kubeNotes, out);
    }
  }

  private int watch(
      LinstorClient client, KubernetesLookup kube, List<String> notes, PrintWriter out) {
    int refreshes = 0;
    while (true) {
      Frame frame = once(client, kube, notes);
      int exit = frame.exitCode();
      if (output == Format.json) {
        out.print(frame.text());
      } else {
        out.print(CLEAR_SCREEN);
        out.printf(
            "Every %ds: linstor-csi status    %s%n%n",
            watch, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        out.print(frame.text());
      }
      out.flush();
      if (maxRefreshes > 0 && ++refreshes >= maxRefreshes) {
        return exit;
      }
      try {
        pause.sleep(Duration.ofSeconds(watch));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return exit;
      }
    }
  }

  /** One read of LINSTOR, evaluated and rendered. */
  private Frame once(LinstorClient client, KubernetesLookup kube, List<String> kubeNotes) {
    List<String> endpoints = client.endpoints().stream().map(URI::toString).toList();
    ClusterSnapshot snapshot;
    try {
      snapshot = new SnapshotFetcher(client).fetch();
    } catch (LinstorException e) {
      String message =
          "cannot reach LINSTOR at " + String.join(", ", endpoints) + ": " + e.getMessage();
      StatusReport report = StatusReport.unreachable(endpoints, message);
      String text = output == Format.json || watch != null ? render(report) : "";
      return new Frame(text, watch == null ? message : null, PROBLEMS);
    }
    RuleSettings settings = settings(Instant.now());
    List<Finding> findings = HealthRules.evaluate(snapshot, settings);
    List<String> notes = new ArrayList<>(kubeNotes);
    if (kube != null && findings.stream().anyMatch(f -> f.resource() != null)) {
      try {
        findings = kube.attach(findings);
      } catch (RuntimeException e) {
        notes.add("could not read PersistentVolumes or pods from Kubernetes: " + e.getMessage());
      }
    }
    StatusReport report = ReportBuilder.build(endpoints, snapshot, findings, settings, notes);
    return new Frame(render(report), null, report.healthy() ? HEALTHY : PROBLEMS);
  }

  private String render(StatusReport report) {
    if (output == Format.json) {
      return JsonRenderer.render(report, watch == null) + System.lineSeparator();
    }
    return new TableRenderer(new Palette(Terminal.colour(noColor, env))).render(report);
  }

  private RuleSettings settings(Instant now) {
    try {
      return new RuleSettings(poolFullThreshold, now, backupAge());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private java.time.Duration backupAge() {
    try {
      return Durations.parse(backupAgeThreshold);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--backup-age-threshold: " + e.getMessage(), e);
    }
  }

  private LinstorClient linstorClient() {
    try {
      LinstorClient.Builder builder = LinstorClient.builder().fromEnvironment(env);
      if (linstorEndpoint != null && !linstorEndpoint.isBlank()) {
        builder.controllers(linstorEndpoint);
      }
      // A status check should answer quickly; one retry covers a controller failover.
      return builder
          .connectTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(30))
          .retries(1)
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw usage("--linstor-endpoint: " + e.getMessage());
    }
  }

  /** Null when no kubeconfig is configured or it cannot be used (then a note says why). */
  private KubernetesLookup kubernetes(List<String> notes) {
    Path path = KubernetesLookup.kubeconfig(kubeconfig, env);
    if (path == null) {
      return null;
    }
    try {
      return KubernetesLookup.open(path);
    } catch (Exception e) {
      notes.add("Kubernetes workloads not shown: " + e.getMessage());
      return null;
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
