package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.BackupService;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.ProviderKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What every endpoint needs: the cluster, the views and the request filters the controller offers.
 */
final class Api {
  final Cluster cluster;
  final Views views;
  final Set<ProviderKind> providers;
  final BackupService backups;

  Api(Cluster cluster, Set<ProviderKind> providers, BackupService backups) {
    this.cluster = cluster;
    this.providers = providers;
    this.backups = backups;
    this.views = new Views(cluster, providers);
  }

  /** The cluster's id ({@code Cluster/LocalID}), which backups and L2L shipping carry. */
  String clusterId() {
    return cluster.controllerProps().get("Cluster/LocalID");
  }

  /**
   * A name filter: empty matches all; values compare case-insensitively and may be comma-separated.
   */
  static boolean nameIn(List<String> filter, String name) {
    if (filter.isEmpty()) {
      return true;
    }
    for (String value : filter) {
      for (String part : value.split(",")) {
        if (part.trim().equalsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code props=Key=Value} requires that value, {@code props=Key} only the key. */
  static boolean propsMatch(Map<String, String> props, List<String> filters) {
    for (String filter : filters) {
      int eq = filter.indexOf('=');
      if (eq < 0) {
        if (!props.containsKey(filter)) {
          return false;
        }
      } else {
        String key = filter.substring(0, eq);
        if (!filter.substring(eq + 1).equals(props.get(key))) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code offset} and {@code limit} of the list endpoints. */
  static <T> List<T> page(List<T> items, Call call) {
    int offset = parseInt(call.queryFirst("offset"), 0);
    int limit = parseInt(call.queryFirst("limit"), 0);
    if (offset <= 0 && limit <= 0) {
      return items;
    }
    List<T> out = new ArrayList<>();
    for (int i = Math.max(offset, 0); i < items.size(); i++) {
      if (limit > 0 && out.size() >= limit) {
        break;
      }
      out.add(items.get(i));
    }
    return out;
  }

  static boolean flag(Call call, String name) {
    String value = call.queryFirst(name);
    return value != null && (value.isEmpty() || value.toLowerCase(Locale.ROOT).equals("true"));
  }

  private static int parseInt(String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static List<Rc> list(Rc... entries) {
    return new ArrayList<>(List.of(entries));
  }
}
