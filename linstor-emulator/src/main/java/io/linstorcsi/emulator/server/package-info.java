/**
 * HTTP plumbing on the JDK's {@code com.sun.net.httpserver}: routing by path template, JSON
 * mapping, the per-call faults (failures, hangs, latency) and the request log feed. Internal to the
 * emulator.
 */
package io.linstorcsi.emulator.server;
