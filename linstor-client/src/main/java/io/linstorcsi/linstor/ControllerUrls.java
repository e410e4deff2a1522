package io.linstorcsi.linstor;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses controller addresses the way golinstor reads {@code LS_CONTROLLERS}: entries may lack a
 * scheme and a port. No scheme (or {@code linstor://}) means https when TLS material is configured
 * and http otherwise; {@code linstor+ssl://} means https. The default port is 3370 for http and
 * 3371 for https.
 */
final class ControllerUrls {
  static final int HTTP_PORT = 3370;
  static final int HTTPS_PORT = 3371;

  private ControllerUrls() {}

  /** A comma-separated list; blank entries are skipped. */
  static List<URI> parseList(String commaSeparated, boolean tls) {
    List<URI> out = new ArrayList<>();
    for (String entry : commaSeparated.split(",")) {
      if (!entry.isBlank()) {
        out.add(parse(entry, tls));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no controller address in '" + commaSeparated + "'");
    }
    return List.copyOf(out);
  }

  static URI parse(String entry, boolean tls) {
    String text = entry.trim();
    String scheme = null;
    String rest = text;
    int sep = text.indexOf("://");
    if (sep >= 0) {
      scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
      rest = text.substring(sep + 3);
    }
    String effectiveScheme =
        switch (scheme == null ? "" : scheme) {
          case "", "linstor" -> tls ? "https" : "http";
          case "linstor+ssl", "https" -> "https";
          case "http" -> "http";
          default ->
              throw new IllegalArgumentException(
                  "unsupported scheme '" + scheme + "' in controller address '" + entry + "'");
        };
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    String host;
    int port = -1;
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("unterminated IPv6 address in '" + entry + "'");
      }
      host = authority.substring(1, end);
      String tail = authority.substring(end + 1);
      if (tail.startsWith(":")) {
        port = port(tail.substring(1), entry);
      } else if (!tail.isEmpty()) {
        throw new IllegalArgumentException("unexpected '" + tail + "' in '" + entry + "'");
      }
    } else if (authority.indexOf(':') != authority.lastIndexOf(':')) {
      host = authority; // a bare IPv6 address cannot carry a port
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      if (colon >= 0) {
        port = port(authority.substring(colon + 1), entry);
      }
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host in controller address '" + entry + "'");
    }
    if (port < 0) {
      port = "https".equals(effectiveScheme) ? HTTPS_PORT : HTTP_PORT;
    }
    try {
      return new URI(effectiveScheme, null, host, port, path.equals("/") ? "" : path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "invalid controller address '" + entry + "': " + e.getMessage(), e);
    }
  }

  private static int port(String text, String entry) {
    try {
      int port = Integer.parseInt(text);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException("out of range");
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port '" + text + "' in '" + entry + "'", e);
    }
  }
}
