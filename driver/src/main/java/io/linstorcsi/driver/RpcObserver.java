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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every RPC (method, volume id, duration, outcome) and feeds the RPC metrics. Only the id
 * fields of a request are read; request bodies are never logged, so secrets cannot reach a log
 * line.
 */
final class RpcObserver implements ServerInterceptor {
  private static final Logger log = LoggerFactory.getLogger("io.linstorcsi.rpc");
  private static final List<String> ID_FIELDS =
      List.of("volume_id", "snapshot_id", "source_volume_id", "name");

  private final DriverMetrics metrics;

  RpcObserver(DriverMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    long start = System.nanoTime();
    String[] volume = {"-"};
    ServerCall<Q, R> observed =
        new SimpleForwardingServerCall<>(call) {
          @Override
          public void close(Status status, Metadata trailers) {
            long nanos = System.nanoTime() - start;
            metrics.recordRpc(method, status.getCode(), nanos);
            report(method, volume[0], status, nanos);
            super.close(status, trailers);
          }
        };
    return new SimpleForwardingServerCallListener<>(next.startCall(observed, headers)) {
      @Override
      public void onMessage(Q message) {
        volume[0] = idOf(message);
        super.onMessage(message);
      }
    };
  }

  private static void report(String method, String volume, Status status, long nanos) {
    long ms = nanos / 1_000_000;
    boolean routine =
        method.equals("Probe") || method.startsWith("Get") || method.endsWith("GetCapabilities");
    if (status.isOk()) {
      if (routine) {
        log.trace("{} volume={} code=OK {}ms", method, volume, ms);
      } else {
        log.debug("{} volume={} code=OK {}ms", method, volume, ms);
      }
    } else {
      log.warn(
          "{} volume={} code={} {}ms: {}",
          method,
          volume,
          status.getCode(),
          ms,
          status.getDescription());
    }
  }

  static String idOf(Object message) {
    if (message instanceof Message m) {
      for (String name : ID_FIELDS) {
        FieldDescriptor field = m.getDescriptorForType().findFieldByName(name);
        if (field != null
            && field.getType() == FieldDescriptor.Type.STRING
            && !field.isRepeated()) {
          String value = (String) m.getField(field);
          if (!value.isEmpty()) {
            return value;
          }
        }
      }
    }
    return "-";
  }
}
