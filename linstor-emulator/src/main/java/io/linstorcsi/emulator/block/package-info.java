/**
 * Where volume data lives: nowhere (emulated device paths) or in sparse files on loop devices, one
 * file per volume shared by every replica so that all nodes see the same bytes, like replicated
 * DRBD. Internal to the emulator.
 */
package io.linstorcsi.emulator.block;
