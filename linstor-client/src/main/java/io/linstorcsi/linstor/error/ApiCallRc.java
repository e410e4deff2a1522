package io.linstorcsi.linstor.error;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the ApiCallRc list that LINSTOR returns from every write and from failed reads.
 *
 * <p>The severity lives in the two top bits of {@code ret_code}; success must be decided from the
 * severity of every entry, never from the HTTP status alone.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiCallRc(
    @JsonProperty("ret_code") long retCode,
    @JsonProperty("message") String message,
    @JsonProperty("cause") String cause,
    @JsonProperty("details") String details,
    @JsonProperty("correction") String correction,
    @JsonProperty("error_report_ids") List<String> errorReportIds,
    @JsonProperty("obj_refs") Map<String, String> objRefs,
    @JsonProperty("created_at") String createdAt) {

  public static final long MASK_ERROR = 0xC000000000000000L;
  public static final long MASK_WARN = 0x8000000000000000L;
  public static final long MASK_INFO = 0x4000000000000000L;
  private static final long MASK_SEVERITY = 0xC000000000000000L;
  private static final long MASK_CODE = 0x7FFFL;

  public ApiCallRc {
    errorReportIds = errorReportIds == null ? List.of() : List.copyOf(errorReportIds);
    // obj_refs may hold JSON null values ("Snapshot": null), which Map.copyOf refuses.
    objRefs =
        objRefs == null || objRefs.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(objRefs));
  }

  /** An entry with only a code and a message, as tests and callers build them. */
  public static ApiCallRc of(long retCode, String message) {
    return new ApiCallRc(retCode, message, null, null, null, null, null, null);
  }

  public boolean isError() {
    return (retCode & MASK_SEVERITY) == MASK_ERROR;
  }

  public boolean isWarning() {
    return (retCode & MASK_SEVERITY) == MASK_WARN;
  }

  public boolean isInfo() {
    return (retCode & MASK_SEVERITY) == MASK_INFO;
  }

  /** The known constant of this entry, if the code table has it. */
  public Optional<RetCode> known() {
    return RetCode.of(retCode);
  }

  /** The constant name (e.g. FAIL_NOT_FOUND_NODE), or the bare code when it is not known. */
  public String codeName() {
    return known().map(Enum::name).orElse("code " + code());
  }

  /** True when this entry carries {@code code}, whatever its operation and object bits. */
  public boolean is(RetCode code) {
    return code.matches(retCode);
  }

  /** The code part (bits 0..14), e.g. 300 FAIL_NOT_FOUND_NODE, 1006 WARN_RSC_ALREADY_DEPLOYED. */
  public int code() {
    return (int) (retCode & MASK_CODE);
  }
}
