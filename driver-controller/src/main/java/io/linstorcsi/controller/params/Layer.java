package io.linstorcsi.controller.params;

import java.util.Locale;
import java.util.Optional;

/** LINSTOR device layers, as named in layer lists and select filters. */
public enum Layer {
  DRBD,
  STORAGE,
  LUKS,
  NVME,
  WRITECACHE,
  CACHE,
  BCACHE;

  static Optional<Layer> fromName(String name) {
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
