package io.linstorcsi.node.drbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.node.exec.CommandRunner;
import io.linstorcsi.node.testing.FakeDrbdTools;
import io.linstorcsi.node.testing.Recordings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DRBD facade as real processes: stand-in drbdsetup/drbdadm scripts answering with recorded
 * output, the events follower running them as it would run the real tool.
 */
class DrbdFacadeTest {
  @TempDir Path dir;

  private Drbd drbd;

  private Drbd drbd(FakeDrbdTools fake, boolean follow) {
    drbd = new Drbd(fake.config(follow), new CommandRunner(Duration.ofSeconds(20)));
    return drbd;
  }

  @AfterEach
  void stop() {
    if (drbd != null) {
      drbd.close();
    }
  }

  @Test
  void aSnapshot_seesStandAlone_butCannotCallItSplitBrain() {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("06b-split-brain-standalone", "alpha");

    DrbdHealth h = drbd(fake, false).health(0);

    assertThat(h.abnormal()).isTrue();
    assertThat(h.message()).contains("StandAlone towards beta").doesNotContain("split brain");
    assertThat(fake.calls()).containsExactly("drbdsetup status --json --verbose --statistics");
  }

  @Test
  void withoutStatusJson_asOnDrbd84_events2NowIsUsed_andJsonIsNotTriedAgain() {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("04a-peer-unreachable", "alpha");
    fake.withoutJson();
    Drbd d = drbd(fake, false);

    DrbdHealth first = d.health(0);
    DrbdHealth second = d.health(0);

    assertThat(first.message()).contains("disconnected from beta (Connecting)");
    assertThat(second).isEqualTo(first);
    assertThat(fake.calls())
        .containsExactly(
            "drbdsetup status --json --verbose --statistics",
            "drbdsetup events2 --now --statistics all",
            "drbdsetup events2 --now --statistics all");
  }

