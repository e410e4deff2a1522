package io.linstorcsi.driver.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupSpawn;
import io.linstorcsi.linstor.model.SelectFilter;
import io.linstorcsi.linstor.model.VolumeGroup;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The status command naming the Kubernetes workload of abnormal resources: LINSTOR is the emulator,
 * Kubernetes is fabric8's CRUD mock API server, reached through a kubeconfig file like a real
 * cluster.
 */
@EnableKubernetesMockClient(crud = true)
class StatusKubernetesTest {
  // One mock API server for the class (starting one takes seconds); the tests only read from it.
  static KubernetesClient client;
  LinstorEmulator emu;
  @TempDir Path dir;
  Path kubeconfig;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void kubernetes() {
    pv("pvc-db", "pvc-db/0", "shop", "data-db-0");
    pv("pvc-logs", "pvc-logs", "shop", "logs");
    pod("shop", "db-0", "data-db-0");
    pod("shop", "web-7f9c", "unrelated");
  }

  @BeforeEach
  void linstor() throws Exception {
    emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "FILE_THIN", 20L << 20)
            .build()
            .start();
    try (LinstorClient linstor =
        LinstorClient.builder().endpoints(List.of(emu.baseUrl())).build()) {
      SelectFilter filter =
          SelectFilter.builder()
              .placeCount(3)
              .storagePool("sp1")
              .layerStack(List.of("DRBD", "STORAGE"))
              .build();
      linstor.resourceGroups().create(ResourceGroup.of("sc-3", null, Map.of(), filter));
      linstor.resourceGroups().createVolumeGroup("sc-3", VolumeGroup.of(null, Map.of()));
      for (String name : List.of("pvc-db", "pvc-logs")) {
        linstor
            .resourceGroups()
            .spawn("sc-3", ResourceGroupSpawn.of(name, List.of(1L << 20), false));
      }
    }
    kubeconfig = writeKubeconfig();
  }

  @AfterEach
  void stop() {
    emu.close();
  }

  @Test
  void degradedResource_namesItsVolumeClaimAndPod() throws Exception {
    emu.faults().degrade("pvc-db", "node-b");

    Run json = status("--kubeconfig", kubeconfig.toString(), "-o", "json");
    assertThat(json.exit()).as(json.err()).isEqualTo(1);
    JsonNode problem = new ObjectMapper().readTree(json.out()).at("/problems/0");
    assertThat(problem.get("object").asText()).isEqualTo("resource pvc-db on node-b");
    JsonNode workload = problem.get("workload");
    assertThat(workload.get("persistentVolume").asText()).isEqualTo("pvc-db");
    assertThat(workload.get("claimNamespace").asText()).isEqualTo("shop");
    assertThat(workload.get("claimName").asText()).isEqualTo("data-db-0");
    assertThat(workload.get("pods").get(0).asText()).isEqualTo("db-0");
    assertThat(workload.get("pods")).hasSize(1);

    Run table = status("--kubeconfig", kubeconfig.toString());
    assertThat(table.out())
        .contains("resource pvc-db on node-b: disk Outdated")
        .contains("used by: PersistentVolume pvc-db, claim shop/data-db-0, pod(s) db-0");
  }

  @Test
  void kubeconfigFromTheEnvironment_isUsedWithoutTheOption() {
    emu.faults().splitBrain("pvc-logs", "node-a", "node-c");

    Run r = status(Map.of("KUBECONFIG", kubeconfig + ":" + dir.resolve("absent")));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("resource pvc-logs between node-a and node-c: StandAlone: split brain")
        .contains("used by: PersistentVolume pvc-logs, claim shop/logs, no pod");
  }

  @Test
  void offlineNode_namesTheWorkloadOfEachReplicaOnIt() throws Exception {
    emu.faults().nodeOffline("node-a");

    Run r = status("--kubeconfig", kubeconfig.toString(), "-o", "json");
    JsonNode problems = new ObjectMapper().readTree(r.out()).get("problems");
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0).get("object").asText()).isEqualTo("node node-a");
    assertThat(problems.get(0).has("workload")).isFalse();
    assertThat(problems.get(1).at("/workload/claimName").asText()).isEqualTo("data-db-0");
    assertThat(problems.get(2).at("/workload/claimName").asText()).isEqualTo("logs");
  }

  @Test
  void unreadableKubeconfig_isANote_andTheLinstorFindingsStay() {
    emu.faults().degrade("pvc-db", "node-c");

    Run r = status("--kubeconfig", dir.resolve("missing.yaml").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains("resource pvc-db on node-c: disk Outdated")
        .doesNotContain("used by:")
        .contains("note: Kubernetes workloads not shown: kubeconfig")
        .contains("missing.yaml does not exist or is not readable");
  }

  @Test
  void healthyCluster_exits0WithAKubeconfig() {
    assertThat(status("--kubeconfig", kubeconfig.toString()).exit()).isZero();
  }

  private Run status(String... args) {
    return status(Map.of(), args);
  }

  private Run status(Map<String, String> env, String... args) {
    StatusCommand command = new StatusCommand();
    command.env = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "--linstor-endpoint";
    all[1] = emu.baseUrl().toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int exit = cli.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A kubeconfig pointing at the mock API server, as kubectl would read it. */
  private Path writeKubeconfig() throws Exception {
    String server = client.getConfiguration().getMasterUrl();
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: operator
          user:
            token: not-checked-by-the-mock
        contexts:
        - name: mock
          context:
            cluster: mock
            user: operator
            namespace: default
        current-context: mock
        """
            .formatted(server);
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, yaml);
    return file;
  }

  private static void pv(String name, String handle, String ns, String claim) {
    client
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNewCsi()
                .withDriver("linstor.csi.linbit.com")
                .withVolumeHandle(handle)
                .endCsi()
                .withNewClaimRef()
                .withNamespace(ns)
                .withName(claim)
                .endClaimRef()
                .endSpec()
                .build())
        .create();
  }

  private static void pod(String ns, String name, String claim) {
    client
        .pods()
        .inNamespace(ns)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .addNewVolume()
                .withName("data")
                .withNewPersistentVolumeClaim()
                .withClaimName(claim)
                .endPersistentVolumeClaim()
                .endVolume()
                .endSpec()
                .build())
        .create();
  }
}
