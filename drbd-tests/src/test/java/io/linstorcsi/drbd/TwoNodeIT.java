package io.linstorcsi.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.node.drbd.DrbdHealth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes replicating one volume with DRBD 8.4, protocol C, over a link that the tests cut and
 * restore through QMP: failover as Kubernetes moves a pod, a peer that is gone, and a split brain
 * with the documented manual recovery.
 */
class TwoNodeIT {
  @RegisterExtension static final DrbdGuests guests = DrbdGuests.pair("alpha", "beta");

  private static final Duration STATE_CHANGE = Duration.ofSeconds(60);

  private static GuestDrbd alpha;
  private static GuestDrbd beta;
  private static NodePlugin alphaPlugin;
  private static NodePlugin betaPlugin;
  private static Volume onAlpha;
  private static Volume onBeta;

  @BeforeAll
  static void startNodePlugins() {
    ResourceFile resource =
        new ResourceFile(
            "r0",
            0,
            7789,
            Map.of("alpha", guests.address("alpha"), "beta", guests.address("beta")));
    alpha = new GuestDrbd(guests.guest("alpha"), resource);
    beta = new GuestDrbd(guests.guest("beta"), resource);
    alphaPlugin = guests.nodePlugin("alpha");
    betaPlugin = guests.nodePlugin("beta");
    Parallel.run(
        () -> {
          alpha.install();
          alphaPlugin.start();
        },
        () -> {
          beta.install();
          betaPlugin.start();
        });
    onAlpha = Volume.of(resource, "alpha", "pod-on-alpha");
    onBeta = Volume.of(resource, "beta", "pod-on-beta");
  }

  /** Both disks blank and UpToDate, connected, both Secondary: a new two-replica volume. */
  @BeforeEach
  void freshVolume() {
    guests.guest("alpha").link(true);
    guests.guest("beta").link(true);
    Parallel.run(
        () -> {
          alpha.reset();
          alpha.startEventLog();
          alpha.createAndUp();
        },
        () -> {
          beta.reset();
          beta.startEventLog();
          beta.createAndUp();
        });
    alpha.await("Connected", ProcDrbd::connected, STATE_CHANGE);
    alpha.skipInitialSync();
    Parallel.run(
        () -> alpha.await("UpToDate on both", ProcDrbd::upToDateBoth, STATE_CHANGE),
        () -> beta.await("UpToDate on both", ProcDrbd::upToDateBoth, STATE_CHANGE));
  }

  @Test
  void unstageDemotes_andThePeerStagesTheSameData() {
    DrbdViews idle = Recordings.capture("connected-both-secondary", alpha);
    DrbdHealth idleVerdict = Drbd84Verdict.of(idle.events2(), 0);
    assertThat(idleVerdict.abnormal()).as(idleVerdict.message()).isFalse();
    assertThat(idleVerdict.usable()).isTrue();

    CsiReply staged = alphaPlugin.call(CsiCall.stage(onAlpha), CsiCall.publish(onAlpha));
    assertThat(staged.allOk(2)).as(staged.toString()).isTrue();
    assertThat(alpha.proc().role()).isEqualTo("Primary");
    assertThat(beta.proc().peerRole()).isEqualTo("Primary");
    DrbdViews primary = Recordings.capture("connected-primary-staged", alpha);
    Recordings.capture("connected-peer-primary", beta);
    DrbdHealth primaryVerdict = Drbd84Verdict.of(primary.events2(), 0);
    assertThat(primaryVerdict.abnormal()).as(primaryVerdict.message()).isFalse();
    String written = PodData.write(guests.guest("alpha"), onAlpha, "from-alpha");

    CsiReply moved = alphaPlugin.call(CsiCall.unpublish(onAlpha), CsiCall.unstage(onAlpha));
    assertThat(moved.allOk(2)).as(moved.toString()).isTrue();
    ProcDrbd afterUnstage = alpha.proc();
    assertThat(afterUnstage.role()).as("unstaging demotes").isEqualTo("Secondary");
    assertThat(afterUnstage.upToDateBoth()).isTrue();

    CsiReply onNewNode =
        betaPlugin.call(CsiCall.stage(onBeta), CsiCall.publish(onBeta), CsiCall.stats(onBeta));
    assertThat(onNewNode.allOk(3)).as(onNewNode.toString()).isTrue();
    assertThat(beta.proc().role()).isEqualTo("Primary");
    assertThat(PodData.read(guests.guest("beta"), onBeta)).isEqualTo(written);
    CsiReply.Result stats = onNewNode.last();
    assertThat(stats.abnormal()).as(stats.condition()).isFalse();
    assertThat(stats.condition()).contains("Primary").contains("UpToDate");

    CsiReply end = betaPlugin.call(CsiCall.unpublish(onBeta), CsiCall.unstage(onBeta));
    assertThat(end.allOk(2)).as(end.toString()).isTrue();
    assertThat(beta.proc().role()).isEqualTo("Secondary");
  }

