package io.linstorcsi.driver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The driver: serves CSI Identity always, and Controller and/or Node on a Unix socket. Flag names
 * and environment variables are those of Piraeus' linstor-csi, so existing manifests keep working.
 */
@Command(
    name = "linstor-csi",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    sortOptions = false,
    showDefaultValues = true,
    usageHelpWidth = 120,
    description = {
      "Kubernetes CSI driver for LINSTOR/DRBD (provisioner linstor.csi.linbit.com).",
      "Serves CSI Identity, and Controller and/or Node, on a Unix domain socket.",
      "Without --controller or --node-plugin both roles run (the node role only when --node is"
          + " given), as Piraeus' linstor-csi does."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--csi-endpoint",
      defaultValue =
          "${env:CSI_ENDPOINT:-unix:///var/lib/kubelet/plugins/linstor.csi.linbit.com/csi.sock}",
      description = "CSI endpoint (unix socket). Env: CSI_ENDPOINT.")
  String csiEndpoint;

  @Option(
      names = "--node",
      defaultValue = "${env:KUBE_NODE_NAME}",
      description =
          "LINSTOR node name of this host; required for the node role. Env: KUBE_NODE_NAME.")
  String node;

  @Option(
      names = "--linstor-endpoint",
      defaultValue = "${env:LS_CONTROLLERS}",
      description =
          "LINSTOR controller URL(s), comma separated (failover in order). Env: LS_CONTROLLERS.")
  String linstorEndpoint;

  @Option(
      names = "--linstor-skip-tls-verification",
      defaultValue = "false",
      description = "Do not verify the LINSTOR controller's TLS certificate (testing only).")
  boolean skipTlsVerification;

  @Option(
      names = "--bearer-token",
      defaultValue = "${env:LS_BEARER_TOKEN}",
      description = "Bearer token for the LINSTOR API. Env: LS_BEARER_TOKEN.")
  String bearerToken;

  @Option(
      names = "--linstor-api-requests-per-second",
      defaultValue = "0",
      description = "Client-side rate limit of LINSTOR requests; 0 means unlimited.")
  double requestsPerSecond;

  @Option(
      names = "--linstor-api-burst",
      defaultValue = "1",
      description = "Requests allowed in a burst above the rate limit.")
  int burst;

  @Option(
      names = "--controller",
      description = "Run the CSI Controller service (in the controller Deployment).")
  boolean controllerRole;

  @Option(
      names = "--node-plugin",
      description = "Run the CSI Node service (in the node DaemonSet); needs --node.")
  boolean nodeRole;

  @Option(
      names = "--log-level",
      defaultValue = "${env:LOG_LEVEL:-info}",
      description = "trace, debug, info, warn or error. Env: LOG_LEVEL.")
  String logLevel;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      description = "Log format: ${COMPLETION-CANDIDATES}.")
  LogSetup.Format logFormat;

  @Option(
      names = "--metrics-address",
      description = "Serve Prometheus metrics on HOST:PORT at /metrics (off when not set).")
  String metricsAddress;

  @Option(
      names = "--property-namespace",
      defaultValue = "Aux",
      description = "LINSTOR property namespace for topology labels and driver marks.")
  String propertyNamespace;

  @Option(
      names = "--max-volumes-per-node",
      defaultValue = "0",
      description = "Volumes one node may attach, reported to the scheduler; 0 means no limit.")
  int maxVolumesPerNode;

  @Option(
      names = "--kubelet-root",
      defaultValue = "/var/lib/kubelet",
      description = "Staging and target paths must lie below this directory; empty allows any.")
  String kubeletRoot;

  @Option(
      names = "--shutdown-grace",
      defaultValue = "30s",
      description = "On SIGTERM, how long running calls may take before they are cancelled.")
  String shutdownGrace;

  @Option(
      names = "--enable-consistency-groups",
      defaultValue = "false",
      description =
          "Claims of one namespace labelled with the same"
              + " linstor.csi.linbit.com/consistency-group value become volumes of one LINSTOR"
              + " resource (write order kept across them). Reads the label from the claim, so"
              + " needs the provisioner's --extra-create-metadata and RBAC to get"
              + " persistentvolumeclaims.")
  boolean consistencyGroups;

  // Accepted so that Piraeus manifests keep working. This driver keeps no caches that these tune.
  @Option(
      names = {"--node-cache-timeout", "--resource-cache-timeout", "--resync-after"},
      hidden = true)
  String ignoredCacheTuning;

  @Override
  public Integer call() throws Exception {
    DriverConfig config = toConfig();
    LogSetup.apply(LogSetup.normalise(logLevel), logFormat);
    return DriverProcess.run(config);
  }

  DriverConfig toConfig() {
    try {
      LogSetup.validateLevel(logLevel);
      boolean bothDefault = !controllerRole && !nodeRole;
      boolean controller = controllerRole || bothDefault;
      boolean nodePlugin = nodeRole || (bothDefault && node != null && !node.isBlank());
      return new DriverConfig(
          io.linstorcsi.common.UnixSocketServer.socketPath(csiEndpoint),
          controller,
          nodePlugin,
          node,
          endpoints(linstorEndpoint),
          skipTlsVerification,
          positive(requestsPerSecond, "--linstor-api-requests-per-second"),
          (int) positive(burst, "--linstor-api-burst"),
          bearerToken,
          tlsEnvironment(System.getenv()),
          propertyNamespace,
          metricsAddress,
          (int) positive(maxVolumesPerNode, "--max-volumes-per-node"),
          kubeletRoot == null || kubeletRoot.isBlank() ? null : Path.of(kubeletRoot),
          duration(shutdownGrace, "--shutdown-grace"),
          consistencyGroups);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  static List<URI> endpoints(String value) {
    List<URI> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String part : value.split(",")) {
      String trimmed = part.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      String withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed;
      URI uri = URI.create(withScheme);
      if (uri.getHost() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new IllegalArgumentException(
            "--linstor-endpoint must be http(s)://HOST[:PORT], got '" + trimmed + "'");
      }
      out.add(uri);
    }
    return out;
  }

  /** The PEM contents for mutual TLS come from the environment only, never from flags. */
  static Map<String, String> tlsEnvironment(Map<String, String> env) {
    Map<String, String> tls = new LinkedHashMap<>();
    for (String key : List.of("LS_USER_CERTIFICATE", "LS_USER_KEY", "LS_ROOT_CA")) {
      String value = env.get(key);
      if (value != null && !value.isBlank()) {
        tls.put(key, value);
      }
    }
    return tls;
  }

  private static double positive(double value, String flag) {
    if (value < 0) {
      throw new IllegalArgumentException(flag + " must not be negative, got " + value);
    }
    return value;
  }

  static Duration duration(String value, String flag) {
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(v));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          flag + " must be a duration like 30s, 500ms or 2m, got '" + value + "'");
    }
  }
}
