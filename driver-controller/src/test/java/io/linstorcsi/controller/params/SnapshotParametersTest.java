package io.linstorcsi.controller.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.SnapshotId;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotParametersTest {
  private static final String NS = "snap.linstor.csi.linbit.com/";

  private static Map<String, String> params(String... pairs) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void noParameters_isInCluster() {
    SnapshotParameters p = SnapshotParameters.parse(Map.of(), Map.of());
    assertThat(p.type()).isEqualTo(SnapshotId.Type.IN_CLUSTER);
    assertThat(p.remote()).isFalse();
  }

  @Test
  void s3Class_isParsedWithItsSecret() {
    SnapshotParameters p =
        SnapshotParameters.parse(
            params(
                NS + "type",
                "S3",
                NS + "remote-name",
                "backup-bucket",
                NS + "s3-endpoint",
                "http://127.0.0.1:9000",
                NS + "s3-bucket",
                "b1",
                NS + "s3-signing-region",
                "eu-1",
                NS + "s3-use-path-style",
                "true",
                NS + "allow-incremental",
                "t",
                NS + "max-increments",
                "5",
                NS + "full-snapshot-after",
                "1h30m",
                NS + "delete-local",
                "1",
                "csi.storage.k8s.io/snapshotter-secret-name",
                "ignored",
                "csi.storage.k8s.io/volumesnapshot/name",
                "ignored"),
            Map.of("access-key", "AKIA", "secret-key", "S3CR3T"));
    assertThat(p.type()).isEqualTo(SnapshotId.Type.S3);
    assertThat(p.remoteName()).isEqualTo("backup-bucket");
    assertThat(p.s3Endpoint()).isEqualTo("http://127.0.0.1:9000");
    assertThat(p.s3Bucket()).isEqualTo("b1");
    assertThat(p.s3SigningRegion()).isEqualTo("eu-1");
    assertThat(p.s3UsePathStyle()).isTrue();
    assertThat(p.allowIncremental()).isTrue();
    assertThat(p.maxIncrements()).isEqualTo(5);
    assertThat(p.fullSnapshotAfter()).isEqualTo(Duration.ofMinutes(90));
    assertThat(p.deleteLocal()).isTrue();
    assertThat(p.s3AccessKey()).isEqualTo("AKIA");
    assertThat(p.s3SecretKey()).isEqualTo("S3CR3T");
    assertThat(p.toString()).doesNotContain("AKIA", "S3CR3T").contains("***");
  }

  @Test
  void linstorClass_isParsed() {
    SnapshotParameters p =
        SnapshotParameters.parse(
            params(
                NS + "type", "linstor",
                NS + "remote-name", "dr",
                NS + "linstor-target-url", "http://dr:3370",
                NS + "linstor-target-cluster-id", "abc",
                NS + "linstor-target-storage-pool", "pool2",
                NS + "relocate-after-restore", "true"),
            Map.of());
    assertThat(p.type()).isEqualTo(SnapshotId.Type.LINSTOR);
    assertThat(p.linstorTargetUrl()).isEqualTo("http://dr:3370");
    assertThat(p.linstorTargetClusterId()).isEqualTo("abc");
    assertThat(p.linstorTargetStoragePool()).isEqualTo("pool2");
    assertThat(p.relocateAfterRestore()).isTrue();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "type, InCluster, IN_CLUSTER",
    "type, incluster, IN_CLUSTER",
    "type, S3, S3",
    "type, s3, S3",
    "type, Linstor, LINSTOR",
    "type, linstor, LINSTOR",
  })
  void type_acceptsTheGoDriversSpellings(String key, String value, SnapshotId.Type expected) {
    Map<String, String> p = params(NS + key, value, NS + "remote-name", "r");
    assertThat(SnapshotParameters.parse(p, Map.of()).type()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "type, Unknown",
    "type, LINSTOR2",
    "allow-incremental, yes",
    "delete-local, maybe",
    "s3-use-path-style, on",
    "max-increments, -1",
    "max-increments, many",
    "full-snapshot-after, 1 day",
    "full-snapshot-after, -1h",
    "relocate-after-restore, 2",
    "remote-nmae, typo",
  })
  void malformedOrUnknownKey_isInvalidArgumentNamingIt(String key, String value) {
    Map<String, String> p = params(NS + "type", "S3", NS + "remote-name", "r", NS + key, value);
    assertThatThrownBy(() -> SnapshotParameters.parse(p, Map.of()))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining(NS + key);
  }

  @Test
  void remoteType_withoutRemoteName_isInvalidArgument() {
    assertThatThrownBy(() -> SnapshotParameters.parse(params(NS + "type", "S3"), Map.of()))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining(NS + "remote-name");
  }

  @Test
  void deleteLocal_withInCluster_isInvalidArgument() {
    assertThatThrownBy(() -> SnapshotParameters.parse(params(NS + "delete-local", "true"), null))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining(NS + "delete-local");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0, 0", "90s, 90000", "1.5h, 5400000", "2h45m, 9900000", "250ms, 250"})
  void fullSnapshotAfter_readsGoDurations(String value, long millis) {
    Map<String, String> p =
        params(NS + "type", "S3", NS + "remote-name", "r", NS + "full-snapshot-after", value);
    assertThat(SnapshotParameters.parse(p, Map.of()).fullSnapshotAfter())
        .isEqualTo(Duration.ofMillis(millis));
  }
}
