package io.linstorcsi.e2e;

import csi.v1.CapacityRange;
import csi.v1.CreateVolumeRequest;
import csi.v1.CreateVolumeResponse;
import csi.v1.DeleteVolumeRequest;
import csi.v1.Topology;
import csi.v1.TopologyRequirement;
import csi.v1.VolumeCapability;
import csi.v1.VolumeCapability.AccessMode.Mode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * external-provisioner: turns a claim and its StorageClass into CreateVolume the way the sidecar
 * does (run with {@code --extra-create-metadata}, as the Piraeus deployment does), and deletes the
 * volume when the claim goes.
 */
final class Provisioner {
  static final String DEFAULT_NAMESPACE = "default";

  /** The topology key that names a node, as the driver reports it in NodeGetInfo. */
  static final String HOSTNAME_KEY = "linbit.com/hostname";

  private final Cluster cluster;
  private final DriverFacts facts;
  private final Undo undo;

  Provisioner(Cluster cluster, DriverFacts facts, Undo undo) {
    this.cluster = cluster;
    this.facts = facts;
    this.undo = undo;
  }

  /** CreateVolume, and the PV that the answer becomes. */
  Pv provision(StorageClass sc, Claim claim) {
    CreateVolumeRequest request = request(sc, claim);
    return accept(request, cluster.controller().createVolume(request));
  }

  /** The PV for an answer to {@code request} (for tests that send the request themselves). */
  Pv accept(CreateVolumeRequest request, CreateVolumeResponse response) {
    Pv pv = new Pv(request.getName(), response.getVolume(), request.getVolumeCapabilities(0));
    undo.register(pv, "DeleteVolume " + pv.id(), () -> delete(pv));
    return pv;
  }

  void delete(Pv pv) {
    cluster
        .controller()
        .deleteVolume(DeleteVolumeRequest.newBuilder().setVolumeId(pv.id()).build());
    undo.forget(pv);
  }

  /** The request the sidecar sends; it sends the same one again on every retry. */
  CreateVolumeRequest request(StorageClass sc, Claim claim) {
    CreateVolumeRequest.Builder req =
        CreateVolumeRequest.newBuilder()
            .setName(claim.pvName())
            .setCapacityRange(CapacityRange.newBuilder().setRequiredBytes(claim.bytes()))
            .addVolumeCapabilities(capability(claim, sc))
            .putAllParameters(parameters(sc, claim));
    if (facts.topologyAware()) {
      req.setAccessibilityRequirements(requirements(sc, claim));
    }
    if (claim.source() != null) {
      req.setVolumeContentSource(claim.source());
    }
    return req.build();
  }

  /**
   * The capability of the claim, as the sidecars (and kubelet) map access modes: ReadWriteOnce is
   * SINGLE_NODE_MULTI_WRITER where the driver has that capability, because several pods on one node
   * may share it.
   */
  VolumeCapability capability(Claim claim, StorageClass sc) {
    boolean snmw = facts.singleNodeMultiWriter();
    Mode mode =
        switch (claim.access()) {
          case READ_WRITE_ONCE -> snmw ? Mode.SINGLE_NODE_MULTI_WRITER : Mode.SINGLE_NODE_WRITER;
          case READ_WRITE_ONCE_POD ->
              snmw ? Mode.SINGLE_NODE_SINGLE_WRITER : Mode.SINGLE_NODE_WRITER;
          case READ_WRITE_MANY -> Mode.MULTI_NODE_MULTI_WRITER;
          case READ_ONLY_MANY -> Mode.MULTI_NODE_READER_ONLY;
        };
    VolumeCapability.Builder cap =
        VolumeCapability.newBuilder()
            .setAccessMode(VolumeCapability.AccessMode.newBuilder().setMode(mode));
    if (claim.block()) {
      cap.setBlock(VolumeCapability.BlockVolume.getDefaultInstance());
    } else {
      cap.setMount(
          VolumeCapability.MountVolume.newBuilder()
              .setFsType(sc.fsType())
              .addAllMountFlags(sc.mountOptions()));
    }
    return cap.build();
  }

  /**
   * StorageClass parameters without the sidecar's own {@code csi.storage.k8s.io/} keys (the fstype
   * went into the capability), plus the claim and PV names of {@code --extra-create-metadata}.
   */
  static Map<String, String> parameters(StorageClass sc, Claim claim) {
    Map<String, String> out = new LinkedHashMap<>();
    sc.parameters()
        .forEach(
            (k, v) -> {
              if (!k.startsWith("csi.storage.k8s.io/")) {
                out.put(k, v);
              }
            });
    out.put("csi.storage.k8s.io/pvc/name", claim.claimName());
    out.put("csi.storage.k8s.io/pvc/namespace", DEFAULT_NAMESPACE);
    out.put("csi.storage.k8s.io/pv/name", claim.pvName());
    return out;
  }

  /**
   * Topology requirements. WaitForFirstConsumer: every node's topology is requisite and the
   * scheduler's node comes first among the preferred. Immediate with allowedTopologies: the allowed
   * terms (only the keys they name) are requisite, preferred in the same set rotated by the claim
   * name's hash. Immediate without: every node, rotated the same way.
   */
  private TopologyRequirement requirements(StorageClass sc, Claim claim) {
    List<Topology> requisite = new ArrayList<>();
    if (!sc.allowedNodes().isEmpty()) {
      for (String node : sc.allowedNodes()) {
        requisite.add(Topology.newBuilder().putSegments(HOSTNAME_KEY, hostname(node)).build());
      }
    } else {
      for (String node : cluster.nodes()) {
        requisite.add(facts.topology(node));
      }
    }
    List<Topology> preferred = new ArrayList<>(requisite);
    if (sc.waitForFirstConsumer() && claim.selectedNode() != null) {
      Topology selected = facts.topology(claim.selectedNode());
      preferred.remove(selected);
      preferred.addFirst(selected);
    } else {
      Collections.rotate(preferred, -Math.floorMod(claim.pvName().hashCode(), preferred.size()));
    }
    return TopologyRequirement.newBuilder()
        .addAllRequisite(requisite)
        .addAllPreferred(preferred)
        .build();
  }

  private String hostname(String node) {
    return facts.topology(node).getSegmentsOrThrow(HOSTNAME_KEY);
  }
}
