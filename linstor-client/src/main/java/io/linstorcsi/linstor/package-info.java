/**
 * Typed client of the LINSTOR REST API v1.
 *
 * <p>{@link io.linstorcsi.linstor.LinstorClient} is built once and is immutable; calls are grouped
 * by area ({@code client.resources().autoplace(...)}). Transport concerns live here and nowhere
 * else: controller failover, TLS and mTLS, bearer token, timeouts, a client-side token bucket,
 * retries of reads, and a listener for metrics. Failures surface as the sealed {@link
 * io.linstorcsi.linstor.error.LinstorException}, decided in {@link
 * io.linstorcsi.linstor.error.ErrorMapper}; values are the records of {@code
 * io.linstorcsi.linstor.model}.
 *
 * <p>This module depends on OkHttp, Jackson and SLF4J only, and on nothing else of this project.
 */
package io.linstorcsi.linstor;
