package io.linstorcsi.node;

import static io.linstorcsi.node.testing.Csi.block;
import static io.linstorcsi.node.testing.Csi.expand;
import static io.linstorcsi.node.testing.Csi.failsWith;
import static io.linstorcsi.node.testing.Csi.publish;
import static io.linstorcsi.node.testing.Csi.stage;
import static io.linstorcsi.node.testing.Csi.unpublish;
import static io.linstorcsi.node.testing.Csi.unstage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import csi.v1.NodeExpandVolumeResponse;
import io.grpc.Status;
import io.linstorcsi.node.testing.Host;
import io.linstorcsi.node.testing.NodeHarness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A read-only publish of a block volume refuses writes for real: a read-only bind of a device node
 * does not (the kernel checks the mount's flags for files, not for device nodes), so the node
 * publishes a read-only loop device over the volume's device and removes it on unpublish.
 */
@Tag("privileged")
class ReadOnlyBlockPublishTest {
  private static final long MIB = 1 << 20;
  private static final byte[] PAYLOAD = "written before".getBytes(StandardCharsets.UTF_8);

  @RegisterExtension final NodeHarness host = new NodeHarness();

  private final List<Path> devices = new ArrayList<>();

  /** Detaches what a failed test may have left, before the harness detaches the volumes. */
  @AfterEach
  void detachLeftovers() throws IOException {
    for (Path dev : devices) {
      for (Path loop : loopsBackedBy(dev)) {
        Host.exec("losetup", "-d", loop.toString());
      }
    }
  }

  private Path volume() throws IOException {
    Path dev = host.loop(16 * MIB);
    devices.add(dev);
    write(dev, PAYLOAD);
    return dev;
  }

  @Test
  void readOnlyBlockPublish_refusesWrites_readsWork_andUnpublishRemovesItsDevice()
      throws Exception {
    Path dev = volume();
    Path staging = host.staging("pv-rob");
    Path target = host.target("pod-rob");
    host.node().nodeStageVolume(stage("pv-rob", dev, staging, block()));

    host.node().nodePublishVolume(publish("pv-rob", dev, staging, target, block(), true));
    host.node().nodePublishVolume(publish("pv-rob", dev, staging, target, block(), true));

    assertThat(read(target, PAYLOAD.length)).isEqualTo(PAYLOAD);
    assertThatThrownBy(() -> write(target, "overwritten".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    assertThat(read(dev, PAYLOAD.length)).as("the volume is unchanged").isEqualTo(PAYLOAD);
    assertThat(loopsBackedBy(dev)).as("one read-only device, even when published twice").hasSize(1);

    host.node().nodeUnpublishVolume(unpublish("pv-rob", target));
    host.node().nodeUnpublishVolume(unpublish("pv-rob", target));
    assertThat(target).doesNotExist();
    assertThat(loopsBackedBy(dev)).as("unpublish removes the read-only device").isEmpty();
    host.node().nodeUnstageVolume(unstage("pv-rob", staging));
  }

  @Test
  void readOnlyPublish_besideAWriter_leavesTheWriterWritable() throws Exception {
    Path dev = volume();
    Path staging = host.staging("pv-rw2");
    Path reader = host.target("pod-reader");
    Path writer = host.target("pod-writer");
    host.node().nodeStageVolume(stage("pv-rw2", dev, staging, block()));
    host.node().nodePublishVolume(publish("pv-rw2", dev, staging, writer, block(), false));
    host.node().nodePublishVolume(publish("pv-rw2", dev, staging, reader, block(), true));

    byte[] update = "written after".getBytes(StandardCharsets.UTF_8);
    write(writer, update);
    assertThat(read(dev, update.length)).isEqualTo(update);
    assertThatThrownBy(() -> write(reader, PAYLOAD)).isInstanceOf(IOException.class);

    host.node().nodeUnpublishVolume(unpublish("pv-rw2", reader));
    write(writer, PAYLOAD);
    assertThat(read(dev, PAYLOAD.length)).isEqualTo(PAYLOAD);
    host.node().nodeUnpublishVolume(unpublish("pv-rw2", writer));
    assertThat(loopsBackedBy(dev)).isEmpty();
  }

  @Test
  void readonlyInThePublishContext_publishesReadOnly_whateverTheNodeRequestSays() throws Exception {
    Path dev = volume();
    Path staging = host.staging("pv-ctx");
    Path target = host.target("pod-ctx");
    host.node().nodeStageVolume(stage("pv-ctx", dev, staging, block()));
    host.node()
        .nodePublishVolume(
            publish("pv-ctx", dev, staging, target, block(), false).toBuilder()
                .putPublishContext(PublishContextKeys.READONLY, "true")
                .build());

    assertThatThrownBy(() -> write(target, "x".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
    host.node().nodeUnpublishVolume(unpublish("pv-ctx", target));
    assertThat(loopsBackedBy(dev)).isEmpty();
  }

  @Test
  void readOnlyTarget_republishedReadWrite_isAlreadyExists() throws Exception {
    Path dev = volume();
    Path staging = host.staging("pv-flip");
    Path target = host.target("pod-flip");
    host.node().nodeStageVolume(stage("pv-flip", dev, staging, block()));
    host.node().nodePublishVolume(publish("pv-flip", dev, staging, target, block(), true));

    Status rw =
        failsWith(
            Status.Code.ALREADY_EXISTS,
            () ->
                host.node()
                    .nodePublishVolume(publish("pv-flip", dev, staging, target, block(), false)));
    assertThat(rw.getDescription()).contains(target.toString());
    host.node().nodeUnpublishVolume(unpublish("pv-flip", target));
    assertThat(loopsBackedBy(dev)).isEmpty();
  }

  @Test
  void aReadOnlyDeviceLeftByAnInterruptedPublish_isReused_notDuplicated() throws Exception {
    Path dev = volume();
    Path staging = host.staging("pv-crash");
    Path target = host.target("pod-crash");
    host.node().nodeStageVolume(stage("pv-crash", dev, staging, block()));
    // what a publish that died after making the read-only device and before binding it leaves
    Host.run("losetup", "--find", "--read-only", dev.toString());
    assertThat(loopsBackedBy(dev)).hasSize(1);

    host.node().nodePublishVolume(publish("pv-crash", dev, staging, target, block(), true));
    assertThat(loopsBackedBy(dev)).hasSize(1);
    host.node().nodeUnpublishVolume(unpublish("pv-crash", target));
    assertThat(loopsBackedBy(dev)).isEmpty();
  }

  @Test
  void expansion_ofAReadOnlyBlockPublish_growsItsReadOnlyDevice() throws Exception {
    Path dev = volume();
    Path staging = host.staging("pv-rogrow");
    Path target = host.target("pod-rogrow");
    host.node().nodeStageVolume(stage("pv-rogrow", dev, staging, block()));
    host.node().nodePublishVolume(publish("pv-rogrow", dev, staging, target, block(), true));
    host.growLoop(dev, 32 * MIB);

    NodeExpandVolumeResponse grown =
        host.node().nodeExpandVolume(expand("pv-rogrow", target, staging, 32 * MIB, block()));
    assertThat(grown.getCapacityBytes()).isEqualTo(32 * MIB);
    try (FileChannel in = FileChannel.open(target, StandardOpenOption.READ)) {
      assertThat(in.size()).as("the pod sees the new size").isEqualTo(32 * MIB);
    }
    host.node().nodeUnpublishVolume(unpublish("pv-rogrow", target));
    assertThat(loopsBackedBy(dev)).isEmpty();
  }

  /** Loop devices (read-only or not) whose backing file is {@code dev}, from sysfs. */
  private static List<Path> loopsBackedBy(Path dev) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> blocks = Files.list(Path.of("/sys/block"))) {
      for (Path b : blocks.filter(p -> p.getFileName().toString().startsWith("loop")).toList()) {
        Path backing = b.resolve("loop/backing_file");
        if (Files.exists(backing) && Files.readString(backing).strip().equals(dev.toString())) {
          found.add(Path.of("/dev").resolve(b.getFileName()));
        }
      }
    }
    return found;
  }

  private static void write(Path device, byte[] data) throws IOException {
    try (FileChannel out = FileChannel.open(device, StandardOpenOption.WRITE)) {
      out.write(ByteBuffer.wrap(data), 0);
      out.force(true);
    }
  }

  private static byte[] read(Path device, int length) throws IOException {
    ByteBuffer back = ByteBuffer.allocate(length);
    try (FileChannel in = FileChannel.open(device, StandardOpenOption.READ)) {
      in.read(back, 0);
    }
    return back.array();
  }
}
