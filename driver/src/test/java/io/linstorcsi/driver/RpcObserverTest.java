package io.linstorcsi.driver;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import csi.v1.ControllerGrpc;
import csi.v1.ControllerPublishVolumeRequest;
import csi.v1.ControllerPublishVolumeResponse;
import csi.v1.CreateSnapshotRequest;
import csi.v1.CreateSnapshotResponse;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.DeleteVolumeRequest;
import csi.v1.DeleteVolumeResponse;
import csi.v1.IdentityGrpc;
import csi.v1.ListVolumesRequest;
import csi.v1.ListVolumesResponse;
import csi.v1.ProbeRequest;
import csi.v1.ProbeResponse;
import csi.v1.Snapshot;
import csi.v1.Topology;
import csi.v1.Volume;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The interceptor on one call at a time: a hand-written server call records what reaches the
 * client, the handler answers as a service would, and the log lines are read from logback.
 */
class RpcObserverTest {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger rpcLog = (Logger) LoggerFactory.getLogger("io.linstorcsi.rpc");
  private DriverMetrics metrics;

  @BeforeEach
  void capture() {
    metrics = new DriverMetrics();
    lines.start();
    rpcLog.addAppender(lines);
    rpcLog.setLevel(Level.TRACE);
  }

  @AfterEach
  void release() {
    rpcLog.detachAppender(lines);
    rpcLog.setLevel(null);
    metrics.close();
  }

  /** Records the answer and the status the interceptor lets through. */
  static final class RecordingCall<Q, R> extends ServerCall<Q, R> {
    private final MethodDescriptor<Q, R> method;
    Status closed;

    RecordingCall(MethodDescriptor<Q, R> method) {
      this.method = method;
    }

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(R message) {}

    @Override
    public void close(Status status, Metadata trailers) {
      closed = status;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public Attributes getAttributes() {
      return Attributes.EMPTY;
    }

    @Override
    public MethodDescriptor<Q, R> getMethodDescriptor() {
      return method;
    }
  }

  /** One unary call through the observer, answered with {@code answer} or failed with it. */
  private <Q, R> void call(MethodDescriptor<Q, R> method, Q request, Object answer) {
    RecordingCall<Q, R> call = new RecordingCall<>(method);
    ServerCall.Listener<Q> listener =
        new RpcObserver(metrics)
            .interceptCall(
                call,
                new Metadata(),
                (serverCall, headers) ->
                    new ServerCall.Listener<>() {
                      @Override
                      public void onMessage(Q message) {
                        if (answer instanceof Status failure) {
                          serverCall.close(failure, new Metadata());
                          return;
                        }
                        @SuppressWarnings("unchecked")
                        R response = (R) answer;
                        serverCall.sendMessage(response);
                        serverCall.close(Status.OK, new Metadata());
                      }
                    });
    listener.onMessage(request);
    listener.onHalfClose();
  }

  private List<String> at(Level level) {
    return lines.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  @Test
  void createVolume_isOneInfoLineWithTheNewVolumeItsNodesOutcomeAndDuration() {
    Volume volume =
        Volume.newBuilder()
            .setVolumeId("pvc-1")
            .addAccessibleTopology(
                Topology.newBuilder()
                    .putSegments("linbit.com/hostname", "node-a")
                    .putSegments("linbit.com/sp-sp1", "true"))
            .addAccessibleTopology(
                Topology.newBuilder().putSegments("linbit.com/hostname", "node-b"))
            .build();

    call(
        ControllerGrpc.getCreateVolumeMethod(),
        CreateVolumeRequest.newBuilder().setName("pvc-1").putSecrets("key", "s3cret").build(),
        CreateVolumeResponse.newBuilder().setVolume(volume).build());

    assertThat(at(Level.INFO))
        .singleElement()
        .asString()
        .matches("CreateVolume volume=pvc-1 node=node-a,node-b outcome=OK \\d+ms")
        .doesNotContain("s3cret");
  }

  @Test
  void controllerPublish_namesTheNode() {
    call(
        ControllerGrpc.getControllerPublishVolumeMethod(),
        ControllerPublishVolumeRequest.newBuilder()
            .setVolumeId("pvc-1")
            .setNodeId("node-b")
            .build(),
        ControllerPublishVolumeResponse.getDefaultInstance());

    assertThat(at(Level.INFO))
        .singleElement()
        .asString()
        .matches("ControllerPublishVolume volume=pvc-1 node=node-b outcome=OK \\d+ms");
  }

  @Test
  void createSnapshot_namesTheSnapshotIdFromTheAnswer() {
    call(
        ControllerGrpc.getCreateSnapshotMethod(),
        CreateSnapshotRequest.newBuilder().setName("snap-1").setSourceVolumeId("pvc-1").build(),
        CreateSnapshotResponse.newBuilder()
            .setSnapshot(
                Snapshot.newBuilder().setSnapshotId("pvc-1/snap-1").setSourceVolumeId("pvc-1"))
            .build());

    assertThat(at(Level.INFO))
        .singleElement()
        .asString()
        .matches("CreateSnapshot volume=pvc-1/snap-1 node=- outcome=OK \\d+ms");
  }

  @Test
  void deleteVolume_isAnInfoLine() {
    call(
        ControllerGrpc.getDeleteVolumeMethod(),
        DeleteVolumeRequest.newBuilder().setVolumeId("pvc-1").build(),
        DeleteVolumeResponse.getDefaultInstance());

    assertThat(at(Level.INFO))
        .singleElement()
        .asString()
        .startsWith("DeleteVolume volume=pvc-1 node=- outcome=OK ");
  }

  @Test
  void aFailedMutation_isAWarningWithTheCodeAndMessage() {
    call(
        ControllerGrpc.getControllerPublishVolumeMethod(),
        ControllerPublishVolumeRequest.newBuilder()
            .setVolumeId("pvc-1")
            .setNodeId("node-b")
            .build(),
        Status.FAILED_PRECONDITION.withDescription("attached to node-a: detach it there first"));

    assertThat(at(Level.INFO)).isEmpty();
    assertThat(at(Level.WARN))
        .singleElement()
        .asString()
        .matches(
            "ControllerPublishVolume volume=pvc-1 node=node-b outcome=FAILED_PRECONDITION \\d+ms:"
                + " attached to node-a: detach it there first");
  }

  @Test
  void reads_stayBelowInfo() {
    call(
        ControllerGrpc.getListVolumesMethod(),
        ListVolumesRequest.getDefaultInstance(),
        ListVolumesResponse.getDefaultInstance());
    call(
        IdentityGrpc.getProbeMethod(),
        ProbeRequest.getDefaultInstance(),
        ProbeResponse.getDefaultInstance());

    assertThat(at(Level.INFO)).isEmpty();
    assertThat(at(Level.DEBUG)).singleElement().asString().startsWith("ListVolumes ");
    assertThat(at(Level.TRACE)).singleElement().asString().startsWith("Probe ");
  }
}
