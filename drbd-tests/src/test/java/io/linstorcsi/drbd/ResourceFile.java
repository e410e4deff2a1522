package io.linstorcsi.drbd;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DRBD 8.4 resource definition as LINSTOR's satellite would write it for a volume: one volume on
 * the guest's {@code /dev/vda}, internal metadata, protocol C. Timeouts are short so that a pulled
 * cable is noticed in seconds, and split brain is never resolved automatically (the after-sb
 * policies all disconnect), which is LINSTOR's default too.
 *
 * @param hosts guest name to replication address, in order
 */
record ResourceFile(String name, int minor, int port, Map<String, String> hosts) {
  static final String DIR = "/var/lib/linstor.d";

  ResourceFile {
    hosts = new LinkedHashMap<>(hosts);
  }

  String device() {
    return "/dev/drbd" + minor;
  }

  String path() {
    return DIR + "/" + name + ".res";
  }

  String render() {
    StringBuilder on = new StringBuilder();
    hosts.forEach(
        (host, address) ->
            on.append("  on ")
                .append(host)
                .append(" { address ")
                .append(address)
                .append(':')
                .append(port)
                .append("; }\n"));
    return """
        resource %s {
          protocol C;
          device %s;
          disk /dev/vda;
          meta-disk internal;
          net {
            connect-int 3; ping-int 3; ping-timeout 10; timeout 20;
            after-sb-0pri disconnect; after-sb-1pri disconnect; after-sb-2pri disconnect;
          }
          disk { c-plan-ahead 0; resync-rate 200M; }
        %s}
        """
        .formatted(name, device(), on);
  }
}
