package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code POST /v1/actions/snapshot/multi}: snapshots of several definitions at once. */
public record CreateMultiSnapshotRequest(@JsonProperty("snapshots") List<Snapshot> snapshots) {

  public CreateMultiSnapshotRequest {
    snapshots = Copies.list(snapshots);
  }
}
