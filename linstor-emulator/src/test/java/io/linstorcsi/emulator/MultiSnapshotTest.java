package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/actions/snapshot/multi} over HTTP: one request snapshots several definitions,
 * with the snapshot definition properties it names, and a refused request registers none of them
 * (the controller registers all snapshot definitions of the request in one transaction:
 * linstor-server CtrlSnapshotCrtApiCallHandler.createSnapshotInTransaction).
 */
class MultiSnapshotTest {
  private LinstorEmulator emu;
  private Rest rest;

  @BeforeEach
  void start() {
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b")
            .storagePool("sp1", "LVM_THIN", 20L << 20)
            .build()
            .start();
    rest = new Rest(emu);
    for (String rd : new String[] {"rd-a", "rd-b"}) {
      rest.definition(rd, 102400);
      assertThat(rest.create(rd, "node-a", "sp1").status()).isEqualTo(201);
    }
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  private Http.Response multi(String entries) {
    return rest.http.post("/v1/actions/snapshot/multi", "{\"snapshots\":[" + entries + "]}");
  }

  private static String entry(String rd, String name, String props) {
    return "{\"resource_name\":\""
        + rd
        + "\",\"name\":\""
        + name
        + "\""
        + (props == null ? "" : ",\"snapshot_definition_props\":" + props)
        + "}";
  }

  private int snapshotCount(String rd) {
    return rest.http.get("/v1/resource-definitions/" + rd + "/snapshots").body().size();
  }

  @Test
  void takesEverySnapshot_withItsDefinitionProperties() {
    String props = "{\"Aux/group\":\"g1\"}";
    Http.Response r = multi(entry("rd-a", "snap1", props) + "," + entry("rd-b", "snap1", props));
    assertThat(r.status()).isEqualTo(201);
    for (String rd : new String[] {"rd-a", "rd-b"}) {
      JsonNode snap = rest.http.get("/v1/resource-definitions/" + rd + "/snapshots/snap1").body();
      assertThat(snap.path("flags").toString()).contains("SUCCESSFUL");
      assertThat(snap.path("snapshot_definition_props").path("Aux/group").asText()).isEqualTo("g1");
      assertThat(snap.path("props").path("Aux/group").asText()).isEqualTo("g1");
    }
  }

  @Test
  void anUnknownDefinition_refusesTheWholeRequest() {
    Http.Response r =
        multi(entry("rd-a", "snap1", null) + "," + entry("rd-missing", "snap1", null));
    assertThat(r.status()).isEqualTo(404);
    assertThat(snapshotCount("rd-a")).isZero();
  }

  @Test
  void theSameDefinitionTwice_isRefusedAsExisting_andTakesNothing() {
    // the second entry finds the first one's snapshot definition in the same transaction
    Http.Response r = multi(entry("rd-a", "snap1", null) + "," + entry("rd-a", "snap1", null));
    assertThat(r.status()).isGreaterThanOrEqualTo(400);
    assertThat(r.body().get(0).path("ret_code").asLong() & 0x3ffff).isEqualTo(514);
    assertThat(snapshotCount("rd-a")).isZero();
  }

  @Test
  void aPropertyOutsideTheWhitelist_isRefused_andTakesNothing() {
    // linstor-server CtrlSnapshotCrtHelper.createSnapshots fills the snapshot definition's
    // properties through CtrlPropsHelper.fillProperties, which refuses keys not whitelisted
    Http.Response r =
        multi(entry("rd-a", "snap1", null) + "," + entry("rd-b", "snap1", "{\"Bogus/Key\":\"x\"}"));
    assertThat(r.status()).isGreaterThanOrEqualTo(400);
    assertThat(r.body().get(0).path("ret_code").asLong() & 0x3ffff).isEqualTo(213);
    assertThat(snapshotCount("rd-a")).isZero();
    assertThat(snapshotCount("rd-b")).isZero();
  }

  @Test
  void aTakeThatFailsOnASatellite_leavesEverySnapshotOfTheRequestFlaggedFailed() {
    emu.faults().snapshotTakeFails("node-a", "sp1", true);
    Http.Response r = multi(entry("rd-a", "snap1", null) + "," + entry("rd-b", "snap1", null));
    assertThat(r.status()).isEqualTo(500);
    for (String rd : new String[] {"rd-a", "rd-b"}) {
      JsonNode snap = rest.http.get("/v1/resource-definitions/" + rd + "/snapshots/snap1").body();
      assertThat(snap.path("flags").toString())
          .contains("FAILED_DEPLOYMENT")
          .doesNotContain("SUCCESSFUL");
    }
  }
}
