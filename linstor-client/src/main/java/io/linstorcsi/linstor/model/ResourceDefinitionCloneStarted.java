package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.linstorcsi.linstor.error.ApiCallRc;
import java.util.List;

/**
 * Answer of a clone request. LINSTOR uses this shape for failures as well (HTTP 500 with error
 * entries in {@code messages}); the client turns those into exceptions.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceDefinitionCloneStarted(
    @JsonProperty("location") String location,
    @JsonProperty("source_name") String sourceName,
    @JsonProperty("clone_name") String cloneName,
    @JsonProperty("messages") List<ApiCallRc> messages) {

  public ResourceDefinitionCloneStarted {
    messages = Copies.list(messages);
  }
}
