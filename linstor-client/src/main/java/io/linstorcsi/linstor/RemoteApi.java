package io.linstorcsi.linstor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.linstorcsi.linstor.error.ApiCallRc;
import io.linstorcsi.linstor.model.LinstorRemote;
import io.linstorcsi.linstor.model.RemoteList;
import io.linstorcsi.linstor.model.S3Remote;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Remotes: S3 buckets and other LINSTOR clusters that backups go to. Their secrets (S3 keys, the
 * passphrase) are sent on create and modify and never logged; a controller does not return them.
 */
public final class RemoteApi {
  private final Transport transport;

  RemoteApi(Transport transport) {
    this.transport = transport;
  }

  /**
   * {@code GET /v1/remotes}. The OpenAPI document declares an array of RemoteList while golinstor
   * decodes one object; both shapes are accepted (an array's lists are joined).
   */
  public RemoteList list() {
    return decode(
        transport.get(ApiRequest.get("remotes.list", "remotes"), new TypeReference<JsonNode>() {}));
  }

  static RemoteList decode(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new RemoteList(null, null);
    }
    try {
      if (node.isArray()) {
        List<S3Remote> s3 = new java.util.ArrayList<>();
        List<LinstorRemote> linstor = new java.util.ArrayList<>();
        for (JsonNode entry : node) {
          RemoteList part = Json.MAPPER.treeToValue(entry, RemoteList.class);
          s3.addAll(part.s3Remotes());
          linstor.addAll(part.linstorRemotes());
        }
        return new RemoteList(s3, linstor);
      }
      return Json.MAPPER.treeToValue(node, RemoteList.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode the remote list: " + e.getMessage(), e);
    }
  }

  /** {@code GET /v1/remotes/s3}. */
  public List<S3Remote> listS3() {
    return transport.list(ApiRequest.get("remotes.list-s3", "remotes", "s3"), S3Remote.class);
  }

  /** {@code GET /v1/remotes/linstor}. */
  public List<LinstorRemote> listLinstor() {
    return transport.list(
        ApiRequest.get("remotes.list-linstor", "remotes", "linstor"), LinstorRemote.class);
  }

  /**
   * {@code POST /v1/remotes/s3}; AlreadyExists when the name is taken (by a remote of any kind).
   */
  public List<ApiCallRc> createS3(S3Remote remote) {
    return transport.write(ApiRequest.post("remotes.create-s3", remote, "remotes", "s3"));
  }

  /** {@code PUT /v1/remotes/s3/{name}}: absent fields stay as they are. */
  public List<ApiCallRc> modifyS3(String name, S3Remote remote) {
    return transport.write(ApiRequest.put("remotes.modify-s3", remote, "remotes", "s3", name));
  }

  /** {@code POST /v1/remotes/linstor}. */
  public List<ApiCallRc> createLinstor(LinstorRemote remote) {
    return transport.write(ApiRequest.post("remotes.create-linstor", remote, "remotes", "linstor"));
  }

  /** {@code PUT /v1/remotes/linstor/{name}}. */
  public List<ApiCallRc> modifyLinstor(String name, LinstorRemote remote) {
    return transport.write(
        ApiRequest.put("remotes.modify-linstor", remote, "remotes", "linstor", name));
  }

  /** {@code DELETE /v1/remotes?remote_name=}; InUse while shipments to it run. */
  public List<ApiCallRc> delete(String name) {
    return transport.write(
        ApiRequest.delete("remotes.delete", "remotes").query("remote_name", name));
  }
}
