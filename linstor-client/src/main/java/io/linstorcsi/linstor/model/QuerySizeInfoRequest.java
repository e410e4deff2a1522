package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code POST /v1/resource-groups/{rg}/query-size-info}; all fields optional. */
public record QuerySizeInfoRequest(
    @JsonProperty("select_filter") SelectFilter selectFilter,
    @JsonProperty("ignore_cache_older_than_sec") Integer ignoreCacheOlderThanSec) {

  public static QuerySizeInfoRequest of(SelectFilter filter) {
    return new QuerySizeInfoRequest(filter, null);
  }
}
