#!/bin/sh
# Smoke test of a built container image with podman (no Docker daemon): skopeo accepts the
# docker-archive and the OCI layout, `podman load` + `podman run` serve /health and the first-login
# page, a container without a volume warns in its log, a read-only /data is refused in words.
# Prints cold start to /health and idle RSS. Not part of `npm test` (it needs root and podman).
#   sh scripts/smoke-oci.sh [amd64|arm64|armv7]     (after `npm run build:oci -- --arch <arch>`)
# Foreign architectures run under qemu-user-static (binfmt_misc), slowly.
# Env: PORT (host port, default 13000), RUNTIME (default runc), SMOKE_TIMEOUT (seconds, default 90).
set -eu
ARCH=${1:-amd64}
PORT=${PORT:-13000}
RUNTIME=${RUNTIME:-runc}
TIMEOUT=${SMOKE_TIMEOUT:-90}
DIR=$(cd "$(dirname "$0")/.." && pwd)
TAR=$DIR/dist/oci/outpost-$ARCH.tar
OCI=$DIR/dist/oci/outpost-$ARCH.oci
NAME=outpost-smoke-$ARCH-$$
VOL=outpost-smoke-data-$$

missing=""
for t in podman skopeo curl "$RUNTIME"; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done
if [ -n "$missing" ]; then
  echo "smoke-oci: missing:$missing -> apt-get install -y --no-install-recommends podman skopeo curl runc qemu-user-static binfmt-support" >&2
  exit 2
fi
[ -f "$TAR" ] || { echo "smoke-oci: $TAR missing: npm run build:oci -- --arch $ARCH" >&2; exit 2; }

case $ARCH in amd64) PLAT=linux/amd64 ;; arm64) PLAT=linux/arm64 ;; armv7) PLAT=linux/arm/v7 ;; *) echo "unknown arch $ARCH" >&2; exit 2 ;; esac

# podman's default rlimits and systemd healthcheck timers fail in some sandboxes: set both explicitly
RUN_OPTS="--runtime $RUNTIME --platform $PLAT --ulimit nofile=4096:4096 --ulimit nproc=4096:4096 --no-healthcheck"

cleanup() {
  podman rm -f "$NAME" "$NAME-novol" "$NAME-ro" >/dev/null 2>&1 || true
  podman volume rm -f "$VOL" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

fail() { echo "FAIL: $*" >&2; podman logs "$NAME" 2>&1 | tail -20 >&2 || true; exit 1; }
now_ms() { date +%s%3N; }

skopeo inspect "docker-archive:$TAR" >/dev/null || fail "skopeo rejects $TAR"
skopeo inspect "oci:$OCI" >/dev/null || fail "skopeo rejects $OCI"
echo "ok   skopeo inspect (docker-archive and OCI layout)"

IMAGE=$(podman load -q -i "$TAR" | sed -n 's/^Loaded image: //p' | tail -1)
[ -n "$IMAGE" ] || fail "podman load printed no image name"
echo "ok   podman load -> $IMAGE"

podman volume create "$VOL" >/dev/null
t0=$(now_ms)
# shellcheck disable=SC2086
podman run -d --name "$NAME" $RUN_OPTS -p "127.0.0.1:$PORT:3000" -v "$VOL:/data" "$IMAGE" >/dev/null || fail "podman run"
until curl -fsS -m 2 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; do
  [ $(( $(now_ms) - t0 )) -lt $((TIMEOUT * 1000)) ] || fail "/health did not answer within ${TIMEOUT}s"
  sleep 0.2
done
cold=$(( $(now_ms) - t0 ))
echo "ok   /health answered $(curl -fsS "http://127.0.0.1:$PORT/health")"
curl -fsS "http://127.0.0.1:$PORT/login" | grep -q 'one-time password' || fail "first-login page"
podman exec "$NAME" /usr/local/bin/node -e "require('fs').accessSync('/data/initial-admin-password')" || fail "no one-time password file in /data"
echo "ok   first-login page, one-time password in /data/initial-admin-password"
podman logs "$NAME" 2>&1 | grep -q 'not a mounted volume' && fail "warned about a missing volume although /data is one"
[ "$(podman exec "$NAME" /usr/local/bin/node -e 'process.stdout.write(String(process.getuid()))')" = 10001 ] || fail "not running as uid 10001"
echo "ok   runs as uid 10001, no volume warning with a volume"
sleep 10
rss=$(podman exec "$NAME" /usr/local/bin/node -e "process.stdout.write(/VmRSS:\s+(\d+)/.exec(require('fs').readFileSync('/proc/1/status','utf8'))[1])")

# without a volume: the data lives in the container's layer, the log says so
# shellcheck disable=SC2086
podman run -d --name "$NAME-novol" $RUN_OPTS --image-volume ignore "$IMAGE" >/dev/null || fail "podman run without volume"
i=0
until podman logs "$NAME-novol" 2>&1 | grep -q 'outpost listening'; do i=$((i + 1)); [ $i -lt $((TIMEOUT * 5)) ] || fail "no-volume container did not start"; sleep 0.2; done
podman logs "$NAME-novol" 2>&1 | grep -q 'all data is lost with the container' || fail "no warning without a volume"
echo "ok   without a volume: 'the data directory is not a mounted volume: all data is lost with the container'"

# read-only /data: refused with the file system named
# shellcheck disable=SC2086
podman run --name "$NAME-ro" $RUN_OPTS -v "$VOL:/data:ro" "$IMAGE" >/dev/null 2>&1 || true
podman logs "$NAME-ro" 2>&1 | grep -q 'read-only file system' || fail "read-only /data not explained"
echo "ok   read-only /data: $(podman logs "$NAME-ro" 2>&1 | grep -o 'data directory[^"]*' | head -1)"

echo "RESULT arch=$ARCH cold_start_ms=$cold idle_rss_kib=$rss"
