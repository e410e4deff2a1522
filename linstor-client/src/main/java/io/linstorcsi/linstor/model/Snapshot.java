package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a resource definition on one or more nodes. It is usable once {@code flags} holds
 * {@code SUCCESSFUL}; {@code FAILED_DEPLOYMENT} marks a failed one and {@code DELETE} one being
 * removed. The same record is the body of a create (name, nodes, props).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Snapshot(
    @JsonProperty("name") String name,
    @JsonProperty("resource_name") String resourceName,
    @JsonProperty("nodes") List<String> nodes,
    @JsonProperty("props") Map<String, String> props,
    @JsonProperty("snapshot_definition_props") Map<String, String> snapshotDefinitionProps,
    @JsonProperty("resource_definition_props") Map<String, String> resourceDefinitionProps,
    @JsonProperty("flags") List<String> flags,
    @JsonProperty("volume_definitions") List<SnapshotVolumeDefinition> volumeDefinitions,
    @JsonProperty("uuid") String uuid,
    @JsonProperty("snapshots") List<SnapshotNode> snapshots) {

  public Snapshot {
    nodes = Copies.list(nodes);
    props = Copies.map(props);
    snapshotDefinitionProps = Copies.map(snapshotDefinitionProps);
    resourceDefinitionProps = Copies.map(resourceDefinitionProps);
    flags = Copies.list(flags);
    volumeDefinitions = Copies.list(volumeDefinitions);
    snapshots = Copies.list(snapshots);
  }

  /**
   * The body of a create. Empty {@code nodes} means every node with a diskful replica; LINSTOR
   * generates no name, so {@code name} is required.
   */
  public static Snapshot request(String name, List<String> nodes, Map<String, String> props) {
    return new Snapshot(name, null, nodes, props, null, null, null, null, null, null);
  }

  /** The body entry of a multi-snapshot create. */
  public static Snapshot request(String resourceName, String name) {
    return new Snapshot(name, resourceName, null, null, null, null, null, null, null, null);
  }

  @JsonIgnore
  public boolean successful() {
    return flags.contains("SUCCESSFUL");
  }

  @JsonIgnore
  public boolean failed() {
    return flags.contains("FAILED_DEPLOYMENT") || flags.contains("FAILED_DISCONNECT");
  }
}
