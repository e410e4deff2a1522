package io.linstorcsi.controller.ids;

import java.util.regex.Pattern;

/** LINSTOR's naming rules for resources and snapshots, as the Go driver checks them. */
public final class LinstorNames {
  /** The CSI driver name, also the namespace of the Go driver's name-based UUIDs. */
  public static final String DRIVER_NAME = "linstor.csi.linbit.com";

  private static final Pattern VALID = Pattern.compile("^[A-Za-z_][A-Za-z0-9\\-_]{1,47}$");
  private static final Pattern ALPHA = Pattern.compile("[A-Za-z]");

  private LinstorNames() {}

  /** True when LINSTOR accepts {@code name} as a resource or snapshot name unchanged. */
  public static boolean isValid(String name) {
    return name != null
        && !"all".equals(name)
        && ALPHA.matcher(name).find()
        && VALID.matcher(name).matches();
  }

  /**
   * {@code name} itself when LINSTOR accepts it, else {@code prefix} plus a name-based UUID of it.
   * Deterministic, so a retried request lands on the same LINSTOR object.
   */
  public static String compatible(String name, String prefix) {
    if (isValid(name)) {
      return name;
    }
    return prefix + NameUuid.of(DRIVER_NAME, name);
  }
}
