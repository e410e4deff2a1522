package io.linstorcsi.emulator.rest;

import io.linstorcsi.emulator.backup.Remote;
import io.linstorcsi.emulator.backup.S3Failure;
import io.linstorcsi.emulator.backup.S3Store;
import io.linstorcsi.emulator.backup.Shipment;
import io.linstorcsi.emulator.rc.ApiException;
import io.linstorcsi.emulator.rc.Rc;
import io.linstorcsi.emulator.rc.RetCode;
import io.linstorcsi.emulator.server.Call;
import io.linstorcsi.emulator.server.Reply;
import io.linstorcsi.emulator.server.Router;
import io.linstorcsi.emulator.state.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remotes: list, create and modify S3 and LINSTOR remotes, delete (linstor-server
 * controller/.../CtrlRemoteApiCallHandler.java and api/rest/v1/Remotes.java). Keys and passphrases
 * are write-only.
 */
final class RemoteEndpoints {
  /** linstor-server CtrlRemoteApiCallHandler.LINSTOR_URL_PATTERN. */
  private static final Pattern LINSTOR_URL = Pattern.compile("(https?://)?([^:]+)(:[0-9]+)?");

  private static final String UNREACHABLE =
      "The remote could not be reached with the given parameters and therefore wasn't created.\n"
          + "Please check for spelling errors and that you have the correct access-key and"
          + " secret-key.\n"
          + "For more information on the error, please check the error-report.";

  private final Api api;

  RemoteEndpoints(Api api) {
    this.api = api;
  }

  void register(Router router) {
    router.add("GET", "/v1/remotes", this::list);
    router.add("DELETE", "/v1/remotes", this::delete);
    router.add("GET", "/v1/remotes/s3", call -> Reply.ok(locked(() -> s3Remotes())));
    router.add("POST", "/v1/remotes/s3", this::createS3);
    router.add("PUT", "/v1/remotes/s3/{remoteName}", this::modifyS3);
    router.add("GET", "/v1/remotes/linstor", call -> Reply.ok(locked(() -> linstorRemotes())));
    router.add("POST", "/v1/remotes/linstor", this::createLinstor);
    router.add("PUT", "/v1/remotes/linstor/{remoteName}", this::modifyLinstor);
  }

  private <T> T locked(java.util.function.Supplier<T> work) {
    return api.cluster.locked(work);
  }

  /** One RemoteList object (not the array the published document shows): Remotes.getRemotes. */
  private Reply list(Call call) {
    return Reply.ok(locked(() -> new Out.RemoteList(s3Remotes(), linstorRemotes(), List.of())));
  }

  private List<Out.S3Remote> s3Remotes() {
    List<Out.S3Remote> out = new ArrayList<>();
    for (Remote r : api.backups.remotes().values()) {
      if (r instanceof Remote.S3 s3) {
        // use_path_style is not filled in by Json.apiToS3Remote, so it always reads false
        out.add(new Out.S3Remote(s3.name(), s3.endpoint(), s3.bucket(), s3.region(), false));
      }
    }
    return out;
  }

