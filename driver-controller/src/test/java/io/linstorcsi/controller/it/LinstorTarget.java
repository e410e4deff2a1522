package io.linstorcsi.controller.it;

import io.linstorcsi.emulator.LinstorEmulator;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.model.Node;
import java.net.URI;
import java.util.List;

/**
 * The LINSTOR the suite runs against: the in-process emulator over real HTTP on 127.0.0.1, or a
 * real controller named by {@code LINSTOR_TEST_ENDPOINT} (with {@code LINSTOR_TEST_STORAGE_POOL}
 * and {@code LINSTOR_TEST_LAYER_LIST}).
 */
final class LinstorTarget implements AutoCloseable {
  static final String POOL = "sp1";

  private final LinstorEmulator emulator;
  private final URI baseUrl;
  private final String pool;
  private final String layers;

  private LinstorTarget(LinstorEmulator emulator, URI baseUrl, String pool, String layers) {
    this.emulator = emulator;
    this.baseUrl = baseUrl;
    this.pool = pool;
    this.layers = layers;
  }

  static String realEndpoint() {
    String v = System.getenv("LINSTOR_TEST_ENDPOINT");
    return v == null || v.isBlank() ? null : v;
  }

  /** A LINSTOR at a fixed address (the emulator features are unavailable). */
  static LinstorTarget at(URI endpoint) {
    return new LinstorTarget(null, endpoint, POOL, "drbd storage");
  }

  /** An emulator the test configured itself (pools of other kinds, loop-device backing). */
  static LinstorTarget emulated(LinstorEmulator emu) {
    return new LinstorTarget(emu, emu.baseUrl(), POOL, "drbd storage");
  }

  static LinstorTarget start() throws Exception {
    String real = realEndpoint();
    if (real != null) {
      return new LinstorTarget(
          null,
          URI.create(real),
          envOr("LINSTOR_TEST_STORAGE_POOL", POOL),
          envOr("LINSTOR_TEST_LAYER_LIST", "drbd storage"));
    }
    LinstorEmulator emu =
        LinstorEmulator.builder()
            .nodes("node-a", "node-b", "node-c")
            .storagePool(POOL, "FILE_THIN", 20L << 20)
            .port(0)
            .build()
            .start();
    return new LinstorTarget(emu, emu.baseUrl(), POOL, "drbd storage");
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** The emulator; null against a real LINSTOR (tests using it carry {@link FaultInjection}). */
  LinstorEmulator emulator() {
    return emulator;
  }

  URI baseUrl() {
    return baseUrl;
  }

  String pool() {
    return pool;
  }

  String layers() {
    return layers;
  }

  List<String> nodes(LinstorClient client) {
    return client.nodes().list().stream().map(Node::name).sorted().toList();
  }

  @Override
  public void close() {
    if (emulator != null) {
      emulator.close();
    }
  }
}
