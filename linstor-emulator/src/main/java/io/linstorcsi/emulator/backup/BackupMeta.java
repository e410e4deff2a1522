package io.linstorcsi.emulator.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The metadata object of a backup, with linstor-server's field names
 * (server/.../api/pojo/backups/BackupMetaDataPojo.java, RscDfnMetaPojo, RscMetaPojo,
 * VlmDfnMetaPojo, VlmMetaPojo, BackupMetaInfoPojo). {@code basedOn} names the metadata object of
 * the backup an incremental one builds on. The layer data of the real format is left out: the
 * emulator restores from the volume objects and these definitions alone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupMeta(
    String rscName,
    String nodeName,
    long startTimestamp,
    long finishTimestamp,
    String basedOn,
    RscDfn rscDfn,
    Rsc rsc,
    Map<Integer, List<VolumeObject>> backups,
    String clusterId,
    String snapDfnUuid) {

  /** Plain camelCase JSON like linstor-server's mapper, unlike the REST API's snake_case. */
  static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
