package io.linstorcsi.drbd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kernel's {@code modules.dep}, to load modules with busybox's {@code insmod}, which resolves no
 * dependencies: {@link #loadOrder} lists each module after everything it needs.
 */
final class KernelModules {
  private final Path root;
  private final Map<String, String> fileByName = new HashMap<>();
  private final Map<String, List<String>> depsByName = new HashMap<>();

  private KernelModules(Path root) {
    this.root = root;
  }

  static KernelModules read(Path modulesDir) throws IOException {
    KernelModules modules = new KernelModules(modulesDir);
    for (String line : Files.readAllLines(modulesDir.resolve("modules.dep"))) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String file = line.substring(0, colon).strip();
      List<String> deps = new ArrayList<>();
      for (String dep : line.substring(colon + 1).strip().split("\\s+")) {
        if (!dep.isEmpty()) {
          deps.add(name(dep));
        }
      }
      modules.fileByName.put(name(file), file);
      modules.depsByName.put(name(file), deps);
    }
    return modules;
  }

  /** "kernel/fs/9p/9p.ko" -> "9p"; dashes and underscores are the same to the kernel. */
  static String name(String file) {
    String base = file.substring(file.lastIndexOf('/') + 1);
    int ko = base.indexOf(".ko");
    return (ko < 0 ? base : base.substring(0, ko)).replace('-', '_');
  }

  /** The module files of {@code wanted} and all their dependencies, dependencies first. */
  List<Path> loadOrder(List<String> wanted) {
    Set<String> ordered = new LinkedHashSet<>();
    for (String module : wanted) {
      visit(module.replace('-', '_'), ordered, new LinkedHashSet<>());
    }
    return ordered.stream().map(m -> root.resolve(fileByName.get(m))).toList();
  }

  private void visit(String module, Set<String> ordered, Set<String> path) {
    if (ordered.contains(module)) {
      return;
    }
    if (!fileByName.containsKey(module)) {
      throw new IllegalStateException("module " + module + " is not in " + root + "/modules.dep");
    }
    if (!path.add(module)) {
      throw new IllegalStateException("dependency cycle through " + path);
    }
    for (String dep : depsByName.get(module)) {
      visit(dep, ordered, path);
    }
    path.remove(module);
    ordered.add(module);
  }
}
