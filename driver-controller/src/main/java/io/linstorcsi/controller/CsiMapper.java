package io.linstorcsi.controller;

import com.google.protobuf.Timestamp;
import csi.v1.TopologyRequirement;
import io.linstorcsi.controller.placement.Topology;
import io.linstorcsi.controller.snapshots.SnapshotInfo;
import java.util.List;

/** Conversions between CSI protobuf messages and our records, kept out of the RPC methods. */
final class CsiMapper {
  private CsiMapper() {}

  static io.linstorcsi.controller.placement.TopologyRequirement topology(TopologyRequirement t) {
    return new io.linstorcsi.controller.placement.TopologyRequirement(
        t.getRequisiteList().stream().map(x -> new Topology(x.getSegmentsMap())).toList(),
        t.getPreferredList().stream().map(x -> new Topology(x.getSegmentsMap())).toList());
  }

  static List<csi.v1.Topology> topology(List<Topology> topologies) {
    return topologies.stream()
        .map(t -> csi.v1.Topology.newBuilder().putAllSegments(t.segments()).build())
        .toList();
  }

  static csi.v1.Snapshot snapshot(SnapshotInfo s) {
    return csi.v1.Snapshot.newBuilder()
        .setSnapshotId(s.id().toString())
        .setSourceVolumeId(s.id().source().toString())
        .setSizeBytes(s.sizeBytes())
        .setReadyToUse(s.ready())
        .setCreationTime(
            Timestamp.newBuilder()
                .setSeconds(s.created().getEpochSecond())
                .setNanos(s.created().getNano()))
        .build();
  }
}
