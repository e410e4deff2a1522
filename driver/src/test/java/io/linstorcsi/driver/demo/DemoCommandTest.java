package io.linstorcsi.driver.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.linstorcsi.driver.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The walkthrough run for real (root, loop devices), as the README's first command runs it. */
class DemoCommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run demo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = cli.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void walkthrough_runsEveryStepForReal_andLeavesNothingBehind() throws Exception {
    Path work = dir.resolve("demo");
    Run run = demo("--work-dir", work.toString(), "--size", "256Mi", "--expand-to", "320Mi");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("external-provisioner: CreateVolume")
        .contains("tail /data/outfile.txt:")
        .contains("| ResourceName")
        .contains("InUse")
        .containsPattern("identical: 5 lines")
        .contains("24 steps, 0 failed");
    assertThat(Mounts.under(work)).isEmpty();
    String loops =
        new String(
            new ProcessBuilder("losetup", "-l", "-n", "-O", "BACK-FILE")
                .start()
                .getInputStream()
                .readAllBytes());
    assertThat(loops).doesNotContain(work.toString());
    assertThat(Files.exists(work.resolve("backing"))).isTrue(); // --work-dir is the user's: kept
  }

  @Test
  void walkthroughWithBackup_shipsToS3_deletesTheClaim_restoresAndCompares() throws Exception {
    Path work = dir.resolve("demo-backup");
    Run run =
        demo("--backup", "--work-dir", work.toString(), "--size", "64Mi", "--expand-to", "96Mi");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("Start an in-process S3 server (s3proxy on this class path)")
        .contains("snap.linstor.csi.linbit.com/type: S3")
        .containsPattern("S3://demo-s3/pvc-[0-9a-f-]+/snapshot-[0-9a-f-]+: ready_to_use false")
        .containsPattern("ready after .* and \\d+ answer\\(s\\) ready_to_use: false")
        .contains("linstor snapshot list: no snapshot")
        .contains("The claim 'data' is deleted")
        .contains("restore the S3 backup into a new claim")
        .containsPattern("identical: 5 lines")
        .contains("DeleteSnapshot S3://demo-s3/")
        .contains("0 failed");
    assertThat(Mounts.under(work)).isEmpty();
  }

  @Test
  void unknownFileSystem_isAUsageError() {
    Run run = demo("--fs", "btrfs");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--fs must be ext4 or xfs");
  }

  @Test
  void expansionNotLarger_isAUsageError() {
    Run run = demo("--size", "5Gi", "--expand-to", "5Gi");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--expand-to must be larger than --size");
  }

  @Test
  void backupWithoutAnyS3Server_saysWhatItNeeds_andStartsNothing() {
    DemoCommand command = new DemoCommand();
    command.inProcessS3Available = () -> false;
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    Path work = dir.resolve("never");

    int exit = cli.execute("--backup", "--work-dir", work.toString());

    assertThat(exit).isEqualTo(3);
    assertThat(err.toString())
        .contains("--backup needs an S3 server")
        .contains("--s3-endpoint")
        .contains("AWS_ACCESS_KEY_ID")
        .contains("never fakes a step");
    assertThat(Files.exists(work)).isFalse();
  }

  @Test
  void s3EndpointWithoutKeys_isAUsageError() {
    DemoCommand command = new DemoCommand();
    command.env = java.util.Map.of();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("--backup", "--s3-endpoint", "http://127.0.0.1:9000")).isEqualTo(2);
    assertThat(err.toString()).contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void sizes_parseKubernetesQuantities() {
    assertThat(Sizes.parse("5Gi", "--size")).isEqualTo(5L << 30);
    assertThat(Sizes.parse("512Mi", "--size")).isEqualTo(512L << 20);
    assertThat(Sizes.parse("1048576", "--size")).isEqualTo(1L << 20);
  }
}
