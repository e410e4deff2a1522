package io.linstorcsi.controller.consistency;

import java.util.Optional;

/**
 * Finds the consistency group of the claim a CreateVolume is for. Implemented where the Kubernetes
 * API is at hand (the driver module); {@link #DISABLED} when the feature is off.
 */
@FunctionalInterface
public interface ConsistencyGroupLookup {
  /** The feature is off: every volume is a resource definition of its own. */
  ConsistencyGroupLookup DISABLED = (namespace, claim) -> Optional.empty();

  /**
   * The value of the claim's {@value ConsistencyGroup#LABEL} label; empty when it has none.
   *
   * @throws io.linstorcsi.common.CsiError when the claim cannot be read (the caller's request then
   *     fails with that status and the provisioner retries)
   */
  Optional<String> groupOf(String namespace, String claim);

  default boolean enabled() {
    return this != DISABLED;
  }
}
