package io.linstorcsi.emulator.state;

import java.util.Map;

/** Creation of storage pools with the driver properties a satellite reports back. */
public final class StoragePools {
  private StoragePools() {}

  /**
   * Adds a pool to a node. The satellite reports where the pool lives as {@code
   * StorDriver/StorPoolName} whatever key it was created with (recorded: created with {@code
   * StorDriver/FileDir}).
   */
  public static StoragePool create(
      Cluster cluster,
      Node node,
      String name,
      ProviderKind kind,
      long totalKib,
      Map<String, String> requestProps) {
    StoragePool pool = new StoragePool(node, name, kind, totalKib);
    Map<String, String> props = pool.props();
    if (requestProps != null) {
      requestProps.forEach(
          (k, v) -> {
            if (!k.startsWith("StorDriver/")) {
              props.put(k, v);
            }
          });
    }
    props.put("StorDriver/StorPoolName", location(node, name, kind, requestProps));
    props.put("StorDriver/internal/AllocationGranularity", granularity(kind));
    node.pools().put(name, pool);
    cluster.storagePoolDefinitions().add(name);
    return pool;
  }

  private static String location(
      Node node, String name, ProviderKind kind, Map<String, String> requestProps) {
    Map<String, String> p = requestProps == null ? Map.of() : requestProps;
    return switch (kind) {
      case FILE, FILE_THIN ->
          p.getOrDefault(
              "StorDriver/FileDir",
              p.getOrDefault(
                  "StorDriver/StorPoolName", "/var/lib/linstor-pools/" + node.name() + "/" + name));
      case LVM ->
          p.getOrDefault("StorDriver/LvmVg", p.getOrDefault("StorDriver/StorPoolName", name));
      case LVM_THIN -> {
        String vg = p.get("StorDriver/LvmVg");
        String thin = p.get("StorDriver/ThinPool");
        yield vg != null && thin != null
            ? vg + "/" + thin
            : p.getOrDefault("StorDriver/StorPoolName", name + "/thinpool");
      }
      case ZFS, ZFS_THIN ->
          p.getOrDefault("StorDriver/ZPool", p.getOrDefault("StorDriver/StorPoolName", name));
      default -> p.getOrDefault("StorDriver/StorPoolName", name);
    };
  }

  private static String granularity(ProviderKind kind) {
    return switch (kind) {
      case LVM -> "4096";
      case LVM_THIN -> "64";
      case ZFS, ZFS_THIN -> "8";
      default -> "1";
    };
  }
}
