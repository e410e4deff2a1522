package io.linstorcsi.drbd;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java command lines for the guests: the driver as the node plugin and the CSI client. The guests
 * see the host's tree, so the JDK running these tests works inside as it is. Two things make it
 * usable under software emulation:
 *
 * <ul>
 *   <li>The class path Maven resolved for these tests (the packaged driver and its dependencies) is
 *       copied once into the build directory. The guests' 9p root caches file contents, so a jar
 *       that a parallel build replaces in the local repository would otherwise be read half old,
 *       half new.
 *   <li>Class-data archives for the driver and the client are trained on the host, once per JVM: an
 *       emulated vCPU parses and verifies thousands of classes many times slower than the host. A
 *       JVM that cannot use an archive (another JDK, say) runs without it.
 * </ul>
 */
final class GuestJava {
  private static final Logger LOG = LoggerFactory.getLogger(GuestJava.class);

  static final String DRIVER_MAIN = "io.linstorcsi.driver.Main";

  /**
   * Small and quick to start: a guest has one emulated vCPU and 512 MiB. The node service drains
   * process pipes on virtual threads; since JDK 24 a virtual thread blocked reading a pipe keeps
   * its carrier, and the stderr drain of the long-running {@code drbdsetup events2} never returns,
   * so with one CPU's worth of carriers every RPC would wait forever. More carriers than CPUs avoid
   * that.
   */
  static final List<String> JVM_FLAGS =
      List.of(
          "-Xmx128m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:-UsePerfData",
          "-Djdk.virtualThreadScheduler.parallelism=4");

  private static final Pattern JAR_SOURCE = Pattern.compile("source: (?:jar:)?file:(/\\S+\\.jar)");

  private static GuestJava prepared;

  private final String driverClassPath;
  private String clientClassPath;
  private final Path driverArchive;
  private final Path clientArchive;

  private GuestJava(String driverClassPath, String clientClassPath, Path dir) {
    this.driverClassPath = driverClassPath;
    this.clientClassPath = clientClassPath;
    this.driverArchive = dir.resolve("driver.aot");
    this.clientArchive = dir.resolve("client.aot");
  }

  /** Copies the class path into {@code dir} and trains the archives, once per JVM. */
  static synchronized GuestJava prepare(Path dir) throws IOException, InterruptedException {
    if (prepared != null) {
      return prepared;
    }
    long start = System.nanoTime();
    deleteTree(dir);
    Path lib = Files.createDirectories(dir.resolve("lib"));
    List<String> dependencies = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
    Path tests = dir.resolve("drbd-tests.jar");
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (entry.contains("/org/apache/maven/surefire/") || path.equals(testClasses)) {
        continue; // the runner's own jars; this module's test classes become drbd-tests.jar
      }
      String name = path.getFileName().toString();
      if (!names.add(name)) {
        name = names.size() + "-" + name;
      }
      if (Files.isRegularFile(path)) {
        Path copy = lib.resolve(name);
        Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
        dependencies.add(copy.toString());
      } else if (Files.isDirectory(path) && !isEmpty(path)) {
        // a reactor module's classes directory: AOT caches need jars on the class path
        Path jar = lib.resolve(path.getParent().getParent().getFileName() + "-" + name + ".jar");
        jar(path, jar);
        dependencies.add(jar.toString());
      }
    }
    jar(testClasses, tests);
    List<String> client = new ArrayList<>(List.of(tests.toString()));
    // The client logs nothing of its own: without a logging backend the libraries fall back to
    // java.util.logging, and hundreds of classes and a configuration file stay unread.
    client.addAll(
        dependencies.stream()
            .filter(jar -> !jar.contains("/logback-") && !jar.contains("/slf4j-"))
            .toList());
    GuestJava java =
        new GuestJava(
            String.join(File.pathSeparator, dependencies),
            String.join(File.pathSeparator, client),
            dir);
    java.train(dir);
    LOG.info(
        "guest class path and AOT caches ready in {} ms", (System.nanoTime() - start) / 1_000_000);
    prepared = java;
    return java;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The driver exactly as the node DaemonSet runs it; LINSTOR is never asked in these tests. */
  List<String> driverCommand(String node, String socket) {
    List<String> command = jvm(driverArchive, driverClassPath);
    command.addAll(driverArgs(node, socket));
    return command;
  }

  private static List<String> driverArgs(String node, String socket) {
    return List.of(
        DRIVER_MAIN,
        "--node-plugin",
        "--node",
        node,
        "--csi-endpoint",
        "unix://" + socket,
        // the node role needs no LINSTOR while the publish context carries the device path
        "--linstor-endpoint",
        "http://127.0.0.1:1");
  }

  List<String> clientCommand(String socket, List<String> calls) {
    List<String> command = jvm(clientArchive, clientClassPath);
    command.add(CsiNodeCli.class.getName());
    command.add("unix://" + socket);
    command.addAll(calls);
    return command;
  }

