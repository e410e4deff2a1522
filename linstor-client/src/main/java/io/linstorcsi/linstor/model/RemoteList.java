package io.linstorcsi.linstor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Every remote of a cluster, by kind (EBS remotes are not used by this driver). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoteList(
    @JsonProperty("s3_remotes") List<S3Remote> s3Remotes,
    @JsonProperty("linstor_remotes") List<LinstorRemote> linstorRemotes) {

  public RemoteList {
    s3Remotes = Copies.list(s3Remotes);
    linstorRemotes = Copies.list(linstorRemotes);
  }

  /** True when a remote of any kind has this name. */
  public boolean contains(String name) {
    return s3Remotes.stream().anyMatch(r -> name.equals(r.remoteName()))
        || linstorRemotes.stream().anyMatch(r -> name.equals(r.remoteName()));
  }
}
