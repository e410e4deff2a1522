package io.linstorcsi.linstor;

import io.linstorcsi.linstor.model.MaxVolumeSizes;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.StoragePool;
import java.util.List;

/** Storage pools and their capacities. */
public final class StoragePoolApi {
  private final Transport transport;

  StoragePoolApi(Transport transport) {
    this.transport = transport;
  }

  /** {@code GET /v1/nodes/{node}/storage-pools}; NotFound for an unknown node. */
  public List<StoragePool> list(String node) {
    return transport.list(
        ApiRequest.get("storage-pools.list", "nodes", node, "storage-pools"), StoragePool.class);
  }

  /** {@code GET /v1/nodes/{node}/storage-pools/{pool}}. */
  public StoragePool get(String node, String pool) {
    return transport.get(
        ApiRequest.get("storage-pools.get", "nodes", node, "storage-pools", pool),
        StoragePool.class);
  }

  /** {@code GET /v1/view/storage-pools}: pools of all nodes, filtered by nodes, pools, props. */
  public List<StoragePool> view(ListFilter filter) {
    ApiRequest request =
        ApiRequest.get("storage-pools.view", "view", "storage-pools")
            .query("nodes", filter.nodes())
            .query("storage_pools", filter.storagePools())
            .query("props", filter.props())
            .query("offset", filter.offset())
            .query("limit", filter.limit());
    return transport.list(request, StoragePool.class);
  }

  /**
   * {@code OPTIONS /v1/query-max-volume-size} with {@code filter} as body: the largest volume each
   * set of pools could hold. No candidate means the filter cannot be met at all.
   */
  public MaxVolumeSizes queryMaxVolumeSize(SelectFilter filter) {
    return transport.get(
        ApiRequest.options("storage-pools.query-max-volume-size", filter, "query-max-volume-size"),
        MaxVolumeSizes.class);
  }
}
