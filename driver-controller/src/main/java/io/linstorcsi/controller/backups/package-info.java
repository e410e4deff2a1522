/**
 * Snapshots that leave the cluster: shipped as LINSTOR backups to an S3 bucket or to another
 * LINSTOR cluster, tracked until LINSTOR reports them complete, deleted without breaking
 * incremental chains, and downloaded again for a restore. The LINSTOR remote is made or updated
 * from the VolumeSnapshotClass on every call, so the class is the one place that configures it.
 */
package io.linstorcsi.controller.backups;
