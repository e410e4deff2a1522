/**
 * StorageClass parameters parsed once into the validated {@link
 * io.linstorcsi.controller.params.VolumeParameters} record, with the keys, namespaces and meaning
 * of Piraeus' Go driver: {@code linstor.csi.linbit.com/<key>} (or a bare key, matched
 * case-insensitively), {@code property.linstor.csi.linbit.com/<LINSTOR property>} and {@code
 * DrbdOptions/...} pass through as LINSTOR properties, {@code csi.storage.k8s.io/*} supplies the
 * file system type and PVC coordinates, other namespaces are ignored.
 */
package io.linstorcsi.controller.params;
