package io.linstorcsi.driver;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every RPC and feeds the RPC metrics. A call that changes something (create, delete, attach,
 * detach, stage, expand, snapshot) gets one INFO line with its volume, its node, the outcome and
 * the duration, so an operator can follow what the driver did at the default level; reads go to
 * debug (Probe to trace), failures of any call to WARN.
 *
 * <p>Only id fields are read from the messages: the volume or snapshot id of the request (or of the
 * answer, where the caller sends only a name), the request's node id, and the nodes of a new
 * volume's accessible topology. Request bodies are never logged, so secrets cannot reach a log
 * line.
 */
final class RpcObserver implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger("io.linstorcsi.rpc");
  private static final List<String> ID_FIELDS =
      List.of("volume_id", "snapshot_id", "source_volume_id", "name");
  private static final List<String> ANSWER_OBJECTS = List.of("volume", "snapshot");

  /** CSI calls that change state; everything else only reads. */
  static final Set<String> MUTATING =
      Set.of(
          "CreateVolume",
          "DeleteVolume",
          "ControllerPublishVolume",
          "ControllerUnpublishVolume",
          "ControllerExpandVolume",
          "ControllerModifyVolume",
          "CreateSnapshot",
          "DeleteSnapshot",
          "NodeStageVolume",
          "NodeUnstageVolume",
          "NodePublishVolume",
          "NodeUnpublishVolume",
          "NodeExpandVolume");

  private final DriverMetrics metrics;

  RpcObserver(DriverMetrics metrics) {
    this.metrics = metrics;
  }

  /** What one call was about, filled from its request and its answer. */
  private static final class Subject {
    volatile String id = "-";
    volatile String node = "-";
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    long start = System.nanoTime();
    Subject subject = new Subject();
    ServerCall<Q, R> observed =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void sendMessage(R message) {
            fromAnswer(message, subject);
            super.sendMessage(message);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            long nanos = System.nanoTime() - start;
            metrics.recordRpc(method, status.getCode(), nanos);
            report(method, subject, status, nanos);
            super.close(status, trailers);
          }
        };
    return new SimpleForwardingServerCallListener<>(next.startCall(observed, headers)) {
      @Override
      public void onMessage(Q message) {
        subject.id = idOf(message);
        subject.node = stringField(message, "node_id").orElse("-");
        super.onMessage(message);
      }
    };
  }

  private static void report(String method, Subject subject, Status status, long nanos) {
    long ms = nanos / 1_000_000;
    if (!status.isOk()) {
      log.warn(
          "{} volume={} node={} outcome={} {}ms: {}",
          method,
          subject.id,
          subject.node,
          status.getCode(),
          ms,
          status.getDescription());
    } else if (MUTATING.contains(method)) {
      log.info("{} volume={} node={} outcome=OK {}ms", method, subject.id, subject.node, ms);
    } else if (method.equals("Probe")) {
      log.trace("{} outcome=OK {}ms", method, ms);
    } else {
      log.debug("{} volume={} node={} outcome=OK {}ms", method, subject.id, subject.node, ms);
    }
  }

  /**
   * CreateVolume and CreateSnapshot carry only a name: the id is in the answer, and so are the
   * nodes that hold a new volume (its accessible topology).
   */
  private static void fromAnswer(Object answer, Subject subject) {
    if (!(answer instanceof Message m)) {
      return;
    }
    for (String name : ANSWER_OBJECTS) {
      FieldDescriptor field = m.getDescriptorForType().findFieldByName(name);
      if (field == null || field.getType() != FieldDescriptor.Type.MESSAGE || !m.hasField(field)) {
        continue;
      }
      Message object = (Message) m.getField(field);
      String id = idOf(object);
      if (!id.equals("-")) {
        subject.id = id;
      }
      String nodes = topologyNodes(object);
      if (!nodes.isEmpty() && subject.node.equals("-")) {
        subject.node = nodes;
      }
    }
  }

  /** The host names in a volume's accessible topology: the nodes that can use it. */
  private static String topologyNodes(Message volume) {
    FieldDescriptor field = volume.getDescriptorForType().findFieldByName("accessible_topology");
    if (field == null || !field.isRepeated()) {
      return "";
    }
    Set<String> nodes = new LinkedHashSet<>();
    for (int i = 0; i < volume.getRepeatedFieldCount(field); i++) {
      if (volume.getRepeatedField(field, i) instanceof csi.v1.Topology topology) {
        for (Map.Entry<String, String> segment : topology.getSegmentsMap().entrySet()) {
          // other keys (linbit.com/sp-<pool>: "true") say nothing about the node
          if (segment.getKey().endsWith("/hostname")) {
            nodes.add(segment.getValue());
          }
        }
      }
    }
    return String.join(",", nodes);
  }

  static String idOf(Object message) {
    for (String name : ID_FIELDS) {
      var value = stringField(message, name);
      if (value.isPresent()) {
        return value.get();
      }
    }
    return "-";
  }

  private static java.util.Optional<String> stringField(Object message, String name) {
    if (message instanceof Message m) {
      FieldDescriptor field = m.getDescriptorForType().findFieldByName(name);
      if (field != null && field.getType() == FieldDescriptor.Type.STRING && !field.isRepeated()) {
        String value = (String) m.getField(field);
        if (!value.isEmpty()) {
          return java.util.Optional.of(value);
        }
      }
    }
    return java.util.Optional.empty();
  }
}
