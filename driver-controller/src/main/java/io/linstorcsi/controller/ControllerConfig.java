package io.linstorcsi.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * Node-independent settings of the Controller service, validated once.
 *
 * @param propertyNamespace LINSTOR property namespace of node labels and of the driver's own
 *     properties ({@code --property-namespace}, default {@code Aux})
 * @param driverVersion written into {@code Aux/csi-provisioning-completed-by}
 * @param allowRwxBlock whether multi-node multi-writer block volumes (live migration) may be
 *     created; they also need DRBD as the top layer
 * @param defaultWait how long a wait may take when the caller sent no deadline
 */
public record ControllerConfig(
    String propertyNamespace, String driverVersion, boolean allowRwxBlock, Duration defaultWait) {

  public ControllerConfig {
    Objects.requireNonNull(propertyNamespace, "propertyNamespace");
    Objects.requireNonNull(driverVersion, "driverVersion");
    Objects.requireNonNull(defaultWait, "defaultWait");
    if (propertyNamespace.isBlank() || propertyNamespace.endsWith("/")) {
      throw new IllegalArgumentException(
          "property namespace must be a LINSTOR namespace like 'Aux', got '"
              + propertyNamespace
              + "'");
    }
    if (defaultWait.isNegative() || defaultWait.isZero()) {
      throw new IllegalArgumentException("default wait must be positive, got " + defaultWait);
    }
  }

  /** Go driver defaults: namespace {@code Aux}, RWX block allowed, two minutes to wait. */
  public static ControllerConfig defaults(String driverVersion) {
    return new ControllerConfig("Aux", driverVersion, true, Duration.ofMinutes(2));
  }
}
