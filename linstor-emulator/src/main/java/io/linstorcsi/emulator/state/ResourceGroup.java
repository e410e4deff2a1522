package io.linstorcsi.emulator.state;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** A resource group: a placement template for resource definitions. */
public final class ResourceGroup {
  public static final String DEFAULT = "DfltRscGrp";

  private final String name;
  private final UUID uuid = UUID.randomUUID();
  private final Map<String, String> props = new TreeMap<>();
  private final Map<Integer, VolumeGroup> volumeGroups = new TreeMap<>();
  private String description;
  private SelectFilter selectFilter = SelectFilter.EMPTY;
  private Integer peerSlots;

  public ResourceGroup(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public UUID uuid() {
    return uuid;
  }

  public Map<String, String> props() {
    return props;
  }

  public Map<Integer, VolumeGroup> volumeGroups() {
    return volumeGroups;
  }

  public String description() {
    return description;
  }

  public void setDescription(String value) {
    description = value;
  }

  public SelectFilter selectFilter() {
    return selectFilter;
  }

  public void setSelectFilter(SelectFilter value) {
    selectFilter = value == null ? SelectFilter.EMPTY : value;
  }

  public Integer peerSlots() {
    return peerSlots;
  }

  public void setPeerSlots(Integer value) {
    peerSlots = value;
  }
}