  private List<Out.LinstorRemote> linstorRemotes() {
    List<Out.LinstorRemote> out = new ArrayList<>();
    for (Remote r : api.backups.remotes().values()) {
      if (r instanceof Remote.Linstor l) {
        out.add(new Out.LinstorRemote(l.name(), l.url(), null));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ S3

  private Reply createS3(Call call) {
    In.S3Remote body = call.body(In.S3Remote.class);
    List<String> missing = new ArrayList<>();
    requireParam(body.remoteName(), "remote_name", missing);
    requireParam(body.endpoint(), "endpoint", missing);
    requireParam(body.bucket(), "bucket", missing);
    requireParam(body.region(), "region", missing);
    requireParam(body.accessKey(), "access_key", missing);
    requireParam(body.secretKey(), "secret_key", missing);
    failIfMissing(missing);
    checkName(body.remoteName());
    Remote.S3 remote =
        new Remote.S3(
            body.remoteName(),
            UUID.randomUUID(),
            body.endpoint(),
            body.bucket(),
            body.region(),
            body.accessKey(),
            body.secretKey(),
            Boolean.TRUE.equals(body.usePathStyle()));
    locked(() -> requireAvailable(remote.name()));
    // the controller lists the bucket before it commits: a remote it cannot reach is not created
    probe(remote);
    return locked(
        () -> {
          requireAvailable(remote.name());
          api.backups.remotes().put(remote.name(), remote);
          return Reply.rc(
              List.of(
                  Rc.of(RetCode.success(RetCode.REMOTE, RetCode.CREATED), "Remote created")
                      .build()),
              200);
        });
  }

  private Reply modifyS3(Call call) {
    In.S3Remote body = call.body(In.S3Remote.class);
    String name = call.param("remoteName");
    Remote.S3 changed =
        locked(
            () -> {
              Remote.S3 old = load(name, Remote.S3.class, "s3");
              return new Remote.S3(
                  old.name(),
                  old.uuid(),
                  orOld(body.endpoint(), old.endpoint()),
                  orOld(body.bucket(), old.bucket()),
                  orOld(body.region(), old.region()),
                  orOld(body.accessKey(), old.accessKey()),
                  orOld(body.secretKey(), old.secretKey()),
                  // the modify call takes no path style (CtrlRemoteApiCallHandler.changeS3)
                  old.usePathStyle());
            });
    probe(changed);
    return locked(
        () -> {
          api.backups.remotes().put(changed.name(), changed);
          // only the satellites' update answers, and the emulated ones have nothing to say
          return Reply.rc(List.of(), 200);
        });
  }

  private void probe(Remote.S3 remote) {
    try (S3Store store = api.backups.store(remote)) {
      store.listKeys();
    } catch (S3Failure | IllegalArgumentException e) {
      throw new ApiException(
          Rc.of(RetCode.error(RetCode.BACKUP, RetCode.UNKNOWN_ERROR), UNREACHABLE)
              .report(api.cluster.newReportId())
              .build());
    }
  }

  // ------------------------------------------------------------------ LINSTOR

  private Reply createLinstor(Call call) {
    In.LinstorRemote body = call.body(In.LinstorRemote.class);
    List<String> missing = new ArrayList<>();
    requireParam(body.remoteName(), "remote_name", missing);
    requireParam(body.url(), "url", missing);
    failIfMissing(missing);
    checkName(body.remoteName());
    String url = normaliseUrl(body.url());
    checkClusterId(body.clusterId());
    return locked(
        () -> {
          requireAvailable(body.remoteName());
          Remote.Linstor remote =
              new Remote.Linstor(
                  body.remoteName(), UUID.randomUUID(), url, body.passphrase(), body.clusterId());
          api.backups.remotes().put(remote.name(), remote);
          return Reply.rc(
              List.of(
                  Rc.of(RetCode.CREATED, "Linstor remote successfully created")
                      .ref("RemoteName", remote.name())
                      .build()),
              200);
        });
  }

  private Reply modifyLinstor(Call call) {
    In.LinstorRemote body = call.body(In.LinstorRemote.class);
    String name = call.param("remoteName");
    checkClusterId(body.clusterId());
    String url = body.url() == null || body.url().isEmpty() ? null : normaliseUrl(body.url());
    return locked(
        () -> {
          Remote.Linstor old = load(name, Remote.Linstor.class, "linstor");
          Remote.Linstor changed =
              new Remote.Linstor(
                  old.name(),
                  old.uuid(),
                  url == null ? old.url() : url,
                  orOld(body.passphrase(), old.passphrase()),
                  orOld(body.clusterId(), old.clusterId()));
          api.backups.remotes().put(changed.name(), changed);
          return Reply.rc(
              List.of(
                  Rc.of(RetCode.MODIFIED, "Linstor remote successfully updated")
                      .ref("RemoteName", changed.name())
                      .build()),
              200);
        });
  }

  /** Scheme and port default like CtrlRemoteApiCallHandler.createUrlWithDefaults (3370, 3371). */
  private static String normaliseUrl(String raw) {
    Matcher m = LINSTOR_URL.matcher(raw);
    if (!m.find()) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.UNKNOWN_ERROR),
                  "Given URL '"
                      + raw
                      + "' did not match expected pattern of "
                      + LINSTOR_URL.pattern())
              .build());
    }
    String scheme = m.group(1) == null ? "http://" : m.group(1);
    String port = m.group(3);
    if (port == null || port.isEmpty()) {
      port = scheme.equals("https://") ? ":3371" : ":3370";
    }
    return scheme + m.group(2) + port;
  }

  private static void checkClusterId(String clusterId) {
    if (clusterId == null || clusterId.isEmpty()) {
      return;
    }
    try {
      UUID.fromString(clusterId);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          Rc.of(RetCode.error(0, RetCode.INVLD_CONF), "The given cluster id is not a valid UUID")
              .build());
    }
  }

  // ------------------------------------------------------------------ delete

  /**
   * Deletes at once, or, while shipments to the remote run, marks it and deletes it once they end
   * (CtrlRemoteApiCallHandler.deleteInTransaction).
   */
  private Reply delete(Call call) {
    String name = call.queryFirst("remote_name");
    return locked(
        () -> {
          Remote remote = name == null ? null : api.backups.remotes().get(name);
          if (remote == null) {
            return Reply.rc(
                List.of(
                    Rc.of(
                            RetCode.warn(0, RetCode.NOT_FOUND),
                            description(String.valueOf(name)) + " not found.")
                        .build()),
                200);
          }
          boolean busy =
              api.backups.shipments().running().stream()
                  .map(Shipment::remote)
                  .anyMatch(r -> r.equalsIgnoreCase(remote.name()));
          if (busy) {
            api.backups.markForDeletion(remote.name());
            return Reply.rc(
                List.of(
                    Rc.of(
                            RetCode.MODIFIED,
                            description(remote.name())
                                + " prepared for deletion. Waiting for ongoing shipments to"
                                + " complete or abort.")
                        .details(description(remote.name()) + " UUID is: " + remote.uuid())
                        .build()),
                200);
          }
          api.backups.remotes().remove(remote.name());
          return Reply.rc(
              List.of(
                  Rc.of(RetCode.DELETED, description(remote.name()) + " marked for deletion.")
                      .details(description(remote.name()) + " UUID is: " + remote.uuid())
                      .build(),
                  Rc.of(RetCode.DELETED, description(remote.name()) + " deleted.")
                      .details(description(remote.name()) + " UUID was: " + remote.uuid())
                      .build()),
              200);
        });
  }

  private static String description(String name) {
    return "Remote: " + name;
  }

  // ------------------------------------------------------------------ shared

  /** The remote of that name and kind, else the controller's not-found or wrong-kind error. */
  <T extends Remote> T load(String name, Class<T> kind, String kindName) {
    Remote remote = api.backups.remotes().get(name);
    if (remote == null) {
      throw new ApiException(notFound(name));
    }
    if (!kind.isInstance(remote)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.EXISTS_REMOTE),
                  "The remote with the name '"
                      + remote.name()
                      + "' is not a "
                      + kindName
                      + " remote.")
              .build());
    }
    return kind.cast(remote);
  }

  /** CtrlApiDataLoader.loadRemote's answer for an unknown remote. */
  static Rc notFound(String name) {
    return Rc.of(
            RetCode.error(0, RetCode.NOT_FOUND_REMOTE), "Remote '" + name + "' not registered.")
        .build();
  }

  private Void requireAvailable(String name) {
    if (api.backups.remotes().containsKey(name)) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.EXISTS_REMOTE),
                  "A remote with the name '"
                      + name
                      + "' already exists. Please use a different name or try to modify the"
                      + " remote instead.")
              .build());
    }
    return null;
  }

  private static void checkName(String name) {
    String invalid = Names.invalidReason(name, 2, Names.MAX_RSC_NAME);
    if (invalid != null) {
      throw new ApiException(
          Rc.of(
                  RetCode.error(0, RetCode.INVLD_REMOTE_NAME),
                  "The given remote name '" + name + "' is invalid.")
              .cause(invalid)
              .build());
    }
  }

  private static void requireParam(String value, String key, List<String> missing) {
    if (value == null || value.isEmpty()) {
      missing.add(key);
    }
  }

  /** CtrlRemoteApiCallHandler: all missing parameters in one error. */
  private static void failIfMissing(List<String> missing) {
    if (missing.isEmpty()) {
      return;
    }
    throw new ApiException(
        Rc.of(
                RetCode.error(RetCode.BACKUP, RetCode.INVLD_BACKUP_CONFIG),
                "The remote could not be created because the following required "
                    + (missing.size() == 1 ? "parameter is" : "parameters are")
                    + " missing: "
                    + missing)
            .build());
  }

  private static String orOld(String value, String old) {
    return value == null || value.isEmpty() ? old : value;
  }
}
