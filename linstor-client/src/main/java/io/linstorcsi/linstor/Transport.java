package io.linstorcsi.linstor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.error.ErrorMapper;
import io.linstorcsi.linstor.error.LinstorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link ApiRequest}s: rate limit, controller failover, retries of reads, decoding, error
 * mapping and the listener event, in that order, for every call of every area.
 */
final class Transport {
  private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final ObjectMapper MAPPER = Json.MAPPER;

  private final OkHttpClient http;
  private final Endpoints endpoints;
  private final TokenBucket limiter;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final CallListener listener;
  private final Map<String, String> headers;
  private final Duration budget;
  private final LongSupplier clock;

  Transport(
      OkHttpClient http,
      Endpoints endpoints,
      TokenBucket limiter,
      RetryPolicy retry,
      Sleeper sleeper,
      CallListener listener,
      Map<String, String> headers,
      Duration budget,
      LongSupplier clock) {
    this.http = http;
    this.endpoints = endpoints;
    this.limiter = limiter;
    this.retry = retry;
    this.sleeper = sleeper;
    this.listener = listener;
    this.headers = Map.copyOf(headers);
    this.budget = budget;
    this.clock = clock;
  }

  /** OkHttp needs to know per call whether the request left this process, for safe failover. */
  static EventListener.Factory sendTracking() {
    return call -> {
      SendState state = call.request().tag(SendState.class);
      return state == null ? EventListener.NONE : new SendTracker(state);
    };
  }

  /**
   * This transport with every call, retries included, bounded by {@code budget}: each exchange gets
   * it as OkHttp call timeout, and no retry starts that could not finish in time.
   */
  Transport withBudget(Duration budget) {
    OkHttpClient bounded = http.newBuilder().callTimeout(budget).build();
    return new Transport(
        bounded, endpoints, limiter, retry, sleeper, listener, headers, budget, clock);
  }

  /** This transport talking to other controllers, with the same connections, TLS and headers. */
  Transport withEndpoints(java.util.List<java.net.URI> others) {
    return new Transport(
        http, new Endpoints(others), limiter, retry, sleeper, listener, headers, budget, clock);
  }

  OkHttpClient http() {
    return http;
  }

  Endpoints endpoints() {
    return endpoints;
  }

  /** A read returning one object of {@code type}. */
  <T> T get(ApiRequest request, Class<T> type) {
    return execute(request, MAPPER.constructType(type), null);
  }

  /** A read returning a generic type such as a property map. */
  <T> T get(ApiRequest request, TypeReference<T> type) {
    return execute(request, MAPPER.getTypeFactory().constructType(type), null);
  }

  /** A read returning a JSON array of {@code element}. */
  <T> List<T> list(ApiRequest request, Class<T> element) {
    JavaType type = MAPPER.getTypeFactory().constructCollectionType(List.class, element);
    return execute(request, type, null);
  }

  /** A write; returns LINSTOR's ApiCallRc entries after checking their severities. */
  List<ApiCallRc> write(ApiRequest request) {
    JavaType type = MAPPER.getTypeFactory().constructCollectionType(List.class, ApiCallRc.class);
    return execute(request, type, Transport::asReplies);
  }

  /**
   * A call whose 2xx answer is {@code type}, with the ApiCallRc entries inside it taken by {@code
   * replies} and checked like a write's (clone answers, query-size-info).
   */
  <T> T exchange(ApiRequest request, Class<T> type, Function<T, List<ApiCallRc>> replies) {
    return execute(request, MAPPER.constructType(type), replies);
  }

  @SuppressWarnings("unchecked")
  private static List<ApiCallRc> asReplies(Object value) {
    return (List<ApiCallRc>) value;
  }

