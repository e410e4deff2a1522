package io.linstorcsi.controller.provisioning;

import io.linstorcsi.controller.consistency.Members;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.error.RetCode;
import io.linstorcsi.linstor.model.Resource;
import io.linstorcsi.linstor.model.ResourceDefinition;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeleteVolume: one delete of the resource definition (LINSTOR removes its resources with it), then
 * the generated resource group if no other volume uses it. LINSTOR refuses to delete a definition
 * that has snapshots; then the resources go, the definition is hidden, and the last snapshot delete
 * removes it.
 */
public final class VolumeDeleter {
  private static final Logger log = LoggerFactory.getLogger(VolumeDeleter.class);

  private final ResourceGroups groups;

  public VolumeDeleter(ResourceGroups groups) {
    this.groups = groups;
  }

  /** CSI spec, DeleteVolume: an unknown volume id is success. */
  public void delete(LinstorClient client, VolumeId id) {
    Optional<ResourceDefinition> rd = VolumeLookup.definition(client, id.resourceName());
    if (rd.isEmpty()) {
      return;
    }
    if (Members.othersThan(rd.get(), id.volumeNumber())) {
      removeMember(client, rd.get(), id);
      return;
    }
    removeDefinition(client, rd.get());
  }

  /**
   * A member of a consistency group whose definition other members share: only its own volume
   * definition goes (LINSTOR removes that volume from every replica), the other members' volumes
   * stay. Whoever finds no member left afterwards removes the definition, so of two members deleted
   * at once one of them does (Go driver pkg/client/linstor.go Delete).
   */
  private void removeMember(LinstorClient client, ResourceDefinition rd, VolumeId id) {
    if (VolumeLookup.volumeDefinition(rd, id.volumeNumber()).isPresent()) {
      try {
        client.volumeDefinitions().delete(rd.name(), id.volumeNumber());
      } catch (LinstorException.NotFound e) {
        // gone already
      }
    }
    Optional<ResourceDefinition> now = VolumeLookup.definition(client, rd.name());
    if (now.isPresent() && Members.of(now.get()).isEmpty()) {
      removeDefinition(client, now.get());
    }
  }

  /** Deletes a definition (and its group when generated and unused), or hides it for snapshots. */
  public void removeDefinition(LinstorClient client, ResourceDefinition rd) {
    try {
      client.resourceDefinitions().delete(rd.name());
    } catch (LinstorException.NotFound e) {
      return;
    } catch (LinstorException.InUse | LinstorException.AlreadyExists e) {
      if (!Attachments.is(e, RetCode.FAIL_EXISTS_SNAPSHOT_DFN)) {
        throw e;
      }
      // LINSTOR: "Cannot delete resource definition ... because it has snapshots."
      hide(client, rd);
      return;
    }
    String group = rd.resourceGroupName();
    if (group != null) {
      groups.removeIfUnused(client, group);
    }
  }

  private static void hide(LinstorClient client, ResourceDefinition rd) {
    List<Resource> resources;
    try {
      resources = client.resources().list(rd.name());
    } catch (LinstorException.NotFound e) {
      return;
    }
    // Diskless resources first, or LINSTOR may refuse to remove the last diskful one under them.
    resources.stream()
        .sorted(Comparator.comparing(r -> Resources.isDiskless(r.flags()) ? 0 : 1))
        .forEach(
            r -> {
              try {
                client.resources().delete(rd.name(), r.nodeName());
              } catch (LinstorException.NotFound e) {
                // gone already
              }
            });
    client
        .resourceDefinitions()
        .modifyProps(rd.name(), Map.of(Props.DELETED, "true"), List.of(Props.COMPLETED_BY));
  }
}
