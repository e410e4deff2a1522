package io.linstorcsi.controller.placement;

import static io.linstorcsi.controller.placement.PlacementTestSupport.host;
import static io.linstorcsi.controller.placement.PlacementTestSupport.hosts;
import static io.linstorcsi.controller.placement.PlacementTestSupport.wffc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.params.VolumeParameters;
import io.linstorcsi.linstor.error.LinstorException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoPlaceTopologyTest {
  private final Placement placement = new AutoPlaceTopology();

  private static VolumeParameters params(String... kv) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return VolumeParameters.parse(m);
  }

  @Test
  void withoutTopology_isOneAutoplaceWithGroupDefaults() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    placement.place(params("placementCount", "2"), TopologyRequirement.NONE, c);
    assertThat(c.diskful).hasSize(2);
    assertThat(c.calls).containsExactly("autoplace nodes=[] count=0 add=0");
  }

  @Test
  void waitForFirstConsumer_pinsTheSelectedNodeAndTheBestOtherInOneWrite() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    placement.place(params("placementCount", "2"), wffc("c", "a", "b", "c"), c);
    assertThat(c.diskful).containsExactlyInAnyOrder("c", "a");
    assertThat(c.calls)
        .containsExactly("proposal nodes=[] count=2", "autoplace nodes=[c, a] count=2 add=0");
  }

  @Test
  void waitForFirstConsumer_selectedNodeAmongTheProposal_takesTheProposalAsItIs() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    placement.place(params("placementCount", "2"), wffc("b", "a", "b", "c"), c);
    assertThat(c.diskful).containsExactlyInAnyOrder("a", "b");
    assertThat(c.calls)
        .containsExactly("proposal nodes=[] count=2", "autoplace nodes=[b, a] count=2 add=0");
  }

  @Test
  void waitForFirstConsumer_refusedReplicaSet_fallsBackToPlacingStepByStep() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    c.full.add("c");
    placement.place(params("placementCount", "2"), wffc("c", "a", "b", "c"), c);
    assertThat(c.diskful).containsExactlyInAnyOrder("a", "b");
    assertThat(c.calls)
        .containsExactly(
            "proposal nodes=[] count=2",
            "autoplace nodes=[c, a] count=2 add=0",
            "autoplace nodes=[c] count=1 add=1",
            "autoplace nodes=[a] count=1 add=1",
            "autoplace nodes=[] count=0 add=0");
  }

  @Test
  void waitForFirstConsumer_withoutAProposal_placesStepByStep() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    c.proposes = false;
    placement.place(params("placementCount", "2"), wffc("c", "a", "b", "c"), c);
    assertThat(c.diskful).contains("c").hasSize(2);
    assertThat(c.calls)
        .containsExactly(
            "proposal nodes=[] count=2",
            "autoplace nodes=[c] count=1 add=1",
            "autoplace nodes=[] count=0 add=0");
  }

  @Test
  void waitForFirstConsumer_localOnly_proposesAmongTheRequisiteNodes() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c", "d");
    placement.place(
        params("placementCount", "2", "allowRemoteVolumeAccess", "false"),
        new TopologyRequirement(hosts("c", "d"), hosts("d")),
        c);
    assertThat(c.diskful).containsExactlyInAnyOrder("c", "d");
    assertThat(c.calls)
        .containsExactly("proposal nodes=[c, d] count=2", "autoplace nodes=[d, c] count=2 add=0");
  }

  @Test
  void strictTopology_localOnly_pinsTheSelectedNodeAndTheBestOther() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    placement.place(
        params("placementCount", "2", "allowRemoteVolumeAccess", "false"),
        new TopologyRequirement(hosts("c"), hosts("c")),
        c);
    assertThat(c.diskful).containsExactlyInAnyOrder("a", "c");
    assertThat(c.calls)
        .containsExactly("proposal nodes=[] count=2", "autoplace nodes=[c, a] count=2 add=0");
  }

  @Test
  void replicaSet_takesRequiredThenPreferredThenTheProposal() {
    List<String> none = List.of();
    assertThat(WholeReplicaSet.chooseSet(none, List.of("b", "c"), List.of("a", "d"), 2))
        .as("a preferred zone none of whose nodes was proposed is not guessed")
        .isEmpty();
    assertThat(WholeReplicaSet.chooseSet(none, List.of("b", "c"), List.of("a", "c"), 2))
        .contains(List.of("c", "a"));
    assertThat(WholeReplicaSet.chooseSet(none, List.of("b"), List.of("b"), 2))
        .as("a proposal too short to fill up")
        .isEmpty();
    assertThat(WholeReplicaSet.chooseSet(none, List.of("b"), List.of("a", "c", "d"), 3))
        .contains(List.of("b", "a", "c"));
    assertThat(WholeReplicaSet.chooseSet(List.of("d", "e"), List.of("d"), List.of("a", "d"), 3))
        .contains(List.of("d", "e", "a"));
  }

  @Test
  void singleReplica_onSelectedNode_needsOneCall() {
    FakeCluster c = new FakeCluster(1, "a", "b", "c");
    placement.place(params(), wffc("b", "a", "b", "c"), c);
    assertThat(c.diskful).containsExactly("b");
    assertThat(c.calls).hasSize(1);
  }

  @Test
  void fullPreferredNode_fallsBackToNextPreferred() {
    FakeCluster c = new FakeCluster(1, "a", "b", "c");
    c.full.add("c");
    placement.place(params(), new TopologyRequirement(List.of(), hosts("c", "b")), c);
    assertThat(c.diskful).containsExactly("b");
  }

  @Test
  void preferredZone_resolvesNodesByLabel() {
    FakeCluster c =
        new FakeCluster(1, "a", "b", "c")
            .label("a", "zone", "z1")
            .label("b", "zone", "z2")
            .label("c", "zone", "z2");
    placement.place(
        params(), new TopologyRequirement(List.of(), List.of(Topology.of("zone", "z2"))), c);
    assertThat(c.diskful).containsAnyOf("b", "c").hasSize(1);
    assertThat(c.calls).contains("nodesMatching {zone=z2}");
  }

  @Test
  void localOnly_restrictsReplicasToRequisiteNodes() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c", "d");
    placement.place(
        params("placementCount", "2", "allowRemoteVolumeAccess", "false"),
        new TopologyRequirement(hosts("c", "d"), List.of()),
        c);
    assertThat(c.diskful).containsExactlyInAnyOrder("c", "d");
    assertThat(c.calls).containsExactly("autoplace nodes=[c, d] count=0 add=0");
  }

  @Test
  void localOnly_withFewerRequisitesThanReplicas_placesTheRestAnywhere() {
    FakeCluster c = new FakeCluster(3, "a", "b", "c", "d");
    placement.place(
        params("placementCount", "3", "allowRemoteVolumeAccess", "false"),
        new TopologyRequirement(hosts("d"), List.of()),
        c);
    assertThat(c.diskful).contains("d").hasSize(3);
    assertThat(c.calls)
        .containsExactly("autoplace nodes=[d] count=1 add=0", "autoplace nodes=[] count=0 add=0");
  }

  @Test
  void localOnly_withFullRequisiteNodes_isResourceExhausted() {
    FakeCluster c = new FakeCluster(1, "a", "b");
    c.full.add("b");
    assertThatThrownBy(
            () ->
                placement.place(
                    params("allowRemoteVolumeAccess", "false"),
                    new TopologyRequirement(hosts("b"), hosts("b")),
                    c))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void remoteAccessAnywhere_letsRequisitesRestrictNothing() {
    FakeCluster c = new FakeCluster(1, "a", "b");
    c.full.add("b");
    // b cannot hold a replica, but with remote access it can still use one placed on a.
    placement.place(params(), new TopologyRequirement(hosts("b"), hosts("b")), c);
    assertThat(c.diskful).containsExactly("a");
  }

  @Test
  void zoneRule_placesReplicaInThePreferredNodesZone() {
    FakeCluster c =
        new FakeCluster(1, "a", "b", "c")
            .label("a", "zone", "z1")
            .label("b", "zone", "z2")
            .label("c", "zone", "z2");
    c.full.add("c");
    placement.place(
        params("allowRemoteVolumeAccess", "- fromSame: [zone]"),
        new TopologyRequirement(
            List.of(),
            List.of(
                new Topology(
                    Map.of(
                        io.linstorcsi.controller.params.TopologyKeys.HOSTNAME,
                        "c",
                        "zone",
                        "z2")))),
        c);
    assertThat(c.diskful).containsExactly("b");
  }

  @Test
  void rerun_onPlacedResource_doesNothing() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    VolumeParameters p = params("placementCount", "2");
    placement.place(p, wffc("a", "a", "b", "c"), c);
    c.calls.clear();
    placement.place(p, wffc("a", "a", "b", "c"), c);
    assertThat(c.calls).isEmpty();
  }

  @Test
  void rerun_afterPartialPlacement_addsOnlyWhatIsMissing() {
    FakeCluster c = new FakeCluster(3, "a", "b", "c");
    c.diskful.add("a");
    placement.place(
        params("placementCount", "3"), new TopologyRequirement(List.of(), List.of(host("a"))), c);
    assertThat(c.diskful).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(c.calls).containsExactly("autoplace nodes=[] count=0 add=0");
  }

  @Test
  void linstorDown_isNotMistakenForARefusal() {
    FakeCluster c = new FakeCluster(1, "a", "b");
    c.down = true;
    assertThatThrownBy(
            () -> placement.place(params(), new TopologyRequirement(List.of(), hosts("a")), c))
        .isInstanceOf(LinstorException.Unavailable.class);
    assertThat(c.calls).hasSize(1);
  }
}
