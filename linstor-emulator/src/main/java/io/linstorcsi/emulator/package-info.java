/**
 * A LINSTOR controller REST API v1 emulator for tests and demos: {@link
 * io.linstorcsi.emulator.LinstorEmulator} (in-process, built with a builder), {@link
 * io.linstorcsi.emulator.Faults} (fault injection), {@link io.linstorcsi.emulator.RequestLog} (what
 * was called) and {@link io.linstorcsi.emulator.Main} (standalone process). It shares no classes
 * with the LINSTOR client, so that a client bug and an emulator bug cannot agree with each other
 * instead of with the recorded controller.
 */
package io.linstorcsi.emulator;
