package io.linstorcsi.drbd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import csi.v1.IdentityGrpc;
import csi.v1.NodeGetVolumeStatsRequest;
import csi.v1.NodeGetVolumeStatsResponse;
import csi.v1.NodeGrpc;
import csi.v1.NodePublishVolumeRequest;
import csi.v1.NodeStageVolumeRequest;
import csi.v1.NodeUnpublishVolumeRequest;
import csi.v1.NodeUnstageVolumeRequest;
import csi.v1.ProbeRequest;
import csi.v1.VolumeCapability;
import csi.v1.VolumeUsage;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A CSI client in kubelet's place, run inside a guest next to the driver. Usage:
 *
 * <pre>
 * CsiNodeCli unix:///run/csi/csi.sock CALL [key=value...] [CALL [key=value...]]...
 *   probe
 *   stage     volume= staging= [fs=ext4|xfs|block] [ctx.KEY=VALUE...] [vctx.KEY=VALUE...]
 *   publish   volume= staging= target= [fs=...] [readonly=true] [ctx.KEY=VALUE...]
 *   unpublish volume= target=
 *   unstage   volume= staging=
 *   stats     volume= path= [staging=]
 * </pre>
 *
 * The calls run in order and stop at the first that fails, like kubelet, which would not publish
 * what it could not stage. Prints one JSON line: {@code {"calls":[{"call":..,"code":"OK",
 * "message":..,"millis":..}, ...]}}; stats add {@code abnormal}, {@code condition} and {@code
 * usage}. Exit code 0 unless the command line itself is wrong (2).
 */
public final class CsiNodeCli {
  static final Set<String> CALLS =
      Set.of("probe", "stage", "publish", "unpublish", "unstage", "stats");
  private static final long DEADLINE_SECONDS = 180;

  private CsiNodeCli() {}

  /** One call as given on the command line. */
  record Call(String name, Map<String, String> args) {
    String require(String key) {
      String value = args.get(key);
      if (value == null) {
        throw new IllegalArgumentException(name + " needs " + key + "=");
      }
      return value;
    }

    Map<String, String> prefixed(String prefix) {
      Map<String, String> out = new LinkedHashMap<>();
      args.forEach(
          (k, v) -> {
            if (k.startsWith(prefix)) {
              out.put(k.substring(prefix.length()), v);
            }
          });
      return out;
    }
  }

  public static void main(String[] args) throws Exception {
    List<Call> calls;
    try {
      calls = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("usage error: " + e.getMessage());
      System.exit(2);
      return;
    }
    ManagedChannel channel =
        Grpc.newChannelBuilder(args[0], InsecureChannelCredentials.create()).build();
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    ArrayNode results = out.putArray("calls");
    try {
      for (Call call : calls) {
        ObjectNode result = results.addObject().put("call", call.name());
        long start = System.nanoTime();
        Status status = Status.OK;
        try {
          perform(channel, call, result);
        } catch (StatusRuntimeException e) {
          status = e.getStatus();
        }
        result
            .put("code", status.getCode().name())
            .put("message", status.getDescription() == null ? "" : status.getDescription())
            .put("millis", (System.nanoTime() - start) / 1_000_000);
        if (!status.isOk()) {
          break;
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    System.out.println(json.writeValueAsString(out));
  }

  static List<Call> parse(String[] args) {
    if (args.length < 2 || !args[0].startsWith("unix://")) {
      throw new IllegalArgumentException("give unix://SOCKET and at least one call");
    }
    List<Call> calls = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (CALLS.contains(args[i])) {
        calls.add(new Call(args[i], new LinkedHashMap<>()));
      } else if (!calls.isEmpty() && args[i].indexOf('=') > 0) {
        int eq = args[i].indexOf('=');
        calls.getLast().args().put(args[i].substring(0, eq), args[i].substring(eq + 1));
      } else {
        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
      }
    }
    return calls;
  }

  private static void perform(ManagedChannel channel, Call call, ObjectNode result) {
    NodeGrpc.NodeBlockingStub node =
        NodeGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    switch (call.name()) {
      case "probe" ->
          result.put(
              "ready",
              IdentityGrpc.newBlockingStub(channel)
                  .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                  .probe(ProbeRequest.getDefaultInstance())
                  .getReady()
                  .getValue());
      case "stage" ->
          node.nodeStageVolume(
              NodeStageVolumeRequest.newBuilder()
                  .setVolumeId(call.require("volume"))
                  .setStagingTargetPath(call.require("staging"))
                  .setVolumeCapability(capability(call))
                  .putAllPublishContext(call.prefixed("ctx."))
                  .putAllVolumeContext(call.prefixed("vctx."))
                  .build());
      case "publish" ->
          node.nodePublishVolume(
              NodePublishVolumeRequest.newBuilder()
                  .setVolumeId(call.require("volume"))
                  .setStagingTargetPath(call.require("staging"))
                  .setTargetPath(call.require("target"))
                  .setVolumeCapability(capability(call))
                  .setReadonly(Boolean.parseBoolean(call.args().getOrDefault("readonly", "false")))
                  .putAllPublishContext(call.prefixed("ctx."))
                  .putAllVolumeContext(call.prefixed("vctx."))
                  .build());
      case "unpublish" ->
          node.nodeUnpublishVolume(
              NodeUnpublishVolumeRequest.newBuilder()
                  .setVolumeId(call.require("volume"))
                  .setTargetPath(call.require("target"))
                  .build());
      case "unstage" ->
          node.nodeUnstageVolume(
              NodeUnstageVolumeRequest.newBuilder()
                  .setVolumeId(call.require("volume"))
                  .setStagingTargetPath(call.require("staging"))
                  .build());
      case "stats" -> stats(node, call, result);
      default -> throw new IllegalStateException(call.name());
    }
  }

  private static void stats(NodeGrpc.NodeBlockingStub node, Call call, ObjectNode result) {
    NodeGetVolumeStatsResponse stats =
        node.nodeGetVolumeStats(
            NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId(call.require("volume"))
                .setVolumePath(call.require("path"))
                .setStagingTargetPath(call.args().getOrDefault("staging", ""))
                .build());
    if (stats.hasVolumeCondition()) {
      result
          .put("abnormal", stats.getVolumeCondition().getAbnormal())
          .put("condition", stats.getVolumeCondition().getMessage());
    }
    ArrayNode usage = result.putArray("usage");
    for (VolumeUsage u : stats.getUsageList()) {
      usage
          .addObject()
          .put("unit", u.getUnit().name())
          .put("total", u.getTotal())
          .put("used", u.getUsed())
          .put("available", u.getAvailable());
    }
  }

  private static VolumeCapability capability(Call call) {
    String fs = call.args().getOrDefault("fs", "ext4");
    VolumeCapability.Builder capability =
        VolumeCapability.newBuilder()
            .setAccessMode(
                VolumeCapability.AccessMode.newBuilder()
                    .setMode(VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER));
    if (fs.equals("block")) {
      return capability.setBlock(VolumeCapability.BlockVolume.getDefaultInstance()).build();
    }
    return capability.setMount(VolumeCapability.MountVolume.newBuilder().setFsType(fs)).build();
  }
}
