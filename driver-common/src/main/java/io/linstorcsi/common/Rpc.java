package io.linstorcsi.common;

import io.grpc.stub.StreamObserver;

/**
 * Every unary RPC ends here, so that no exception escapes a service method and reaches the caller
 * as UNKNOWN without a message.
 */
public final class Rpc {
  private Rpc() {}

  /** The body of an RPC: validate, act, build the response. */
  @FunctionalInterface
  public interface Body<T> {
    T call() throws Exception;
  }

  public static <T> void unary(StreamObserver<T> out, Body<T> body) {
    T response;
    try {
      response = body.call();
    } catch (Exception | LinkageError | AssertionError e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      out.onError(StatusMapper.toStatus(e).asRuntimeException());
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }
}
