package io.linstorcsi.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.emulator.Recordings.Exchange;
import io.linstorcsi.emulator.state.SyncPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the 223 exchanges recorded from LINSTOR 1.33.3 with the DRBD layer on two real DRBD 9
 * nodes ({@code linstor-drbd-recordings}) in their real time order ({@code seq}) against one
 * emulator set up like that cluster, and checks status, JSON shape, identifying values (disk
 * states, connection messages, flags...) and ApiCallRc classes, like {@link ReplayTest}.
 *
 * <p>What happened on the DRBD nodes between two calls (a resync's progress, {@code drbdadm
 * primary}, a cut data link, a write, {@code drbdadm disconnect/down}) is injected through {@link
 * DrbdControl} before the record that first shows it. The polls of file 08, which ran while a spawn
 * and an RD delete were running, are checked like {@link ReplayTest} checks its concurrent polls:
 * each must match some answer observed while the write runs with a satellite delay. Deliberate
 * differences are listed below with their reasons.
 */
class DrbdReplayTest {
  /** Size of the recorded satellites' FILE_THIN pools. */
  private static final long RECORDED_POOL_KIB = 4128768;

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

  /** A write whose polls ran concurrently (file 08): the write seq and its polls' seq range. */
  private record Watched(int write, int firstPoll, int lastPoll) {
    boolean polls(int seq) {
      return seq >= firstPoll && seq <= lastPoll;
    }
  }

  private static final List<Watched> WATCHED =
      List.of(new Watched(165, 147, 164), new Watched(174, 168, 173));

  static {
    deviation(
        "the recorded satellites had the tools for WRITECACHE and CACHE (and lacked LVM, ZFS...),"
            + " and a second net interface 'data' that the recording's setup created; the emulator's"
            + " satellites offer DRBD and STORAGE with their configured pools and one interface",
        "(/\\d+)?/(net_interfaces|resource_layers|storage_providers|unsupported_layers|unsupported_providers)(/.*)?",
        2,
        48);
    String creating =
        "transient states of the real satellites while they create a DRBD resource step by step"
            + " (DRBD already reporting before the spawn answered: Diskless, StandAlone, Attaching,"
            + " no create_timestamp yet, both devices created at once); the emulator deploys the"
            + " replicas one after the other and shows no state until a replica is deployed";
    for (String path :
        List.of(
            "/\\d+/state",
            "/\\d+/volumes/\\d+/state(/.*)?",
            "/\\d+/layer_object/drbd/(connections|may_promote|promotion_score|flags)(/.*)?",
            "/\\d+/create_timestamp",
            "/\\d+/layer_object/children/0/storage/storage_volumes/\\d+/device_path",
            "/\\d+/layer_object/drbd/drbd_volumes/\\d+/(backing_device|device_path)",
            "/\\d+/volumes/\\d+/(device_path|layer_data_list/\\d+/data/(backing_device|device_path))")) {
      deviation(creating, path, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158);
    }
    deviation(
        "the resync progress while the spawn was still running; the emulator's resync moves only"
            + " when the test advances it, which it does after the spawn answered (seq 166)",
        "/1/volumes/0/state/disk_state",
        159,
        160,
        161,
        162,
        163,
        164);
    deviation(
        "DRBD reported a stale done_percentage on the Established entry right after the resync"
            + " ended; the emulator reports done_percentage only while a resync runs",
        "/0/volumes/0/state/replication_states/drbd-b/done_percentage",
        167);
    deviation(
        "while the satellites took the resource down one after the other, one reported an empty"
            + " state for a moment; the emulator goes from full state to none",
        "/0/(state|volumes/0/state)",
        170);
  }

  private static LinstorEmulator emu;
  private static Http http;

