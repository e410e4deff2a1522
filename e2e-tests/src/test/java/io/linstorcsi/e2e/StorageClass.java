package io.linstorcsi.e2e;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a Kubernetes StorageClass that reach the driver.
 *
 * @param parameters as written in the StorageClass, {@code csi.storage.k8s.io/} keys included
 * @param allowedNodes {@code allowedTopologies} by node name; empty means anywhere
 * @param waitForFirstConsumer the volume binding mode: provisioning waits for the scheduler
 * @param mountOptions {@code mountOptions}, copied into each PV and passed as mount flags
 */
record StorageClass(
    Map<String, String> parameters,
    List<String> allowedNodes,
    boolean waitForFirstConsumer,
    List<String> mountOptions) {
  static final String PLACEMENT_COUNT = "linstor.csi.linbit.com/placementCount";
  static final String STORAGE_POOL = "linstor.csi.linbit.com/storagePool";
  static final String FSTYPE = "csi.storage.k8s.io/fstype";

  StorageClass {
    parameters = Map.copyOf(parameters);
    allowedNodes = List.copyOf(allowedNodes);
    mountOptions = List.copyOf(mountOptions);
  }

  /** Two replicas in sp1, WaitForFirstConsumer, the file system given (or none for block). */
  static StorageClass twoReplicas(String fsType) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(PLACEMENT_COUNT, "2");
    p.put(STORAGE_POOL, Cluster.POOL);
    if (fsType != null) {
      p.put(FSTYPE, fsType);
    }
    return new StorageClass(p, List.of(), true, List.of());
  }

  /** The same class restricted to some nodes with Immediate binding. */
  StorageClass immediateOn(String... nodes) {
    return new StorageClass(parameters, List.of(nodes), false, mountOptions);
  }

  StorageClass with(String key, String value) {
    Map<String, String> p = new LinkedHashMap<>(parameters);
    p.put(key, value);
    return new StorageClass(p, allowedNodes, waitForFirstConsumer, mountOptions);
  }

  StorageClass mountOptions(String... options) {
    return new StorageClass(parameters, allowedNodes, waitForFirstConsumer, List.of(options));
  }

  String fsType() {
    return parameters.getOrDefault(FSTYPE, "");
  }
}
