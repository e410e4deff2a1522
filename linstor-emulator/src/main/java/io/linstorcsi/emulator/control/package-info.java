/**
 * The out-of-process control API under {@code /emulator/...}: the same fault injection and request
 * log as the Java API, for a standalone emulator. Internal to the emulator; documented in the
 * module README.
 */
package io.linstorcsi.emulator.control;
