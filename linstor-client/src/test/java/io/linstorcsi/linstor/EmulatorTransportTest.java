package io.linstorcsi.linstor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.emulator.TlsMaterial;
import io.linstorcsi.linstor.TestPki.Issued;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.DrbdResource;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.VolumeGroup;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Transport against the emulator: HTTPS and mutual TLS with the emulator's TLS material, failover
 * between controllers, and the DRBD states the emulator can put a resource into.
 */
class EmulatorTransportTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  private static LinstorEmulator.Builder cluster() {
    return LinstorEmulator.builder()
        .nodes("node-a", "node-b", "node-c")
        .storagePool("sp1", "LVM_THIN", 10L << 20);
  }

  @Test
  void https_withTheControllersCa_andMutualTls_withAClientCertificate() {
    TestPki pki = TestPki.create("linstor-ca");
    Issued server = pki.server(TestPki.ec());
    TlsMaterial serverOnly = TlsMaterial.of(pki.keyStore(server, PASSWORD), PASSWORD);
    try (LinstorEmulator emulator = cluster().tls(serverOnly).build().start();
        LinstorClient client =
            LinstorClient.builder()
                .endpoints(List.of(emulator.baseUrl()))
                .rootCa(pki.ca().certificatePem())
                .build()) {
      assertThat(emulator.baseUrl().getScheme()).isEqualTo("https");
      assertThat(client.nodes().list()).hasSize(3);
    }

    Issued csi = pki.client("linstor-csi", TestPki.ec());
    TlsMaterial mutual = serverOnly.requireClientCertificates(pki.trustStore());
    try (LinstorEmulator emulator = cluster().tls(mutual).build().start()) {
      try (LinstorClient withCertificate =
          LinstorClient.builder()
              .endpoints(List.of(emulator.baseUrl()))
              .rootCa(pki.ca().certificatePem())
              .clientCertificate(csi.certificatePem(), csi.traditionalKeyPem())
              .build()) {
        assertThat(withCertificate.controller().version().restApiVersion()).isNotBlank();
      }
      try (LinstorClient without =
          LinstorClient.builder()
              .endpoints(List.of(emulator.baseUrl()))
              .rootCa(pki.ca().certificatePem())
              .retries(0)
              .build()) {
        assertThatThrownBy(() -> without.nodes().list())
            .isInstanceOf(LinstorException.Unavailable.class);
      }
      Issued stranger = TestPki.create("other-ca").client("intruder", TestPki.ec());
      try (LinstorClient foreign =
          LinstorClient.builder()
              .endpoints(List.of(emulator.baseUrl()))
              .rootCa(pki.ca().certificatePem())
              .clientCertificate(stranger.certificatePem(), stranger.pkcs8KeyPem())
              .retries(0)
              .build()) {
        assertThatThrownBy(() -> foreign.nodes().list())
            .isInstanceOf(LinstorException.Unavailable.class);
      }
      assertThat(emulator.requests().count()).isEqualTo(1);
    }
  }

  @Test
  void failover_skipsADeadController_andMovesOnWhenTheActiveOneStops() throws IOException {
    URI dead = FailoverAndRateLimitTest.deadEndpoint();
    List<CallEvent> events = new CopyOnWriteArrayList<>();
    LinstorEmulator first = cluster().build().start();
    try (LinstorEmulator second = cluster().build().start();
        LinstorClient client =
            LinstorClient.builder()
                .endpoints(List.of(dead, first.baseUrl(), second.baseUrl()))
                .listener(events::add)
                .build()) {
      client.resourceDefinitions().create(ResourceDefinition.of("pvc-1", null, null, null));
      assertThat(client.activeEndpoint()).isEqualTo(first.baseUrl());
      assertThat(client.resourceDefinitions().get("pvc-1").name()).isEqualTo("pvc-1");

      stop(first); // the active controller goes away; the standby takes over
      assertThat(client.nodes().list()).hasSize(3);
      assertThat(client.activeEndpoint()).isEqualTo(second.baseUrl());
      assertThatThrownBy(() -> client.resourceDefinitions().get("pvc-1"))
          .isInstanceOf(LinstorException.NotFound.class);
      assertThat(second.requests().count("POST", "/v1/resource-definitions")).isZero();
    } finally {
      stop(first);
    }
    // after the active one stops: it first, then the others in configured order (dead, second)
    assertThat(events).extracting(CallEvent::attempts).containsExactly(2, 1, 3, 1);
  }

  @Test
  void drbdStates_ofTheEmulator_decode() {
    try (LinstorEmulator emulator = cluster().build().start();
        LinstorClient client =
            LinstorClient.builder().endpoints(List.of(emulator.baseUrl())).build()) {
      client
          .resourceGroups()
          .create(
              ResourceGroup.of(
                  "rg",
                  null,
                  null,
                  SelectFilter.builder().placeCount(2).storagePool("sp1").build()));
      client.resourceGroups().createVolumeGroup("rg", VolumeGroup.of(null, null));
      client.resourceGroups().spawn("rg", ResourceGroupSpawn.of("pvc-1", List.of(65536L), false));
      List<Resource> replicas =
          client.resources().list("pvc-1").stream().filter(r -> !r.diskless()).toList();
      String a = replicas.get(0).nodeName();
      String b = replicas.get(1).nodeName();

      DrbdResource healthy = drbd(client, a);
      assertThat(healthy.connections().get(b).connected()).isTrue();
      assertThat(healthy.connections().get(b).message()).isEqualTo("Connected");
      assertThat(healthy.mayPromote()).isTrue();
      assertThat(healthy.promotionScore()).isPositive();
      assertThat(healthy.nodeId()).isNotNull();
      assertThat(diskStates(client, a)).containsExactly("UpToDate");

      emulator.faults().degrade("pvc-1", b);
      assertThat(diskStates(client, b)).containsExactly("Outdated");

      emulator.faults().splitBrain("pvc-1", a, b);
      assertThat(drbd(client, a).connections().get(b).message()).isEqualTo("StandAlone");
      assertThat(drbd(client, b).connections().get(a).connected()).isFalse();

      emulator.faults().noQuorum("pvc-1", a);
      assertThat(drbd(client, a).mayPromote()).isFalse();

      emulator.faults().inUse("pvc-1", b, true);
      assertThat(client.resources().get("pvc-1", b).state().inUse()).isTrue();

      emulator.faults().heal("pvc-1").nodeOffline(b);
      assertThat(client.nodes().get(b).online()).isFalse();
      assertThat(client.nodes().get(b).evictionTimestamp()).isNotNull();
      assertThat(client.resources().get("pvc-1", b).state()).isNull();
      assertThat(drbd(client, a).connections().get(b).connected()).isFalse();
      emulator.faults().nodeOnline(b);
      assertThat(drbd(client, a).connections().get(b).connected()).isTrue();
    }
  }

  private static void stop(LinstorEmulator emulator) {
    emulator.close(); // idempotent
  }

  /**
   * The disk state of each volume as LINSTOR reports it: on the volume, not in the DRBD layer data
   * (linstor-drbd-recordings: {@code drbd_volumes} carry no disk_state).
   */
  private static List<String> diskStates(LinstorClient client, String node) {
    return client.resources().volumes("pvc-1", node).stream()
        .map(v -> v.state().diskState())
        .toList();
  }

  private static DrbdResource drbd(LinstorClient client, String node) {
    return client.resources().get("pvc-1", node).layerObject().find("DRBD").orElseThrow().drbd();
  }
}
