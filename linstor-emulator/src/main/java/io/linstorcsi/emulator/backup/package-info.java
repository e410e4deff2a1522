/**
 * Remotes and backups: snapshots shipped to S3-compatible servers or to another (emulated) LINSTOR
 * controller, their S3 layout and metadata as linstor-server writes them, and restores from there.
 */
package io.linstorcsi.emulator.backup;
