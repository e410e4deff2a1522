package io.linstorcsi.controller.backups;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.controller.params.SnapshotParameters;
import io.linstorcsi.linstor.model.Backup;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupChainTest {
  private static final String NS = "snap.linstor.csi.linbit.com/";
  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

  private static Backup backup(String id, String snap, String base, long startMs, boolean ok) {
    return new Backup(
        id,
        null,
        startMs,
        null,
        startMs + 1,
        "pvc-1",
        snap,
        "node-a",
        null,
        List.of(),
        ok,
        false,
        ok,
        null,
        base == null ? null : base + ".meta");
  }

  private static BackupChain chain(Backup... backups) {
    Map<String, Backup> byId = new HashMap<>();
    for (Backup b : backups) {
      byId.put(b.id(), b);
    }
    return new BackupChain(byId);
  }

  private static SnapshotParameters params(String... extra) {
    Map<String, String> p = new HashMap<>();
    p.put(NS + "type", "S3");
    p.put(NS + "remote-name", "r");
    p.put(NS + "allow-incremental", "true");
    for (int i = 0; i < extra.length; i += 2) {
      p.put(NS + extra[i], extra[i + 1]);
    }
    return SnapshotParameters.parse(p, Map.of());
  }

  private static final long DAY = 86_400_000L;
  private static final long T0 = NOW.toEpochMilli() - 10 * DAY;

  @Test
  void withoutIncrementsAllowed_isFull() {
    Map<String, String> p = Map.of(NS + "type", "S3", NS + "remote-name", "r");
    assertThat(
            chain(backup("b1", "s1", null, T0, true))
                .nextIncremental(SnapshotParameters.parse(p, Map.of()), "pvc-1", NOW))
        .isFalse();
  }

  @Test
  void maxIncrements_makesTheNextBackupFullOnceTheChainHasThatMany() {
    BackupChain twoIncrements =
        chain(
            backup("b1", "s1", null, T0, true),
            backup("b2", "s2", "b1", T0 + 1000, true),
            backup("b3", "s3", "b2", T0 + 2000, true));
    assertThat(twoIncrements.nextIncremental(params("max-increments", "3"), "pvc-1", NOW)).isTrue();
    assertThat(twoIncrements.nextIncremental(params("max-increments", "2"), "pvc-1", NOW))
        .isFalse();
    assertThat(twoIncrements.nextIncremental(params(), "pvc-1", NOW)).isTrue();
  }

  @Test
  void fullSnapshotAfter_makesTheNextBackupFullOnceTheFullOneIsThatOld() {
    BackupChain chain =
        chain(backup("b1", "s1", null, T0, true), backup("b2", "s2", "b1", T0 + DAY, true));
    assertThat(chain.nextIncremental(params("full-snapshot-after", "240h"), "pvc-1", NOW))
        .isFalse();
    assertThat(chain.nextIncremental(params("full-snapshot-after", "241h"), "pvc-1", NOW)).isTrue();
  }

  @Test
  void failedBackups_areNotTheLeafOfTheChain() {
    BackupChain chain =
        chain(
            backup("b1", "s1", null, T0, true),
            backup("b2", "s2", "b1", T0 + 1000, false),
            backup("b3", "s3", "b2", T0 + 2000, false));
    assertThat(chain.nextIncremental(params("max-increments", "1"), "pvc-1", NOW)).isTrue();
  }

  @Test
  void dependents_areTheIncrementsBasedOnTheGivenBackups() {
    Backup b1 = backup("b1", "s1", null, T0, true);
    Backup b2 = backup("b2", "s2", "b1", T0 + 1000, true);
    Backup b3 = backup("b3", "s3", "b2", T0 + 2000, true);
    BackupChain chain = chain(b1, b2, b3);
    assertThat(chain.dependentsOf(chain.of("pvc-1", "s1"))).containsExactly(b2);
    assertThat(chain.dependentsOf(chain.of("pvc-1", "s3"))).isEmpty();
  }
}
