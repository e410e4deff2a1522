package io.linstorcsi.controller.snapshots;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.backups.BackupDownload;
import io.linstorcsi.controller.backups.ReceivedSnapshots;
import io.linstorcsi.controller.backups.RemoteSnapshots;
import io.linstorcsi.controller.backups.ShipmentListener;
import io.linstorcsi.controller.backups.TargetCluster;
import io.linstorcsi.controller.groupsnapshots.GroupProps;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.controller.params.SnapshotParameters;
import io.linstorcsi.controller.provisioning.Props;
import io.linstorcsi.controller.provisioning.SnapshotFlags;
import io.linstorcsi.controller.provisioning.VolumeDeleter;
import io.linstorcsi.controller.provisioning.VolumeInfo;
import io.linstorcsi.controller.provisioning.VolumeLookup;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.ResourceDefinition;
import io.linstorcsi.linstor.model.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CreateSnapshot, DeleteSnapshot and ListSnapshots on LINSTOR in-cluster snapshots. */
public final class Snapshots {
  private final VolumeDeleter deleter;
  private final RemoteSnapshots remote;

  public Snapshots(VolumeDeleter deleter, ShipmentListener shipments) {
    this.deleter = deleter;
    this.remote = new RemoteSnapshots(shipments);
  }

  /** CreateSnapshot by the VolumeSnapshotClass: in-cluster, or shipped to its remote. */
  public SnapshotInfo create(
      LinstorClient client, String requestName, VolumeId source, SnapshotParameters params) {
    return params.remote()
        ? remote.create(client, requestName, source, params)
        : create(client, requestName, source);
  }

  /**
   * CSI spec, CreateSnapshot: the same name on the same source is the same snapshot (success); on
   * another source it is ALREADY_EXISTS. A snapshot that failed in LINSTOR is made anew.
   */
  public SnapshotInfo create(LinstorClient client, String requestName, VolumeId source) {
    String name = SnapshotId.snapshotNameFor(requestName);
    for (Snapshot s : byName(client, name)) {
      if (!s.resourceName().equalsIgnoreCase(source.resourceName())) {
        throw CsiError.alreadyExists(
            "snapshot " + requestName + " exists already, of volume " + s.resourceName());
      }
      if (!SnapshotFlags.failed(s.flags())) {
        return SnapshotInfo.of(s, source.volumeNumber());
      }
      client.snapshots().delete(s.resourceName(), s.name());
    }
    try {
      client.snapshots().create(source.resourceName(), name, List.of(), null);
    } catch (LinstorException.NotFound e) {
      throw CsiError.notFound("source volume " + source + " does not exist");
    } catch (LinstorException.AlreadyExists e) {
      // made concurrently; read it below
    }
    return SnapshotInfo.of(
        client.snapshots().get(source.resourceName(), name), source.volumeNumber());
  }

  /** CSI spec, DeleteSnapshot: an unknown or malformed id is success. */
  public void delete(LinstorClient client, String rawId) {
    delete(client, rawId, false);
  }

  /**
   * DeleteVolumeGroupSnapshot's part: removes a group member's snapshot even when the group's
   * members share it, since the whole group goes.
   */
  public void deleteAsPartOfItsGroup(LinstorClient client, String rawId) {
    delete(client, rawId, true);
  }