  private <T> T execute(
      ApiRequest request, JavaType type, Function<? super T, List<ApiCallRc>> repliesOf) {
    long start = clock.getAsLong();
    Outcome outcome = new Outcome();
    try {
      int retries = "GET".equals(request.method()) ? retry.retries() : 0;
      for (int attempt = 0; ; attempt++) {
        try {
          waitForToken(request);
          Answer answer = send(request, outcome);
          return decode(request, answer, type, repliesOf);
        } catch (LinstorException.Unavailable e) {
          Duration pause = retry.backoff(attempt + 1);
          if (attempt >= retries
              || Thread.currentThread().isInterrupted()
              || pastBudget(start, pause)) {
            throw e;
          }
          LOG.debug(
              "{} unavailable ({}), retry {} of {} in {}",
              request.describe(),
              e.getMessage(),
              attempt + 1,
              retries,
              pause);
          pause(request, pause);
        }
      }
    } catch (LinstorException e) {
      outcome.failure = e;
      throw e;
    } finally {
      report(request, outcome, Duration.ofNanos(clock.getAsLong() - start));
    }
  }

  private boolean pastBudget(long start, Duration pause) {
    return budget != null && clock.getAsLong() + pause.toNanos() - start >= budget.toNanos();
  }

  private <T> T decode(
      ApiRequest request,
      Answer answer,
      JavaType type,
      Function<? super T, List<ApiCallRc>> repliesOf) {
    boolean ok = answer.status >= 200 && answer.status < 300;
    if (!ok) {
      LinstorException failure =
          ErrorMapper.fromAnswer(
              request.method(), request.describe(), answer.status, lenientReplies(answer.body));
      throw failure != null
          ? failure
          : new LinstorException.Other(
              request.describe() + ": HTTP " + answer.status, answer.status, List.of());
    }
    T value;
    try {
      if (answer.body.length == 0 || isBlank(answer.body)) {
        if (!type.isCollectionLikeType()) {
          throw new LinstorException.Other(
              request.describe() + ": empty answer", answer.status, List.of());
        }
        value = MAPPER.readValue("[]", type);
      } else {
        value = MAPPER.readValue(answer.body, type);
      }
    } catch (IOException e) {
      throw new LinstorException.Other(
          request.describe()
              + ": unreadable answer (HTTP "
              + answer.status
              + "): "
              + e.getMessage(),
          answer.status,
          List.of());
    }
    if (repliesOf != null) {
      List<ApiCallRc> replies = repliesOf.apply(value);
      LinstorException failure =
          ErrorMapper.fromAnswer(request.method(), request.describe(), answer.status, replies);
      if (failure != null) {
        throw failure;
      }
    }
    return value;
  }

  private Answer send(ApiRequest request, Outcome outcome) {
    List<IOException> failures = new ArrayList<>();
    boolean idempotent = "GET".equals(request.method()) || "OPTIONS".equals(request.method());
    for (int index : endpoints.order()) {
      SendState state = new SendState();
      Request httpRequest = build(request, endpoints.url(index), state);
      outcome.attempts++;
      try (Response response = http.newCall(httpRequest).execute()) {
        byte[] body = response.body().bytes();
        endpoints.answered(index);
        outcome.endpoint = endpoints.uri(index);
        outcome.status = response.code();
        LOG.debug("{} {} -> {}", request.describe(), endpoints.uri(index), response.code());
        return new Answer(response.code(), body);
      } catch (IOException e) {
        failures.add(e);
        if (Thread.currentThread().isInterrupted() || isCancelled(e)) {
          throw unavailable(request, failures);
        }
        if (state.sent && !idempotent) {
          // LINSTOR may have acted on it; repeating a write elsewhere could do it twice
          throw ErrorMapper.fromIoFailure(request.describe() + " at " + endpoints.uri(index), e);
        }
        if (endpoints.size() > 1) {
          LOG.warn(
              "LINSTOR controller {} failed for {}: {}; trying the next one",
              endpoints.uri(index),
              request.describe(),
              e.toString());
        }
      }
    }
    throw unavailable(request, failures);
  }

