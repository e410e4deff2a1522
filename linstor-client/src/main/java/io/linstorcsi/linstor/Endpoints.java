package io.linstorcsi.linstor;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;

/**
 * The configured controllers and the one that answered last. LINSTOR runs one active controller;
 * standby ones refuse connections, so calls start at the last one that worked and move on when a
 * connection fails.
 */
final class Endpoints {
  private final List<URI> uris;
  private final List<HttpUrl> urls;
  private final AtomicInteger preferred = new AtomicInteger();

  Endpoints(List<URI> uris) {
    if (uris.isEmpty()) {
      throw new IllegalArgumentException("at least one controller endpoint is required");
    }
    this.uris = List.copyOf(uris);
    List<HttpUrl> parsed = new ArrayList<>();
    for (URI uri : uris) {
      HttpUrl url = HttpUrl.get(uri.toString());
      parsed.add(url);
    }
    this.urls = List.copyOf(parsed);
  }

  int size() {
    return urls.size();
  }

  /** Indexes to try, the last working endpoint first, then the others in configured order. */
  List<Integer> order() {
    int first = preferred.get();
    List<Integer> out = new ArrayList<>(urls.size());
    out.add(first);
    for (int i = 0; i < urls.size(); i++) {
      if (i != first) {
        out.add(i);
      }
    }
    return out;
  }

  HttpUrl url(int index) {
    return urls.get(index);
  }

  URI uri(int index) {
    return uris.get(index);
  }

  List<URI> all() {
    return uris;
  }

  URI active() {
    return uris.get(preferred.get());
  }

  void answered(int index) {
    preferred.set(index);
  }
}
