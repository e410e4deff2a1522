package io.linstorcsi.node.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.Deadline;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor();
  private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(10));

  @AfterAll
  static void stopTimer() {
    TIMER.shutdownNow();
  }

  @Test
  void argumentsReachTheProgramVerbatim_noShellInterprets_them() {
    CommandResult r = runner.run("printf", "%s|", "a b", "$(id)", "; rm -rf /", "*");

    assertThat(r.stdout()).isEqualTo("a b|$(id)|; rm -rf /|*|");
    assertThat(r.exitCode()).isZero();
  }

  @Test
  void aFailure_namesTheCommand_itsExitCode_andItsStderr() {
    assertThatThrownBy(() -> runner.run("sh", "-c", "echo to-stdout; echo broken >&2; exit 3"))
        .isInstanceOfSatisfying(
            CommandFailedException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(3);
              assertThat(e.stderr()).isEqualTo("broken\n");
              assertThat(e.command()).first().isEqualTo("sh");
              assertThat(e.getMessage())
                  .contains("'sh -c echo to-stdout; echo broken >&2; exit 3'")
                  .contains("exited with code 3")
                  .endsWith(": broken");
            });
  }

  @Test
  void probe_returnsNonZeroExitCodes_asAnswers() {
    CommandResult r = runner.probe(List.of("sh", "-c", "exit 2"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.succeeded()).isFalse();
  }

  @Test
  void aMissingProgram_isNamed() {
    assertThatThrownBy(() -> runner.run("no-such-program-lcsi"))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("no-such-program-lcsi")
        .hasMessageContaining("could not be started");
  }

  @Test
  void stdinIsEmpty_soAQuestionGetsNoAnswer() {
    CommandResult r = runner.run("sh", "-c", "read answer; echo \"[$answer]\"");

    assertThat(r.stdout()).isEqualTo("[]\n");
  }

  @Test
  void aCommandOverItsTimeout_isKilled_withItsChildren() {
    CommandRunner quick = new CommandRunner(Duration.ofMillis(300));

    assertThatThrownBy(() -> quick.run("sh", "-c", "sleep 30 & echo started >&2; wait"))
        .isInstanceOfSatisfying(
            CommandFailedException.class,
            e -> {
              assertThat(e.timedOut()).isTrue();
              assertThat(e.getMessage()).contains("killed after 300 ms").contains("started");
            });
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void theCallersDeadline_shortensTheTimeout() throws Exception {
    Context.CancellableContext call =
        Context.current().withDeadline(Deadline.after(1200, TimeUnit.MILLISECONDS), TIMER);
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> call.call(() -> runner.run("sleep", "5")))
          .isInstanceOfSatisfying(
              CommandFailedException.class, e -> assertThat(e.timedOut()).isTrue());
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(took).isLessThan(5000);
      assertThat(call.call(() -> Deadlines.budget(Duration.ofHours(1))))
          .isLessThanOrEqualTo(Duration.ofMillis(700));
    } finally {
      call.cancel(null);
    }
  }

  @Test
  void noCommandStarts_onceTheDeadlineHasPassed() throws Exception {
    Context.CancellableContext call =
        Context.current().withDeadline(Deadline.after(1, TimeUnit.MILLISECONDS), TIMER);
    try {
      Thread.sleep(20);
      assertThatThrownBy(() -> call.call(() -> runner.run("touch", "/tmp/lcsi-never-created")))
          .isInstanceOfSatisfying(
              CommandFailedException.class,
              e -> {
                assertThat(e.timedOut()).isTrue();
                assertThat(e.getMessage()).contains("deadline has passed");
              });
      assertThat(java.nio.file.Path.of("/tmp/lcsi-never-created")).doesNotExist();
      assertThat(call.call(Deadlines::nearlyOver)).isTrue();
    } finally {
      call.cancel(null);
    }
  }

  @Test
  void outputLargerThanAPipe_onBothStreamsAtOnce_isCapturedWhole() {
    // 256 KiB on each stream, interleaved: a runner that read one stream after the other would
    // leave the writer blocked on the other, full pipe until the timeout killed it
    CommandResult r =
        runner.run(
            "sh",
            "-c",
            "i=0; while [ $i -lt 64 ]; do head -c 4096 /dev/zero | tr '\\0' o;"
                + " head -c 4096 /dev/zero | tr '\\0' e >&2; i=$((i+1)); done");

    assertThat(r.stdout()).hasSize(256 << 10).matches("o+");
    assertThat(r.stderr()).hasSize(256 << 10).matches("e+");
  }

  @Test
  void consecutiveCommands_reuseTheThreadsThatDrainTheirOutput() {
    runner.run("true"); // the first command may start the threads
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();

    for (int i = 0; i < 20; i++) {
      runner.run("sh", "-c", "echo out; echo err >&2");
    }

    // a thread start per stream per command costs more than the short tools it waits for
    assertThat(threads.getTotalStartedThreadCount() - before).isLessThan(10);
  }

  @Test
  void aLongRunningCommand_isFollowedLineByLine_untilStopped() throws Exception {
    CommandRunner.Followed followed =
        runner.start(List.of("sh", "-c", "echo one; echo two; exec sleep 30"));
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread reader =
        Thread.startVirtualThread(
            () -> {
              try {
                followed.forEachLine(lines::add);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (lines.size() < 2 && System.nanoTime() < end) {
      Thread.sleep(10);
    }

    followed.stop();
    reader.join(5000);

    assertThat(lines).containsExactly("one", "two");
    assertThat(reader.isAlive()).isFalse();
  }
}
