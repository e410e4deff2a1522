package io.linstorcsi.emulator.backup;

import io.linstorcsi.emulator.state.SyncPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running shipments and their pace. Each runs on its own thread, like the satellites' shipping
 * daemons; its end (success, failure, abort) is reported once to the caller's completion.
 */
public final class Shipments implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shipments.class);

  /** The work of a shipment; it calls {@link Shipment#await} before moving each piece. */
  @FunctionalInterface
  public interface Job {
    void run(Shipment shipment) throws Exception;
  }

  /** Told once how a shipment ended; runs on the shipment's thread. */
  @FunctionalInterface
  public interface Completion {
    void finished(Shipment shipment);
  }

  private final List<Shipment> running = new ArrayList<>();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "emulator-shipment");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger hangNext = new AtomicInteger();
  private final AtomicInteger interruptNext = new AtomicInteger();
  private volatile SyncPolicy pace = SyncPolicy.INSTANT;

  public SyncPolicy pace() {
    return pace;
  }

  /** The pace of new and running shipments. */
  public void setPace(SyncPolicy value) {
    pace = value == null ? SyncPolicy.INSTANT : value;
    for (Shipment s : running()) {
      s.setPace(pace);
    }
  }

  /** The next {@code count} shipments stand still (manual pace) until advanced or released. */
  public void hangNext(int count) {
    hangNext.addAndGet(count);
  }

  /** The next {@code count} shipments fail half-way, as when their satellite is killed. */
  public void interruptNext(int count) {
    interruptNext.addAndGet(count);
  }

  /** Moves every manually paced shipment {@code kib} further. */
  public void advance(long kib) {
    for (Shipment s : running()) {
      s.advance(kib * 1024);
    }
  }

  /** Lets every running shipment finish at once. */
  public void release() {
    for (Shipment s : running()) {
      s.setPace(SyncPolicy.INSTANT);
    }
  }

  /**
   * Fails every running shipment, as the controller does for the shipments of a satellite that
   * restarted (their transfer processes died with it).
   */
  public int interruptAll(String why) {
    return endAll(Shipment.Outcome.FAILED, why);
  }

  /**
   * Ends every running shipment as aborted, as a restarting controller marks the shipments it finds
   * in progress (linstor-server systemstarter/PreConnectInitializer.java).
   */
  public int abortAllAsRestarted() {
    return endAll(Shipment.Outcome.ABORTED, "the controller restarted");
  }

  private int endAll(Shipment.Outcome outcome, String why) {
    int n = 0;
    for (Shipment s : running()) {
      if (s.end(outcome, why)) {
        n++;
      }
    }
    return n;
  }

  public List<Shipment> running() {
    synchronized (running) {
      return List.copyOf(running);
    }
  }

  /** Starts a shipment on its own thread. */
  public Shipment start(
      String remote,
      String resource,
      String snapshot,
      String node,
      Shipment.Direction direction,
      String basedOn,
      long startMillis,
      long totalBytes,
      Job job,
      Completion completion) {
    SyncPolicy initial = take(hangNext) ? SyncPolicy.MANUAL : pace;
    Shipment s =
        new Shipment(
            remote,
            resource,
            snapshot,
            node,
            direction,
            basedOn != null,
            basedOn,
            startMillis,
            totalBytes,
            initial);
    if (take(interruptNext)) {
      s.failAt(totalBytes / 2);
    }
    synchronized (running) {
      running.add(s);
    }
    threads.execute(() -> runToEnd(s, job, completion));
    return s;
  }

  private void runToEnd(Shipment s, Job job, Completion completion) {
    try {
      job.run(s);
      s.end(Shipment.Outcome.SUCCEEDED, null);
    } catch (Shipment.Stopped e) {
      s.end(Shipment.Outcome.FAILED, e.getMessage());
    } catch (Exception | LinkageError e) {
      LOG.warn("shipment {} failed: {}", s, e.getMessage());
      s.end(Shipment.Outcome.FAILED, String.valueOf(e.getMessage()));
    } finally {
      synchronized (running) {
        running.remove(s);
      }
    }
    try {
      completion.finished(s);
    } catch (RuntimeException e) {
      LOG.error("completing shipment {} failed", s, e);
    }
  }

  /** Aborts the running shipments that match; returns how many. */
  public int abort(java.util.function.Predicate<Shipment> which) {
    int n = 0;
    for (Shipment s : running()) {
      if (which.test(s) && s.end(Shipment.Outcome.ABORTED, "aborted")) {
        n++;
      }
    }
    return n;
  }

  private static boolean take(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  @Override
  public void close() {
    interruptAll("the controller stopped");
    threads.shutdownNow();
  }
}
