package io.linstorcsi.drbd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** What {@link CsiNodeCli} printed: one result per call made, in order. */
@JsonIgnoreProperties(ignoreUnknown = true)
record CsiReply(List<Result> calls) {

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Result(
      String call,
      String code,
      String message,
      long millis,
      Boolean abnormal,
      String condition,
      List<Usage> usage) {
    boolean ok() {
      return "OK".equals(code);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Usage(String unit, long total, long used, long available) {}

  Result last() {
    return calls.getLast();
  }

  /** True when every call was made and succeeded. */
  boolean allOk(int expected) {
    return calls.size() == expected && calls.stream().allMatch(Result::ok);
  }
}
