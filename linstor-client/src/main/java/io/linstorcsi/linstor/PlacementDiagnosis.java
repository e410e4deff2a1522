package io.linstorcsi.linstor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.linstorcsi.linstor.error.ErrorMapper;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.MaxVolumeSizes;
import io.linstorcsi.linstor.model.SelectFilter;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells "too few nodes" from "too little space" after a failed autoplace or spawn.
 *
 * <p>LINSTOR answers both with FAIL_NOT_ENOUGH_NODES and the same text: the autoplacer lists every
 * criterion, free space included, whichever failed. So the client asks query-max-volume-size with
 * the same placement rules: if some set of pools qualifies, the nodes exist and only their space is
 * short (InsufficientSpace); if none does, the failure stays "not enough nodes" (Invalid).
 */
final class PlacementDiagnosis {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementDiagnosis.class);

  private final StoragePoolApi pools;

  PlacementDiagnosis(StoragePoolApi pools) {
    this.pools = pools;
  }

  /**
   * The exception to throw for {@code failure}: reclassified when it is FAIL_NOT_ENOUGH_NODES and
   * pools matching {@code filter} exist, otherwise unchanged.
   */
  LinstorException refine(LinstorException failure, Supplier<SelectFilter> filter) {
    if (!ErrorMapper.isNotEnoughNodes(failure)) {
      return failure;
    }
    try {
      return refine(failure, pools.queryMaxVolumeSize(filter.get()));
    } catch (LinstorException probeFailed) {
      LOG.debug("cannot tell why placement failed: {}", probeFailed.getMessage());
      return failure;
    }
  }

  /**
   * The decision itself: FAIL_NOT_ENOUGH_NODES with at least one qualifying set of pools in the
   * answer of query-max-volume-size for the same rules is lack of space.
   */
  static LinstorException refine(LinstorException failure, MaxVolumeSizes probe) {
    if (ErrorMapper.isNotEnoughNodes(failure) && !probe.candidates().isEmpty()) {
      return ErrorMapper.outOfSpace(failure);
    }
    return failure;
  }

  /** {@code base} with every field that {@code override} sets replaced, as LINSTOR merges them. */
  static SelectFilter overlay(SelectFilter base, SelectFilter override) {
    if (base == null) {
      return override == null ? SelectFilter.empty() : override;
    }
    if (override == null) {
      return base;
    }
    ObjectNode merged = Json.MAPPER.valueToTree(base);
    ObjectNode top = Json.MAPPER.valueToTree(override);
    if (top.has("storage_pool") || top.has("storage_pool_list")) {
      // GET answers carry both forms of the pool; an override of one replaces both
      merged.remove("storage_pool");
      merged.remove("storage_pool_list");
    }
    merged.setAll(top);
    return Json.MAPPER.convertValue(merged, SelectFilter.class);
  }
}
