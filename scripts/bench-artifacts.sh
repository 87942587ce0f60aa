#!/bin/sh
# Benchmark-style report of the built artifacts (`npm run bench:artifacts`): for every image in
# dist/oci its docker-archive size and gzipped size, cold start to /health and idle RSS in the
# container (through scripts/smoke-oci.sh, under qemu-user for foreign architectures); for every
# executable in dist/sea its size, first start (unpacking) and second start to /health, idle RSS.
# Build first: npm run build:oci -- --arch amd64 (arm64 …), npm run build:sea.
set -eu
DIR=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-13000}
mb() { awk "BEGIN { printf \"%.1f MB\", $1 / 1000000 }"; }
now_ms() { date +%s%3N; }

echo "load: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
for json in "$DIR"/dist/oci/outpost-*.json; do
  [ -f "$json" ] || continue
  arch=$(basename "$json" .json | sed 's/^outpost-//')
  tar=$(sed -n 's/.*"tarBytes": \([0-9]*\).*/\1/p' "$json")
  gz=$(sed -n 's/.*"gzipLayerBytes": \([0-9]*\).*/\1/p' "$json")
  result=$(PORT=$PORT sh "$DIR/scripts/smoke-oci.sh" "$arch" 2>&1 | sed -n 's/^RESULT //p' || true)
  cold=$(echo "$result" | sed -n 's/.*cold_start_ms=\([0-9]*\).*/\1/p')
  rss=$(echo "$result" | sed -n 's/.*idle_rss_kib=\([0-9]*\).*/\1/p')
  echo "oci $arch: tar $(mb "$tar"), gzipped $(mb "$gz"), cold start to /health ${cold:-?} ms, idle RSS $(( ${rss:-0} / 1024 )) MiB"
done

for exe in "$DIR"/dist/sea/outpost-linux-*; do
  [ -x "$exe" ] || continue
  case $exe in *-x64) [ "$(uname -m)" = x86_64 ] || continue ;; *-arm64) [ "$(uname -m)" = aarch64 ] || continue ;; esac
  tmp=$(mktemp -d)
  line="sea $(basename "$exe"): $(mb "$(stat -c %s "$exe")")"
  for run in first second; do
    t0=$(now_ms)
    OUTPOST_SEA_CACHE=$tmp/cache OUTPOST_DATA_DIR=$tmp/data OUTPOST_PORT=$PORT OUTPOST_HOST=127.0.0.1 "$exe" >"$tmp/log" 2>&1 &
    pid=$!
    until curl -fsS -m 1 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; do
      kill -0 $pid 2>/dev/null || { echo "sea failed: $(tail -3 "$tmp/log")"; exit 1; }
      sleep 0.1
    done
    line="$line, $run start $(( $(now_ms) - t0 )) ms"
    [ $run = second ] && sleep 10 && line="$line, idle RSS $(( $(awk '/VmRSS/ { print $2 }' /proc/$pid/status) / 1024 )) MiB"
    kill $pid
    wait $pid || true
  done
  rm -rf "$tmp"
  echo "$line"
done
