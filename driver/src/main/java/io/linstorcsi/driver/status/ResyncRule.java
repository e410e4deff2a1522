package io.linstorcsi.driver.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicas being resynced: until the target reaches 100% the volume has fewer UpToDate copies than
 * replicas. LINSTOR answers a spawn or an auto-place while the new replica is still a SyncTarget
 * (linstor-drbd-recordings 02-spawn-sync and 08-concurrent), so "created" does not mean
 * "redundant"; this rule says how far the resync is and how many good copies there are meanwhile.
 *
 * <p>The progress is the furthest of what both ends report: the target's disk state
 * ("SyncTarget(44.14%)") and each side's {@code done_percentage}; the source's figure runs ahead of
 * the target's disk state in the recordings.
 */
final class ResyncRule implements Rule {
  private static final Pattern PERCENT_IN_STATE = Pattern.compile("\\((\\d+(?:\\.\\d+)?)%\\)");

  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    List<Finding> out = new ArrayList<>();
    snapshot
        .replicasByResource()
        .forEach(
            (resource, replicas) -> {
              for (Replica target : replicas) {
                if (target.deleting()) {
                  continue;
                }
                for (Replica.Disk disk : target.disks()) {
                  target
                      .resyncSource(disk)
                      .ifPresent(source -> out.add(finding(target, disk, source, replicas)));
                }
              }
            });
    return out;
  }

  private static Finding finding(
      Replica target, Replica.Disk disk, String source, List<Replica> replicas) {
    long goodCopies =
        replicas.stream()
            .filter(r -> !r.deleting() && r.diskful() && r.reporting())
            .filter(r -> upToDate(r, disk.volume()))
            .count();
    String which = target.disks().size() == 1 ? "" : " (volume " + disk.volume() + ")";
    String progress =
        done(target, disk, source, replicas)
            .map(p -> String.format(Locale.ROOT, " %.1f%% done", p))
            .orElse(" started");
    String copies =
        switch ((int) Math.min(goodCopies, 2)) {
          case 0 -> "no UpToDate copy";
          case 1 -> "one UpToDate copy only";
          default -> goodCopies + " UpToDate copies";
        };
    String reason = "resync to " + target.node() + which + progress + ": " + copies;
    String watch = "'drbdadm status " + target.resource() + "' on " + target.node();
    String action =
        goodCopies == 1
            ? "let the resync finish (watch "
                + watch
                + "); until then "
                + source
                + " holds the only complete copy: do not take it down or evict it"
            : "let the resync finish (watch " + watch + ")";
    return Finding.forReplica(
        goodCopies == 0 ? Severity.ERROR : Severity.WARNING,
        target.resource(),
        target.node(),
        reason,
        action);
  }

  private static boolean upToDate(Replica replica, int volume) {
    return replica.disks().stream()
        .anyMatch(d -> d.volume() == volume && Replica.UP_TO_DATE.equals(d.state()));
  }

  private static Optional<Double> done(
      Replica target, Replica.Disk disk, String source, List<Replica> replicas) {
    List<Double> figures = new ArrayList<>();
    if (disk.state() != null) {
      Matcher m = PERCENT_IN_STATE.matcher(disk.state());
      if (m.find()) {
        figures.add(Double.parseDouble(m.group(1)));
      }
    }
    Replica.Replication own = disk.replication().get(source);
    if (own != null && own.donePercent() != null) {
      figures.add(own.donePercent());
    }
    replicas.stream()
        .filter(r -> r.node().equals(source))
        .flatMap(r -> r.disks().stream())
        .filter(d -> d.volume() == disk.volume())
        .map(d -> d.replication().get(target.node()))
        .filter(r -> r != null && r.donePercent() != null)
        .forEach(r -> figures.add(r.donePercent()));
    return figures.stream().max(Double::compare);
  }
}
