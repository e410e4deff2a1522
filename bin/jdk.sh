# Sourced by the launchers: picks a JDK >= 21 and builds the application when nothing is built yet.
# JAVA_HOME wins when it is new enough; otherwise the newest JDK >= 21 under /usr/lib/jvm.

linstor_csi_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

java_feature_version() { # prints the feature version (17, 21, 25...) of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1
}

find_jdk() {
  local candidate version best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    version="$(java_feature_version "$JAVA_HOME/bin/java")"
    if [ "${version:-0}" -ge 21 ] 2>/dev/null; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    version="$(java_feature_version "$candidate/bin/java")"
    if [ "${version:-0}" -gt "$best_version" ] 2>/dev/null; then
      best="$candidate"
      best_version="$version"
    fi
  done
  if [ "$best_version" -ge 21 ]; then
    echo "$best"
    return 0
  fi
  echo "error: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm has none)." >&2
  echo "       Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25, or set JAVA_HOME." >&2
  return 1
}

JAVA_HOME="$(find_jdk)" || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Builds driver/target (driver.jar + lib/) when it is missing or older than the sources of the
# modules the application is made of (test-only modules do not count).
app_modules=(csi-proto linstor-client linstor-emulator driver-common driver-controller driver-node driver)
ensure_built() {
  local jar="$linstor_csi_root/driver/target/driver.jar"
  local newer="" m
  if [ -f "$jar" ]; then
    newer="$(find "$linstor_csi_root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)"
    for m in "${app_modules[@]}"; do
      [ -n "$newer" ] && break
      newer="$(find "$linstor_csi_root/$m/pom.xml" "$linstor_csi_root/$m/src/main" -newer "$jar" -type f -print -quit 2>/dev/null)"
    done
    [ -z "$newer" ] && return 0
    echo "linstor-csi: sources changed since the last build ($newer); rebuilding (about a minute)..." >&2
  else
    echo "linstor-csi: first run, building the application with Maven (about 1-3 minutes)..." >&2
  fi
  local status=0
  (cd "$linstor_csi_root" &&
    ./mvnw -B -ntp install -pl driver -am -DskipTests -Dspotless.check.skip=true 2>&1 |
    grep --line-buffered -E '^\[INFO\] (Building |BUILD)|ERROR'
    exit "${PIPESTATUS[0]}") >&2 || status=$?
  if [ "$status" -ne 0 ] || [ ! -f "$jar" ]; then
    echo "linstor-csi: build failed; run './mvnw install -pl driver -am -DskipTests' in $linstor_csi_root to see why." >&2
    exit 1
  fi
  touch "$jar"
  echo "linstor-csi: build done." >&2
}

# JVM flags for a small, sidecar-sized process that starts fast: serial GC and a bounded heap (the
# driver holds little state), C1 only (its work waits on I/O, not on CPU), and a class-data sharing
# archive written on the first run and mapped by every later one (bin/bench-startup measures these).
LINSTOR_CSI_JVM_OPTS="${LINSTOR_CSI_JVM_OPTS:--XX:+UseSerialGC -Xms16m -Xmx256m -Xss512k -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$linstor_csi_root/driver/target/linstor-csi.jsa -Xlog:cds=off -Xlog:cds+dynamic=off}"