  private void delete(LinstorClient client, String rawId, boolean wholeGroup) {
    SnapshotId id;
    try {
      id = SnapshotId.parse(rawId);
    } catch (CsiError e) {
      return;
    }
    if (id.type() == SnapshotId.Type.LINSTOR) {
      Optional<Snapshot> received = ReceivedSnapshots.find(client, id);
      if (received.isPresent()) {
        // this cluster is the target: the copy is all there is of the snapshot here
        deleteReceived(client, id, received.get());
        return;
      }
      // the copy in the target cluster goes first: should it fail, the local snapshot and its
      // marks still lead a retry to the target
      TargetCluster.of(client, id).ifPresent(target -> deleteOnTarget(target, id));
    }
    if (id.type() == SnapshotId.Type.S3 || id.type() == SnapshotId.Type.LINSTOR) {
      if (id.type() == SnapshotId.Type.S3) {
        // a backup downloaded here; a received Linstor copy was looked for above
        readReceived(client, id).ifPresent(s -> hideReceivingDefinition(client, s));
      }
      remote.delete(client, id);
      removeHiddenVolume(client, id.sourceName());
      return;
    }
    List<Snapshot> targets = new ArrayList<>();
    if (id.type() == SnapshotId.Type.UNKNOWN) {
      targets.addAll(byName(client, id.snapshotName()));
    } else {
      find(client, id).ifPresent(targets::add);
      if (!wholeGroup) {
        targets.forEach(s -> refuseSharedMember(rawId, s));
      }
    }
    for (Snapshot s : targets) {
      try {
        client.snapshots().delete(s.resourceName(), s.name());
      } catch (LinstorException.NotFound e) {
        // gone already
      }
      removeHiddenVolume(client, s.resourceName());
    }
  }

  /**
   * A member of a consistency group's group snapshot shares its LINSTOR snapshot with the other
   * members; only the group may remove it (as the Go driver rules).
   */
  private static void refuseSharedMember(String rawId, Snapshot s) {
    GroupProps.sharingGroup(s)
        .ifPresent(
            group -> {
              throw CsiError.failedPrecondition(
                  "snapshot "
                      + rawId
                      + " is one member of group snapshot "
                      + group
                      + ", whose members share one LINSTOR snapshot; delete the whole group"
                      + " (DeleteVolumeGroupSnapshot, i.e. the VolumeGroupSnapshot) instead");
            });
  }

  /** The copy of {@code id} in the target cluster, removed unless later copies build on it. */
  private void deleteOnTarget(TargetCluster target, SnapshotId id) {
    String action = "deleting the copy of snapshot " + id + " (nothing was deleted here yet)";
    try {
      ReceivedSnapshots.find(target.client(), id)
          .ifPresent(copy -> deleteReceived(target.client(), id, copy));
    } catch (LinstorException e) {
      throw target.failure(action, e);
    }
  }

  /**
   * Removes a received copy and, when it was the only thing in it, the definition LINSTOR made to
   * receive it. An incremental copy received later names it as its base: the caller is told to
   * delete those first (newest first), so no copy loses its base.
   */
  private void deleteReceived(LinstorClient client, SnapshotId id, Snapshot copy) {
    List<Snapshot> dependents = ReceivedSnapshots.dependentsOf(client, copy);
    if (!dependents.isEmpty()) {
      throw CsiError.failedPrecondition(
          "snapshot "
              + id
              + " is the base of incremental copies in the target cluster of remote "
              + id.remote()
              + ": "
              + String.join(
                  ", ",
                  dependents.stream()
                      .map(d -> sameChain(id, ReceivedSnapshots.sourceSnapshotOf(d)))
                      .sorted()
                      .toList())
              + "; delete those VolumeSnapshots first, newest first");
    }
    hideReceivingDefinition(client, copy);
    try {
      client.snapshots().delete(copy.resourceName(), copy.name());
    } catch (LinstorException.NotFound e) {
      // gone already
    }
    removeHiddenVolume(client, copy.resourceName());
  }

  private static String sameChain(SnapshotId id, String snapshotName) {
    return new SnapshotId(id.type(), id.remote(), id.sourceName(), id.volumeNumber(), snapshotName)
        .toString();
  }

  private static Optional<Snapshot> readReceived(LinstorClient client, SnapshotId id) {
    try {
      return Optional.of(client.snapshots().get(id.sourceName(), id.snapshotName()));
    } catch (LinstorException.NotFound e) {
      return Optional.empty();
    }
  }

