package io.linstorcsi.driver.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the rules need besides LINSTOR's records.
 *
 * @param poolFullPercent a storage pool at or above this share used is reported (1 to 100)
 * @param now to tell a planned eviction from one that is overdue, and to age backups
 * @param backupAgeThreshold a volume whose newest complete backup is older is reported; null turns
 *     the check off
 */
record RuleSettings(int poolFullPercent, Instant now, Duration backupAgeThreshold) {
  static final int DEFAULT_POOL_FULL_PERCENT = 90;

  /** A daily backup plus two hours of slack for a slow or queued shipment. */
  static final Duration DEFAULT_BACKUP_AGE = Duration.ofHours(26);

  RuleSettings {
    if (poolFullPercent < 1 || poolFullPercent > 100) {
      throw new IllegalArgumentException(
          "--pool-full-threshold must be a percentage from 1 to 100, got " + poolFullPercent);
    }
    Objects.requireNonNull(now, "now");
    if (backupAgeThreshold != null
        && (backupAgeThreshold.isNegative() || backupAgeThreshold.isZero())) {
      throw new IllegalArgumentException(
          "--backup-age-threshold must be positive (or 'off'), got " + backupAgeThreshold);
    }
  }

  RuleSettings(int poolFullPercent, Instant now) {
    this(poolFullPercent, now, DEFAULT_BACKUP_AGE);
  }
}
