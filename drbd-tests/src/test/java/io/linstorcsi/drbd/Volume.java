package io.linstorcsi.drbd;

/**
 * A volume as kubelet addresses it on a node: its id (the LINSTOR resource name, which is also the
 * DRBD resource name), the node it is attached to, the DRBD device, the global staging path and one
 * pod's target path.
 */
record Volume(String id, String node, String device, String fsType, String staging, String target) {
  static final String PLUGIN_DIR =
      "/var/lib/kubelet/plugins/kubernetes.io/csi/linstor.csi.linbit.com";

  static Volume of(ResourceFile resource, String node, String podUid) {
    return new Volume(
        resource.name(),
        node,
        resource.device(),
        "ext4",
        PLUGIN_DIR + "/" + resource.name() + "/globalmount",
        "/var/lib/kubelet/pods/"
            + podUid
            + "/volumes/kubernetes.io~csi/"
            + resource.name()
            + "/mount");
  }
}