  private static boolean isCancelled(IOException e) {
    return e instanceof InterruptedIOException && "Canceled".equalsIgnoreCase(e.getMessage());
  }

  private LinstorException.Unavailable unavailable(ApiRequest request, List<IOException> failures) {
    IOException last = failures.getLast();
    LinstorException.Unavailable e =
        ErrorMapper.fromIoFailure(
            request.describe() + " (" + endpoints.size() + " controller(s) tried)", last);
    for (int i = 0; i < failures.size() - 1; i++) {
      e.addSuppressed(failures.get(i));
    }
    return e;
  }

  private Request build(ApiRequest request, HttpUrl base, SendState state) {
    HttpUrl.Builder url = base.newBuilder().addPathSegment("v1");
    for (String segment : request.path()) {
      url.addPathSegment(segment);
    }
    for (Map.Entry<String, String> q : request.query()) {
      url.addQueryParameter(q.getKey(), q.getValue());
    }
    RequestBody body = null;
    if (request.body() != null) {
      try {
        body = RequestBody.create(MAPPER.writeValueAsBytes(request.body()), JSON);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "cannot encode " + request.body() + ": " + e.getMessage(), e);
      }
    } else if ("POST".equals(request.method()) || "PUT".equals(request.method())) {
      body = RequestBody.create(new byte[0], JSON);
    }
    Request.Builder builder =
        new Request.Builder()
            .url(url.build())
            .method(request.method(), body)
            .header("Accept", "application/json")
            .tag(SendState.class, state);
    headers.forEach(builder::header);
    return builder.build();
  }

  private void waitForToken(ApiRequest request) {
    if (limiter == null) {
      return;
    }
    try {
      limiter.acquire(sleeper);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinstorException.Unavailable(
          request.describe() + ": interrupted while rate limited", 0, e);
    }
  }

  private void pause(ApiRequest request, Duration pause) {
    try {
      sleeper.sleepNanos(pause.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinstorException.Unavailable(
          request.describe() + ": interrupted before retry", 0, e);
    }
  }

  private void report(ApiRequest request, Outcome outcome, Duration duration) {
    CallEvent event =
        new CallEvent(
            request.operation(),
            request.method(),
            outcome.endpoint,
            outcome.status,
            outcome.failure,
            duration,
            outcome.attempts);
    try {
      listener.onCall(event);
    } catch (RuntimeException e) {
      LOG.warn("call listener failed on {}: {}", request.operation(), e.toString());
    }
  }

  /** The ApiCallRc entries of an error body, or null when it holds none. */
  static List<ApiCallRc> lenientReplies(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode root = MAPPER.readTree(body);
      JsonNode entries = root;
      if (root != null && root.isObject()) {
        if (root.has("ret_code")) {
          return List.of(MAPPER.treeToValue(root, ApiCallRc.class));
        }
        // clone answers keep them in "messages", query-size-info in "reports"
        entries = root.has("messages") ? root.get("messages") : root.get("reports");
      }
      if (entries == null || !entries.isArray()) {
        return null;
      }
      List<ApiCallRc> out = new ArrayList<>();
      for (JsonNode entry : entries) {
        if (entry.isObject() && entry.has("ret_code")) {
          out.add(MAPPER.treeToValue(entry, ApiCallRc.class));
        }
      }
      return out.isEmpty() ? null : List.copyOf(out);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  private record Answer(int status, byte[] body) {}

  /** What the listener hears about one logical call. */
  private static final class Outcome {
    URI endpoint;
    int status;
    int attempts;
    LinstorException failure;
  }

  /** Set once the request headers started to go out on the wire. */
  static final class SendState {
    volatile boolean sent;
  }

  private static final class SendTracker extends EventListener {
    private final SendState state;

    SendTracker(SendState state) {
      this.state = state;
    }

    @Override
    public void requestHeadersStart(Call call) {
      state.sent = true;
    }
  }
}
