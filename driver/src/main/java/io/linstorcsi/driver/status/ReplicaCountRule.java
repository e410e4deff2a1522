package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.ResourceGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Resource definitions with fewer diskful replicas than their resource group's place count. */
final class ReplicaCountRule implements Rule {
  static final String DEFAULT_GROUP = "DfltRscGrp";

  @Override
  public List<Finding> check(ClusterSnapshot snapshot, RuleSettings settings) {
    Map<String, ResourceGroup> groups = snapshot.groupsByName();
    Map<String, List<Replica>> replicas = snapshot.replicasByResource();
    List<Finding> out = new ArrayList<>();
    for (ResourceDefinition rd : snapshot.definitions()) {
      if (rd.flags().contains("DELETE")) {
        continue;
      }
      String groupName = rd.resourceGroupName() == null ? DEFAULT_GROUP : rd.resourceGroupName();
      ResourceGroup group = groups.get(groupName);
      Integer wanted =
          group == null || group.selectFilter() == null ? null : group.selectFilter().placeCount();
      if (wanted == null) {
        continue;
      }
      long diskful =
          replicas.getOrDefault(rd.name(), List.of()).stream()
              .filter(r -> !r.deleting() && r.diskful())
              .count();
      if (diskful < wanted) {
        out.add(
            Finding.forResource(
                Severity.WARNING,
                rd.name(),
                diskful
                    + " diskful replica(s), resource group "
                    + groupName
                    + " asks for "
                    + wanted,
                "add the missing replicas: linstor resource-definition auto-place "
                    + rd.name()
                    + " (needs nodes with free space in the group's storage pools)"));
      }
    }
    return out;
  }
}
