package io.linstorcsi.emulator.state;

import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller's automatic quorum and tie-breaker rules, applied after every change of a
 * definition's resources (linstor-server controller/.../CtrlRscAutoQuorumHelper.java and
 * CtrlRscAutoTieBreakerHelper.java):
 *
 * <ul>
 *   <li>{@code DrbdOptions/Resource/quorum} is {@code majority} with 2 diskful DRBD replicas and at
 *       least one diskless one, or with 3 or more diskful replicas; otherwise {@code off}
 *       (STORAGE-only definitions count no DRBD replica, so they get {@code off}, as recorded);
 *   <li>a diskless TIE_BREAKER resource exists while the number of diskful DRBD replicas is even
 *       and at least two and no other diskless replica could serve as one.
 * </ul>
 */
public final class AutoQuorum {
  static final String QUORUM_KEY = "DrbdOptions/Resource/quorum";
  private static final String AUTO_TIE_BREAKER_KEY = "DrbdOptions/auto-add-quorum-tiebreaker";

  private AutoQuorum() {}

  /** Applies both rules; returns the entries the controller adds to the reply. */
  public static List<Rc> apply(Cluster cluster, ResourceDefinition rd) {
    return apply(cluster, rd, 0L);
  }

  /**
   * Like {@link #apply(Cluster, ResourceDefinition)}; {@code context} (operation and object mask)
   * is the request's, which the recorded controller put into its tie-breaker entries.
   */
  public static List<Rc> apply(Cluster cluster, ResourceDefinition rd, long context) {
    return apply(cluster, rd, false, context);
  }

  /**
   * With {@code everyDefinition} the quorum property is set also on definitions that never had a
   * resource: the recorded controller did that for all of them once a satellite had reconnected.
   */
  public static List<Rc> apply(Cluster cluster, ResourceDefinition rd, boolean everyDefinition) {
    return apply(cluster, rd, everyDefinition, 0L);
  }

  private static List<Rc> apply(
      Cluster cluster, ResourceDefinition rd, boolean everyDefinition, long context) {
    List<Rc> out = new ArrayList<>();
    if (!everyDefinition && rd.resources().isEmpty() && !rd.props().containsKey(QUORUM_KEY)) {
      return out;
    }
    if (rd.group().props().containsKey(QUORUM_KEY)) {
      return out;
    }
    manageTieBreaker(cluster, rd, out, context);
    long diskful = drbdDiskful(rd);
    long diskless = rd.liveResources().stream().filter(r -> r.hasDrbd() && r.diskless()).count();
    boolean majority = (diskful == 2 && diskless >= 1) || diskful >= 3;
    rd.props().put(QUORUM_KEY, majority ? "majority" : "off");
    return out;
  }

  private static long drbdDiskful(ResourceDefinition rd) {
    return rd.liveResources().stream().filter(r -> r.hasDrbd() && !r.diskless()).count();
  }

  private static void manageTieBreaker(
      Cluster cluster, ResourceDefinition rd, List<Rc> out, long context) {
    if (!rd.hasDrbd() || !autoTieBreakerEnabled(cluster, rd)) {
      return;
    }
    long diskful = drbdDiskful(rd);
    long otherDiskless =
        rd.liveResources().stream()
            .filter(r -> r.hasDrbd() && r.diskless() && !r.tieBreaker())
            .count();
    Resource tieBreaker =
        rd.liveResources().stream().filter(Resource::tieBreaker).findFirst().orElse(null);
    boolean wanted = diskful >= 2 && diskful % 2 == 0 && otherDiskless == 0;
    if (wanted && tieBreaker == null) {
      Node node = tieBreakerNode(cluster, rd);
      if (node == null) {
        out.add(
            Rc.of(
                    RetCode.warn(context, RetCode.NOT_ENOUGH_NODES_FOR_TIE_BREAKER),
                    "Could not find suitable node to automatically create a tie breaking resource for '"
                        + rd.name()
                        + "'.")
                .ref("RscDfn", rd.name())
                .build());
        return;
      }
      Resource tb = Resources.register(cluster, rd, node, rd.layerStack(), true);
      tb.flags().add(Resource.FLAG_TIE_BREAKER);
      Deployer.deploy(cluster, tb);
      out.add(
          Rc.of(
                  RetCode.info(0, RetCode.TIE_BREAKER_CREATED),
                  "Tie breaker resource '" + rd.name() + "' created on " + node.name())
              .build());
    } else if (!wanted && tieBreaker != null && tieBreaker.node().online()) {
      Deployer.remove(cluster, tieBreaker);
      out.add(
          Rc.of(RetCode.info(0, RetCode.TIE_BREAKER_DELETING), "Tie breaker marked for deletion")
              .build());
    }
  }

  private static boolean autoTieBreakerEnabled(Cluster cluster, ResourceDefinition rd) {
    String value = rd.props().get(AUTO_TIE_BREAKER_KEY);
    if (value == null) {
      value = rd.group().props().get(AUTO_TIE_BREAKER_KEY);
    }
    if (value == null) {
      value = cluster.controllerProps().getOrDefault(AUTO_TIE_BREAKER_KEY, "True");
    }
    return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes");
  }

  /** An online DRBD-capable node without a replica, the least loaded first. */
  private static Node tieBreakerNode(Cluster cluster, ResourceDefinition rd) {
    Node best = null;
    long bestCount = Long.MAX_VALUE;
    for (Node node : cluster.nodes().values()) {
      if (!node.online()
          || rd.resources().containsKey(node.name())
          || !node.pools().containsKey(StoragePool.DISKLESS_POOL)
          || !cluster.drbdSupported()) {
        continue;
      }
      long count =
          cluster.resourceDefinitions().values().stream()
              .filter(d -> d.resources().containsKey(node.name()))
              .count();
      if (count < bestCount) {
        best = node;
        bestCount = count;
      }
    }
    return best;
  }
}
