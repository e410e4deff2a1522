package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.VolumeGroup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command end to end: picocli parsing, real HTTP to the in-process LINSTOR emulator with faults
 * injected, rendering, exit codes. Resources are made through the emulator's REST API: a resource
 * group placing 3 DRBD replicas, and spawned definitions.
 */
class StatusCommandTest {
  static final long GIB_KIB = 1L << 20;

  LinstorEmulator emu;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void cluster() {
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "FILE_THIN", 20 * GIB_KIB)
            .build()
            .start();
    try (LinstorClient client = client()) {
      SelectFilter filter =
          SelectFilter.builder()
              .placeCount(3)
              .storagePool("sp1")
              .layerStack(List.of("DRBD", "STORAGE"))
              .build();
      client.resourceGroups().create(ResourceGroup.of("sc-3", null, Map.of(), filter));
      client.resourceGroups().createVolumeGroup("sc-3", VolumeGroup.of(null, Map.of()));
      for (String name : List.of("pvc-1", "pvc-2")) {
        client.resourceGroups().spawn("sc-3", ResourceGroupSpawn.of(name, List.of(GIB_KIB), false));
      }
    }
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  LinstorClient client() {
    return LinstorClient.builder().endpoints(List.of(emu.baseUrl())).build();
  }

  static Run run(StatusCommand command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    command.env = Map.of(); // no KUBECONFIG, NO_COLOR or LS_* from the machine running the tests
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  Run status(String... args) {
    List<String> all = new ArrayList<>(List.of("--linstor-endpoint", emu.baseUrl().toString()));
    all.addAll(List.of(args));
    return run(new StatusCommand(), all.toArray(String[]::new));
  }

  static JsonNode json(Run run) throws Exception {
    return new ObjectMapper().readTree(run.out());
  }

  static List<String> objects(JsonNode doc) {
    List<String> out = new ArrayList<>();
    doc.get("problems").forEach(p -> out.add(p.get("object").asText()));
    return out;
  }

  @Test
  void healthyCluster_listsNodesPoolsAndReplicas_andExits0() {
    Run r = status();

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .contains("NODES", "STORAGE POOLS", "RESOURCES")
        .containsPattern("node-a\\s+SATELLITE\\s+ONLINE")
        .containsPattern("node-b\\s+sp1\\s+FILE_THIN\\s+[0-9.]+ GiB\\s+20\\.0 GiB\\s+\\d+%\\s+-")
        .containsPattern(
            "pvc-1\\s+node-a\\s+Secondary\\s+UpToDate\\s+node-b:Connected node-c:Connected\\s+no")
        .contains("Healthy: no problems found.")
        .doesNotContain("\u001b["); // not a terminal: no colour codes
  }

  @Test
  void twoReplicasWithATieBreaker_isHealthy() throws Exception {
    try (LinstorClient client = client()) {
      SelectFilter filter =
          SelectFilter.builder()
              .placeCount(2)
              .storagePool("sp1")
              .layerStack(List.of("DRBD", "STORAGE"))
              .build();
      client.resourceGroups().create(ResourceGroup.of("sc-2", null, Map.of(), filter));
      client.resourceGroups().createVolumeGroup("sc-2", VolumeGroup.of(null, Map.of()));
      client
          .resourceGroups()
          .spawn("sc-2", ResourceGroupSpawn.of("pvc-tb", List.of(GIB_KIB), false));
    }

    Run r = status("-o", "json");
    assertThat(r.exit()).as(r.out()).isZero();
    List<String> kinds = new ArrayList<>();
    for (JsonNode replica : json(r).get("resources")) {
      if (replica.get("resource").asText().equals("pvc-tb")) {
        kinds.add(replica.get("kind").asText() + ":" + replica.at("/volumes/0/diskState").asText());
      }
    }
    assertThat(kinds)
        .containsExactlyInAnyOrder("diskful:UpToDate", "diskful:UpToDate", "tie-breaker:Diskless");
    assertThat(status().out()).containsPattern("pvc-tb\\s+node-\\w\\s+Secondary\\s+TieBreaker");
  }

  @Test
  void tableColumns_areAligned() {
    String[] lines = status().out().split("\n");
    List<String> replicaLines =
        java.util.Arrays.stream(lines).filter(l -> l.startsWith("pvc-")).toList();

    assertThat(replicaLines).hasSize(6);
    int diskColumn = replicaLines.getFirst().indexOf("UpToDate");
    assertThat(replicaLines).allMatch(l -> l.indexOf("UpToDate") == diskColumn);
  }

  @Test
  void nodeOffline_highlightsTheNodeAndItsReplicas_andExits1() throws Exception {
    emu.faults().nodeOffline("node-c");

    Run table = status();
    assertThat(table.exit()).isEqualTo(1);
    assertThat(table.out())
        .containsPattern("node-c\\s+SATELLITE\\s+OFFLINE")
        .containsPattern("pvc-1\\s+node-c\\s+Unknown\\s+Unknown")
        .contains("ERROR    node node-c: OFFLINE: satellite not connected")
        .contains("resource pvc-1 on node-c: state unknown: node node-c is OFFLINE")
        .contains("resource pvc-2 on node-c: state unknown: node node-c is OFFLINE")
        .contains("action: start or repair the LINSTOR satellite on node-c");

    JsonNode doc = json(status("-o", "json"));
    assertThat(doc.get("healthy").asBoolean()).isFalse();
    assertThat(objects(doc))
        .containsExactly("node node-c", "resource pvc-1 on node-c", "resource pvc-2 on node-c");
    assertThat(doc.at("/problems/0/severity").asText()).isEqualTo("error");
    assertThat(doc.at("/problems/1/severity").asText()).isEqualTo("warning");
    assertThat(doc.at("/problems/0/reason").asText()).contains("LINSTOR evicts it at ");
  }

  @Test
  void outdatedReplica_isReportedAsDegraded_andExits1() {
    emu.faults().degrade("pvc-1", "node-b");

    Run r = status();
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("pvc-1\\s+node-b\\s+Secondary\\s+Outdated")
        .contains(
            "WARNING  resource pvc-1 on node-b: disk Outdated: this copy missed writes and is not"
                + " used for reads")
        .contains("1 problem(s): 0 error(s), 1 warning(s).");
  }

  @Test
  void standAlonePeers_areSplitBrainOrUnrelatedData_andExit1() throws Exception {
    emu.faults().splitBrain("pvc-2", "node-a", "node-b");

    Run r = status("-o", "json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode doc = json(r);
    assertThat(objects(doc)).containsExactly("resource pvc-2 between node-a and node-b");
    JsonNode problem = doc.at("/problems/0");
    assertThat(problem.get("severity").asText()).isEqualTo("error");
    assertThat(problem.get("reason").asText()).isEqualTo(ConnectionRule.STANDALONE_REASON);
    assertThat(problem.get("resource").asText()).isEqualTo("pvc-2");

    JsonNode replicaA = replica(doc, "pvc-2", "node-a");
    assertThat(replicaA.get("connections").toString())
        .contains("{\"peer\":\"node-b\",\"state\":\"StandAlone\",\"connected\":false}")
        .contains("{\"peer\":\"node-c\",\"state\":\"Connected\",\"connected\":true}");
  }

  @Test
  void disconnectedPeers_areAWarning() {
    emu.faults().disconnect("pvc-1", "node-a", "node-c");

    Run r = status();
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("node-c:Connecting")
        .contains("WARNING  resource pvc-1 between node-a and node-c: Connecting:");
  }

  @Test
  void noQuorumOnEveryReplica_isAnError() {
    for (String node : List.of("node-a", "node-b", "node-c")) {
      emu.faults().noQuorum("pvc-1", node);
    }

    Run r = status();
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("ERROR    resource pvc-1: no quorum: no replica may become Primary");
  }

  @Test
  void fullPool_isAnError_andTheThresholdIsConfigurable() throws Exception {
    emu.faults().poolFull("node-b", "sp1", true);

    JsonNode doc = json(status("-o", "json"));
    assertThat(objects(doc)).containsExactly("storage pool sp1 on node-b");
    assertThat(doc.at("/problems/0/reason").asText()).startsWith("full");
    JsonNode pool = pool(doc, "node-b", "sp1");
    assertThat(pool.get("freeKib").asLong()).isZero();
    assertThat(pool.get("usedPercent").asDouble()).isEqualTo(100.0);
    assertThat(pool.get("overThreshold").asBoolean()).isTrue();

    emu.faults().poolFull("node-b", "sp1", false);
    assertThat(status().exit()).isZero();
    // thin pools with 2 spawned 1 GiB volumes are nearly empty: 1% reaches a threshold of 1
    Run low = status("--pool-full-threshold", "1", "-o", "json");
    assertThat(low.exit()).isZero();
    low = status("--pool-full-threshold", "100");
    assertThat(low.exit()).isZero();
  }

  @Test
  void json_isOneDocumentWithStableFieldNames() throws Exception {
    Run r = status("--output", "json");

    assertThat(r.exit()).isZero();
    JsonNode doc = json(r);
    assertThat(doc.fieldNames())
        .toIterable()
        .containsSubsequence("healthy", "nodes", "storagePools", "resources", "problems");
    assertThat(doc.get("healthy").asBoolean()).isTrue();
    assertThat(doc.get("problems")).isEmpty();
    assertThat(doc.get("endpoints").get(0).asText()).isEqualTo(emu.baseUrl().toString());
    assertThat(doc.get("nodes")).hasSize(3);
    assertThat(doc.at("/nodes/0/name").asText()).isEqualTo("node-a");
    assertThat(doc.at("/nodes/0/connectionStatus").asText()).isEqualTo("ONLINE");
    JsonNode pool = pool(doc, "node-a", "sp1");
    assertThat(pool.get("provider").asText()).isEqualTo("FILE_THIN");
    assertThat(pool.get("totalKib").asLong()).isEqualTo(20 * GIB_KIB);
    JsonNode replica = replica(doc, "pvc-1", "node-b");
    assertThat(replica.get("role").asText()).isEqualTo("Secondary");
    assertThat(replica.get("inUse").asBoolean()).isFalse();
    assertThat(replica.get("kind").asText()).isEqualTo("diskful");
    assertThat(replica.at("/volumes/0/diskState").asText()).isEqualTo("UpToDate");
    assertThat(replica.get("connections")).hasSize(2);
  }

  @Test
  void unreachableLinstor_namesTheEndpoint_andExits1() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;

    Run r = run(new StatusCommand(), "--linstor-endpoint", endpoint);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: cannot reach LINSTOR at " + endpoint);
    assertThat(r.out()).isEmpty();

    Run json = run(new StatusCommand(), "--linstor-endpoint", endpoint, "-o", "json");
    assertThat(json.exit()).isEqualTo(1);
    JsonNode doc = json(json);
    assertThat(doc.get("healthy").asBoolean()).isFalse();
    assertThat(doc.at("/problems/0/reason").asText()).contains(endpoint);
  }

  @Test
  void usageErrors_exit2() {
    assertThat(status("--pool-full-threshold", "0").exit()).isEqualTo(2);
    assertThat(status("--pool-full-threshold", "101").err()).contains("from 1 to 100");
    assertThat(status("--output", "yaml").exit()).isEqualTo(2);
    assertThat(status("--watch=0").exit()).isEqualTo(2);
    Run badAge = status("--backup-age-threshold", "26");
    assertThat(badAge.exit()).isEqualTo(2);
    assertThat(badAge.err()).contains("--backup-age-threshold: expected a duration such as 26h");
    assertThat(status("--no-such-option").exit()).isEqualTo(2);
    Run badEndpoint = run(new StatusCommand(), "--linstor-endpoint", "ftp://x:1");
    assertThat(badEndpoint.exit()).as(badEndpoint.err()).isEqualTo(2);
    assertThat(badEndpoint.err()).contains("--linstor-endpoint");
  }

  @Test
  void help_describesOptionsAndExitCodes() {
    Run r = run(new StatusCommand(), "--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("--linstor-endpoint", "LS_CONTROLLERS", "-o, --output", "--pool-full-threshold")
        .contains("--kubeconfig", "--watch[=SECONDS]", "--no-color", "--backup-age-threshold")
        .contains("Exit codes:")
        .containsPattern("0\\s+healthy")
        .containsPattern("1\\s+a problem was found, or LINSTOR could not be reached")
        .containsPattern("2\\s+usage error");
  }

  @Test
  void watch_redrawsInPlaceEveryInterval() {
    StatusCommand command = new StatusCommand();
    List<Duration> pauses = new ArrayList<>();
    command.pause = pauses::add;
    command.maxRefreshes = 3;

    Run r = run(command, "--linstor-endpoint", emu.baseUrl().toString(), "--watch=5", "--no-color");

    assertThat(r.exit()).isZero();
    assertThat(r.out().split("\u001b\\[H\u001b\\[2J", -1)).hasSize(4);
    assertThat(r.out()).contains("Every 5s: linstor-csi status");
    assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void watchWithoutSeconds_defaultsTo2_andShowsTheChangeOnTheNextRefresh() {
    StatusCommand command = new StatusCommand();
    List<Duration> pauses = new ArrayList<>();
    command.pause =
        d -> {
          pauses.add(d);
          emu.faults().degrade("pvc-2", "node-a");
        };
    command.maxRefreshes = 2;

    Run r = run(command, "--linstor-endpoint", emu.baseUrl().toString(), "--watch");

    assertThat(pauses).containsExactly(Duration.ofSeconds(2));
    assertThat(r.exit()).isEqualTo(1);
    String[] frames = r.out().split("\u001b\\[H\u001b\\[2J");
    assertThat(frames[1]).contains("Healthy");
    assertThat(frames[2]).contains("resource pvc-2 on node-a: disk Outdated");
  }

  @Test
  void watchJson_writesOneDocumentPerLine() throws Exception {
    StatusCommand command = new StatusCommand();
    command.pause = d -> {};
    command.maxRefreshes = 2;

    Run r = run(command, "--linstor-endpoint", emu.baseUrl().toString(), "--watch=1", "-o", "json");

    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      assertThat(new ObjectMapper().readTree(line).get("healthy").asBoolean()).isTrue();
    }
  }

  static JsonNode replica(JsonNode doc, String resource, String node) {
    for (JsonNode r : doc.get("resources")) {
      if (r.get("resource").asText().equals(resource) && r.get("node").asText().equals(node)) {
        return r;
      }
    }
    throw new AssertionError("no replica " + resource + " on " + node + " in " + doc);
  }

  static JsonNode pool(JsonNode doc, String node, String name) {
    for (JsonNode p : doc.get("storagePools")) {
      if (p.get("node").asText().equals(node) && p.get("pool").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no pool " + name + " on " + node + " in " + doc);
  }
}
