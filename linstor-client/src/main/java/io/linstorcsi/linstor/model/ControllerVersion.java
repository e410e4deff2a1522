package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /v1/controller/version}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControllerVersion(
    @JsonProperty("version") String version,
    @JsonProperty("git_hash") String gitHash,
    @JsonProperty("build_time") String buildTime,
    @JsonProperty("rest_api_version") String restApiVersion) {}
