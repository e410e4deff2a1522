package io.linstorcsi.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's accessible topology, as the Go driver reports it: {@code linbit.com/hostname} = node
 * name, {@code linbit.com/sp-<pool>} = "true" per storage pool, then every node property under the
 * configured namespace with that prefix removed (so {@code
 * Aux/topology/topology.kubernetes.io/zone} becomes {@code topology.kubernetes.io/zone}). Keys or
 * values that are no valid Kubernetes label would make node registration fail, so they are left out
 * with a warning.
 */
final class TopologySegments {
  static final String HOSTNAME_KEY = "linbit.com/hostname";
  static final String POOL_PREFIX = "linbit.com/sp-";

  private static final Logger log = LoggerFactory.getLogger(TopologySegments.class);
  private static final Pattern NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");
  private static final Pattern PREFIX =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?");

  private TopologySegments() {}

  static Map<String, String> of(
      String nodeName, NodeTopology.Facts facts, String namespace, boolean labelByStoragePool) {
    Map<String, String> segments = new LinkedHashMap<>();
    put(segments, HOSTNAME_KEY, nodeName);
    if (labelByStoragePool) {
      for (String pool : facts.storagePools()) {
        put(segments, POOL_PREFIX + pool, "true");
      }
    }
    String prefix = namespace.endsWith("/") ? namespace : namespace + "/";
    facts.properties().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> put(segments, e.getKey().substring(prefix.length()), e.getValue()));
    return segments;
  }

  private static void put(Map<String, String> segments, String key, String value) {
    if (validKey(key) && value != null && VALUE.matcher(value).matches()) {
      segments.put(key, value);
    } else {
      log.warn("topology segment {}={} is no valid label; not reported", key, value);
    }
  }

  static boolean validKey(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return NAME.matcher(key).matches();
    }
    String prefix = key.substring(0, slash);
    String name = key.substring(slash + 1);
    return prefix.length() <= 253
        && PREFIX.matcher(prefix).matches()
        && NAME.matcher(name).matches();
  }
}
