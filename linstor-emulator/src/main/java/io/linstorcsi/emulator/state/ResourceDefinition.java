package io.linstorcsi.emulator.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** A resource definition with its volume definitions, resources and snapshots. */
public final class ResourceDefinition {
  public static final String FLAG_DELETE = "DELETE";
  public static final String FLAG_CLONING = "CLONING";
  public static final String FLAG_FAILED = "FAILED";
  public static final String PROP_CLONED_FROM = "cloned-from";

  private final String name;
  private final String externalName;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> props = new TreeMap<>();
  private final Set<String> flags = new LinkedHashSet<>();
  private final Map<Integer, VolumeDefinition> volumeDefinitions = new TreeMap<>();
  private final Map<String, Resource> resources = Names.map();
  private final Map<String, SnapshotDefinition> snapshots = Names.map();
  private final List<String> layerStack = new ArrayList<>();
  private final String drbdSecret;
  private ResourceGroup group;
  private boolean layerDataHidden;
  private int tcpPort;
  private int nextSnapshotSequence = 1;
  private boolean removed;

  public ResourceDefinition(String name, String externalName, ResourceGroup group, String secret) {
    this.name = name;
    this.externalName = externalName;
    this.group = group;
    this.drbdSecret = secret;
  }

  public String name() {
    return name;
  }

  public String externalName() {
    return externalName;
  }

  public UUID uuid() {
    return uuid;
  }

  public Map<String, String> props() {
    return props;
  }

  public Set<String> flags() {
    return flags;
  }

  public Map<Integer, VolumeDefinition> volumeDefinitions() {
    return volumeDefinitions;
  }

  public Map<String, Resource> resources() {
    return resources;
  }

  public Map<String, SnapshotDefinition> snapshots() {
    return snapshots;
  }

  /** The layer stack, top first; empty until it is given or decided by the first resource. */
  public List<String> layerStack() {
    return layerStack;
  }

  public boolean hasDrbd() {
    return layerStack.contains("DRBD");
  }

  public String drbdSecret() {
    return drbdSecret;
  }

  public ResourceGroup group() {
    return group;
  }

  public void setGroup(ResourceGroup value) {
    group = value;
  }

  /**
   * After a snapshot was restored into it, the recorded controller lists the definition without
   * {@code layer_data} (its STORAGE-only layer list is empty then).
   */
  public boolean layerDataHidden() {
    return layerDataHidden;
  }

  public void setLayerDataHidden(boolean value) {
    layerDataHidden = value;
  }

  public int tcpPort() {
    return tcpPort;
  }

  public void setTcpPort(int value) {
    tcpPort = value;
  }

  public int takeSnapshotSequence() {
    return nextSnapshotSequence++;
  }

  public boolean removed() {
    return removed;
  }

  public void markRemoved() {
    removed = true;
  }

  /** Resources not marked for deletion. */
  public List<Resource> liveResources() {
    return resources.values().stream().filter(r -> !r.deleting()).toList();
  }

  public List<Resource> diskfulResources() {
    return liveResources().stream().filter(r -> !r.diskless()).toList();
  }
}
