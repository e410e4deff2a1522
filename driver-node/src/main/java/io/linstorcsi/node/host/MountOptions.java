package io.linstorcsi.node.host;

import io.linstorcsi.common.CsiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mount options a request may ask for: an allow-list of plain flags and of {@code key=value}
 * options with a checked value. Everything else is refused, in particular options that make {@code
 * mount} run programs or open other files ({@code helper=}, {@code x-*}, {@code loop}, {@code
 * offset=}), options that weaken the node ({@code suid}, {@code dev}, {@code exec}, {@code
 * errors=panic}), and commas smuggled into a single flag.
 */
public final class MountOptions {
  private static final Set<String> FLAGS =
      Set.of(
          "ro",
          "rw",
          "defaults",
          "_netdev",
          "sync",
          "async",
          "dirsync",
          "atime",
          "noatime",
          "diratime",
          "nodiratime",
          "relatime",
          "norelatime",
          "strictatime",
          "nostrictatime",
          "lazytime",
          "nolazytime",
          "nosuid",
          "nodev",
          "noexec",
          "discard",
          "nodiscard",
          "barrier",
          "nobarrier",
          "acl",
          "noacl",
          "user_xattr",
          "nouser_xattr",
          "grpid",
          "bsdgroups",
          "nogrpid",
          "sysvgroups",
          "quota",
          "noquota",
          "usrquota",
          "grpquota",
          "prjquota",
          "uquota",
          "gquota",
          "pquota",
          "uqnoenforce",
          "gqnoenforce",
          "pqnoenforce",
          "qnoenforce",
          // ext4
          "delalloc",
          "nodelalloc",
          "journal_checksum",
          "nojournal_checksum",
          "auto_da_alloc",
          "noauto_da_alloc",
          "init_itable",
          "noinit_itable",
          "block_validity",
          "noblock_validity",
          "dioread_lock",
          "dioread_nolock",
          "i_version",
          // xfs
          "nouuid",
          "inode32",
          "inode64",
          "largeio",
          "nolargeio",
          "swalloc",
          "wsync",
          "attr2",
          "noattr2",
          "ikeep",
          "noikeep");

  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,10}");
  private static final Pattern SIZE = Pattern.compile("[0-9]{1,10}[kKmMgG]?");

  /** SELinux labels as kubelet passes them; categories contain commas, then the value is quoted. */
  private static final Pattern SELINUX =
      Pattern.compile("\"[A-Za-z0-9_.:,-]{1,255}\"|[A-Za-z0-9_.:-]{1,255}");

  private static final Map<String, Pattern> VALUED =
      Map.ofEntries(
          Map.entry("commit", NUMBER),
          Map.entry("stripe", NUMBER),
          Map.entry("max_batch_time", NUMBER),
          Map.entry("min_batch_time", NUMBER),
          Map.entry("init_itable", NUMBER),
          Map.entry("journal_ioprio", Pattern.compile("[0-7]")),
          Map.entry("inode_readahead_blks", NUMBER),
          Map.entry("resuid", NUMBER),
          Map.entry("resgid", NUMBER),
          Map.entry("data", Pattern.compile("ordered|writeback|journal")),
          Map.entry("errors", Pattern.compile("remount-ro|continue")),
          Map.entry("logbufs", NUMBER),
          Map.entry("logbsize", SIZE),
          Map.entry("allocsize", SIZE),
          Map.entry("sunit", NUMBER),
          Map.entry("swidth", NUMBER),
          Map.entry("context", SELINUX),
          Map.entry("fscontext", SELINUX),
          Map.entry("defcontext", SELINUX),
          Map.entry("rootcontext", SELINUX));

  private MountOptions() {}

  /** Splits an fstab-style option string at commas that are not inside double quotes. */
  public static List<String> split(String options) {
    List<String> out = new ArrayList<>();
    if (options == null || options.isBlank()) {
      return out;
    }
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (char c : options.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        out.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString().strip());
    return out;
  }

  /**
   * Returns the options unchanged when every one is allowed; otherwise INVALID_ARGUMENT naming the
   * first offender and where it came from.
   */
  public static List<String> check(String origin, List<String> options) {
    for (String option : options) {
      String problem = problem(option);
      if (problem != null) {
        throw CsiError.invalidArgument(
            "mount option '" + option + "' from " + origin + " is refused: " + problem);
      }
    }
    return List.copyOf(options);
  }

  private static String problem(String option) {
    if (option.isEmpty()) {
      return "empty option (doubled comma?)";
    }
    if (FLAGS.contains(option)) {
      return null;
    }
    int eq = option.indexOf('=');
    if (eq < 0) {
      return option.indexOf(',') >= 0
          ? "one list entry must hold one option, not a comma-separated list"
          : "not in the allow-list of mount flags";
    }
    String key = option.substring(0, eq);
    Pattern value = VALUED.get(key);
    if (value == null) {
      return "'" + key + "=' is not an allowed option with a value";
    }
    if (!value.matcher(option.substring(eq + 1)).matches()) {
      return "the value of '" + key + "' must match " + value.pattern();
    }
    return null;
  }
}
