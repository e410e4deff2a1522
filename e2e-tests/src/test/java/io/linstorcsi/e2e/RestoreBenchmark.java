package io.linstorcsi.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Restore benchmark (not a test): how long a claim restored from an S3 backup takes against the
 * emulator, next to the bare operation in the same run. A one-node cluster on this host (LVM_THIN
 * pool on a loop device, the driver's processes as {@link Cluster} starts them) and an S3 server on
 * loopback; a volume of the given size filled with incompressible bytes through its published block
 * device, backed up with {@code delete-local} and deleted; then:
 *
 * <ul>
 *   <li>restore: CreateVolume from the backup's snapshot id until the answer (LINSTOR downloads the
 *       backup into a snapshot, then restores it), checked by checksum afterwards;
 *   <li>bare: the backup's volume objects downloaded from the same S3 server with the AWS SDK and
 *       written into a file next to the emulator's backing files, fsynced.
 * </ul>
 *
 * <p>Run it with {@code bin/bench-restore [GiB] [rounds]} (root: loop devices, mounts).
 */
public final class RestoreBenchmark {
  private static final long GIB = 1L << 30;
  private static final int CHUNK = 8 << 20;
  private static final String BUCKET = "bench";

  /** A shipment or a restore of a large volume takes longer than the e2e tests' call deadline. */
  private static final java.time.Duration PATIENCE = java.time.Duration.ofMinutes(20);

  private RestoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    long bytes = (long) (args.length > 0 ? Double.parseDouble(args[0]) * GIB : GIB);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path s3Dir = Files.createTempDirectory("linstor-csi-bench-s3-");
    S3Server s3 = S3Server.start(s3Dir, BUCKET);
    Cluster cluster = Cluster.startWithPools("RestoreBenchmark", false, "LVM_THIN", "node-a");
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close =
        () -> {
          if (closed.compareAndSet(false, true)) {
            try {
              cluster.close();
              s3.close();
              deleteTree(s3Dir);
            } catch (Exception e) {
              System.err.println("clean-up failed: " + e);
            }
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(close));
    try {
      run(cluster, s3, bytes, rounds);
    } finally {
      close.run();
    }
  }

  private static void run(Cluster cluster, S3Server s3, long bytes, int rounds) throws Exception {
    Kubernetes k8s = new Kubernetes(cluster);
    BackupSnapshotter backups = new BackupSnapshotter(cluster, k8s.undo());
    StorageClass sc = StorageClass.twoReplicas(null).with(StorageClass.PLACEMENT_COUNT, "1");
    SnapshotClass cls = SnapshotClass.s3("bench-s3", s3, BUCKET).with("delete-local", "true");

    Pv pv = k8s.provisioner().provision(sc, Claim.block(bytes).scheduledOn("node-a"));
    Published pod = k8s.startPod(pv, "node-a");
    String written = fill(pod.target(), bytes);
    k8s.stopPod(pod);
    long t0 = System.nanoTime();
    var snapshot =
        backups
            .poll(
                backups.request(pv, "snapshot-" + java.util.UUID.randomUUID(), cls), cls, PATIENCE)
            .snapshot();
    double backupSeconds = (System.nanoTime() - t0) / 1e9;
    k8s.provisioner().delete(pv);
    List<String> objects =
        s3.keys(BUCKET).stream()
            .filter(k -> k.startsWith(pv.id()) && !k.endsWith(".meta"))
            .toList();
    long objectBytes = 0;
    for (String key : objects) {
      objectBytes += Files.size(s3.dir().resolve(BUCKET).resolve(key));
    }
    System.out.printf(
        "volume %.2f GiB, backup %.1f s, %d volume object(s) of %.2f GiB in the bucket%n",
        bytes / (double) GIB, backupSeconds, objects.size(), objectBytes / (double) GIB);
    System.out.printf("%5s %12s %12s %8s%n", "round", "restore s", "bare s", "ratio");

    List<Double> ratios = new java.util.ArrayList<>();
    try (S3Client client = client(s3)) {
      for (int round = 1; round <= rounds; round++) {
        long r0 = System.nanoTime();
        var request =
            k8s.provisioner()
                .request(
                    sc,
                    Claim.block(bytes).scheduledOn("node-a").from(Snapshotter.source(snapshot)));
        Pv restored =
            k8s.provisioner().accept(request, cluster.controller(PATIENCE).createVolume(request));
        double restoreSeconds = (System.nanoTime() - r0) / 1e9;
        Published check = k8s.startPod(restored, "node-a");
        String read = Checksums.sha256(check.target(), bytes);
        k8s.stopPod(check);
        k8s.provisioner().delete(restored);
        if (!read.equals(written)) {
          throw new IllegalStateException("round " + round + ": the restore holds other data");
        }
        // the downloaded copy goes, so that the next round downloads again
        deleteDownloadedCopy(cluster, pv.id());

        Path sink = cluster.dir().resolve("bare-download");
        long b0 = System.nanoTime();
        for (String key : objects) {
          download(client, key, sink);
        }
        double bareSeconds = (System.nanoTime() - b0) / 1e9;
        Files.deleteIfExists(sink);
        System.out.printf(
            "%5d %12.2f %12.2f %8.2f%n",
            round, restoreSeconds, bareSeconds, restoreSeconds / bareSeconds);
        ratios.add(restoreSeconds / bareSeconds);
      }
    }
    ratios.sort(null);
    System.out.printf("median ratio restore/bare: %.2f%n", ratios.get(ratios.size() / 2));
    backups.delete(snapshot, cls);
  }

  /** Incompressible bytes (no zero chunks a sparse copy could skip); returns their SHA-256. */
  private static String fill(Path device, long bytes) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] chunk = new byte[CHUNK];
    try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE)) {
      for (long off = 0; off < bytes; off += CHUNK) {
        random.nextBytes(chunk);
        int n = (int) Math.min(CHUNK, bytes - off);
        digest.update(chunk, 0, n);
        ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n);
        while (buf.hasRemaining()) {
          ch.write(buf, off + buf.position());
        }
      }
      ch.force(true);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static S3Client client(S3Server s3) {
    return S3Client.builder()
        .endpointOverride(URI.create(s3.endpoint()))
        .region(Region.of(S3Server.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** GET of one object over HTTP, written to {@code sink} and fsynced: the bare restore. */
  private static void download(S3Client client, String key, Path sink) throws IOException {
    try (InputStream in =
            client.getObject(GetObjectRequest.builder().bucket(BUCKET).key(key).build());
        FileChannel out =
            FileChannel.open(
                sink,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buf = new byte[CHUNK];
      long pos = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        while (b.hasRemaining()) {
          pos += out.write(b, pos);
        }
      }
      out.force(true);
    }
  }

  private static void deleteDownloadedCopy(Cluster cluster, String resource) {
    LinstorAdmin admin = new LinstorAdmin(cluster.emulator().baseUrl());
    for (String s : cluster.linstor().snapshots()) {
      String[] parts = s.split("@", 2);
      if (parts.length == 2 && parts[0].equals(resource)) {
        admin.deleteSnapshot(parts[0], parts[1]);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
