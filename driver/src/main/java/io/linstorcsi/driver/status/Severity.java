package io.linstorcsi.driver.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How bad a finding is. Both make the command exit 1; the difference tells an operator what to look
 * at first: ERROR means data or access is at risk now, WARNING that redundancy or headroom is
 * reduced.
 */
enum Severity {
  ERROR,
  WARNING;

  @JsonValue
  String lowerCase() {
    return name().toLowerCase(Locale.ROOT);
  }
}