  /**
   * A snapshot received from a remote lives in a definition LINSTOR made for it (named after the
   * source volume) when no volume of that name lives in this cluster. That definition is marked as
   * a deleted volume's before the snapshot goes, so it goes with its last snapshot like one, also
   * when this call is retried after a crash. A definition with replicas or a volume still being
   * made is left alone.
   */
  private static void hideReceivingDefinition(LinstorClient client, Snapshot s) {
    if (!BackupDownload.receivedFromARemote(s)) {
      return;
    }
    Optional<ResourceDefinition> rd = VolumeLookup.definition(client, s.resourceName());
    if (rd.isEmpty()) {
      return;
    }
    Map<String, String> props = rd.get().props() == null ? Map.of() : rd.get().props();
    if (props.containsKey(Props.DELETED)
        || props.containsKey(Props.IN_PROGRESS)
        || !client.resources().list(rd.get().name()).isEmpty()) {
      return;
    }
    client
        .resourceDefinitions()
        .modifyProps(rd.get().name(), Map.of(Props.DELETED, "true"), List.of());
  }

  /** A deleted volume kept for its snapshots goes with the last of them. */
  private void removeHiddenVolume(LinstorClient client, String rdName) {
    Optional<ResourceDefinition> rd = VolumeLookup.definition(client, rdName);
    if (rd.isEmpty()) {
      return;
    }
    VolumeInfo info = VolumeLookup.info(rd.get(), VolumeId.of(rdName));
    if (!"true".equals(info.props().get(Props.DELETED))) {
      return;
    }
    boolean more = client.snapshots().list(rdName).stream().anyMatch(s -> !isDeleting(s));
    if (!more) {
      deleter.removeDefinition(client, rd.get());
    }
  }

  /** The snapshot behind an id, if LINSTOR has it. */
  public Optional<Snapshot> find(LinstorClient client, SnapshotId id) {
    if (id.type() == SnapshotId.Type.UNKNOWN) {
      return byName(client, id.snapshotName()).stream().findFirst();
    }
    if (id.type() != SnapshotId.Type.IN_CLUSTER) {
      return Optional.empty();
    }
    try {
      return Optional.of(client.snapshots().get(id.sourceName(), id.snapshotName()))
          .filter(s -> !isDeleting(s));
    } catch (LinstorException.NotFound e) {
      return Optional.empty();
    }
  }

  /**
   * ListSnapshots: by id, by source volume, or all; sorted by id so offsets are stable between
   * pages.
   */
  public List<SnapshotInfo> list(LinstorClient client, String snapshotId, String sourceVolumeId) {
    List<SnapshotInfo> result = new ArrayList<>();
    if (!snapshotId.isEmpty()) {
      SnapshotId id;
      try {
        id = SnapshotId.parse(snapshotId);
      } catch (CsiError e) {
        return List.of();
      }
      if (id.type() == SnapshotId.Type.S3 || id.type() == SnapshotId.Type.LINSTOR) {
        remote.find(client, id).ifPresent(result::add);
      } else {
        find(client, id)
            .filter(this::listed)
            .ifPresent(s -> result.add(SnapshotInfo.of(s, id.volumeNumber())));
      }
    } else if (!sourceVolumeId.isEmpty()) {
      VolumeId source = VolumeId.parse(sourceVolumeId);
      List<Snapshot> snaps;
      try {
        snaps = client.snapshots().list(source.resourceName());
      } catch (LinstorException.NotFound e) {
        snaps = List.of();
      }
      snaps.stream()
          .filter(this::listed)
          .forEach(s -> result.add(SnapshotInfo.of(s, source.volumeNumber())));
    } else {
      client.snapshots().view(ListFilter.all()).stream()
          .filter(this::listed)
          .forEach(s -> result.add(SnapshotInfo.of(s, 0)));
    }
    result.sort(Comparator.comparing(s -> s.id().toString()));
    return result;
  }

  private List<Snapshot> byName(LinstorClient client, String name) {
    return client.snapshots().view(ListFilter.all().snapshots(name)).stream()
        .filter(s -> name.equalsIgnoreCase(s.name()) && !isDeleting(s))
        .toList();
  }

  /** Snapshots the CO made; not clone helpers or ones being deleted. */
  private boolean listed(Snapshot s) {
    return !isDeleting(s) && !s.name().startsWith("clone-");
  }

  private static boolean isDeleting(Snapshot s) {
    return s.flags() != null && s.flags().contains("DELETE");
  }
}
