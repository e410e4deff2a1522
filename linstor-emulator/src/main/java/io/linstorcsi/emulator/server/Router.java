package io.linstorcsi.emulator.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps a method and a path to a handler by path templates such as {@code /v1/nodes/{node}}. */
public final class Router {

  /** Handles one routed call. */
  @FunctionalInterface
  public interface Handler {
    Reply handle(Call call);
  }

  private record Route(String method, String template, String[] segments, Handler handler) {}

  /**
   * What a path resolved to: a handler with parameters, a known path with other methods, or
   * nothing.
   */
  public sealed interface Match {}

  /** A handler for this method and path. */
  public record Found(String template, Map<String, String> params, Handler handler)
      implements Match {}

  /** The path exists, but not for this method. */
  public record WrongMethod(String template, Set<String> allowed) implements Match {}

  /** No route has this path. */
  public record NotFound() implements Match {}

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String template, Handler handler) {
    routes.add(new Route(method, template, split(template), handler));
    return this;
  }

  public Match match(String method, String path) {
    String[] parts = split(path);
    Set<String> allowed = new LinkedHashSet<>();
    String knownTemplate = null;
    Found best = null;
    for (Route route : routes) {
      Map<String, String> params = bind(route.segments, parts);
      if (params == null) {
        continue;
      }
      if (route.method.equals(method)) {
        // literal segments beat parameters: /v1/nodes/properties/info vs /v1/nodes/{node}/...
        if (best == null || literalCount(route.segments) > literalCount(split(best.template()))) {
          best = new Found(route.template, params, route.handler);
        }
      } else {
        allowed.add(route.method);
        knownTemplate = route.template;
      }
    }
    if (best != null) {
      return best;
    }
    if (!allowed.isEmpty()) {
      return new WrongMethod(knownTemplate, allowed);
    }
    return new NotFound();
  }

  private static int literalCount(String[] segments) {
    int n = 0;
    for (String s : segments) {
      if (!s.startsWith("{")) {
        n++;
      }
    }
    return n;
  }

  private static Map<String, String> bind(String[] template, String[] parts) {
    if (template.length != parts.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), parts[i]);
      } else if (!t.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  private static String[] split(String path) {
    String trimmed = path;
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
  }
}
