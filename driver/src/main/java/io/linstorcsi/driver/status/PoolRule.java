package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.model.StoragePool;
import java.util.ArrayList;
import java.util.List;

/**
 * Storage pools at or above the fullness threshold, and pools whose satellite reports errors or
 * warnings.
 */
final class PoolRule implements Rule {
  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    List<Finding> out = new ArrayList<>();
    for (StoragePool pool : snapshot.storagePools()) {
      Double used = usedPercent(pool);
      if (used != null && used >= settings.poolFullPercent()) {
        out.add(full(pool, used, settings.poolFullPercent()));
      }
      // An offline node's pools report "no active connection"; the node's finding says it already.
      boolean nodeOnline = snapshot.nodeOnline(pool.nodeName());
      for (ApiCallRc report : pool.reports()) {
        if (nodeOnline && (report.isError() || report.isWarning())) {
          out.add(reported(pool, report));
        }
      }
    }
    return out;
  }

  /**
   * Share of the pool in use, or null when it has no meaningful capacity (diskless pools report
   * Long.MAX_VALUE, pools of offline nodes may report nothing).
   */
  static Double usedPercent(StoragePool pool) {
    Long total = pool.totalCapacity();
    Long free = pool.freeCapacity();
    if (pool.diskless() || total == null || free == null || total <= 0 || total == Long.MAX_VALUE) {
      return null;
    }
    return Math.max(0, total - free) * 100.0 / total;
  }

  private static Finding full(StoragePool pool, double used, int threshold) {
    boolean nothingLeft = pool.freeCapacity() <= 0;
    String reason =
        nothingLeft
            ? "full: no free space left; new volumes and thin growth on it fail"
            : String.format(
                java.util.Locale.ROOT,
                "%.0f%% used (threshold %d%%): %s free of %s",
                Math.floor(used),
                threshold,
                Sizes.kib(pool.freeCapacity()),
                Sizes.kib(pool.totalCapacity()));
    return new Finding(
        nothingLeft ? Severity.ERROR : Severity.WARNING,
        object(pool),
        reason,
        "free space: delete unused volumes or snapshots, grow the storage behind "
            + pool.storagePoolName()
            + " on "
            + pool.nodeName()
            + ", or move replicas to other nodes",
        null,
        pool.nodeName(),
        null);
  }

  private static Finding reported(StoragePool pool, ApiCallRc report) {
    String correction = report.correction();
    return new Finding(
        report.isError() ? Severity.ERROR : Severity.WARNING,
        object(pool),
        "reports: " + report.message(),
        correction != null && !correction.isBlank()
            ? correction
            : "check the satellite log on " + pool.nodeName() + " and 'linstor storage-pool list'",
        null,
        pool.nodeName(),
        null);
  }

  private static String object(StoragePool pool) {
    return "storage pool " + pool.storagePoolName() + " on " + pool.nodeName();
  }
}
