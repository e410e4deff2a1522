package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.emulator.Recordings.Exchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every recorded request of the real controller (files 01 to 11 in order, as later files
 * build on the state of earlier ones) against one emulator set up like the recorded cluster, and
 * checks the status code, the JSON shape and identifying values, and the ApiCallRc classes of each
 * answer. File 12, an earlier cluster whose pools could not take snapshots, is replayed against its
 * own emulator.
 *
 * <p>Events of the recording that were not REST calls are injected through the fault API at the
 * same point: the never-started satellite of node-d, the killed and restarted satellite of node-c,
 * the 300 MiB written into a volume. The concurrent "distinct GET" records of file 11 are checked
 * by polling while the write they watched runs with a satellite delay: each recorded intermediate
 * state must be observed.
 */
class ReplayTest {
  /** Pool size of the recorded satellites' FILE_THIN pools. */
  private static final long RECORDED_POOL_KIB = 2031616;

  /** A deliberate difference from the recording: the paths it excuses and why. */
  private record Deviation(String reason, List<Pattern> paths) {
    boolean covers(String path) {
      return paths.stream().anyMatch(p -> p.matcher(path).matches());
    }
  }

  private static final Map<Integer, Deviation> DEVIATIONS = new LinkedHashMap<>();

  private static void deviation(String reason, String pathRegex, int... seqs) {
    for (int seq : seqs) {
      DEVIATIONS
          .computeIfAbsent(seq, s -> new Deviation(reason, new ArrayList<>()))
          .paths()
          .add(Pattern.compile(pathRegex));
    }
  }

  static {
    deviation(
        "query-size-info with place_count 3 found no third node on the recorded controller shortly after"
            + " node-c had come back (probably its pool had not reported free space again yet); the"
            + " emulator's node-c is placeable as soon as it is online, so it answers with three nodes",
        "/space_info/next_spawn_result",
        277);
  }

  private static LinstorEmulator emu;
  private static Http http;

  @BeforeAll
  static void start() {
    emu = LinstorEmulator.builder().drbd(false).restPoolSizeKib(RECORDED_POOL_KIB).build().start();
    http = new Http(emu.baseUrl());
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  @TestFactory
  Stream<DynamicTest> recordedSession() {
    List<Exchange> all = new ArrayList<>();
    for (String file :
        List.of(
            "01-setup.jsonl",
            "02-nodes-pools.jsonl",
            "03-resource-groups.jsonl",
            "04-resource-definitions.jsonl",
            "05-volume-definitions.jsonl",
            "06-resources.jsonl",
            "07-snapshots.jsonl",
            "08-clone.jsonl",
            "09-faults.jsonl",
            "10-capacity-misc.jsonl",
            "11-eventual-consistency.jsonl")) {
      all.addAll(Recordings.load(file));
    }
    assertThat(all).hasSize(323);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Exchange ex = all.get(i);
      if (ex.polled()) {
        continue;
      }
      List<Exchange> polls = new ArrayList<>();
      for (int j = i + 1; j < all.size() && all.get(j).polled(); j++) {
        polls.add(all.get(j));
      }
      tests.add(DynamicTest.dynamicTest(ex.toString(), () -> replay(ex, polls)));
    }
    return tests.stream();
  }

  /** Satellite events of the recording, injected before the exchange they preceded. */
  private static void injectEventsBefore(int seq) {
    switch (seq) {
      case 30 -> emu.faults().nodeOffline("node-d"); // registered while its satellite never ran
      case 253 -> emu.faults().nodeOffline("node-c"); // satellite killed; 252 still saw it ONLINE
      case 269 -> emu.faults().nodeOnline("node-c"); // satellite restarted
      case 286 -> emu.faults().writeData("pvc-big-10g", 0, 300 * 1024); // dd of 300 MiB
      default -> {}
    }
  }

  private static void replay(Exchange ex, List<Exchange> polls) throws Exception {
    injectEventsBefore(ex.seq());
    if (polls.isEmpty()) {
      Http.Response actual = http.send(ex.method(), ex.target(), ex.bodyText());
      check(ex, actual);
      return;
    }
    replayWatched(ex, polls);
  }

