package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code GET /v1/resource-definitions/{rd}/sync-status}: whether every replica is in sync. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceDefinitionSyncStatus(@JsonProperty("synced_on_all") Boolean syncedOnAll) {}
