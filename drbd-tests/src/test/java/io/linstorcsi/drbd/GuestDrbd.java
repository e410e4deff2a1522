package io.linstorcsi.drbd;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * DRBD in one guest as an operator (or LINSTOR's satellite) handles it with drbdadm: the test's
 * hands, separate from the node service under test.
 */
final class GuestDrbd {
  private final QemuGuest guest;
  private final ResourceFile resource;

  GuestDrbd(QemuGuest guest, ResourceFile resource) {
    this.guest = guest;
    this.resource = resource;
  }

  QemuGuest guest() {
    return guest;
  }

  ResourceFile resource() {
    return resource;
  }

  /** Writes the configuration where drbdadm finds it (as the satellite does) and loads DRBD. */
  void install() {
    guest.sh(
        """
        set -e
        mkdir -p %1$s
        printf 'global { usage-count no; }\\ninclude "%1$s/*.res";\\n' > /etc/drbd.conf
        cat > %2$s <<'RES'
        %3$sRES
        modprobe drbd
        drbdadm sh-nop
        """
            .formatted(ResourceFile.DIR, resource.path(), resource.render()));
  }

  /** Fresh metadata and the resource up: Secondary, Inconsistent, connecting to its peer. */
  void createAndUp() {
    guest.sh("set -e; drbdadm create-md --force %1$s; drbdadm up %1$s".formatted(resource.name()));
  }

  /**
   * Marks this fresh, connected pair's data as identical without a resync: both disks read as zeros
   * ({@link #reset} discards them), so there is nothing to copy.
   */
  void skipInitialSync() {
    guest.sh("drbdadm -- --clear-bitmap new-current-uuid " + resource.name());
  }

  /** Makes a lone, fresh disk UpToDate (the first node of a new volume), then Secondary again. */
  void forceUpToDate() {
    guest.sh(
        "set -e; drbdadm primary --force %1$s; drbdadm secondary %1$s".formatted(resource.name()));
  }

  /**
   * Starts recording the event stream (as the node service's follower sees it) into a file in the
   * guest, replacing an earlier recording.
   */
  void startEventLog() {
    guest.sh(
        """
        [ -f /run/events2.pid ] && kill "$(cat /run/events2.pid)" 2>/dev/null
        setsid drbdsetup events2 --timestamps --statistics all >/run/events2.log 2>&1 </dev/null &
        echo $! >/run/events2.pid
        """);
  }

  String eventLog() {
    return guest.sh("cat /run/events2.log");
  }

  String adm(String args) {
    return guest.sh("drbdadm " + args + " " + resource.name());
  }

  CommandResult tryAdm(String args) {
    return guest.run("drbdadm " + args + " " + resource.name());
  }

  ProcDrbd proc() {
    String text = guest.sh("cat /proc/drbd");
    return ProcDrbd.parse(text, resource.minor())
        .orElseThrow(() -> new AssertionError("minor " + resource.minor() + " not in:\n" + text));
  }

  Optional<ProcDrbd> procIfUp() {
    return ProcDrbd.parse(guest.sh("cat /proc/drbd 2>/dev/null || true"), resource.minor());
  }

  /** Polls /proc/drbd until {@code condition} holds; fails with the last state seen. */
  ProcDrbd await(String what, Predicate<ProcDrbd> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    Optional<ProcDrbd> last = Optional.empty();
    while (Instant.now().isBefore(deadline)) {
      last = procIfUp();
      if (last.isPresent() && condition.test(last.get())) {
        return last.get();
      }
      sleep(300);
    }
    throw new AssertionError(
        guest.name() + ": " + what + " not reached within " + timeout + "; last " + last);
  }

  /** Snapshot texts of the three views DRBD 8.4 offers, for the parser checks and the record. */
  DrbdViews views() {
    String name = resource.name();
    return new DrbdViews(
        guest.sh("drbdsetup events2 --now --statistics " + name),
        guest.sh("drbdadm status " + name),
        guest.sh("cat /proc/drbd"));
  }

  /**
   * Back to a blank disk: unmounts whatever the last test left, takes the resource down and
   * discards the disk (the sparse image reads as zeros again), so that no file system, metadata or
   * role carries over to the next test.
   */
  void reset() {
    guest.sh(
        """
        awk '$1 ~ "^/dev/drbd" || $2 ~ "^/var/lib/kubelet" {print $2}' /proc/mounts | sort -r \\
          | while read -r m; do umount -l "$m"; done
        drbdadm down all 2>/dev/null || drbdsetup down %1$s 2>/dev/null || true
        rm -rf /var/lib/kubelet
        blkdiscard /dev/vda 2>/dev/null || dd if=/dev/zero of=/dev/vda bs=1M count=16 oflag=direct
        """
            .formatted(resource.name()));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
