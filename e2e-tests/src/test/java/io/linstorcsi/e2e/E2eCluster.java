package io.linstorcsi.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link Cluster} per test class (its processes are the expensive part), and after every test:
 * faults cleared, killed processes started again, whatever the test left set up taken down through
 * the driver, then the leak check, which fails the test if anything is left, and a clean-up by hand
 * so that the next test is not affected.
 *
 * <pre>{@code @RegisterExtension static final E2eCluster e2e = E2eCluster.of("node-a", "node-b");}
 * </pre>
 */
final class E2eCluster implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final String[] nodes;
  private final boolean throughLink;
  private final Cluster.ControllerOptions controllerOptions;
  private Cluster cluster;
  private Kubernetes k8s;

  private final String poolKind;

  private E2eCluster(
      boolean throughLink,
      String poolKind,
      Cluster.ControllerOptions controllerOptions,
      String... nodes) {
    this.nodes = nodes.clone();
    this.throughLink = throughLink;
    this.poolKind = poolKind;
    this.controllerOptions = controllerOptions;
  }

  static E2eCluster of(String... nodes) {
    return new E2eCluster(false, "FILE_THIN", Cluster.ControllerOptions.NONE, nodes);
  }

  /** Pools of {@code poolKind} (LVM_THIN for backups) instead of FILE_THIN. */
  static E2eCluster withPools(String poolKind, String... nodes) {
    return new E2eCluster(false, poolKind, Cluster.ControllerOptions.NONE, nodes);
  }

  /** The driver reaches LINSTOR through a relay the tests can cut ({@link Cluster#link()}). */
  static E2eCluster withLinstorLink(String... nodes) {
    return new E2eCluster(true, "FILE_THIN", Cluster.ControllerOptions.NONE, nodes);
  }

  /** The controller process gets these extra flags and environment variables. */
  E2eCluster controller(List<String> flags, Map<String, String> env) {
    return new E2eCluster(throughLink, poolKind, new Cluster.ControllerOptions(flags, env), nodes);
  }

  Cluster cluster() {
    return cluster;
  }

  Kubernetes k8s() {
    return k8s;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    cluster =
        Cluster.start(
            context.getRequiredTestClass().getSimpleName(),
            throughLink,
            poolKind,
            controllerOptions,
            nodes);
    k8s = new Kubernetes(cluster);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    restoreHealth();
    List<String> notTakenDown = k8s.undo().pending();
    List<String> undoFailures = k8s.undo().runAll();
    List<String> leaks = LeakCheck.leftovers(cluster);
    if (!leaks.isEmpty()) {
      LeakCheck.cleanUp(cluster);
    }
    List<String> problems = new ArrayList<>();
    boolean passed = context.getExecutionException().isEmpty();
    if (passed && !notTakenDown.isEmpty()) {
      problems.add("the test did not take down: " + notTakenDown);
    }
    if (!undoFailures.isEmpty()) {
      problems.add("taking down through the driver failed: " + undoFailures);
    }
    if (!leaks.isEmpty()) {
      problems.add("left behind: " + leaks);
      List<String> still = LeakCheck.leftovers(cluster);
      if (!still.isEmpty()) {
        problems.add("and still there after the clean-up by hand: " + still);
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(String.join("\n", problems) + cluster.processLogs());
    }
  }

  /** LINSTOR reachable, every satellite online, every driver process running. */
  private void restoreHealth() throws Exception {
    if (throughLink) {
      cluster.link().restore();
    }
    cluster.emulator().faults().clearCallFaults();
    for (String node : nodes) {
      cluster.emulator().faults().nodeOnline(node);
    }
    try {
      cluster.controllerProcess();
    } catch (IllegalStateException notRunning) {
      cluster.startController();
    }
    for (String node : nodes) {
      try {
        cluster.nodePlugin(node);
      } catch (IllegalStateException notRunning) {
        cluster.startNodePlugin(node);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }
}
