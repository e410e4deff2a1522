package io.linstorcsi.emulator.state;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** A snapshot of a resource definition, taken on one or more nodes. */
public final class SnapshotDefinition {
  public static final String FLAG_SUCCESSFUL = "SUCCESSFUL";
  public static final String FLAG_DELETE = "DELETE";
  public static final String FLAG_FAILED_DEPLOYMENT = "FAILED_DEPLOYMENT";

  /** A snapshot volume definition: the volume's size and properties when the snapshot was taken. */
  public record VolumeSnapshot(int number, long sizeKib, Map<String, String> props) {}

  private final String name;
  private final ResourceDefinition definition;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> props = new TreeMap<>();
  private final Map<String, String> definitionProps;
  private final List<VolumeSnapshot> volumes;
  private final Set<String> flags = new LinkedHashSet<>();
  private final Map<String, NodeSnapshot> nodes = Names.map();

  /**
   * The block store's copy of each volume's data (one per volume, shared by every node's snapshot).
   */
  private final Map<Integer, Object> backings = new TreeMap<>();

  public SnapshotDefinition(
      String name,
      ResourceDefinition definition,
      Map<String, String> definitionProps,
      List<VolumeSnapshot> volumes) {
    this.name = name;
    this.definition = definition;
    this.definitionProps = new TreeMap<>(definitionProps);
    this.volumes = List.copyOf(volumes);
  }

  public String name() {
    return name;
  }

  public ResourceDefinition definition() {
    return definition;
  }

  public UUID uuid() {
    return uuid;
  }

  public Map<String, String> props() {
    return props;
  }

  public Map<String, String> definitionProps() {
    return definitionProps;
  }

  public List<VolumeSnapshot> volumes() {
    return volumes;
  }

  public Set<String> flags() {
    return flags;
  }

  public Map<String, NodeSnapshot> nodes() {
    return nodes;
  }

  public Map<Integer, Object> backings() {
    return backings;
  }
}
