package io.linstorcsi.linstor;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the LINSTOR REST API v1: concrete, immutable and built once; safe for concurrent use.
 *
 * <pre>{@code
 * LinstorClient client = LinstorClient.builder().fromEnvironment(System.getenv()).build();
 * client.resources().autoplace("pvc-1", AutoPlaceRequest.byGroup());
 * }</pre>
 *
 * <p>Calls block and throw {@link io.linstorcsi.linstor.error.LinstorException}. Writes return
 * LINSTOR's ApiCallRc entries (warnings, created objects); deleting an absent object succeeds and
 * the replies hold WARN_NOT_FOUND.
 */
public final class LinstorClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LinstorClient.class);

  private final Transport transport;
  private final ControllerApi controller;
  private final NodeApi nodes;
  private final StoragePoolApi storagePools;
  private final ResourceGroupApi resourceGroups;
  private final ResourceDefinitionApi resourceDefinitions;
  private final VolumeDefinitionApi volumeDefinitions;
  private final ResourceApi resources;
  private final SnapshotApi snapshots;
  private final RemoteApi remotes;
  private final BackupApi backups;

  private LinstorClient(Transport transport) {
    this.transport = transport;
    this.controller = new ControllerApi(transport);
    this.nodes = new NodeApi(transport);
    this.storagePools = new StoragePoolApi(transport);
    PlacementDiagnosis diagnosis = new PlacementDiagnosis(storagePools);
    this.resourceGroups = new ResourceGroupApi(transport, diagnosis);
    this.resourceDefinitions = new ResourceDefinitionApi(transport);
    this.volumeDefinitions = new VolumeDefinitionApi(transport);
    this.resources = new ResourceApi(transport, diagnosis, resourceDefinitions, resourceGroups);
    this.snapshots = new SnapshotApi(transport);
    this.remotes = new RemoteApi(transport);
    this.backups = new BackupApi(transport);
  }

  public static Builder builder() {
    return new Builder();
  }

  public ControllerApi controller() {
    return controller;
  }

  public NodeApi nodes() {
    return nodes;
  }

  public StoragePoolApi storagePools() {
    return storagePools;
  }

  public ResourceGroupApi resourceGroups() {
    return resourceGroups;
  }

  public ResourceDefinitionApi resourceDefinitions() {
    return resourceDefinitions;
  }

  public VolumeDefinitionApi volumeDefinitions() {
    return volumeDefinitions;
  }

  public ResourceApi resources() {
    return resources;
  }

  public SnapshotApi snapshots() {
    return snapshots;
  }

  public RemoteApi remotes() {
    return remotes;
  }

  public BackupApi backups() {
    return backups;
  }

  /**
   * A client whose every call, retries included, ends after {@code timeout} (e.g. what is left of
   * the caller's gRPC deadline). It shares connections, rate limit and the remembered controller
   * with this one.
   */
  public LinstorClient withCallTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("call timeout must be positive: " + timeout);
    }
    return new LinstorClient(transport.withBudget(timeout));
  }

  /**
   * A client of another LINSTOR controller (e.g. the target of a LINSTOR remote) with this one's
   * settings: TLS material, authentication, timeouts, retries, rate limit and connection pool.
   * Closing it would close the shared pool: only the client built by the builder is closed.
   */
  public LinstorClient forController(URI controller) {
    return new LinstorClient(transport.withEndpoints(List.of(controller)));
  }

  /** The configured controllers, in order. */
  public List<URI> endpoints() {
    return transport.endpoints().all();
  }

  /** The controller that answered last (the first one before any call). */
  public URI activeEndpoint() {
    return transport.endpoints().active();
  }

  /** Releases pooled connections; clients derived with {@link #withCallTimeout} share them. */
  @Override
  public void close() {
    transport.http().connectionPool().evictAll();
    transport.http().dispatcher().executorService().shutdown();
  }

  @Override
  public String toString() {
    return "LinstorClient" + endpoints();
  }

  /** Settings of a {@link LinstorClient}; everything but the endpoints has a default. */
  public static final class Builder {
    private List<URI> endpoints = List.of();
    private String controllerSpec;
    private String rootCaPem;
    private String clientCertPem;
    private String clientKeyPem;
    private boolean skipTlsVerification;
    private String bearerToken;
    private String basicUser;
    private String basicPassword;
    private String userAgent = "linstor-csi-java";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ZERO;
    private double requestsPerSecond;
    private int burst = 1;
    private int retries = 2;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(2);
    private CallListener listener = CallListener.none();
    private LongSupplier nanoClock = System::nanoTime;
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /** Controller URLs, tried in order on connection failure; the working one is remembered. */
    public Builder endpoints(List<URI> endpoints) {
      this.endpoints = List.copyOf(endpoints);
      this.controllerSpec = null;
      return this;
    }

    /**
     * Controller addresses as in {@code LS_CONTROLLERS}: comma separated, scheme and port optional
     * (http:3370, or https:3371 when TLS material is configured by the time of {@link #build}).
     */
    public Builder controllers(String commaSeparated) {
      ControllerUrls.parseList(commaSeparated, false); // fail early on a malformed entry
      this.controllerSpec = commaSeparated;
      this.endpoints = List.of();
      return this;
    }

    /**
     * Reads the variables golinstor reads: {@code LS_CONTROLLERS}; {@code LS_ROOT_CA}, {@code
     * LS_USER_CERTIFICATE}, {@code LS_USER_KEY} (PEM contents) or their {@code _FILE} variants
     * (paths); {@code LS_BEARER_TOKEN} or {@code LS_BEARER_TOKEN_FILE}; {@code LS_USERNAME} and
     * {@code LS_PASSWORD}. Without {@code LS_CONTROLLERS} the controller is localhost.
     */
    public Builder fromEnvironment(Map<String, String> env) {
      rootCaPem = valueOrFile(env, "LS_ROOT_CA", rootCaPem);
      clientCertPem = valueOrFile(env, "LS_USER_CERTIFICATE", clientCertPem);
      clientKeyPem = valueOrFile(env, "LS_USER_KEY", clientKeyPem);
      String token = valueOrFile(env, "LS_BEARER_TOKEN", null);
      if (token != null) {
        bearerToken = tokenOf(token);
      }
      if (nonBlank(env.get("LS_USERNAME"))) {
        basicUser = env.get("LS_USERNAME");
        basicPassword = Objects.requireNonNullElse(env.get("LS_PASSWORD"), "");
      }
      String controllers = env.get("LS_CONTROLLERS");
      return controllers(nonBlank(controllers) ? controllers : "localhost");
    }

    /** PEM contents of the CA that signed the controller's certificate. */
    public Builder rootCa(String pem) {
      this.rootCaPem = pem;
      return this;
    }

    /** PEM contents of the client certificate (chain) and its key, for mutual TLS. */
    public Builder clientCertificate(String certificatePem, String keyPem) {
      this.clientCertPem = certificatePem;
      this.clientKeyPem = keyPem;
      return this;
    }

    /** Accept any server certificate and host name. For tests and emergencies only. */
    public Builder skipTlsVerification(boolean skip) {
      this.skipTlsVerification = skip;
      return this;
    }

    /** Sent as {@code Authorization: Bearer <token>}; null for none. */
    public Builder bearerToken(String token) {
      this.bearerToken = token;
      return this;
    }

    public Builder basicAuth(String user, String password) {
      this.basicUser = user;
      this.basicPassword = password;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = nonNegative(timeout, "connect timeout");
      return this;
    }

    /** Longest silence while waiting for an answer; LINSTOR answers writes after the satellites. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = nonNegative(timeout, "read timeout");
      return this;
    }

    /** Longest time for one HTTP exchange, connect to last byte; zero means no limit. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = nonNegative(timeout, "call timeout");
      return this;
    }

    /** Client-side rate limit in requests per second; 0 means unlimited. */
    public Builder requestsPerSecond(double requestsPerSecond) {
      if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
        throw new IllegalArgumentException(
            "requests per second must be >= 0: " + requestsPerSecond);
      }
      this.requestsPerSecond = requestsPerSecond;
      return this;
    }

    /** Requests allowed at once before the rate limit applies (at least 1). */
    public Builder burst(int burst) {
      if (burst < 0) {
        throw new IllegalArgumentException("burst must be >= 0: " + burst);
      }
      this.burst = burst;
      return this;
    }

    /** How often a read (GET) is repeated when the controller is unavailable; writes never are. */
    public Builder retries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must be >= 0: " + retries);
      }
      this.retries = retries;
      return this;
    }

    /** Wait before the first retry, doubling up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = nonNegative(initial, "initial backoff");
      this.maxBackoff = nonNegative(max, "max backoff");
      return this;
    }

    /** Receives one event per finished call (for metrics). */
    public Builder listener(CallListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    Builder clock(LongSupplier nanoClock, Sleeper sleeper) {
      this.nanoClock = nanoClock;
      this.sleeper = sleeper;
      return this;
    }

    public LinstorClient build() {
      List<URI> endpoints =
          controllerSpec != null
              ? ControllerUrls.parseList(controllerSpec, hasTlsMaterial())
              : this.endpoints;
      if (endpoints.isEmpty()) {
        throw new IllegalStateException("no LINSTOR controller endpoint configured");
      }
      OkHttpClient.Builder http =
          new OkHttpClient.Builder()
              .connectTimeout(connectTimeout)
              .readTimeout(readTimeout)
              .writeTimeout(readTimeout)
              .callTimeout(callTimeout)
              // OkHttp would silently repeat a request whose connection broke, a write included;
              // LINSTOR may have acted on it, so only this client's own rules repeat anything
              .retryOnConnectionFailure(false)
              // idle connections go before a controller's keep-alive timeout closes them
              .connectionPool(new ConnectionPool(5, 20, TimeUnit.SECONDS))
              .eventListenerFactory(Transport.sendTracking());
      boolean https = endpoints.stream().anyMatch(u -> "https".equalsIgnoreCase(u.getScheme()));
      if (https || hasTlsMaterial()) {
        Tls tls = Tls.create(rootCaPem, clientCertPem, clientKeyPem, skipTlsVerification);
        http.sslSocketFactory(tls.socketFactory(), tls.trustManager());
        if (tls.hostnameVerifier() != null) {
          http.hostnameVerifier(tls.hostnameVerifier());
        }
      } else {
        // plain http only: without a TLS connection spec OkHttp sets up no TLS socket factory, so
        // the start does not load the platform's trust store
        http.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("User-Agent", userAgent);
      if (nonBlank(bearerToken)) {
        headers.put("Authorization", "Bearer " + bearerToken.strip());
      } else if (nonBlank(basicUser)) {
        String pair = basicUser + ":" + Objects.requireNonNullElse(basicPassword, "");
        headers.put(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      if (headers.containsKey("Authorization") && !https) {
        LOG.warn("LINSTOR credentials configured for plain-http controllers {}", endpoints);
      }
      TokenBucket limiter =
          requestsPerSecond > 0 ? new TokenBucket(requestsPerSecond, burst, nanoClock) : null;
      Transport transport =
          new Transport(
              http.build(),
              new Endpoints(endpoints),
              limiter,
              new RetryPolicy(retries, initialBackoff, maxBackoff),
              sleeper,
              listener,
              headers,
              null,
              nanoClock);
      return new LinstorClient(transport);
    }

    private boolean hasTlsMaterial() {
      return rootCaPem != null
          || clientCertPem != null
          || clientKeyPem != null
          || skipTlsVerification;
    }

    private static String valueOrFile(Map<String, String> env, String name, String fallback) {
      String value = env.get(name);
      if (nonBlank(value)) {
        return value;
      }
      String file = env.get(name + "_FILE");
      if (nonBlank(file)) {
        try {
          return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read " + name + "_FILE " + file + ": " + e, e);
        }
      }
      return fallback;
    }

    /** A token file may be LINSTOR's auth.json ({@code {"token": "..."}}) or the bare token. */
    private static String tokenOf(String text) {
      String trimmed = text.strip();
      if (trimmed.startsWith("{")) {
        try {
          var node = Json.MAPPER.readTree(trimmed).get("token");
          if (node != null && node.isTextual()) {
            return node.asText();
          }
        } catch (IOException notJson) {
          // fall through: use the text as it is
        }
      }
      return trimmed;
    }

    private static boolean nonBlank(String s) {
      return s != null && !s.isBlank();
    }

    private static Duration nonNegative(Duration d, String what) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative: " + d);
      }
      return d;
    }
  }
}
