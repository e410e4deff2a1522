package io.linstorcsi.controller.it;

import static io.linstorcsi.controller.it.ControllerHarness.GIB;
import static io.linstorcsi.controller.it.ControllerHarness.newName;

import csi.v1.CreateVolumeRequest;
import csi.v1.VolumeContentSource;
import io.linstorcsi.emulator.LinstorEmulator;
import java.nio.file.Path;
import java.util.Map;

/** An emulator with a pool LINSTOR can clone (LVM_THIN) beside one it cannot (FILE_THIN). */
final class CloneFixtures {
  static final String THIN_LVM = "thin";
  static final String FILE_THIN = LinstorTarget.POOL;

  private CloneFixtures() {}

  /** The harness; volumes on loop devices in {@code backing} when it is not null. */
  static ControllerHarness start(Path backing) throws Exception {
    LinstorEmulator.Builder emu =
        LinstorEmulator.builder()
            .nodes(EmulatorProbe.NODES.toArray(String[]::new))
            .storagePool(FILE_THIN, "FILE_THIN", 20L << 20)
            .storagePool(THIN_LVM, "LVM_THIN", 20L << 20)
            .port(0);
    if (backing != null) {
      emu.backingDir(backing);
    }
    return ControllerHarness.start(LinstorTarget.emulated(emu.build().start()));
  }

  static Map<String, String> params(ControllerHarness h, String pool, int copies) {
    return h.params(
        "linstor.csi.linbit.com/storagePool",
        pool,
        "linstor.csi.linbit.com/placementCount",
        String.valueOf(copies));
  }

  static String volumeOn(ControllerHarness h, String pool, int copies) {
    String name = newName();
    h.stub().createVolume(h.createRequest(name, GIB, params(h, pool, copies)).build());
    return name;
  }

  static CreateVolumeRequest cloneOf(
      ControllerHarness h, String src, String name, long bytes, String pool, int copies) {
    return h.createRequest(name, bytes, params(h, pool, copies))
        .setVolumeContentSource(
            VolumeContentSource.newBuilder()
                .setVolume(VolumeContentSource.VolumeSource.newBuilder().setVolumeId(src)))
        .build();
  }
}
