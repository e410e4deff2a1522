/**
 * In-cluster snapshots: create (idempotent by name across volumes, ready_to_use as LINSTOR reports
 * it), delete (removing a deleted volume's hidden definition with its last snapshot) and list with
 * filters and pagination. Remote (S3, LINSTOR-to-LINSTOR) backups are not offered.
 */
package io.linstorcsi.controller.snapshots;
