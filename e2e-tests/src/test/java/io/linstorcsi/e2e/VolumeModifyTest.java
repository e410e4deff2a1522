package io.linstorcsi.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.ControllerModifyVolumeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A VolumeAttributesClass changing a live volume's replica count, as external-resizer sends it,
 * over the driver's processes and a real file system on loop devices.
 */
@Tag("privileged")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class VolumeModifyTest {
  static final long MIB = 1L << 20;

  @RegisterExtension static final E2eCluster E2E = E2eCluster.of("node-a", "node-b", "node-c");

  private final Kubernetes k8s = E2E.k8s();
  private final Cluster cluster = E2E.cluster();

  private void modifyReplicas(Pv pv, int count) {
    cluster
        .controller()
        .controllerModifyVolume(
            ControllerModifyVolumeRequest.newBuilder()
                .setVolumeId(pv.id())
                .putMutableParameters(StorageClass.PLACEMENT_COUNT, String.valueOf(count))
                .build());
  }

  @Test
  void replicaCount_upThenDown_movesTheDataToTheNodeInUse() {
    StorageClass oneCopy =
        StorageClass.twoReplicas("ext4")
            .with(StorageClass.PLACEMENT_COUNT, "1")
            .immediateOn("node-a");
    Pv pv = k8s.provisioner().provision(oneCopy, Claim.filesystem(64 * MIB));
    assertThat(cluster.linstor().diskfulReplicas(pv.id())).containsExactly("node-a");

    Published onA = k8s.startPod(pv, "node-a");
    byte[] written = Data.pattern(pv.id(), (int) MIB);
    Data.writeFile(onA.target().resolve("data.bin"), written);

    modifyReplicas(pv, 2);
    assertThat(cluster.linstor().diskfulReplicas(pv.id())).hasSize(2).contains("node-a");

    // Going back to one copy while node-a's pod holds the volume keeps node-a's replica.
    modifyReplicas(pv, 1);
    assertThat(cluster.linstor().diskfulReplicas(pv.id())).containsExactly("node-a");
    assertThat(Data.readFile(onA.target().resolve("data.bin"))).isEqualTo(written);
    k8s.stopPod(onA);

    // Now the pod moves to the added node; dropping node-a's copy keeps the one in use.
    modifyReplicas(pv, 2);
    String added =
        cluster.linstor().diskfulReplicas(pv.id()).stream()
            .filter(n -> !n.equals("node-a"))
            .findFirst()
            .orElseThrow();
    Published onAdded = k8s.startPod(pv, added);
    modifyReplicas(pv, 1);
    assertThat(cluster.linstor().diskfulReplicas(pv.id())).containsExactly(added);
    assertThat(Data.readFile(onAdded.target().resolve("data.bin"))).isEqualTo(written);

    modifyReplicas(pv, 1); // a repeat changes nothing
    assertThat(cluster.linstor().diskfulReplicas(pv.id())).containsExactly(added);
    k8s.stopPod(onAdded);
    k8s.provisioner().delete(pv);
  }

  @Test
  void immutableKey_isInvalidArgumentNamingIt() {
    Pv pv =
        k8s.provisioner()
            .provision(
                StorageClass.twoReplicas("ext4").immediateOn("node-a", "node-b"),
                Claim.filesystem(64 * MIB));
    assertThatThrownBy(
            () ->
                cluster
                    .controller()
                    .controllerModifyVolume(
                        ControllerModifyVolumeRequest.newBuilder()
                            .setVolumeId(pv.id())
                            .putMutableParameters(StorageClass.STORAGE_POOL, "other")
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains(StorageClass.STORAGE_POOL);
            });
    k8s.provisioner().delete(pv);
  }
}
