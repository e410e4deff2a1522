package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Runtime state of a resource as the satellite reports it. {@code in_use} (DRBD Primary somewhere)
 * is absent without DRBD; the whole state is absent while the satellite is offline.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceState(@JsonProperty("in_use") Boolean inUse) {}