  @Test
  void theFollower_reportsSplitBrain_fromTheStream_withoutTakingSnapshots() throws Exception {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("06b-split-brain-standalone", "alpha");
    fake.streams(List.of(FakeDrbdTools.streamThrough("alpha", "06b-split-brain-standalone")), true);
    Drbd d = drbd(fake, true);

    d.start();
    await(() -> d.tracker().current() && d.health(0).message().contains("split brain"));

    assertThat(d.health(0).message()).contains("split brain with beta");
    assertThat(fake.calls())
        .containsExactly("drbdsetup events2 --timestamps --statistics all")
        .doesNotContain("drbdsetup status --json --verbose --statistics");
    d.close();
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void aDyingEventsProcess_isRestarted_andSplitBrainEvidenceSurvivesTheRestart() throws Exception {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("06b-split-brain-standalone", "alpha");
    fake.streams(
        List.of(
            FakeDrbdTools.streamThrough("alpha", "06b-split-brain-standalone"),
            Recordings.read("06b-split-brain-standalone", "alpha", "events2.txt")),
        false);
    Drbd d = drbd(fake, true);

    d.start();
    await(
        () ->
            fake.calls().stream()
                    .filter(c -> c.startsWith("drbdsetup events2 --timestamps"))
                    .count()
                >= 3);

    DrbdHealth h = d.health(0);
    assertThat(h.message()).contains("split brain with beta");
  }

  /**
   * DRBD's event stream samples the resync progress only now and then; while a resync runs, the
   * verdict reads it afresh instead of repeating the stream's last sample.
   */
  @Test
  void theFollower_duringAResync_reportsTheCurrentProgress_notTheStreamsLastSample()
      throws Exception {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("02-initial-sync", "alpha"); // status --json: percent-resync-done 35.57
    String syncing = Recordings.read("02-initial-sync", "alpha", "events2-stream.txt");
    String firstSample =
        syncing.substring(0, syncing.indexOf('\n', syncing.indexOf("done:0.00")) + 1);
    fake.streams(
        List.of(FakeDrbdTools.streamThrough("alpha", "01-fresh-inconsistent") + firstSample), true);
    Drbd d = drbd(fake, true);

    d.start();
    await(() -> streamed(d).message().contains("resync to beta 0.0% done"));

    assertThat(d.health(0).message())
        .contains("resync to beta 35.6% done: one UpToDate copy only")
        .doesNotContain("0.0% done");
  }

  @Test
  void theFollower_withoutAResync_takesNoSnapshot() throws Exception {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("03-healthy-primary", "alpha");
    fake.streams(List.of(FakeDrbdTools.streamThrough("alpha", "03-healthy-primary")), true);
    Drbd d = drbd(fake, true);

    d.start();
    await(() -> d.tracker().current() && !streamed(d).abnormal());

    assertThat(d.health(0).abnormal()).isFalse();
    assertThat(fake.calls()).noneMatch(c -> c.startsWith("drbdsetup status"));
  }

  @Test
  void demote_runsDrbdadmSecondary_onlyForAPrimary_notInUse() {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    Drbd d = drbd(fake, false);

    fake.state("09a-both-secondary", "alpha");
    d.demote("r0", minor -> false);
    assertThat(fake.demoted()).isEmpty();

    fake.state("03-healthy-primary", "alpha");
    d.demote("r0", minor -> true);
    assertThat(fake.demoted()).isEmpty();

    d.demote("r0", minor -> false);
    assertThat(fake.demoted()).containsExactly("r0");
    assertThat(fake.calls()).contains("drbdadm secondary r0");

    d.demote("no-such-resource", minor -> false);
    assertThat(fake.demoted()).containsExactly("r0");
  }

  @Test
  void demote_fallsBackToDrbdsetup_whenDrbdadmDoesNotKnowTheResource() {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("03-healthy-primary", "alpha");
    fake.notInDrbdadmConfig(true);

    drbd(fake, false).demote("r0", minor -> false);

    assertThat(fake.calls()).contains("drbdadm secondary r0", "drbdsetup secondary r0");
    assertThat(fake.demoted()).containsExactly("r0");
  }

  @Test
  void demote_ofAResourceHeldOpen_isFailedPrecondition_withDrbdsReason() {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("03-healthy-primary", "alpha");
    fake.heldOpen(true);

    assertThatThrownBy(() -> drbd(fake, false).demote("r0", minor -> false))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getMessage()).contains("r0").contains("held open");
            });
  }

  @Test
  void awaitUsable_returnsOnceTheResyncHasFinished() throws Exception {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("02-initial-sync", "beta");
    Drbd d = drbd(fake, false);
    CompletableFuture<Void> syncDone =
        CompletableFuture.runAsync(
            () -> {
              sleep(400);
              fake.state("03-healthy-primary", "beta");
            },
            Thread::startVirtualThread);

    DrbdHealth h = d.awaitUsable(0, Duration.ofSeconds(10));

    syncDone.get(5, TimeUnit.SECONDS);
    assertThat(h.usable()).isTrue();
    assertThat(fake.calls().size()).isGreaterThan(1);
  }

  @Test
  void awaitUsable_givesUpAfterItsBound_namingTheState() {
    FakeDrbdTools fake = new FakeDrbdTools(dir);
    fake.state("01-fresh-inconsistent", "alpha");

    assertThatThrownBy(() -> drbd(fake, false).awaitUsable(0, Duration.ofMillis(600)))
        .isInstanceOfSatisfying(
            CsiError.class,
            e -> {
              assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getMessage()).contains("minor 0").contains("local disk Inconsistent");
            });
  }

  /** The verdict from the stream alone, as far as the follower has read it. */
  private static DrbdHealth streamed(Drbd d) {
    return DrbdHealth.forMinor(d.tracker().resources(), 0, d.tracker()::splitBrainPeers);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not reached within 15 s");
      }
      Thread.sleep(20);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