  @BeforeAll
  static void start() {
    emu =
        LinstorEmulator.builder()
            .nodes("drbd-a", "drbd-b")
            .storagePool("drbdpool", "FILE_THIN", RECORDED_POOL_KIB)
            .syncPolicy(SyncPolicy.MANUAL)
            .build()
            .start();
    http = new Http(emu.baseUrl());
    for (String node : List.of("drbd-a", "drbd-b")) {
      assertThat(
              http.put("/v1/nodes/" + node, "{\"override_props\":{\"PrefNic\":\"data\"}}").status())
          .isEqualTo(200);
    }
    // set on the recorded controller before the recording (01 seq 6)
    assertThat(
            http.post(
                    "/v1/controller/properties",
                    "{\"override_props\":{\"DrbdOptions/PeerDevice/c-min-rate\":\"0\","
                        + "\"DrbdOptions/PeerDevice/c-plan-ahead\":\"0\","
                        + "\"DrbdOptions/PeerDevice/resync-rate\":\"102400\"}}")
                .status())
        .isEqualTo(200);
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
            "01-nodes-pools.jsonl",
            "02-spawn-sync.jsonl",
            "03-healthy.jsonl",
            "04-diskless.jsonl",
            "05-link-cut.jsonl",
            "06-resize-snapshot.jsonl",
            "07-delete.jsonl",
            "08-concurrent.jsonl",
            "09-outdated-down.jsonl")) {
      all.addAll(Recordings.load(Recordings.DRBD_DIR, file));
    }
    assertThat(all).hasSize(223);
    all.sort(Comparator.comparingInt(Exchange::seq));
    Map<Integer, Exchange> bySeq = new LinkedHashMap<>();
    all.forEach(e -> bySeq.put(e.seq(), e));
    List<DynamicTest> tests = new ArrayList<>();
    for (Exchange ex : all) {
      Watched watched = WATCHED.stream().filter(w -> w.polls(ex.seq())).findFirst().orElse(null);
      if (watched != null) {
        if (watched.firstPoll() == ex.seq()) {
          Exchange write = bySeq.get(watched.write());
          List<Exchange> polls = all.stream().filter(e -> watched.polls(e.seq())).toList();
          tests.add(DynamicTest.dynamicTest(write.toString(), () -> replayWatched(write, polls)));
        }
        continue;
      }
      if (WATCHED.stream().anyMatch(w -> w.write() == ex.seq())) {
        continue;
      }
      tests.add(DynamicTest.dynamicTest(ex.toString(), () -> replay(ex)));
    }
    return tests.stream();
  }

  /** What happened on the DRBD nodes before the record that first shows it. */
  private static void injectEventsBefore(int seq) {
    DrbdControl drbd = emu.drbd();
    switch (seq) {
      case 12 -> syncTo("rec-a", 44.14);
      case 14 -> syncTo("rec-a", 50.07);
      case 15 -> drbd.completeSync("rec-a");
      case 24 -> syncTo("rec-b", 0.47);
      case 26 -> syncTo("rec-b", 50.18);
      case 27 -> drbd.completeSync("rec-b");
      case 70 -> emu.faults().inUse("rec-a", "drbd-a", true); // drbdadm primary
      case 74 -> drbd.cutLink("drbd-a"); // 72, 73: not noticed by DRBD yet
      case 76 -> drbd.write("rec-a", "drbd-a", 24 * 1024);
      case 83 -> drbd.restoreLink("drbd-a"); // 81, 82: not reconnected yet
      case 85 -> drbd.completeSync("rec-a");
      case 89 -> emu.faults().inUse("rec-a", "drbd-a", null); // drbdadm secondary
      case 113 -> drbd.cutLink("drbd-b"); // 111, 112: not noticed yet
      case 119 -> drbd.restoreLink("drbd-b"); // 117, 118: not reconnected yet
      case 166 -> syncTo("rec-e", 50.0);
      case 183 -> drbd.completeSync("rec-f"); // 128 MiB resynced before the first poll
      case 207 -> drbd.completeSync("rec-g");
      case 167 -> drbd.completeSync("rec-e");
      case 185, 209 -> {
        String rd = seq == 185 ? "rec-f" : "rec-g";
        emu.faults().inUse(rd, "drbd-a", true);
        drbd.disconnect(rd, "drbd-a");
      }
      case 191 -> drbd.connect("rec-f", "drbd-a");
      case 193 -> emu.faults().inUse("rec-f", "drbd-a", null);
      case 195 -> drbd.down("rec-f", "drbd-b");
      case 197 -> drbd.up("rec-f", "drbd-b");
      case 211 -> drbd.write("rec-g", "drbd-a", 8 * 1024);
      case 213 -> drbd.connect("rec-g", "drbd-a").completeSync("rec-g"); // too quick to show
      case 216 -> emu.faults().inUse("rec-g", "drbd-a", null);
      default -> {}
    }
  }

  /** Moves the running resync of the definition to {@code percent} done. */
  private static void syncTo(String rd, double percent) {
    for (String node : List.of("drbd-a", "drbd-b")) {
      Double now = emu.drbd().state(rd, node).syncPercent();
      if (now != null) {
        emu.drbd().advanceSync(rd, node, percent - now);
      }
    }
  }

  private static void replay(Exchange ex) {
    injectEventsBefore(ex.seq());
    Http.Response actual = http.send(ex.method(), ex.target(), ex.bodyText());
    assertThat(differences(ex, actual)).as("%s", ex).isEmpty();
    Deviation deviation = DEVIATIONS.get(ex.seq());
    if (deviation != null) {
      assertThat(ShapeMatch.compare(ex.response(), actual.body(), p -> false))
          .as("the listed deviation is not needed any more: %s", deviation.reason())
          .isNotEmpty();
    }
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
    seen.forEach(
        (k, v) ->
            System.err.println(
                "DEBUG "
                    + write.seq()
                    + " "
                    + k
                    + " "
                    + v.stream()
                        .map(
                            r ->
                                r.status()
                                    + ":"
                                    + (r.body() == null ? "-" : String.valueOf(r.body().size())))
                        .distinct()
                        .toList()));
    assertThat(differences(write, actual)).as("%s", write).isEmpty();
    List<String> unmatched = new ArrayList<>();
    for (Exchange poll : polls) {
      List<String> best = null;
      for (Http.Response r : seen.get(poll.target())) {
        List<String> diffs = differences(poll, r);
        if (best == null || weight(diffs) < weight(best)) {
          best = diffs;
        }
        if (best.isEmpty()) {
          break;
        }
      }
      if (!best.isEmpty()) {
        unmatched.add(poll + " " + best);
      }
    }
    assertThat(unmatched).as("recorded polls no observed answer matches").isEmpty();
  }

  /** A list of another length says less about how close an answer came than any field does. */
  private static int weight(List<String> diffs) {
    return diffs.stream().mapToInt(d -> d.startsWith(": length") ? 1000 : 1).sum();
  }

  private static List<String> differences(Exchange ex, Http.Response actual) {
    List<String> out = new ArrayList<>();
    Deviation deviation = DEVIATIONS.get(ex.seq());
    if (ex.status() != actual.status()) {
      if (deviation == null || !deviation.covers("status")) {
        out.add(
            "status " + ex.status() + " expected, got " + actual.status() + ": " + actual.body());
      }
      return out;
    }
    if (deviation == null) {
      out.addAll(ShapeMatch.compare(ex.response(), actual.body(), p -> false));
      return out;
    }
    out.addAll(ShapeMatch.compare(ex.response(), actual.body(), deviation::covers));
    return out;
  }
}
