package io.linstorcsi.node.drbd;

import io.linstorcsi.node.exec.CommandFailedException;
import io.linstorcsi.node.exec.CommandResult;
import io.linstorcsi.node.exec.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@code drbdsetup events2} process per node running and feeds its lines to a {@link
 * DrbdStateTracker}. When the process dies it is started again after a pause that doubles up to a
 * maximum (reset once a process has lived for a while), so a missing or broken DRBD does not turn
 * into a busy loop of process starts.
 */
public final class Events2Follower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Events2Follower.class);

  /** A process that lived this long was healthy; the next failure starts the backoff afresh. */
  private static final Duration HEALTHY_RUN = Duration.ofSeconds(30);

  private final List<String> command;
  private final CommandRunner runner;
  private final DrbdStateTracker tracker;
  private final Duration restartMin;
  private final Duration restartMax;
  private final AtomicInteger starts = new AtomicInteger();
  private volatile boolean running;
  private volatile CommandRunner.Followed process;
  private Thread thread;

  public Events2Follower(
      List<String> command,
      CommandRunner runner,
      DrbdStateTracker tracker,
      Duration restartMin,
      Duration restartMax) {
    this.command = List.copyOf(command);
    this.runner = runner;
    this.tracker = tracker;
    this.restartMin = restartMin;
    this.restartMax = restartMax;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("drbd-events2").start(this::loop);
  }

  /** How many times the process was started (for health reporting and tests). */
  public int starts() {
    return starts.get();
  }

  private void loop() {
    Duration pause = restartMin;
    while (running) {
      long begin = System.nanoTime();
      tracker.restarting();
      try {
        CommandRunner.Followed followed = runner.start(command);
        process = followed;
        starts.incrementAndGet();
        if (!running) {
          followed.stop(); // close() ran between start and publication of the handle
        }
        CommandResult end = followed.forEachLine(tracker::accept);
        if (running) {
          log.warn(
              "'{}' ended with code {}{}; restarting in {} ms",
              String.join(" ", command),
              end.exitCode(),
              end.stderr().isBlank() ? "" : ": " + end.stderr().strip(),
              pause.toMillis());
        }
      } catch (CommandFailedException e) {
        log.warn("{}; retrying in {} ms", e.getMessage(), pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        tracker.stale();
        process = null;
      }
      if (Duration.ofNanos(System.nanoTime() - begin).compareTo(HEALTHY_RUN) > 0) {
        pause = restartMin;
      }
      if (!sleep(pause)) {
        return;
      }
      pause = pause.multipliedBy(2).compareTo(restartMax) > 0 ? restartMax : pause.multipliedBy(2);
    }
  }

  private boolean sleep(Duration pause) {
    try {
      Thread.sleep(pause);
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    CommandRunner.Followed p = process;
    if (p != null) {
      p.stop();
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
