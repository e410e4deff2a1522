package io.linstorcsi.controller.provisioning;

import java.util.List;

/** Facts about LINSTOR resources read from their flags. */
public final class Resources {
  private Resources() {}

  /** Flags that mean the resource holds no data of its own. */
  static boolean isDiskless(List<String> flags) {
    return flags != null
        && (flags.contains("DRBD_DISKLESS")
            || flags.contains("DISKLESS")
            || flags.contains("NVME_INITIATOR")
            || flags.contains("TIE_BREAKER"));
  }

  public static boolean isDiskful(List<String> flags) {
    return !isDiskless(flags) && !isDeleting(flags);
  }

  static boolean isDeleting(List<String> flags) {
    return flags != null && flags.contains("DELETE");
  }
}
