package io.linstorcsi.emulator.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The metadata object of a backup, with linstor-server's field names
 * (server/.../api/pojo/backups/BackupMetaDataPojo.java, RscDfnMetaPojo, RscMetaPojo,
 * VlmDfnMetaPojo, VlmMetaPojo, BackupMetaInfoPojo). {@code basedOn} names the metadata object of
 * the backup an incremental one builds on. {@code layerData} is the resource's layer tree, top
 * first; of the real format (RscLayerDataApi, typed by its {@code kind} property) only the kinds
 * and name suffixes are kept, which is what a restore needs to rebuild the definition's layer
 * stack.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupMeta(
    String rscName,
    String nodeName,
    long startTimestamp,
    long finishTimestamp,
    String basedOn,
    LayerData layerData,
    RscDfn rscDfn,
    Rsc rsc,
    Map<Integer, List<VolumeObject>> backups,
    String clusterId,
    String snapDfnUuid) {

  /** Plain camelCase JSON like linstor-server's mapper, unlike the REST API's snake_case. */
  static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * One layer of the tree: {@code kind} in lower case as linstor-server's JSON type names write it
   * ({@code drbd}, {@code storage}, ...; server/.../api/interfaces/RscLayerDataApi.java).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LayerData(String kind, String rscNameSuffix, List<LayerData> children) {

    /** The tree for a layer stack given top first (as a resource definition holds it). */
    public static LayerData ofStack(List<String> stack) {
      LayerData below = null;
      for (int i = stack.size() - 1; i >= 0; i--) {
        below =
            new LayerData(
                stack.get(i).toLowerCase(Locale.ROOT),
                "",
                below == null ? List.of() : List.of(below));
      }
      return below;
    }

    /**
     * The layer stack top first, following the first child at each level, upper case as the REST
     * API names layers (CtrlBackupRestoreApiCallHandler builds the target's layer list this way).
     */
    public List<String> stack() {
      List<String> out = new ArrayList<>();
      for (LayerData l = this;
          l != null;
          l = l.children() == null || l.children().isEmpty() ? null : l.children().get(0)) {
        if (l.kind() != null) {
          out.add(l.kind().toUpperCase(Locale.ROOT));
        }
      }
      return out;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RscDfn(
      Map<String, String> snapDfnProps,
      Map<String, String> rscDfnProps,
      long flags,
      Map<Integer, VlmDfn> vlmDfns) {}

  /** {@code size} is the volume size in KiB. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VlmDfn(
      Map<String, String> snapVlmDfnProps,
      Map<String, String> vlmDfnProps,
      long flags,
      long size) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Rsc(
      Map<String, String> snapProps,
      Map<String, String> rscProps,
      long flags,
      Map<Integer, Vlm> vlms) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Vlm(Map<String, String> snapVlmProps, Map<String, String> vlmProps, long flags) {}

  /** One uploaded volume object: its S3 key, when it finished, the node that sent it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VolumeObject(String name, long finishedTimestamp, String node) {}

  public byte[] toJson() {
    try {
      return MAPPER.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static BackupMeta parse(byte[] json) throws IOException {
    return MAPPER.readValue(json, BackupMeta.class);
  }
}
