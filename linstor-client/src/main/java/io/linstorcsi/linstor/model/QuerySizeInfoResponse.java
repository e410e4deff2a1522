package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.linstorcsi.linstor.error.ApiCallRc;
import java.util.List;

/**
 * Answer of query-size-info. An unknown group comes back as HTTP 200 with an error in {@code
 * reports}; the client raises that as an exception, so a returned value has no error reports.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QuerySizeInfoResponse(
    @JsonProperty("space_info") QuerySizeInfoSpaceInfo spaceInfo,
    @JsonProperty("reports") List<ApiCallRc> reports) {

  public QuerySizeInfoResponse {
    reports = Copies.list(reports);
  }
}
