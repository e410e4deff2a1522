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
    mkdir -p /out /train; \
    cp driver/target/driver.jar driver/jvm.options /out/; \
    cp -r driver/target/lib /out/lib; \
    mv /out/lib/linstor-emulator-*.jar /train/; \
    for jar in driver/target/emulator-lib/*.jar; do mv "/out/lib/${jar##*/}" /train/; done; \
    chmod -R a+rX /out

# The LINSTOR emulator is a test tool: it stays out of the image with the jars only it uses (its S3
# client; driver/target/emulator-lib lists them). driver.jar's manifest still names them, for the
# walkthrough on a host; the JVM skips a missing class path entry. They serve only the AOT training
# run below, on a class path of their own.
#
# AOT cache (JDK 25, JEP 483/514/515): a training run of the driver itself serves both roles against the
# emulator, answers a Probe and the first RPCs of each role (io.linstorcsi.driver.training.AotTraining),
# and the JVM writes the cache when it stops. The classes of the start path then come pre-parsed,
# pre-linked and profiled. The cache is only used by the same JVM with the same flags and class path,
# so this stage starts from the runtime image and uses the ENTRYPOINT's argfile and paths.
FROM ${RUNTIME_IMAGE} AS train
COPY --from=build /out/ /opt/linstor-csi/
COPY --from=build /train/ /train/
RUN java -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
      -cp "/opt/linstor-csi/driver.jar:/opt/linstor-csi/lib/*:/train/*" io.linstorcsi.driver.training.AotTraining \
      java /opt/linstor-csi/driver.jar /opt/linstor-csi/driver.aot @/opt/linstor-csi/jvm.options \
    && test -s /opt/linstor-csi/driver.aot \
    && chmod a+r /opt/linstor-csi/driver.aot

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
# Both copies keep the files' modification times, which the JVM checks against those the cache recorded.
COPY --from=build /out/ /opt/linstor-csi/
COPY --from=train /opt/linstor-csi/driver.aot /opt/linstor-csi/driver.aot

# The controller runs as this user (the manifests also set runAsNonRoot); the node plugin overrides it.
# Numeric, so that Kubernetes can verify runAsNonRoot.
USER 10001:10001

# The JVM flags are in /opt/linstor-csi/jvm.options (driver/jvm.options, explained flag by flag there;
# bin/linstor-csi uses the same file): serial GC with compact object headers, C1 only, bounded heap,
# metaspace, code cache, direct memory and thread stacks, a periodic trim of the native heap, Netty
# sized for one socket, no sun.misc.Unsafe warnings, no hsperfdata file (the root file system is
# read-only). The AOT cache made above is mapped at start at the address it was made for, so its pages
# stay clean page cache of the image file, shared by the controller and the node plugin on one host.
ENTRYPOINT ["java", "@/opt/linstor-csi/jvm.options", "-XX:AOTCache=/opt/linstor-csi/driver.aot", \
            "-jar", "/opt/linstor-csi/driver.jar"]
CMD ["--help"]
