package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT .../volume-definitions/{nr}}. LINSTOR never checks a grow against capacity,
 * and accepts a shrink when no DRBD is involved.
 */
public record VolumeDefinitionModify(
    @JsonProperty("size_kib") Long sizeKib,
    @JsonProperty("override_props") Map<String, String> overrideProps,
    @JsonProperty("delete_props") List<String> deleteProps,
    @JsonProperty("delete_namespaces") List<String> deleteNamespaces,
    @JsonProperty("flags") List<String> flags) {

  public VolumeDefinitionModify {
    overrideProps = Copies.map(overrideProps);
    deleteProps = Copies.list(deleteProps);
    deleteNamespaces = Copies.list(deleteNamespaces);
    flags = Copies.list(flags);
  }

  public static VolumeDefinitionModify size(long sizeKib) {
    return new VolumeDefinitionModify(sizeKib, null, null, null, null);
  }

  public static VolumeDefinitionModify props(Map<String, String> set, List<String> delete) {
    return new VolumeDefinitionModify(null, set, delete, null, null);
  }
}
