# Sourced by the launchers and bin/test: picks a JDK >= 21, builds the application when nothing is
# built yet, and knows the JVM flags and the AOT cache of the driver.
# JAVA_HOME wins when it is new enough; otherwise the newest JDK >= 21 under /usr/lib/jvm.
#
# Start-up cost matters here (the launcher runs on every start of the driver and of each operator
# command), so choosing a JDK spawns no process: the version comes from each JDK's `release` file,
# read with bash builtins. Spawning `java -XShowSettings` per installed JDK cost over a second.

# No command substitution below runs on the launch path: each one forks a subshell.
linstor_csi_here="${BASH_SOURCE[0]%/*}"
[ "$linstor_csi_here" = "${BASH_SOURCE[0]}" ] && linstor_csi_here=.
[[ "$linstor_csi_here" = /* ]] || linstor_csi_here="$PWD/$linstor_csi_here"
case "$linstor_csi_here" in
  */bin) linstor_csi_root="${linstor_csi_here%/bin}" ;;
  *) linstor_csi_root="$linstor_csi_here/.." ;;
esac

# Sets java_feature to the feature version (17, 21, 25...) of the JDK in directory $1, or 0.
java_feature_version() {
  local line version=""
  java_feature=0
  [ -r "$1/release" ] || return 0
  while IFS= read -r line; do
    case "$line" in
      JAVA_VERSION=*)
        version="${line#JAVA_VERSION=}"
        version="${version//\"/}"
        break
        ;;
    esac
  done <"$1/release"
  version="${version#1.}" # 1.8.0 -> 8.0
  version="${version%%[.+-]*}"
  [[ "$version" =~ ^[0-9]+$ ]] && java_feature="$version"
  return 0
}

# Sets JAVA_HOME to the JDK to use, or fails.
find_jdk() {
  local candidate best="" best_version=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    java_feature_version "$JAVA_HOME"
    [ "$java_feature" -ge 21 ] && return 0
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    java_feature_version "$candidate"
    if [ "$java_feature" -gt "$best_version" ]; then
      best="$candidate"
      best_version="$java_feature"
    fi
  done
  if [ "$best_version" -ge 21 ]; then
    JAVA_HOME="$best"
    return 0
  fi
  echo "error: no JDK 21 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm has none)." >&2
  echo "       Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25, or set JAVA_HOME." >&2
  return 1
}

find_jdk || exit 1
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Builds driver/target (driver.jar + lib/) when it is missing or older than the sources of the
# modules the application is made of (test-only modules do not count): their pom.xml and every file
# or folder under src/main (a folder is newer when a file was added or removed in it).
# The scan runs on every start of the launcher, so it uses bash builtins only (a glob and `-nt`): a
# `find` in a command substitution costs a fork and an exec, which took as long as the scan itself.
# LINSTOR_CSI_NO_BUILD=1 turns a needed build into an error (tests run the launcher that way).
app_modules=(csi-proto linstor-client linstor-emulator driver-common driver-controller driver-node driver)

# Sets linstor_csi_newer to the first source newer than $1, or to "" when there is none.
newest_source_after() {
  local m path globstar=-u nullglob=-u
  shopt -q globstar && globstar=-s
  shopt -q nullglob && nullglob=-s
  linstor_csi_newer=""
  shopt -s globstar nullglob
  for path in "$linstor_csi_root/pom.xml" "${app_modules[@]/#/$linstor_csi_root/}"; do
    [ "${path##*/}" = pom.xml ] || path="$path/pom.xml"
    if [[ "$path" -nt "$1" ]]; then
      linstor_csi_newer="$path"
      break
    fi
  done
  if [ -z "$linstor_csi_newer" ]; then
    for m in "${app_modules[@]}"; do
      for path in "$linstor_csi_root/$m/src/main" "$linstor_csi_root/$m/src/main/"**; do
        if [[ "$path" -nt "$1" ]]; then
          linstor_csi_newer="$path"
          break 2
        fi
      done
    done
  fi
  shopt "$globstar" globstar
  shopt "$nullglob" nullglob
}

