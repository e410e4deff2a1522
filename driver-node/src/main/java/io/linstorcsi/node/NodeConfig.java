package io.linstorcsi.node;

import io.linstorcsi.node.drbd.DrbdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the node service is configured with, validated once.
 *
 * @param nodeName this node's name in LINSTOR and Kubernetes; also the CSI node id
 * @param maxVolumesPerNode reported to the CO; 0 leaves it unset (no limit)
 * @param kubeletRoot when present, every request path must lie inside it
 * @param topologyNamespace LINSTOR node properties under this prefix become topology segments, the
 *     prefix removed (the Go driver's {@code --property-namespace})
 * @param labelByStoragePool whether each storage pool adds a {@code linbit.com/sp-<pool>} segment
 * @param deviceWait longest wait for a device node to appear
 * @param drbdWait longest wait for a DRBD volume to become usable
 * @param commandTimeout cap on every host command (a call's deadline shortens it)
 * @param drbd how DRBD is reached
 */
public record NodeConfig(
    String nodeName,
    long maxVolumesPerNode,
    Optional<Path> kubeletRoot,
    String topologyNamespace,
    boolean labelByStoragePool,
    Duration deviceWait,
    Duration drbdWait,
    Duration commandTimeout,
    DrbdConfig drbd) {

  public NodeConfig {
    Objects.requireNonNull(nodeName, "nodeName");
    if (nodeName.isBlank()) {
      throw new IllegalArgumentException("node name must not be empty");
    }
    if (maxVolumesPerNode < 0) {
      throw new IllegalArgumentException("max volumes per node must be >= 0");
    }
    kubeletRoot = kubeletRoot.map(Path::normalize);
    kubeletRoot.ifPresent(
        r -> {
          if (!r.isAbsolute()) {
            throw new IllegalArgumentException("kubelet root must be absolute: " + r);
          }
        });
    for (Duration d : new Duration[] {deviceWait, drbdWait, commandTimeout}) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive, got " + d);
      }
    }
    Objects.requireNonNull(topologyNamespace, "topologyNamespace");
    Objects.requireNonNull(drbd, "drbd");
  }

  public static Builder builder(String nodeName) {
    return new Builder(nodeName);
  }

  /** Defaults: kubelet root {@code /var/lib/kubelet}, namespace {@code Aux/topology}, DRBD auto. */
  public static final class Builder {
    private final String nodeName;
    private long maxVolumesPerNode;
    private Optional<Path> kubeletRoot = Optional.of(Path.of("/var/lib/kubelet"));
    private String topologyNamespace = "Aux/topology";
    private boolean labelByStoragePool = true;
    private Duration deviceWait = Duration.ofSeconds(60);
    private Duration drbdWait = Duration.ofSeconds(120);
    private Duration commandTimeout = Duration.ofMinutes(5);
    private DrbdConfig drbd = DrbdConfig.defaults();

    private Builder(String nodeName) {
      this.nodeName = nodeName;
    }

    public Builder maxVolumesPerNode(long value) {
      this.maxVolumesPerNode = value;
      return this;
    }

    /** {@code null} lifts the confinement of request paths. */
    public Builder kubeletRoot(Path value) {
      this.kubeletRoot = Optional.ofNullable(value);
      return this;
    }

    public Builder topologyNamespace(String value) {
      this.topologyNamespace = value;
      return this;
    }

    public Builder labelByStoragePool(boolean value) {
      this.labelByStoragePool = value;
      return this;
    }

    public Builder deviceWait(Duration value) {
      this.deviceWait = value;
      return this;
    }

    public Builder drbdWait(Duration value) {
      this.drbdWait = value;
      return this;
    }

    public Builder commandTimeout(Duration value) {
      this.commandTimeout = value;
      return this;
    }

    public Builder drbd(DrbdConfig value) {
      this.drbd = value;
      return this;
    }

    public NodeConfig build() {
      return new NodeConfig(
          nodeName,
          maxVolumesPerNode,
          kubeletRoot,
          topologyNamespace,
          labelByStoragePool,
          deviceWait,
          drbdWait,
          commandTimeout,
          drbd);
    }
  }
}
