package io.linstorcsi.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.VolumeGroupSnapshot;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Volume group snapshots and consistency groups over the driver's processes, with data written
 * through real file systems on loop devices and read back from the restored copies. The controller
 * runs with {@code --enable-consistency-groups} and reads claims' labels from a Kubernetes API.
 */
@Tag("privileged")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class VolumeGroupTest {
  static final long MIB = 1L << 20;

  static final KubeApi KUBE = KubeApi.start();

  @RegisterExtension
  static final E2eCluster E2E =
      E2eCluster.of("node-a", "node-b")
          .controller(List.of("--enable-consistency-groups"), KUBE.env());

  private final Kubernetes k8s = E2E.k8s();
  private final Cluster cluster = E2E.cluster();

  /** One copy on node-a, so that every pod of a test runs where the data is. */
  private static final StorageClass ON_A =
      StorageClass.twoReplicas("ext4")
          .with(StorageClass.PLACEMENT_COUNT, "1")
          .immediateOn("node-a");

  /** A claim without a group; it exists in the Kubernetes API, as every claim does. */
  private Pv provision(Claim claim) {
    return provision(claim, null);
  }

  /** A claim labelled with {@code group}, made in the Kubernetes API before it is provisioned. */
  private Pv provision(Claim claim, String group) {
    KUBE.createClaim(claim, group);
    return k8s.provisioner().provision(ON_A, claim);
  }

  private byte[] writeOnA(Pv pv) {
    Published p = k8s.startPod(pv, "node-a");
    byte[] data = Data.pattern(pv.name(), (int) MIB);
    Data.writeFile(p.target().resolve("data.bin"), data);
    k8s.stopPod(p);
    return data;
  }

  private byte[] readOnA(Pv pv) {
    Published p = k8s.startPod(pv, "node-a");
    byte[] data = Data.readFile(p.target().resolve("data.bin"));
    k8s.stopPod(p);
    return data;
  }

  private static String resource(Pv pv) {
    return pv.id().split("/")[0];
  }

  @Test
  void groupSnapshotOfTwoVolumes_eachMemberRestoresIntoANewClaimWithItsData() throws Exception {
    Pv data = provision(Claim.filesystem(64 * MIB));
    Pv log = provision(Claim.filesystem(64 * MIB));
    byte[] dataBytes = writeOnA(data);
    byte[] logBytes = writeOnA(log);

    VolumeGroupSnapshot group = k8s.groupSnapshotter().snapshot(List.of(data, log));
    assertThat(group.getSnapshotsCount()).isEqualTo(2);

    Pv dataCopy =
        provision(
            Claim.filesystem(64 * MIB)
                .from(Snapshotter.source(GroupSnapshotter.memberOf(group, data))));
    Pv logCopy =
        provision(
            Claim.filesystem(64 * MIB)
                .from(Snapshotter.source(GroupSnapshotter.memberOf(group, log))));
    assertThat(readOnA(dataCopy)).isEqualTo(dataBytes);
    assertThat(readOnA(logCopy)).isEqualTo(logBytes);

    k8s.provisioner().delete(dataCopy);
    k8s.provisioner().delete(logCopy);
    k8s.groupSnapshotter().delete(group);
    k8s.provisioner().delete(data);
    k8s.provisioner().delete(log);
  }

  @Test
  void consistencyGroupPair_writtenSnapshottedTogether_restoresWithItsData_andDeletesOneByOne()
      throws Exception {
    String db = "db-" + UUID.randomUUID().toString().substring(0, 8);
    Pv data = provision(Claim.filesystem(64 * MIB), db);
    Pv wal = provision(Claim.filesystem(32 * MIB), db);
    // one LINSTOR resource, one volume per claim
    assertThat(resource(wal)).isEqualTo(resource(data)).startsWith("cg-");
    assertThat(wal.id()).isNotEqualTo(data.id());

    Published dataPod = k8s.startPod(data, "node-a");
    Published walPod = k8s.startPod(wal, "node-a");
    byte[] dataBytes = Data.pattern(data.name(), (int) MIB);
    byte[] walBytes = Data.pattern(wal.name(), (int) MIB);
    Data.writeFile(dataPod.target().resolve("data.bin"), dataBytes);
    Data.writeFile(walPod.target().resolve("data.bin"), walBytes);

    // DRBD promotes the resource as a whole: no member may be used on another node meanwhile
    assertThatThrownBy(() -> k8s.attacher().attach(wal, "node-b"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("node-a");
            });

    // taken while both are in use: one snapshot of the resource covers both
    List<String> before = cluster.linstor().snapshots();
    VolumeGroupSnapshot group = k8s.groupSnapshotter().snapshot(List.of(data, wal));
    List<String> taken =
        cluster.linstor().snapshots().stream().filter(s -> !before.contains(s)).toList();
    assertThat(taken).singleElement().asString().startsWith(resource(data) + "@");
    k8s.stopPod(dataPod);
    k8s.stopPod(walPod);

    // restored into the claims of a new group: again one resource, each claim its member's data
    String copy = db + "-copy";
    Pv dataCopy =
        provision(
            Claim.filesystem(64 * MIB)
                .from(Snapshotter.source(GroupSnapshotter.memberOf(group, data))),
            copy);
    Pv walCopy =
        provision(
            Claim.filesystem(32 * MIB)
                .from(Snapshotter.source(GroupSnapshotter.memberOf(group, wal))),
            copy);
    assertThat(resource(walCopy)).isEqualTo(resource(dataCopy)).isNotEqualTo(resource(data));
    assertThat(readOnA(dataCopy)).isEqualTo(dataBytes);
    assertThat(readOnA(walCopy)).isEqualTo(walBytes);

    // one member alone, into a claim without a group
    Pv walAlone =
        provision(
            Claim.filesystem(32 * MIB)
                .from(Snapshotter.source(GroupSnapshotter.memberOf(group, wal))));
    assertThat(readOnA(walAlone)).isEqualTo(walBytes);

    // deleting one member keeps the other's data
    k8s.provisioner().delete(data);
    assertThat(readOnA(wal)).isEqualTo(walBytes);

    k8s.provisioner().delete(walAlone);
    k8s.provisioner().delete(dataCopy);
    k8s.provisioner().delete(walCopy);
    k8s.groupSnapshotter().delete(group);
    k8s.provisioner().delete(wal);
  }
}
