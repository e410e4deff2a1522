package io.linstorcsi.drbd;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.node.drbd.DrbdHealth;
import io.linstorcsi.node.drbd.DrbdResource;
import io.linstorcsi.node.drbd.DrbdStateTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The node service's DRBD parser and health verdict on what real DRBD 8.4 (Debian's 6.1 kernel,
 * drbd-utils 9.22 through its 8.4 compatibility programs) printed in the states the integration
 * tests reach. Runs in every build; no qemu needed. The recordings in {@code
 * src/test/resources/drbd84/<state>/<guest>/} come from {@code target/drbd84-recordings} of a run
 * of the integration tests.
 */
class Drbd84RecordingsTest {

  @ParameterizedTest(name = "{0} on {1}: abnormal={2}, usable={3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          single-secondary-peer-never-connected | alpha | true  | true | disconnected from peer (Connecting, 262100 KiB out of sync)
          single-primary-staged                 | alpha | true  | true | disconnected from peer (Connecting, 262100 KiB out of sync)
          connected-both-secondary              | alpha | false | true | Secondary, disk UpToDate, 1 peer connected
          connected-primary-staged              | alpha | false | true | Primary, disk UpToDate, 1 peer connected
          connected-peer-primary                | beta  | false | true | Secondary, disk UpToDate, 1 peer connected
          disconnected-primary                  | alpha | true  | true | disconnected from peer (Connecting, 520 KiB out of sync)
          disconnected-secondary                | beta  | true  | true | disconnected from peer (Connecting)
          split-brain-standalone                | alpha | true  | true | StandAlone towards peer-node-id 0
          split-brain-standalone                | beta  | true  | true | StandAlone towards peer-node-id 0
          split-brain-recovered                 | alpha | false | true | Primary, disk UpToDate, 1 peer connected
          split-brain-recovered-victim          | beta  | false | true | Secondary, disk UpToDate, 1 peer connected
          """)
  void events2Now_givesTheVerdictOfTheState(
      String state, String guest, boolean abnormal, boolean usable, String message) {
    DrbdHealth verdict = Drbd84Verdict.of(recording(state, guest, "events2-now.txt"), 0);
    assertThat(verdict.abnormal()).as(verdict.message()).isEqualTo(abnormal);
    assertThat(verdict.usable()).as(verdict.message()).isEqualTo(usable);
    assertThat(verdict.message()).contains(message);
  }

  @Test
  void events2Now_readsRoleDiskAndPeerOfDrbd84() {
    DrbdResource resource =
        Drbd84Verdict.resource(
            recording("connected-primary-staged", "alpha", "events2-now.txt"), "r0");
    assertThat(resource.role()).isEqualTo("Primary");
    assertThat(resource.devices())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.minor()).isZero();
              assertThat(d.disk()).isEqualTo("UpToDate");
              assertThat(d.sizeKiB()).isEqualTo(262100);
            });
    assertThat(resource.connections())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.peer()).isEqualTo("peer");
              assertThat(c.state()).isEqualTo("Connected");
              assertThat(c.peerRole()).isEqualTo("Secondary");
              assertThat(c.volume(0)).get().extracting(p -> p.peerDisk()).isEqualTo("UpToDate");
            });
  }

  @Test
  void events2Stream_keepsTheSplitBrainEvidenceOfDrbd84() {
    DrbdStateTracker tracker =
        Drbd84Verdict.track(recording("split-brain-standalone", "beta", "events2-stream.txt"));
    assertThat(tracker.current()).isTrue();
    assertThat(tracker.splitBrainPeers("r0")).containsExactly("peer");
  }

  /**
   * DRBD 8.4's stream ends a connection that goes StandAlone with {@code destroy peer-device} and
   * {@code destroy connection}, while {@code events2 --now} still lists it as StandAlone; the
   * tracker keeps it as StandAlone on DRBD 8.4, so the verdict reports the split brain.
   */
  @Test
  void events2Stream_afterSplitBrain_isAbnormalAndSaysSo() {
    for (String guest : new String[] {"alpha", "beta"}) {
      DrbdHealth verdict =
          Drbd84Verdict.of(recording("split-brain-standalone", guest, "events2-stream.txt"), 0);
      assertThat(verdict.abnormal()).as(verdict.message()).isTrue();
      assertThat(verdict.message()).contains("split brain with peer");
    }
  }

  static String recording(String state, String guest, String file) {
    String name = "drbd84/" + state + "/" + guest + "/" + file;
    try (InputStream in = Drbd84RecordingsTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("recording " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
