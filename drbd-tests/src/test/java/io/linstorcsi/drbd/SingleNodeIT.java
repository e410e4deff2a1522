package io.linstorcsi.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.node.drbd.DrbdHealth;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One node with a real DRBD 8.4 device whose second replica is configured but not deployed (the
 * peer never connects): the node service stages, publishes, unpublishes and unstages it, and data
 * written through one staging is there after the next.
 */
class SingleNodeIT {
  @RegisterExtension static final DrbdGuests guests = DrbdGuests.single("alpha");

  private static GuestDrbd drbd;
  private static NodePlugin plugin;
  private static Volume volume;

  @BeforeAll
  static void startNodePlugin() {
    QemuGuest alpha = guests.guest("alpha");
    drbd =
        new GuestDrbd(
            alpha,
            new ResourceFile(
                "pvc-single", 0, 7789, Map.of("alpha", "127.0.0.1", "beta", "127.1.0.2")));
    drbd.install();
    plugin = guests.nodePlugin("alpha");
    plugin.start();
    volume = Volume.of(drbd.resource(), "alpha", "pod-single");
  }

  @BeforeEach
  void freshVolume() {
    drbd.reset();
    drbd.createAndUp();
    drbd.forceUpToDate();
  }

  @Test
  void stagedVolume_keepsItsDataAcrossUnstageAndRestage() {
    QemuGuest alpha = guests.guest("alpha");
    ProcDrbd fresh = drbd.proc();
    assertThat(fresh.role()).isEqualTo("Secondary");
    assertThat(fresh.disk()).isEqualTo("UpToDate");
    DrbdViews idle = Recordings.capture("single-secondary-peer-never-connected", drbd);
    DrbdHealth idleVerdict = Drbd84Verdict.of(idle.events2(), 0);
    assertThat(idleVerdict.usable()).as(idleVerdict.message()).isTrue();
    assertThat(idleVerdict.abnormal()).as(idleVerdict.message()).isTrue();
    assertThat(idleVerdict.message()).contains("disconnected from peer");

    CsiReply staged = plugin.call(CsiCall.stage(volume), CsiCall.publish(volume));
    assertThat(staged.allOk(2)).as(staged.toString()).isTrue();
    assertThat(drbd.proc().role()).as("staging promotes").isEqualTo("Primary");
    assertThat(PodData.mountAt(alpha, volume.staging())).isEqualTo("/dev/drbd0 ext4");
    assertThat(PodData.mountAt(alpha, volume.target())).startsWith("/dev/drbd0").endsWith("ext4");
    Recordings.capture("single-primary-staged", drbd);
    String written = PodData.write(alpha, volume, "from-alpha");

    CsiReply done =
        plugin.call(CsiCall.stats(volume), CsiCall.unpublish(volume), CsiCall.unstage(volume));
    assertThat(done.allOk(3)).as(done.toString()).isTrue();
    CsiReply.Result stats = done.calls().getFirst();
    CsiReply.Usage bytes = stats.usage().getFirst();
    assertThat(bytes.unit()).isEqualTo("BYTES");
    assertThat(bytes.total()).isBetween(200L << 20, 256L << 20);
    assertThat(bytes.used()).isGreaterThanOrEqualTo(3L << 20);
    assertThat(drbd.proc().role()).as("unstaging demotes").isEqualTo("Secondary");
    assertThat(PodData.mountAt(alpha, volume.staging())).isEmpty();
    assertThat(PodData.mountAt(alpha, volume.target())).isEmpty();

    CsiReply again = plugin.call(CsiCall.stage(volume), CsiCall.publish(volume));
    assertThat(again.allOk(2)).as(again.toString()).isTrue();
    assertThat(PodData.read(alpha, volume)).isEqualTo(written);
    CsiReply end = plugin.call(CsiCall.unpublish(volume), CsiCall.unstage(volume));
    assertThat(end.allOk(2)).as(end.toString()).isTrue();
    assertThat(drbd.proc().role()).isEqualTo("Secondary");
  }
}
