package io.linstorcsi.e2e;

/** A PersistentVolumeClaim's access mode. */
enum AccessMode {
  READ_WRITE_ONCE,
  READ_WRITE_ONCE_POD,
  READ_WRITE_MANY,
  READ_ONLY_MANY
}
