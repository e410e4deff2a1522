package io.linstorcsi.controller.provisioning;

import io.grpc.Status;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.controller.ids.VolumeId;
import io.linstorcsi.linstor.LinstorClient;
import io.linstorcsi.linstor.ListFilter;
import io.linstorcsi.linstor.error.LinstorException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, within the call's deadline, until the diskful replicas of a volume being created are
 * connected. Replicas that refuse each other are removed together with the half-made volume, so the
 * CO's retry builds it again from the start instead of finding the same dead end.
 */
final class ConnectionWait {
  private static final Logger log = LoggerFactory.getLogger(ConnectionWait.class);

  private final Waits waits;

  ConnectionWait(Waits waits) {
    this.waits = waits;
  }

  void await(LinstorClient client, VolumeId id) throws InterruptedException {
    await(client, id, true);
  }

  /**
   * @param mayDiscard whether replicas that cannot connect may be removed with the definition; not
   *     when other members of a consistency group live in it
   */
  void await(LinstorClient client, VolumeId id, boolean mayDiscard) throws InterruptedException {
    String rd = id.resourceName();
    AtomicReference<ReplicaConnections> last = new AtomicReference<>();
    try {
      waits.until(
          "the replicas of " + id + " to connect",
          () -> {
            ReplicaConnections now =
                ReplicaConnections.of(
                    client.resources().view(ListFilter.all().resources(rd)).stream()
                        .filter(r -> r.name().equalsIgnoreCase(rd))
                        .toList());
            last.set(now);
            if (now instanceof ReplicaConnections.Broken broken) {
              if (!mayDiscard) {
                throw CsiError.unavailable(
                    "the replicas of "
                        + id
                        + " cannot connect: "
                        + broken.why()
                        + "; other members of its consistency group live there, so nothing was"
                        + " removed; a retry checks again",
                    null);
              }
              throw discard(client, id, broken.why());
            }
            return now instanceof ReplicaConnections.Connected;
          });
    } catch (CsiError e) {
      if (e.code() == Status.Code.DEADLINE_EXCEEDED
          && last.get() instanceof ReplicaConnections.Pending pending) {
        throw CsiError.deadlineExceeded(
            "the replicas of volume "
                + id
                + " did not connect before the call's deadline ("
                + pending.why()
                + "); the volume is not marked complete and a retry waits again");
      }
      throw e;
    }
  }

  private static CsiError discard(LinstorClient client, VolumeId id, String why) {
    log.warn(
        "replicas of new volume {} cannot connect ({}); removing the half-made volume", id, why);
    try {
      client.resourceDefinitions().delete(id.resourceName());
    } catch (LinstorException.NotFound gone) {
      // nothing left to remove
    }
    return CsiError.aborted(
        "the replicas of new volume "
            + id
            + " cannot connect: "
            + why
            + "; the half-made volume was removed and a retry creates it again");
  }
}
