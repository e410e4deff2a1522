package io.linstorcsi.controller.provisioning;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.params.ResourceGroupSpec;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.ResourceGroup;
import io.linstorcsi.linstor.model.ResourceGroupModify;
import io.linstorcsi.linstor.model.SelectFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a StorageClass's resource group exists with its settings before volumes are spawned
 * from it. A group checked once is remembered with the settings it was checked against, so steady
 * state costs no call; a spawn that finds the group gone calls {@link #forget}.
 */
public final class ResourceGroups {
  private static final Logger LOG = LoggerFactory.getLogger(ResourceGroups.class);

  /** Prefix of names the driver derives itself; only those groups are removed when unused. */
  public static final String GENERATED_PREFIX = "sc-";

  private final Set<String> checked = ConcurrentHashMap.newKeySet();

  public void ensure(LinstorClient client, String name, ResourceGroupSpec spec) {
    String key = name + "\n" + spec;
    if (checked.contains(key)) {
      return;
    }
    ResourceGroup existing;
    try {
      existing = client.resourceGroups().get(name);
    } catch (LinstorException.NotFound e) {
      existing = null;
    }
    if (existing == null) {
      try {
        client
            .resourceGroups()
            .create(ResourceGroup.of(name, null, spec.properties(), filter(spec)));
      } catch (LinstorException.AlreadyExists e) {
        // A concurrent CreateVolume made it; compare below like any existing group.
        existing = client.resourceGroups().get(name);
      }
    }
    if (existing != null) {
      reconcile(client, name, spec, existing);
    }
    checked.add(key);
  }

  /**
   * Deletes a group the driver derived from a StorageClass when no resource definition uses it any
   * more; LINSTOR refuses to delete a group that still has definitions, which is the usual case.
   */
  public void removeIfUnused(LinstorClient client, String name) {
    if (!name.startsWith(GENERATED_PREFIX)) {
      return;
    }
    try {
      client.resourceGroups().delete(name);
      forget(name);
    } catch (LinstorException.NotFound e) {
      forget(name);
    } catch (LinstorException e) {
      // Still used by other volumes: the normal case. The group stays as checked, so the next
      // CreateVolume of this class need not read it again (a spawn into a group deleted meanwhile
      // makes it anew).
      LOG.debug("resource group {} kept: {}", name, e.getMessage());
    }
  }

  public void forget(String name) {
    checked.removeIf(k -> k.startsWith(name + "\n"));
  }

  /** Brings an existing group to the StorageClass's settings, as the Go driver does. */
  private static void reconcile(
      LinstorClient client, String name, ResourceGroupSpec spec, ResourceGroup group) {
    Map<String, String> props = group.props() == null ? Map.of() : group.props();
    Map<String, String> missing = new LinkedHashMap<>();
    for (Map.Entry<String, String> want : spec.properties().entrySet()) {
      String have = props.get(want.getKey());
      if (have == null) {
        missing.put(want.getKey(), want.getValue());
      } else if (!have.equals(want.getValue())) {
        throw CsiError.failedPrecondition(
            "resource group "
                + name
                + " has property "
                + want.getKey()
                + "="
                + have
                + " but the StorageClass asks for '"
                + want.getValue()
                + "'; change one of them");
      }
    }
    SelectFilter wanted = filter(spec);
    boolean filterDiffers = !sameFilter(group.selectFilter(), wanted, spec.placeCount() == 0);
    if (missing.isEmpty() && !filterDiffers) {
      return;
    }
    client
        .resourceGroups()
        .modify(
            name,
            new ResourceGroupModify(
                null,
                missing.isEmpty() ? null : missing,
                null,
                null,
                filterDiffers ? wanted : null,
                null));
  }

  static SelectFilter filter(ResourceGroupSpec spec) {
    return SelectFilter.builder()
        .placeCount(spec.placeCount() > 0 ? spec.placeCount() : null)
        .storagePoolList(spec.storagePools().isEmpty() ? null : spec.storagePools())
        .replicasOnSame(spec.replicasOnSame().isEmpty() ? null : spec.replicasOnSame())
        .replicasOnDifferent(
            spec.replicasOnDifferent().isEmpty() ? null : spec.replicasOnDifferent())
        .xReplicasOnDifferentMap(
            spec.xReplicasOnDifferent().isEmpty() ? null : spec.xReplicasOnDifferent())
        .layerStack(spec.layerNames())
        .notPlaceWithRscRegex(
            spec.notPlaceWithRscRegex().isEmpty() ? null : spec.notPlaceWithRscRegex())
        .disklessOnRemaining(spec.disklessOnRemaining() ? true : null)
        .build();
  }

  private static boolean sameFilter(SelectFilter have, SelectFilter want, boolean ignoreCount) {
    if (have == null) {
      have = SelectFilter.empty();
    }
    return (ignoreCount || Objects.equals(have.placeCount(), want.placeCount()))
        && list(have.storagePoolList()).equals(list(want.storagePoolList()))
        && list(have.replicasOnSame()).equals(list(want.replicasOnSame()))
        && list(have.replicasOnDifferent()).equals(list(want.replicasOnDifferent()))
        && map(have.xReplicasOnDifferentMap()).equals(map(want.xReplicasOnDifferentMap()))
        && list(have.layerStack()).equals(list(want.layerStack()))
        && str(have.notPlaceWithRscRegex()).equals(str(want.notPlaceWithRscRegex()))
        && Boolean.TRUE.equals(have.disklessOnRemaining())
            == Boolean.TRUE.equals(want.disklessOnRemaining());
  }

  private static List<String> list(List<String> l) {
    return l == null ? List.of() : l;
  }

  private static Map<String, Integer> map(Map<String, Integer> m) {
    return m == null ? Map.of() : m;
  }

  private static String str(String s) {
    return s == null ? "" : s;
  }
}
