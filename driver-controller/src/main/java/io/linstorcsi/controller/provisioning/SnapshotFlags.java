package io.linstorcsi.controller.provisioning;

import java.util.List;

/** Snapshot states from LINSTOR's flags. */
public final class SnapshotFlags {
  private SnapshotFlags() {}

  public static boolean ready(List<String> flags) {
    return flags != null && flags.contains("SUCCESSFUL") && !flags.contains("DELETE");
  }

  public static boolean failed(List<String> flags) {
    return flags != null
        && (flags.contains("FAILED_DEPLOYMENT") || flags.contains("FAILED_DISCONNECT"));
  }
}
