package io.linstorcsi.emulator.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The messages two controllers exchange for LINSTOR-to-LINSTOR shipping on {@code
 * /v1/internal/backups/...}, with linstor-server's camelCase field names
 * (controller/.../backup/l2l/rest/data/BackupShippingRequestPrevSnap,
 * BackupShippingResponsePrevSnap, BackupShippingRequest, BackupShippingResponse,
 * BackupShippingReceiveDoneRequest). The volume data, which real satellites send each other over a
 * socat stream, goes controller to controller here: {@link VolumeData} is the emulator's own
 * message.
 */
public final class L2LMessages {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  /** The version the source reports; the target accepts only its own (isClusterAllowedContact). */
  public static final int[] VERSION = {1, 33, 3};

  private L2LMessages() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PrevSnapRequest(
      int[] srcVersion,
      String srcClusterId,
      String dstRscName,
      Set<String> srcSnapDfnUuids,
      String dstNodeName) {}

  /** {@code responses} is an ApiCallRc list as the REST API writes it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PrevSnapResponse(
      boolean canReceive,
      String prevSnapUuid,
      boolean resetData,
      String dstBaseSnapName,
      String dstActualNodeName,
      JsonNode responses) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ShipRequest(
      int[] srcVersion,
      BackupMeta metaData,
      String srcBackupName,
      String srcClusterId,
      String srcL2LRemoteName,
      String dstRscName,
      String dstNodeName,
      String dstStorPool,
      Map<String, String> storPoolRenameMap,
      String dstRscGrp,
      boolean downloadOnly,
      String dstBaseSnapName,
      String srcRscName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ShipResponse(boolean canReceive, JsonNode responses) {}

  /**
   * One piece of a volume's backup stream; {@code dstSnapName} is the source's snapshot name, which
   * the target knows the shipment by.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VolumeData(
      String srcClusterId, String dstRscName, String dstSnapName, int vlmNr, byte[] data) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ReceiveDone(
      String srcClusterId,
      String dstRscName,
      String dstSnapName,
      boolean success,
      List<String> messages) {}
}
