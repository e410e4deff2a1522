package io.linstorcsi.driver.status;

import java.time.Instant;
import java.util.Objects;

/**
 * What the rules need besides LINSTOR's records.
 *
 * @param poolFullPercent a storage pool at or above this share used is reported (1 to 100)
 * @param now to tell a planned eviction from one that is overdue
 */
record RuleSettings(int poolFullPercent, Instant now) {
  static final int DEFAULT_POOL_FULL_PERCENT = 90;

  RuleSettings {
    if (poolFullPercent < 1 || poolFullPercent > 100) {
      throw new IllegalArgumentException(
          "--pool-full-threshold must be a percentage from 1 to 100, got " + poolFullPercent);
    }
    Objects.requireNonNull(now, "now");
  }
}
