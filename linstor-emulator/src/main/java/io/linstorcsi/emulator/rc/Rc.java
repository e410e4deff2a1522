package io.linstorcsi.emulator.rc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry of an ApiCallRc list, serialised like the controller does (empty fields left out). */
@JsonPropertyOrder({
  "ret_code",
  "message",
  "cause",
  "details",
  "correction",
  "error_report_ids",
  "obj_refs",
  "created_at"
})
public record Rc(
    long retCode,
    String message,
    String cause,
    String details,
    String correction,
    List<String> errorReportIds,
    // a value may be JSON null (the recorded snapshot create without a name)
    @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
        Map<String, String> objRefs,
    String createdAt) {

  public static Builder of(long retCode, String message) {
    return new Builder(retCode, message);
  }

  /** Mutable builder; {@link #build()} stamps the creation time. */
  public static final class Builder {
    private final long retCode;
    private final String message;
    private String cause;
    private String details;
    private String correction;
    private final List<String> reportIds = new ArrayList<>();
    private final Map<String, String> objRefs = new LinkedHashMap<>();

    private Builder(long retCode, String message) {
      this.retCode = retCode;
      this.message = message;
    }

    public Builder cause(String value) {
      this.cause = value;
      return this;
    }

    public Builder details(String value) {
      this.details = value;
      return this;
    }

    public Builder correction(String value) {
      this.correction = value;
      return this;
    }

    public Builder ref(String key, String value) {
      objRefs.put(key, value);
      return this;
    }

    /** Errors that made the controller write an error report carry its id. */
    public Builder report(String reportId) {
      reportIds.add(reportId);
      return this;
    }

    public Rc build() {
      return new Rc(
          retCode,
          message,
          cause,
          details,
          correction,
          List.copyOf(reportIds),
          objRefs.isEmpty() ? Map.of() : new LinkedHashMap<>(objRefs),
          Instant.now().toString());
    }
  }
}
