package io.linstorcsi.drbd;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One device line of DRBD 8.4's {@code /proc/drbd}, e.g. {@code 0: cs:Connected
 * ro:Primary/Secondary ds:UpToDate/UpToDate C r-----}. The tests wait on this instead of on the
 * driver's own parser, so that the parser under test is not its own oracle.
 */
record ProcDrbd(String connection, String role, String peerRole, String disk, String peerDisk) {
  private static final Pattern LINE =
      Pattern.compile(
          "^\\s*(\\d+): cs:(\\S+) ro:(\\S+)/(\\S+) ds:(\\S+)/(\\S+)", Pattern.MULTILINE);

  static Optional<ProcDrbd> parse(String procDrbd, int minor) {
    Matcher m = LINE.matcher(procDrbd);
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) == minor) {
        return Optional.of(
            new ProcDrbd(m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)));
      }
    }
    return Optional.empty();
  }

  boolean connected() {
    return connection.equals("Connected");
  }

  boolean upToDateBoth() {
    return disk.equals("UpToDate") && peerDisk.equals("UpToDate");
  }

  @Override
  public String toString() {
    return "cs:" + connection + " ro:" + role + "/" + peerRole + " ds:" + disk + "/" + peerDisk;
  }
}
