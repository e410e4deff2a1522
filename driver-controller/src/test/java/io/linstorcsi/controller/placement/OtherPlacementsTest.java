package io.linstorcsi.controller.placement;

import static io.linstorcsi.controller.placement.PlacementTestSupport.hosts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.params.PlacementPolicy;
import io.linstorcsi.controller.params.VolumeParameters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherPlacementsTest {

  @Test
  void forPolicy_mapsEveryPolicy() {
    assertThat(Placement.forPolicy(PlacementPolicy.AUTO_PLACE_TOPOLOGY))
        .isInstanceOf(AutoPlaceTopology.class);
    assertThat(Placement.forPolicy(PlacementPolicy.BALANCED)).isInstanceOf(AutoPlaceTopology.class);
    assertThat(Placement.forPolicy(PlacementPolicy.AUTO_PLACE)).isInstanceOf(AutoPlace.class);
    assertThat(Placement.forPolicy(PlacementPolicy.FOLLOW_TOPOLOGY))
        .isInstanceOf(FollowTopology.class);
    assertThat(Placement.forPolicy(PlacementPolicy.MANUAL)).isInstanceOf(Manual.class);
  }

  @Test
  void autoPlace_ignoresTopology() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    new AutoPlace()
        .place(
            VolumeParameters.parse(Map.of("placementCount", "2")),
            new TopologyRequirement(hosts("c"), hosts("c")),
            c);
    assertThat(c.calls).containsExactly("autoplace nodes=[] count=0 add=0");
    assertThat(c.diskful).containsExactly("a", "b");
  }

  @Test
  void autoPlace_onPlacedResource_doesNothing() {
    FakeCluster c = new FakeCluster(1, "a");
    c.diskful.add("a");
    new AutoPlace().place(VolumeParameters.parse(Map.of()), TopologyRequirement.NONE, c);
    assertThat(c.calls).isEmpty();
  }

  @Test
  void followTopology_placesOnPreferredThenRequisiteNodes() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    new FollowTopology()
        .place(
            VolumeParameters.parse(
                Map.of("placementCount", "2", "placementPolicy", "FollowTopology")),
            new TopologyRequirement(hosts("a", "b", "c"), hosts("c", "b")),
            c);
    assertThat(c.diskful).containsExactlyInAnyOrder("c", "b");
    assertThat(c.calls)
        .containsExactly("makeAvailable c diskful=true", "makeAvailable b diskful=true");
  }

  @Test
  void followTopology_skipsFullNodes_andFillsUpWithAutoplace() {
    FakeCluster c = new FakeCluster(2, "a", "b", "c");
    c.full.add("c");
    new FollowTopology()
        .place(
            VolumeParameters.parse(Map.of("placementCount", "2")),
            new TopologyRequirement(List.of(), hosts("c", "b")),
            c);
    assertThat(c.diskful).containsExactlyInAnyOrder("a", "b");
    assertThat(c.calls).last().isEqualTo("autoplace nodes=[] count=0 add=0");
  }

  @Test
  void followTopology_withNoRequisiteNodeUsable_isResourceExhausted() {
    FakeCluster c = new FakeCluster(1, "a", "b");
    c.full.add("b");
    assertThatThrownBy(
            () ->
                new FollowTopology()
                    .place(
                        VolumeParameters.parse(Map.of()),
                        new TopologyRequirement(hosts("b"), List.of()),
                        c))
        .isInstanceOfSatisfying(
            CsiError.class, e -> assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void manual_createsDiskfulAndDisklessResourcesAsListed() {
    FakeCluster c = new FakeCluster(0, "a", "b", "c");
    new Manual()
        .place(
            VolumeParameters.parse(Map.of("nodeList", "a b", "clientList", "c")),
            TopologyRequirement.NONE,
            c);
    assertThat(c.diskful).containsExactly("a", "b");
    assertThat(c.diskless).containsExactly("c");
    assertThat(c.calls).hasSize(1);
  }
}
