package io.linstorcsi.emulator.state;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** The part of a snapshot taken on one node. */
public final class NodeSnapshot {
  /** One snapshot volume on the node. */
  public record SnapshotVolume(UUID uuid, int number) {}

  private final String nodeName;
  private final String storagePool;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> resourceProps;
  private final List<SnapshotVolume> volumes;
  private final Set<String> flags = new LinkedHashSet<>();
  private Long createTimestamp;

  public NodeSnapshot(
      String nodeName,
      String storagePool,
      Map<String, String> resourceProps,
      List<Integer> numbers) {
    this.nodeName = nodeName;
    this.storagePool = storagePool;
    this.resourceProps = new TreeMap<>(resourceProps);
    this.volumes = numbers.stream().map(n -> new SnapshotVolume(UUID.randomUUID(), n)).toList();
  }

  public String nodeName() {
    return nodeName;
  }

  public String storagePool() {
    return storagePool;
  }

  public UUID uuid() {
    return uuid;
  }

  public Map<String, String> resourceProps() {
    return resourceProps;
  }

  public List<SnapshotVolume> volumes() {
    return volumes;
  }

  public Set<String> flags() {
    return flags;
  }

  public Long createTimestamp() {
    return createTimestamp;
  }

  public void setCreateTimestamp(Long value) {
    createTimestamp = value;
  }
}
