package io.linstorcsi.controller;

import io.grpc.Context;
import io.grpc.Deadline;
import io.linstorcsi.common.CsiError;
import io.linstorcsi.linstor.LinstorClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The caller's deadline carried into LINSTOR: no request outlives the RPC that made it. */
public final class CallDeadline {
  private CallDeadline() {}

  /** {@code client} with its call timeout sized to the current RPC's remaining deadline. */
  public static LinstorClient client(LinstorClient client) {
    Deadline deadline = Context.current().getDeadline();
    if (deadline == null) {
      return client;
    }
    long ms = deadline.timeRemaining(TimeUnit.MILLISECONDS);
    if (ms <= 0) {
      throw CsiError.deadlineExceeded("the call's deadline has passed");
    }
    return client.withCallTimeout(Duration.ofMillis(ms));
  }
}
