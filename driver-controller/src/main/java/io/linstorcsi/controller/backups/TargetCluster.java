package io.linstorcsi.controller.backups;

import io.linstorcsi.common.CsiError;
import io.linstorcsi.common.StatusMapper;
import io.linstorcsi.controller.ids.SnapshotId;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.error.LinstorException;
import io.linstorcsi.linstor.model.LinstorRemote;
import java.net.URI;
import java.util.Optional;

/**
 * The LINSTOR controller behind a LINSTOR remote, reached at the URL the remote holds with this
 * driver's own client settings (TLS material, authentication, timeouts): the docs say the target
 * must accept them.
 *
 * @param remote the remote's name in this cluster
 * @param url the target controller's URL as LINSTOR stores it
 * @param client a client of the target controller
 */
public record TargetCluster(String remote, URI url, LinstorClient client) {

  /**
   * The target of {@code id}'s remote; empty when this cluster has no LINSTOR remote of that name.
   */
  public static Optional<TargetCluster> of(LinstorClient client, SnapshotId id) {
    Optional<LinstorRemote> remote;
    try {
      remote =
          client.remotes().list().linstorRemotes().stream()
              .filter(r -> id.remote().equals(r.remoteName()))
              .findFirst();
    } catch (LinstorException e) {
      throw RemoteFailures.of(id.remote(), "reading the LINSTOR remote", e);
    }
    return remote
        .filter(r -> r.url() != null && !r.url().isBlank())
        .map(
            r ->
                new TargetCluster(
                    r.remoteName(), url(r.url()), client.forController(url(r.url()))));
  }

  private static URI url(String stored) {
    String u = stored.strip();
    return URI.create(u.contains("://") ? u : "http://" + u);
  }

  /**
   * A failed call to the target: unreachable is UNAVAILABLE naming the remote and its URL (retry
   * later); anything else as any failure about the remote.
   */
  public RuntimeException failure(String action, LinstorException e) {
    if (e instanceof LinstorException.Unavailable) {
      return CsiError.unavailable(
          action
              + ": the LINSTOR controller of remote "
              + remote
              + " at "
              + url
              + " cannot be reached ("
              + StatusMapper.describe(e)
              + "); retry when it is back",
          e);
    }
    return RemoteFailures.of(remote, action + " in the target cluster", e);
  }
}
