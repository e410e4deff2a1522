package io.linstorcsi.linstor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.BackupDeleteOptions;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.error.RetCode;
import io.linstorcsi.linstor.model.BackupCreate;
import io.linstorcsi.linstor.model.BackupInfoRequest;
import io.linstorcsi.linstor.model.LinstorRemote;
import io.linstorcsi.linstor.model.S3Remote;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The remote and backup calls against the emulator over real HTTP: round trips of LINSTOR remotes,
 * and how LINSTOR's refusals reach the caller through the one error mapper. (Shipping to S3 is
 * exercised with a real S3 server in the controller's tests.)
 */
class EmulatorBackupCallsTest {
  private static LinstorEmulator emulator;
  private static LinstorClient client;

  @BeforeAll
  static void start() {
    emulator =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b")
            .storagePool("sp1", "LVM_THIN", 20L << 20)
            .build()
            .start();
    client = LinstorClient.builder().endpoints(List.of(emulator.baseUrl())).retries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    emulator.close();
  }

  @Test
  void linstorRemote_roundTrip_createListModifyDelete() {
    String id = UUID.randomUUID().toString();
    client
        .remotes()
        .createLinstor(new LinstorRemote("dr", "http://10.0.0.1:3370", "secret-pass", id));
    assertThat(client.remotes().listLinstor())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.remoteName()).isEqualTo("dr");
              assertThat(r.url()).isEqualTo("http://10.0.0.1:3370");
              // linstor-server reports neither the cluster id nor the passphrase
              assertThat(r.passphrase()).isNull();
            });
    assertThat(client.remotes().list().contains("dr")).isTrue();
    client
        .remotes()
        .modifyLinstor("dr", new LinstorRemote(null, "http://10.0.0.2:3370", null, null));
    assertThat(client.remotes().listLinstor().getFirst().url()).isEqualTo("http://10.0.0.2:3370");

    LinstorException taken =
        catchThrowableOfType(
            LinstorException.class,
            () ->
                client
                    .remotes()
                    .createLinstor(new LinstorRemote("dr", "http://10.0.0.3", null, id)));
    assertThat(taken).isInstanceOf(LinstorException.AlreadyExists.class);

    client.remotes().delete("dr");
    assertThat(client.remotes().list().contains("dr")).isFalse();
    List<ApiCallRc> again = client.remotes().delete("dr");
    assertThat(again).anyMatch(rc -> rc.is(RetCode.WARN_NOT_FOUND));
  }

  @Test
  void s3Remote_thatLinstorCannotReach_isRefused_andNotCreated() {
    LinstorException e =
        catchThrowableOfType(
            LinstorException.class,
            () ->
                client
                    .remotes()
                    .createS3(
                        new S3Remote(
                            "nowhere",
                            "http://127.0.0.1:1",
                            "b",
                            "us-east-1",
                            "AKIA-DO-NOT-PRINT",
                            "SECRET-DO-NOT-PRINT",
                            true)));
    assertThat(e.linstorAnswered()).isTrue();
    assertThat(e.getMessage())
        .contains("could not be reached")
        .doesNotContain("AKIA-DO-NOT-PRINT", "SECRET-DO-NOT-PRINT");
    assertThat(client.remotes().list().contains("nowhere")).isFalse();
  }

  @Test
  void s3Remote_withMissingFields_isInvalid() {
    LinstorException e =
        catchThrowableOfType(
            LinstorException.class,
            () ->
                client
                    .remotes()
                    .createS3(new S3Remote("incomplete", null, null, null, null, null, null)));
    assertThat(e).isInstanceOf(LinstorException.Invalid.class);
  }

  @Test
  void backupCalls_onAnUnknownRemote_areNotFound() {
    assertThat(
            catchThrowableOfType(
                LinstorException.class, () -> client.backups().list("missing", null, null)))
        .isInstanceOf(LinstorException.NotFound.class);
    assertThat(
            catchThrowableOfType(
                LinstorException.class,
                () -> client.backups().info("missing", BackupInfoRequest.of("r", "s"))))
        .isInstanceOf(LinstorException.NotFound.class);
    assertThat(
            catchThrowableOfType(
                LinstorException.class,
                () -> client.backups().create("missing", BackupCreate.of("r", "s", false))))
        .isInstanceOf(LinstorException.NotFound.class);
    assertThat(
            catchThrowableOfType(
                LinstorException.class,
                () -> client.backups().delete("missing", BackupDeleteOptions.id("x"))))
        .isInstanceOf(LinstorException.NotFound.class);
  }

  @Test
  void backupQueue_isEmptyWithoutShipments() {
    var queues = client.backups().queue(ListFilter.all(), List.of(), false);
    assertThat(queues.nodeQueues()).isEmpty();
    assertThat(queues.snapQueues()).isEmpty();
  }
}
