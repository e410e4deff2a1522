package io.linstorcsi.driver.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Each replica on its own: state unknown because its node is offline, no state reported, or a disk
 * that is not UpToDate. Diskless counts as wrong only on a replica that should hold data (a
 * detached disk); diskless clients and tie-breakers are diskless by design.
 *
 * <p>Severity follows the data: a bad replica is a WARNING while another replica of the resource is
 * UpToDate, and an ERROR when none is left.
 */
final class ReplicaRule implements Rule {
  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    List<Finding> out = new ArrayList<>();
    for (List<Replica> replicas : snapshot.replicasByResource().values()) {
      for (Replica replica : replicas) {
        if (replica.deleting()) {
          continue;
        }
        Severity severity = otherGoodCopy(replica, replicas) ? Severity.WARNING : Severity.ERROR;
        if (!replica.nodeOnline()) {
          out.add(onOfflineNode(replica, snapshot, severity));
        } else if (!replica.reporting()) {
          out.add(
              Finding.forReplica(
                  Severity.WARNING,
                  replica.resource(),
                  replica.node(),
                  "no state reported (still being created, or the satellite is not reporting)",
                  "run again in a minute; if it persists, check the satellite log on "
                      + replica.node()));
        } else if (replica.drbd()) {
          out.addAll(diskFindings(replica, severity));
        }
      }
    }
    return out;
  }

  private static boolean otherGoodCopy(Replica replica, List<Replica> all) {
    return all.stream().anyMatch(r -> r != replica && !r.deleting() && r.upToDate());
  }

  private static Finding onOfflineNode(Replica replica, ClusterSnapshot snapshot, Severity sev) {
    String status =
        snapshot.node(replica.node()).map(n -> n.connectionStatus()).orElse("not known to LINSTOR");
    String action =
        sev == Severity.WARNING
            ? "bring node " + replica.node() + " back; the other replicas keep the volume available"
            : "no other replica reports UpToDate data: bring node "
                + replica.node()
                + " back before anything else";
    return Finding.forReplica(
        sev,
        replica.resource(),
        replica.node(),
        "state unknown: node " + replica.node() + " is " + status,
        action);
  }

  private static List<Finding> diskFindings(Replica replica, Severity severity) {
    // One finding per abnormal state, naming the volumes when the resource has several.
    Map<String, List<Integer>> badVolumes = new LinkedHashMap<>();
    for (Replica.Disk disk : replica.disks()) {
      // A resync target is the ResyncRule's: it knows the progress and the copies left.
      if (disk.state() != null
          && !replica.normal(disk.state())
          && replica.resyncSource(disk).isEmpty()) {
        badVolumes.computeIfAbsent(disk.state(), s -> new ArrayList<>()).add(disk.volume());
      }
    }
    List<Finding> out = new ArrayList<>();
    badVolumes.forEach(
        (state, volumes) -> {
          String which =
              replica.disks().size() == 1
                  ? "disk"
                  : "volume(s) "
                      + volumes.stream().map(String::valueOf).collect(Collectors.joining(","));
          out.add(
              Finding.forReplica(
                  severity,
                  replica.resource(),
                  replica.node(),
                  which + " " + state + ": " + meaning(state),
                  action(state, replica)));
        });
    return out;
  }

  private static String meaning(String state) {
    return switch (state) {
      case "Outdated" -> "this copy missed writes and is not used for reads";
      case "Inconsistent" -> "this copy is being resynced or the resync is stuck";
      case "Failed" -> "the backing disk reported I/O errors";
      case "Diskless" -> "the disk is detached on a node that should hold data";
      case "DUnknown" -> "DRBD does not know this disk's state";
      default -> "not UpToDate";
    };
  }

  private static String action(String state, Replica replica) {
    String status = "'drbdadm status " + replica.resource() + "' on " + replica.node();
    return switch (state) {
      case "Outdated" ->
          "DRBD resyncs it once it is connected to an UpToDate peer; check its connections with "
              + status;
      case "Inconsistent" ->
          "watch the resync with " + status + "; if no peer is UpToDate, the data is at risk";
      case "Failed", "Diskless" ->
          "check the kernel log on "
              + replica.node()
              + " for disk errors; replace the disk, then 'drbdadm attach "
              + replica.resource()
              + "' or recreate the replica";
      default -> "check " + status + " and the satellite log";
    };
  }
}
