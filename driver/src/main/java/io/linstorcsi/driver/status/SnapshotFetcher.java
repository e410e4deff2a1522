package io.linstorcsi.driver.status;

import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;

/**
 * Reads everything the rules need from LINSTOR: five GETs, and the backup reads of {@link
 * BackupFetcher} (one GET when there is no remote); no writes. The lists are read one after the
 * other, so a change between two reads can show briefly (a resource of a definition that is not
 * listed yet); the next run settles it.
 */
final class SnapshotFetcher {
  private final LinstorClient client;

  SnapshotFetcher(LinstorClient client) {
    this.client = client;
  }

  /**
   * @throws io.linstorcsi.linstor.error.LinstorException when LINSTOR cannot be reached or refuses
   */
  ClusterSnapshot fetch() {
    return new ClusterSnapshot(
        client.nodes().list(),
        client.storagePools().view(ListFilter.all()),
        client.resources().view(ListFilter.all()),
        client.resourceDefinitions().list(),
        client.resourceGroups().list(),
        new BackupFetcher(client).fetch());
  }
}
