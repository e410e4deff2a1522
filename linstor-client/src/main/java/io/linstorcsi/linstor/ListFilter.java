package io.linstorcsi.linstor;

import java.util.ArrayList;
import java.util.List;

/**
 * Query filters of the list and view calls. Each call sends the filters its endpoint knows (nodes,
 * resources, storage pools, snapshots, properties, paging) and ignores the rest. A property filter
 * is {@code Key=Value} or just {@code Key} (the key is set).
 */
public record ListFilter(
    List<String> nodes,
    List<String> resources,
    List<String> storagePools,
    List<String> snapshots,
    List<String> props,
    Integer offset,
    Integer limit) {

  public ListFilter {
    nodes = List.copyOf(nodes);
    resources = List.copyOf(resources);
    storagePools = List.copyOf(storagePools);
    snapshots = List.copyOf(snapshots);
    props = List.copyOf(props);
  }

  /** No filter: everything. */
  public static ListFilter all() {
    return new ListFilter(List.of(), List.of(), List.of(), List.of(), List.of(), null, null);
  }

  public ListFilter nodes(String... names) {
    return new ListFilter(
        plus(nodes, names), resources, storagePools, snapshots, props, offset, limit);
  }

  public ListFilter resources(String... names) {
    return new ListFilter(
        nodes, plus(resources, names), storagePools, snapshots, props, offset, limit);
  }

  public ListFilter storagePools(String... names) {
    return new ListFilter(
        nodes, resources, plus(storagePools, names), snapshots, props, offset, limit);
  }

  public ListFilter snapshots(String... names) {
    return new ListFilter(
        nodes, resources, storagePools, plus(snapshots, names), props, offset, limit);
  }

  /** Objects whose property {@code key} has {@code value}. */
  public ListFilter prop(String key, String value) {
    return new ListFilter(
        nodes, resources, storagePools, snapshots, plus(props, key + "=" + value), offset, limit);
  }

  /** Objects that have property {@code key}, whatever its value. */
  public ListFilter propSet(String key) {
    return new ListFilter(
        nodes, resources, storagePools, snapshots, plus(props, key), offset, limit);
  }

  public ListFilter page(int offset, int limit) {
    return new ListFilter(nodes, resources, storagePools, snapshots, props, offset, limit);
  }

  private static List<String> plus(List<String> list, String... more) {
    List<String> out = new ArrayList<>(list);
    out.addAll(List.of(more));
    return out;
  }
}
