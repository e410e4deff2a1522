package io.linstorcsi.node;

import static org.assertj.core.api.Assertions.assertThat;

import csi.v1.NodeGetCapabilitiesRequest;
import csi.v1.NodeGetInfoRequest;
import csi.v1.NodeGetInfoResponse;
import csi.v1.NodeServiceCapability;
import io.linstorcsi.node.testing.NodeHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** NodeGetInfo and NodeGetCapabilities over the real socket; no device involved. */
class NodeInfoTest {
  @RegisterExtension final NodeHarness host = new NodeHarness().unprivileged();

  @Test
  void nodeInfo_reportsTheNodeId_theVolumeLimit_andTheTopologyFromLinstor() {
    host.topology(
        new NodeTopology.Facts(
            Map.of("Aux/topology/topology.kubernetes.io/zone", "z1", "Aux/unrelated", "x"),
            List.of("sp1")));

    NodeGetInfoResponse info = host.node().nodeGetInfo(NodeGetInfoRequest.getDefaultInstance());

    assertThat(info.getNodeId()).isEqualTo(NodeHarness.NODE);
    assertThat(info.getMaxVolumesPerNode()).isEqualTo(4096);
    assertThat(info.getAccessibleTopology().getSegmentsMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "linbit.com/hostname", NodeHarness.NODE,
                "linbit.com/sp-sp1", "true",
                "topology.kubernetes.io/zone", "z1"));
  }

  @Test
  void capabilities_areTheFiveTheNodeImplements() {
    assertThat(
            host.node()
                .nodeGetCapabilities(NodeGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList())
        .extracting(c -> c.getRpc().getType())
        .containsExactlyInAnyOrder(
            NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME,
            NodeServiceCapability.RPC.Type.GET_VOLUME_STATS,
            NodeServiceCapability.RPC.Type.EXPAND_VOLUME,
            NodeServiceCapability.RPC.Type.VOLUME_CONDITION,
            NodeServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);
  }
}
