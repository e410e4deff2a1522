# Container image of the LINSTOR CSI driver (linstor.csi.linbit.com). One image serves both roles:
#   controller:  java -jar driver.jar --controller ...   (runs as the image's non-root user 10001)
#   node plugin: java -jar driver.jar --node-plugin ...  (the DaemonSet runs it privileged as root through
#                                                         its securityContext; it needs the node tools below)
#
# Build (default, what users do): the build stage compiles the driver with the Maven wrapper.
#   docker build -t linstor-csi:dev .
#
# Build from artifacts made on the host (CI, and any machine whose builds cannot reach Maven Central):
#   ./mvnw -q -pl driver -am package -DskipTests
#   docker build --build-arg PREBUILT=1 -t linstor-csi:dev .
# With PREBUILT=1 the build stage runs no Maven at all and takes driver/target/driver.jar and
# driver/target/lib/ from the build context (.dockerignore lets exactly these through from target/).
# This keeps the build free of BuildKit cache mounts and of network access, so the classic builder and
# podman build it the same way.
#
# Base images are build arguments so that CI can pass locally made images (no registry is needed):
#   --build-arg BUILD_IMAGE=localhost/linstor-csi-build:jdk25 --build-arg RUNTIME_IMAGE=localhost/linstor-csi-runtime:jre25
# Both must be Debian/Ubuntu based with Java under /opt/java/openjdk on the PATH (the eclipse-temurin layout).
#
# Health: Kubernetes ignores the image HEALTHCHECK, so there is none. Liveness comes from the livenessprobe
# sidecar, which calls the CSI Probe RPC over the driver's socket and answers GET /healthz on port 9808; the
# manifests point each driver container's livenessProbe at that port.

ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

FROM ${BUILD_IMAGE} AS build
ARG PREBUILT=0
WORKDIR /src
COPY . .
RUN set -eu; \
    if [ "$PREBUILT" = "1" ]; then \
      echo "PREBUILT=1: using driver/target from the build context"; \
    else \
      rm -rf driver/target; \
      ./mvnw -B -q -pl driver -am package -DskipTests; \
    fi; \
    if [ ! -f driver/target/driver.jar ] || [ ! -d driver/target/lib ]; then \
      echo "driver/target/driver.jar and driver/target/lib/ are missing (PREBUILT=$PREBUILT)" >&2; exit 1; \
    fi; \
    mkdir -p /out; \
    cp driver/target/driver.jar /out/; \
    cp -r driver/target/lib /out/lib

FROM ${RUNTIME_IMAGE}
ARG RUNTIME_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown

LABEL org.opencontainers.image.title="linstor-csi" \
      org.opencontainers.image.description="Kubernetes CSI driver linstor.csi.linbit.com for LINSTOR/DRBD replicated block storage (controller and node plugin)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="${RUNTIME_IMAGE}"

# Node tools the node plugin calls: mkfs.ext4/resize2fs (e2fsprogs), mkfs.xfs/xfs_growfs (xfsprogs),
# blkid (util-linux), mount/umount and losetup for read-only block publishes (mount), drbdadm
# (drbd-utils). Installed only when the base image lacks them, so a base image that already carries
# them builds without network access.
RUN set -eu; \
    missing=""; \
    for p in e2fsprogs xfsprogs util-linux mount drbd-utils; do \
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"; \
    done; \
    if [ -n "$missing" ]; then \
      apt-get update; \
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; \
      apt-get clean; \
      rm -rf /var/lib/apt/lists/*; \
    fi; \
    ln -sf /proc/mounts /etc/mtab; \
    for t in mkfs.ext4 mkfs.xfs resize2fs xfs_growfs blkid mount umount losetup drbdadm; do \
      command -v "$t" >/dev/null || { echo "node tool $t missing" >&2; exit 1; }; \
    done; \
    groupadd --gid 10001 csi; \
    useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin csi

WORKDIR /opt/linstor-csi
COPY --from=build /out/ /opt/linstor-csi/

# Start-up cost matters more than peak throughput for a sidecar-sized pod that mostly waits on LINSTOR:
# Serial GC (one small heap, no GC threads), C1 only, heap sized from the container memory limit, and an
# AOT cache (JDK 25, JEP 514) recorded by a training run of --version, so the classes of the start path come
# pre-parsed and pre-linked. The training run must use the same JVM and class path as the ENTRYPOINT, which is
# why it happens here in the runtime stage; keep its flags in step with the ENTRYPOINT.
RUN java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData --enable-native-access=ALL-UNNAMED \
      -XX:AOTCacheOutput=/opt/linstor-csi/driver.aot -jar /opt/linstor-csi/driver.jar --version \
    && test -s /opt/linstor-csi/driver.aot \
    && chmod -R a+rX /opt/linstor-csi

# The controller runs as this user (the manifests also set runAsNonRoot); the node plugin overrides it.
# Numeric, so that Kubernetes can verify runAsNonRoot.
USER 10001:10001

# MaxRAMPercentage=50 leaves the other half of the limit to metaspace, code cache, thread stacks and
# netty's direct buffers. -XX:-UsePerfData keeps the JVM from writing /tmp/hsperfdata_* (read-only root).
# Native access is granted because gRPC's netty loads its epoll library for the Unix socket.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:MaxRAMPercentage=50", \
            "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED", \
            "-XX:AOTCache=/opt/linstor-csi/driver.aot", "-jar", "/opt/linstor-csi/driver.jar"]
CMD ["--help"]
