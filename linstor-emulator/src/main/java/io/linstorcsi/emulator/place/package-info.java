/**
 * The autoplacer: which nodes and pools get the new replicas of a resource definition under an
 * auto-select filter. Internal to the emulator.
 */
package io.linstorcsi.emulator.place;