  /** Runs the write with a satellite delay while polling what the recorder polled. */
  private static void replayWatched(Exchange write, List<Exchange> polls) throws Exception {
    List<String> paths = polls.stream().map(Exchange::target).distinct().toList();
    Map<String, List<Http.Response>> seen = new LinkedHashMap<>();
    paths.forEach(p -> seen.put(p, new CopyOnWriteArrayList<>()));
    AtomicBoolean running = new AtomicBoolean(true);
    Http pollClient = new Http(emu.baseUrl());
    Runnable pollOnce = () -> paths.forEach(p -> seen.get(p).add(pollClient.get(p)));
    pollOnce.run();
    Thread poller =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (running.get()) {
                    pollOnce.run();
                    try {
                      Thread.sleep(5);
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    emu.faults().satelliteDelay(Duration.ofMillis(250));
    Http.Response actual;
    try {
      actual = http.send(write.method(), write.target(), write.bodyText());
    } finally {
      emu.faults().satelliteDelay(Duration.ZERO);
      running.set(false);
      poller.join();
    }
    pollOnce.run();
    check(write, actual);
    for (Exchange poll : polls) {
      List<String> best = null;
      for (Http.Response r : seen.get(poll.target())) {
        List<String> diffs = differences(poll, r);
        if (diffs.isEmpty()) {
          best = diffs;
          break;
        }
        if (best == null || diffs.size() < best.size()) {
          best = diffs;
        }
      }
      assertThat(best)
          .as("no observed response of %s matches recorded %s", poll.target(), poll)
          .isEmpty();
    }
  }

  private static void check(Exchange ex, Http.Response actual) {
    assertThat(differences(ex, actual)).as("%s", ex).isEmpty();
  }

  private static List<String> differences(Exchange ex, Http.Response actual) {
    List<String> out = new ArrayList<>();
    if (ex.status() != actual.status()) {
      out.add("status " + ex.status() + " expected, got " + actual.status() + ": " + actual.body());
      return out;
    }
    Deviation deviation = DEVIATIONS.get(ex.seq());
    if (deviation == null) {
      out.addAll(ShapeMatch.compare(ex.response(), actual.body(), p -> false));
      return out;
    }
    out.addAll(ShapeMatch.compare(ex.response(), actual.body(), deviation::covers));
    if (ShapeMatch.compare(ex.response(), actual.body(), p -> false).isEmpty()) {
      out.add("the listed deviation is not needed any more: " + deviation.reason());
    }
    return out;
  }

  /**
   * File 12: an earlier cluster whose FILE_THIN pools sat on ext4 without reflink. The pools
   * advertise snapshots, but taking one fails; the emulator gets the same through {@link
   * Faults#snapshotsFail}.
   */
  @Test
  void snapshotsOnPoolsWithoutReflink() {
    try (LinstorEmulator ext4 =
        LinstorEmulator.builder()
            .drbd(false)
            .nodes("node-a", "node-b", "node-c")
            .storagePool("sp1", "FILE_THIN", 1992552)
            .build()
            .start()) {
      Http client = new Http(ext4.baseUrl());
      for (String rd : List.of("pvc-snap-src", "pvc-snap-restored")) {
        assertThat(
                client
                    .post(
                        "/v1/resource-definitions",
                        "{\"resource_definition\":{\"name\":\""
                            + rd
                            + "\",\"layer_data\":[{\"type\":\"STORAGE\"}]}}")
                    .status())
            .isEqualTo(201);
        client.post(
            "/v1/resource-definitions/" + rd + "/volume-definitions",
            "{\"volume_definition\":{\"size_kib\":49152}}");
        for (String node : List.of("node-b", "node-c")) {
          assertThat(
                  client
                      .post(
                          "/v1/resource-definitions/" + rd + "/resources",
                          "[{\"resource\":{\"node_name\":\""
                              + node
                              + "\",\"props\":{\"StorPoolName\":\"sp1\"}}}]")
                      .status())
              .isEqualTo(201);
        }
      }
      for (String node : List.of("node-a", "node-b", "node-c")) {
        ext4.faults().snapshotsFail(node, "sp1", true);
      }
      for (Exchange ex : Recordings.load("12-snapshots-ext4-no-reflink.jsonl")) {
        Http.Response actual = client.send(ex.method(), ex.target(), ex.bodyText());
        assertThat(ShapeMatch.compare(ex.response(), actual.body(), p -> false))
            .as("%s", ex)
            .isEmpty();
        assertThat(actual.status()).as("%s", ex).isEqualTo(ex.status());
      }
    }
  }
}
