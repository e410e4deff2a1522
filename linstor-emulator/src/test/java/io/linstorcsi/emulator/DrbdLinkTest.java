package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.linstorcsi.emulator.DrbdControl.ReplicaState;
import io.linstorcsi.emulator.state.SyncPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replication links and operator actions as linstor-drbd-recordings 05 and 09 show them: a cut link
 * leaves both sides Connecting and UpToDate and resyncs what the Primary wrote meanwhile; a
 * diskless Primary that loses its only UpToDate peer can do no I/O; {@code drbdadm disconnect} on a
 * Primary outdates its peer; {@code drbdadm down} hides the replica's state.
 */
class DrbdLinkTest {
  private LinstorEmulator emu;
  private Rest rest;

  @BeforeEach
  void start() {
    emu =
        LinstorEmulator.builder()
            .syncPolicy(SyncPolicy.MANUAL)
            .nodes("drbd-a", "drbd-b", "drbd-c")
            .storagePool("drbdpool", "FILE_THIN", 4L << 20)
            .build()
            .start();
    rest = new Rest(emu);
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  /** rec-a on drbd-a and drbd-b, resynced, Primary on drbd-a; no tie-breaker (turned off). */
  private void twoReplicasPrimaryOnA() {
    rest.http.post(
        "/v1/controller/properties",
        "{\"override_props\":{\"DrbdOptions/auto-add-quorum-tiebreaker\":\"False\"}}");
    rest.definition("rec-a", 524288);
    rest.autoplace("rec-a", "{\"place_count\":2,\"node_name_list\":[\"drbd-a\",\"drbd-b\"]}");
    emu.drbd().completeSync("rec-a");
    emu.faults().inUse("rec-a", "drbd-a", true);
  }

  private JsonNode drbdLayer(String rd, String node) {
    return rest.resource(rd, node).path("layer_object").path("drbd");
  }

  @Test
  void cutLink_bothSidesConnectingAndUpToDate_writesResyncAfterTheLinkIsBack() {
    twoReplicasPrimaryOnA();
    emu.drbd().cutLink("drbd-a");

    JsonNode a = drbdLayer("rec-a", "drbd-a");
    JsonNode b = drbdLayer("rec-a", "drbd-b");
    assertThat(a.path("connections").path("drbd-b").path("message").asText())
        .isEqualTo("Connecting");
    assertThat(b.path("connections").path("drbd-a").path("connected").asBoolean()).isFalse();
    assertThat(b.path("promotion_score").asInt()).isEqualTo(10101);
    assertThat(b.path("may_promote").asBoolean()).isTrue(); // quorum off, nothing prevents it
    JsonNode volB = rest.volume("rec-a", "drbd-b");
    assertThat(volB.path("state").path("disk_state").asText()).isEqualTo("UpToDate");
    assertThat(volB.path("state").has("replication_states")).isFalse();

    emu.drbd().write("rec-a", "drbd-a", 24 * 1024);
    assertThat(emu.drbd().state("rec-a", "drbd-b").diskState()).isEqualTo("UpToDate");

    emu.drbd().restoreLink("drbd-a");
    ReplicaState back = emu.drbd().state("rec-a", "drbd-b");
    assertThat(back.connections()).containsEntry("drbd-a", "Connected");
    assertThat(back.diskState()).isEqualTo("Inconsistent");
    emu.drbd().completeSync("rec-a");
    assertThat(emu.drbd().state("rec-a", "drbd-b").diskState()).isEqualTo("UpToDate");
  }

  @Test
  void cutLinkWithoutWrites_reconnectsWithoutResync() {
    twoReplicasPrimaryOnA();
    emu.drbd().cutLink("drbd-b").restoreLink("drbd-b");
    ReplicaState b = emu.drbd().state("rec-a", "drbd-b");
    assertThat(b.diskState()).isEqualTo("UpToDate");
    assertThat(b.syncPercent()).isNull();
  }

  @Test
  void disklessPrimaryLosingItsOnlyUpToDatePeer_connectingAndIoFails_untilTheLinkIsBack() {
    rest.definition("rec-c", 262144);
    rest.autoplace("rec-c", "{\"place_count\":1,\"node_name_list\":[\"drbd-a\"]}");
    assertThat(
            rest.http
                .post(
                    "/v1/resource-definitions/rec-c/resources/drbd-b/make-available",
                    "{\"diskful\":false}")
                .status())
        .isEqualTo(200);
    emu.faults().inUse("rec-c", "drbd-b", true);
    assertThat(emu.drbd().state("rec-c", "drbd-b").ioPossible()).isTrue();

    emu.drbd().cutLink("drbd-a");
    ReplicaState client = emu.drbd().state("rec-c", "drbd-b");
    assertThat(client.connections()).containsEntry("drbd-a", "Connecting");
    assertThat(client.diskState()).isEqualTo("Diskless");
    assertThat(client.ioPossible()).isFalse();
    assertThat(drbdLayer("rec-c", "drbd-b").path("promotion_score").asInt()).isZero();
    assertThatThrownBy(() -> emu.drbd().write("rec-c", "drbd-b", 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("I/O error");

    emu.drbd().restoreLink("drbd-a");
    client = emu.drbd().state("rec-c", "drbd-b");
    assertThat(client.connections()).containsEntry("drbd-a", "Connected");
    assertThat(client.ioPossible()).isTrue();
  }

  @Test
  void adminDisconnectOnThePrimary_outdatesThePeer_connectBringsItBack() {
    twoReplicasPrimaryOnA();
    emu.drbd().disconnect("rec-a", "drbd-a");
    JsonNode a = drbdLayer("rec-a", "drbd-a");
    JsonNode b = drbdLayer("rec-a", "drbd-b");
    assertThat(a.path("connections").path("drbd-b").path("message").asText())
        .isEqualTo("StandAlone");
    assertThat(b.path("connections").path("drbd-a").path("message").asText())
        .isEqualTo("Connecting");
    assertThat(rest.volume("rec-a", "drbd-b").path("state").path("disk_state").asText())
        .isEqualTo("Outdated");
    assertThat(b.path("promotion_score").asInt()).isZero();
    assertThat(b.path("may_promote").asBoolean()).isFalse();

    emu.drbd().connect("rec-a", "drbd-a");
    ReplicaState back = emu.drbd().state("rec-a", "drbd-b");
    assertThat(back.diskState()).isEqualTo("UpToDate");
    assertThat(back.connections()).containsEntry("drbd-a", "Connected");
  }

  @Test
  void downOnANode_hidesItsStateAndPeersSeeItConnecting_upRestoresIt() {
    twoReplicasPrimaryOnA();
    emu.faults().inUse("rec-a", "drbd-a", null);
    emu.drbd().down("rec-a", "drbd-b");
    JsonNode b = rest.resource("rec-a", "drbd-b");
    assertThat(b.has("state")).isFalse();
    assertThat(b.path("layer_object").path("drbd").has("connections")).isFalse();
    assertThat(
            drbdLayer("rec-a", "drbd-a")
                .path("connections")
                .path("drbd-b")
                .path("message")
                .asText())
        .isEqualTo("Connecting");

    emu.drbd().up("rec-a", "drbd-b");
    assertThat(emu.drbd().state("rec-a", "drbd-b").connections())
        .containsEntry("drbd-a", "Connected");
    assertThat(emu.drbd().state("rec-a", "drbd-b").diskState()).isEqualTo("UpToDate");
  }
}