  private static List<String> jvm(Path archive, String classPath) {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(JVM_FLAGS);
    if (Files.isRegularFile(archive)) {
      command.add("-XX:AOTCache=" + archive);
      command.add("-Xlog:aot=off,cds=off");
    }
    command.addAll(List.of("-cp", classPath));
    return command;
  }

  /**
   * Runs the driver and the client on the host with {@code -XX:AOTCacheOutput}. Only calls that
   * fail validation are made, so nothing on the host is mounted or changed; they still take the
   * gRPC, protobuf and logging paths of every guest call. The client runs twice: first to learn
   * which jars it needs, then on just those to train its cache.
   */
  private void train(Path dir) throws IOException, InterruptedException {
    Path socketDir = Files.createTempDirectory("drbdvm-train-");
    Path socket = socketDir.resolve("csi.sock");
    Path log = dir.resolve("training.log");
    List<String> driver = training(driverArchive, driverClassPath);
    driver.addAll(driverArgs("training", socket.toString()));
    Process server =
        new ProcessBuilder(QemuReaper.tiedToThisJvm(driver))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (!Files.exists(socket) && server.isAlive() && Instant.now().isBefore(deadline)) {
        Thread.sleep(50);
      }
      Path classes = dir.resolve("client-classes.log");
      List<String> discovery = new ArrayList<>(List.of(java()));
      discovery.addAll(JVM_FLAGS);
      discovery.add("-Xlog:class+load=info:file=" + classes);
      discovery.addAll(List.of("-cp", clientClassPath));
      runClient(discovery, socket, log);
      clientClassPath = jarsLoadedFrom(classes).orElse(clientClassPath);
      runClient(training(clientArchive, clientClassPath), socket, log);
    } finally {
      server.destroy(); // SIGTERM: the driver stops gracefully and the cache is written at exit
      if (!server.waitFor(120, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
      deleteTree(socketDir);
    }
    Files.writeString(dir.resolve("driver.classpath"), driverClassPath);
    Files.writeString(dir.resolve("client.classpath"), clientClassPath);
    keepIfUsable(driverArchive, driverClassPath, List.of(DRIVER_MAIN, "--version"), log);
    keepIfUsable(clientArchive, clientClassPath, List.of(CsiNodeCli.class.getName()), log);
  }

  private static void runClient(List<String> jvm, Path socket, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(jvm);
    command.add(CsiNodeCli.class.getName());
    command.add("unix://" + socket);
    command.addAll(
        List.of(
            "probe",
            "stats",
            "volume=training",
            "path=/var/lib/kubelet/drbd-tests-training-absent",
            "stage",
            "volume=training",
            "staging=/var/lib/kubelet/drbd-tests-training-absent"));
    Process client =
        new ProcessBuilder(QemuReaper.tiedToThisJvm(command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!client.waitFor(120, TimeUnit.SECONDS)) {
      client.destroyForcibly();
    }
  }

  /** The class path of the jars a run loaded classes from, in class path order. */
  private Optional<String> jarsLoadedFrom(Path classLog) throws IOException {
    if (!Files.isRegularFile(classLog)) {
      return Optional.empty();
    }
    Set<String> used = new HashSet<>();
    for (String line : Files.readAllLines(classLog)) {
      Matcher m = JAR_SOURCE.matcher(line);
      if (m.find()) {
        used.add(m.group(1));
      }
    }
    List<String> kept =
        Stream.of(clientClassPath.split(File.pathSeparator)).filter(used::contains).toList();
    return kept.isEmpty() ? Optional.empty() : Optional.of(String.join(File.pathSeparator, kept));
  }

  /** Deletes a cache that this JDK refuses with this class path, so guests never try it. */
  private static void keepIfUsable(Path archive, String classPath, List<String> main, Path log)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(archive)) {
      LOG.warn("no AOT cache {}; guests start slower (see {})", archive, log);
      return;
    }
    List<String> check = new ArrayList<>(List.of(java()));
    check.addAll(JVM_FLAGS);
    check.addAll(List.of("-XX:AOTMode=on", "-XX:AOTCache=" + archive, "-cp", classPath));
    check.addAll(main);
    Path out = archive.resolveSibling(archive.getFileName() + ".check.log");
    Process p =
        new ProcessBuilder(QemuReaper.tiedToThisJvm(check))
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    if (Files.readString(out).contains("Error occurred during initialization of VM")) {
      LOG.warn("AOT cache {} is not usable here; guests start without it (see {})", archive, out);
      Files.delete(archive);
    }
  }

  private static List<String> training(Path archive, String classPath) {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(JVM_FLAGS);
    command.add("-XX:AOTCacheOutput=" + archive);
    command.add("-Xlog:aot=warning,cds=warning");
    command.addAll(List.of("-cp", classPath));
    return command;
  }

  private static void jar(Path classes, Path target) throws IOException {
    try (OutputStream file = Files.newOutputStream(target);
        JarOutputStream jar = new JarOutputStream(file);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, jar);
        jar.closeEntry();
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.noneMatch(Files::isRegularFile);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Single-quotes a word for bash. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  static String shell(List<String> command) {
    return command.stream().map(GuestJava::quote).collect(Collectors.joining(" "));
  }
}