  @Test
  void disconnectedPeer_isAnAbnormalVolumeCondition() {
    CsiReply staged =
        alphaPlugin.call(CsiCall.stage(onAlpha), CsiCall.publish(onAlpha), CsiCall.stats(onAlpha));
    assertThat(staged.allOk(3)).as(staged.toString()).isTrue();
    assertThat(staged.last().abnormal()).as(staged.last().condition()).isFalse();
    String written = PodData.write(guests.guest("alpha"), onAlpha, "before-the-cut");

    cutLink();
    alpha.await("peer lost", p -> p.connection().equals("WFConnection"), STATE_CHANGE);
    beta.await("peer lost", p -> p.connection().equals("WFConnection"), STATE_CHANGE);
    DrbdViews cut = Recordings.capture("disconnected-primary", alpha);
    DrbdViews cutPeer = Recordings.capture("disconnected-secondary", beta);
    for (DrbdViews side : new DrbdViews[] {cut, cutPeer}) {
      DrbdHealth verdict = Drbd84Verdict.of(side.events2(), 0);
      assertThat(verdict.abnormal()).as(verdict.message()).isTrue();
      assertThat(verdict.usable()).as("the local disk stays UpToDate").isTrue();
      assertThat(verdict.message()).contains("disconnected from peer");
    }

    CsiReply whileCut = alphaPlugin.call(CsiCall.stats(onAlpha));
    assertThat(whileCut.allOk(1)).as(whileCut.toString()).isTrue();
    assertThat(whileCut.last().abnormal()).as(whileCut.last().condition()).isTrue();
    assertThat(whileCut.last().condition()).contains("disconnected from peer");
    PodData.write(guests.guest("alpha"), onAlpha, "while-cut");

    restoreLink();
    alpha.await("resynced", p -> p.connected() && p.upToDateBoth(), STATE_CHANGE);
    CsiReply healed =
        alphaPlugin.call(
            CsiCall.stats(onAlpha), CsiCall.unpublish(onAlpha), CsiCall.unstage(onAlpha));
    assertThat(healed.allOk(3)).as(healed.toString()).isTrue();
    assertThat(healed.calls().getFirst().abnormal())
        .as(healed.calls().getFirst().condition())
        .isFalse();
    assertThat(written).startsWith("before-the-cut");
  }

