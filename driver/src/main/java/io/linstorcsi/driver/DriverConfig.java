package io.linstorcsi.driver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The driver's settings after parsing and validation. Immutable; printed once at start with secrets
 * redacted.
 *
 * <p>{@code consistencyGroups}: claims labelled {@code linstor.csi.linbit.com/consistency-group}
 * share a LINSTOR resource ({@code --enable-consistency-groups}); the controller then reads claims
 * from the Kubernetes API.
 */
public record DriverConfig(
    Path socket,
    boolean controller,
    boolean nodePlugin,
    String nodeName,
    List<URI> linstorEndpoints,
    boolean linstorSkipTlsVerification,
    double linstorRequestsPerSecond,
    int linstorBurst,
    String bearerToken,
    Map<String, String> tlsEnvironment,
    String propertyNamespace,
    String metricsAddress,
    int maxVolumesPerNode,
    Path kubeletRoot,
    Duration shutdownGrace,
    boolean consistencyGroups) {

  public DriverConfig {
    linstorEndpoints = List.copyOf(linstorEndpoints);
    tlsEnvironment = Map.copyOf(tlsEnvironment);
    if (!controller && !nodePlugin) {
      throw new IllegalArgumentException("at least one of the controller and node roles must run");
    }
    if (nodePlugin && (nodeName == null || nodeName.isBlank())) {
      throw new IllegalArgumentException(
          "--node is required when the node plugin runs (the LINSTOR node name of this host)");
    }
    if (linstorEndpoints.isEmpty()) {
      throw new IllegalArgumentException(
          "no LINSTOR controller given: set --linstor-endpoint or the environment variable"
              + " LS_CONTROLLERS");
    }
  }

  /** One line per setting, secrets replaced by a marker, for the start-up log. */
  public String describe() {
    return String.join(
        ", ",
        "socket=" + socket,
        "roles="
            + (controller ? "controller" : "")
            + (controller && nodePlugin ? "+" : "")
            + (nodePlugin ? "node" : ""),
        "node=" + nodeName,
        "linstor=" + linstorEndpoints,
        "skipTlsVerification=" + linstorSkipTlsVerification,
        "rps=" + linstorRequestsPerSecond,
        "burst=" + linstorBurst,
        "bearerToken=" + (bearerToken == null || bearerToken.isEmpty() ? "none" : "<redacted>"),
        "tls=" + (tlsEnvironment.isEmpty() ? "none" : tlsEnvironment.keySet() + "=<redacted>"),
        "propertyNamespace=" + propertyNamespace,
        "metrics=" + (metricsAddress == null ? "off" : metricsAddress),
        "maxVolumesPerNode=" + maxVolumesPerNode,
        "kubeletRoot=" + kubeletRoot,
        "shutdownGrace=" + shutdownGrace.toSeconds() + "s",
        "consistencyGroups=" + consistencyGroups);
  }
}
