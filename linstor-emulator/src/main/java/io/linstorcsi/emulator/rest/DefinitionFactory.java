package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.state.Cluster;
import io.linstorcsi.emulator.state.Deployer;
import io.linstorcsi.emulator.state.Resource;
import io.linstorcsi.emulator.state.ResourceDefinition;
import io.linstorcsi.emulator.state.ResourceGroup;
import io.linstorcsi.emulator.state.Resources;
import io.linstorcsi.emulator.state.StoragePool;
import io.linstorcsi.emulator.state.VolumeDefinition;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Creation of resource and volume definitions, shared by create, spawn, restore and clone. */
final class DefinitionFactory {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DefinitionFactory() {}

  static ResourceDefinition newDefinition(
      Cluster cluster, String name, String externalName, ResourceGroup group, List<String> layers) {
    byte[] secret = new byte[15];
    RANDOM.nextBytes(secret);
    String text =
        java.util.Base64.getEncoder()
            .withoutPadding()
            .encodeToString(secret)
            .replace('/', 'x')
            .replace('+', 'y');
    ResourceDefinition rd = new ResourceDefinition(name, externalName, group, text);
    if (layers != null) {
      rd.layerStack().addAll(layers.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList());
    }
    cluster.resourceDefinitions().put(name, rd);
    return rd;
  }

  /** A volume definition; existing resources get the new volume (and the satellites create it). */
  static VolumeDefinition newVolume(
      Cluster cluster, ResourceDefinition rd, int number, long sizeKib) {
    VolumeDefinition vd = new VolumeDefinition(number, sizeKib, cluster.allocateMinor(rd));
    vd.props().put("DrbdCurrentGi", generationId());
    rd.volumeDefinitions().put(number, vd);
    for (Resource rsc : rd.liveResources()) {
      StoragePool pool = Resources.poolOf(rsc);
      if (pool == null) {
        continue;
      }
      Deployer.addMissingVolumes(rsc, pool);
      if (rsc.deployed()) {
        Deployer.deploy(cluster, rsc);
      }
    }
    return vd;
  }

  static int nextVolumeNumber(ResourceDefinition rd) {
    int n = 0;
    while (rd.volumeDefinitions().containsKey(n)) {
      n++;
    }
    return n;
  }

  /** DRBD's current generation identifier, 64 random bits as upper-case hex. */
  static String generationId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }

  /**
   * The name the controller derives from an external name: characters a resource name cannot hold
   * become '_' (recorded: "ext-Name.01" became "ext-Name_01").
   */
  static String nameFromExternal(String external) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < external.length(); i++) {
      char c = external.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (i > 0 && c >= '0' && c <= '9')
              || c == '_'
              || (i > 0 && c == '-');
      b.append(ok ? c : '_');
    }
    String name = b.length() > 48 ? b.substring(0, 48) : b.toString();
    return name.length() < 2 ? name + "_x" : name;
  }
}