  @Test
  void splitBrain_isReported_andTheDocumentedRecoveryKeepsTheSurvivorsData() {
    QemuGuest survivorGuest = guests.guest("alpha");
    QemuGuest victimGuest = guests.guest("beta");
    CsiReply staged = alphaPlugin.call(CsiCall.stage(onAlpha), CsiCall.publish(onAlpha));
    assertThat(staged.allOk(2)).as(staged.toString()).isTrue();
    PodData.write(survivorGuest, onAlpha, "before-the-cut");

    cutLink();
    Parallel.run(
        () -> alpha.await("peer lost", p -> p.connection().equals("WFConnection"), STATE_CHANGE),
        () -> beta.await("peer lost", p -> p.connection().equals("WFConnection"), STATE_CHANGE));
    // The pod moves while the nodes cannot see each other: both end up Primary and write.
    CsiReply victimStaged = betaPlugin.call(CsiCall.stage(onBeta), CsiCall.publish(onBeta));
    assertThat(victimStaged.allOk(2)).as(victimStaged.toString()).isTrue();
    assertThat(beta.proc().role()).isEqualTo("Primary");
    String survivorData = PodData.write(survivorGuest, onAlpha, "from-alpha");
    String victimData = PodData.write(victimGuest, onBeta, "from-beta");
    assertThat(victimData).isNotEqualTo(survivorData);

    restoreLink();
    Parallel.run(
        () -> alpha.await("StandAlone", p -> p.connection().equals("StandAlone"), STATE_CHANGE),
        () -> beta.await("StandAlone", p -> p.connection().equals("StandAlone"), STATE_CHANGE));
    // What the node service says is checked softly: the recovery below must run either way.
    SoftAssertions verdicts = new SoftAssertions();
    for (GuestDrbd node : new GuestDrbd[] {alpha, beta}) {
      String name = node.guest().name();
      DrbdViews views = Recordings.capture("split-brain-standalone", node);
      String stream = node.eventLog();
      Recordings.saveStream("split-brain-standalone", name, stream);
      DrbdHealth snapshot = Drbd84Verdict.of(views.events2(), 0);
      verdicts
          .assertThat(snapshot.abnormal())
          .as("%s: parser on events2 --now: %s", name, snapshot.message())
          .isTrue();
      verdicts.assertThat(snapshot.message()).as("%s: events2 --now", name).contains("StandAlone");
      DrbdHealth followed = Drbd84Verdict.of(stream, 0);
      verdicts
          .assertThat(followed.abnormal())
          .as("%s: parser on the events2 stream: %s", name, followed.message())
          .isTrue();
      verdicts
          .assertThat(followed.message())
          .as("%s: events2 stream", name)
          .contains("split brain with peer");
    }
    // Both nodes are asked at once; the victim's pod then stops (the recovery needs its volume
    // unstaged), in the same client run.
    CsiReply[] replies = new CsiReply[2];
    Parallel.run(
        () -> replies[0] = alphaPlugin.call(CsiCall.stats(onAlpha)),
        () ->
            replies[1] =
                betaPlugin.call(
                    CsiCall.stats(onBeta), CsiCall.unpublish(onBeta), CsiCall.unstage(onBeta)));
    assertThat(replies[0].allOk(1)).as(replies[0].toString()).isTrue();
    assertThat(replies[1].allOk(3)).as(replies[1].toString()).isTrue();
    for (CsiReply.Result stats : List.of(replies[0].calls().get(0), replies[1].calls().get(0))) {
      verdicts
          .assertThat(stats.abnormal())
          .as("NodeGetVolumeStats: %s", stats.condition())
          .isTrue();
      verdicts
          .assertThat(stats.condition())
          .as("NodeGetVolumeStats")
          .containsAnyOf("split brain", "StandAlone");
    }
    assertThat(beta.proc().role()).as("unstaging the victim demotes it").isEqualTo("Secondary");

    // Recovery as documented: the victim discards its changes, the survivor reconnects.
    String resource = alpha.resource().name();
    victimGuest.sh("drbdadm secondary " + resource);
    CommandResult disconnect = victimGuest.run("drbdadm disconnect " + resource);
    if (!disconnect.ok()) {
      // DRBD 8.4 refuses to disconnect what is StandAlone already; that is the state wanted.
      assertThat(disconnect.stderr()).as(disconnect.describe()).contains("unknown connection");
      assertThat(beta.proc().connection()).isEqualTo("StandAlone");
    }
    victimGuest.sh("drbdadm connect --discard-my-data " + resource);
    survivorGuest.sh("drbdadm connect " + resource);
    Parallel.run(
        () -> alpha.await("resynced", p -> p.connected() && p.upToDateBoth(), STATE_CHANGE),
        () -> beta.await("resynced", p -> p.connected() && p.upToDateBoth(), STATE_CHANGE));
    Recordings.capture("split-brain-recovered", alpha);
    Recordings.capture("split-brain-recovered-victim", beta);

    assertThat(PodData.read(survivorGuest, onAlpha)).isEqualTo(survivorData);
    CsiReply survivorHealed =
        alphaPlugin.call(
            CsiCall.stats(onAlpha), CsiCall.unpublish(onAlpha), CsiCall.unstage(onAlpha));
    assertThat(survivorHealed.allOk(3)).as(survivorHealed.toString()).isTrue();
    CsiReply.Result healed = survivorHealed.calls().getFirst();
    assertThat(healed.abnormal()).as(healed.condition()).isFalse();
    CsiReply onVictim = betaPlugin.call(CsiCall.stage(onBeta), CsiCall.publish(onBeta));
    assertThat(onVictim.allOk(2)).as(onVictim.toString()).isTrue();
    assertThat(PodData.read(victimGuest, onBeta))
        .as("the victim now holds the survivor's data")
        .isEqualTo(survivorData);
    CsiReply end = betaPlugin.call(CsiCall.unpublish(onBeta), CsiCall.unstage(onBeta));
    assertThat(end.allOk(2)).as(end.toString()).isTrue();
    verdicts.assertAll();
  }

  private static void cutLink() {
    guests.guest("alpha").link(false);
    guests.guest("beta").link(false);
  }

  private static void restoreLink() {
    guests.guest("alpha").link(true);
    guests.guest("beta").link(true);
  }
}
