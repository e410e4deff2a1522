package io.linstorcsi.controller.modify;

import io.linstorcsi.common.CsiError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses which diskful replicas to remove to come down to a target count, or refuses. The rules
 * keep the data safe while DRBD keeps serving it:
 *
 * <ul>
 *   <li>a replica in use (Primary) is never removed: its writer would lose its local disk;
 *   <li>replicas that are not UpToDate go first, as they hold no complete copy;
 *   <li>a removal happens only when every replica that stays is UpToDate, so at least one complete
 *       copy remains and none of them is still waiting for a resync from a removed one.
 * </ul>
 */
final class ReplicaRemoval {
  private ReplicaRemoval() {}

  /** The nodes whose replicas go; empty when there are no more diskful replicas than asked. */
  static List<String> choose(String volume, List<Replica> replicas, int target) {
    List<Replica> diskful = replicas.stream().filter(Replica::diskful).toList();
    int excess = diskful.size() - target;
    if (excess <= 0) {
      return List.of();
    }
    List<Replica> candidates =
        diskful.stream()
            .filter(r -> !r.inUse())
            .sorted(Comparator.comparing(Replica::upToDate).thenComparing(Replica::node))
            .toList();
    if (candidates.size() < excess) {
      throw CsiError.failedPrecondition(
          "volume "
              + volume
              + " cannot go down to "
              + target
              + " diskful replicas: the replica on "
              + diskful.stream().filter(Replica::inUse).map(Replica::node).toList()
              + " is in use there and is not removed; retry when it is not");
    }
    List<Replica> removed = candidates.subList(0, excess);
    List<Replica> staying = new ArrayList<>(diskful);
    staying.removeAll(removed);
    for (Replica r : staying) {
      if (!r.upToDate()) {
        throw CsiError.failedPrecondition(
            "volume "
                + volume
                + " cannot go down to "
                + target
                + " diskful replicas now: the replica on "
                + r.node()
                + " that would stay is "
                + (r.diskState().isEmpty() ? "in an unknown state" : r.diskState())
                + ", not UpToDate; retry when its resync has finished");
      }
    }
    return removed.stream().map(Replica::node).toList();
  }
}