ensure_built() {
  local jar="$linstor_csi_root/driver/target/driver.jar"
  if [ -f "$jar" ]; then
    newest_source_after "$jar"
    [ -z "$linstor_csi_newer" ] && return 0
    echo "linstor-csi: sources changed since the last build ($linstor_csi_newer); rebuilding (about a minute)..." >&2
  else
    echo "linstor-csi: first run, building the application with Maven (about 1-3 minutes)..." >&2
  fi
  if [ "${LINSTOR_CSI_NO_BUILD:-0}" = 1 ]; then
    echo "linstor-csi: LINSTOR_CSI_NO_BUILD=1 and the build is missing or stale." >&2
    exit 1
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

# JVM flags of the driver: driver/jvm.options, the file the container image passes to java as an
# @argfile too (each flag is explained there). Read with builtins, comments and blank lines dropped.
linstor_csi_jvm_opts=""
while read -r linstor_csi_flag; do
  case "$linstor_csi_flag" in
    "" | "#"*) ;;
    *) linstor_csi_jvm_opts+="${linstor_csi_jvm_opts:+ }$linstor_csi_flag" ;;
  esac
done <"$linstor_csi_root/driver/jvm.options"
linstor_csi_jvm_opts() { echo "$linstor_csi_jvm_opts"; }

# The AOT cache (JDK 24+, JEP 483/514/515): classes of the start path come pre-parsed, pre-linked and
# with method profiles, from a training run of the driver itself (start, Probe, a first RPC of each
# role; see io.linstorcsi.driver.training.AotTraining). It sits next to the build, one per JDK, with
# the JVM flags it was trained with beside it (the JVM refuses a cache made with other flags). It is
# trained again when driver.jar is newer than it or the flags changed. Older JDKs run without it.
linstor_csi_aot_cache="$linstor_csi_root/driver/target/aot/${JAVA_HOME##*/}.aot"

# True when the cache exists, is newer than driver.jar and was trained with the current flags.
aot_cache_fresh() {
  local trained=""
  [ "$linstor_csi_aot_cache" -nt "$linstor_csi_root/driver/target/driver.jar" ] || return 1
  [ -r "$linstor_csi_aot_cache.flags" ] || return 1
  IFS= read -r -d '' trained <"$linstor_csi_aot_cache.flags" || true
  [ "$trained" = "$linstor_csi_jvm_opts" ]
}

ensure_aot_cache() {
  local jar="$linstor_csi_root/driver/target/driver.jar"
  aot_cache_fresh && return 0
  java_feature_version "$JAVA_HOME"
  [ "$java_feature" -ge 25 ] || return 0
  echo "linstor-csi: training the AOT cache of this build (once per build, about 20 s)..." >&2
  mkdir -p "${linstor_csi_aot_cache%/*}" 2>/dev/null || return 0
  # shellcheck disable=SC2086
  if "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow \
    -cp "$jar:$linstor_csi_root/driver/target/lib/*" io.linstorcsi.driver.training.AotTraining \
    "$JAVA_HOME/bin/java" "$jar" "$linstor_csi_aot_cache" $linstor_csi_jvm_opts >&2; then
    printf '%s' "$linstor_csi_jvm_opts" >"$linstor_csi_aot_cache.flags"
  else
    echo "linstor-csi: AOT training failed; starting without the cache." >&2
  fi
}

# Sets linstor_csi_launch_opts, the flags the launcher runs the driver with: LINSTOR_CSI_JVM_OPTS
# replaces them all, LINSTOR_CSI_EXTRA_JVM_OPTS adds to them (e.g. -Xlog:aot to see the cache used).
linstor_csi_set_launch_opts() {
  if [ -n "${LINSTOR_CSI_JVM_OPTS:-}" ]; then
    linstor_csi_launch_opts="$LINSTOR_CSI_JVM_OPTS"
  elif aot_cache_fresh; then
    linstor_csi_launch_opts="$linstor_csi_jvm_opts -XX:AOTCache=$linstor_csi_aot_cache"
  else
    linstor_csi_launch_opts="$linstor_csi_jvm_opts"
  fi
  linstor_csi_launch_opts+=" ${LINSTOR_CSI_EXTRA_JVM_OPTS:-}"
}
