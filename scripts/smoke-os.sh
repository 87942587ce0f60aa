#!/bin/sh
# Boots dist/os/outpost-x86_64.img in qemu (TCG when there is no KVM, UEFI via OVMF) on a copy,
# forwards 127.0.0.1:$PORT to the guest's 3000 and waits for /health. Prints boot-to-/health time
# and qemu's CPU seconds. (The unit's `systemd-analyze security` level is checked by build:os.)
#   sh scripts/smoke-os.sh        (after `npm run build:os -- --arch x86_64`)
# Env: PORT (default 13080), SMOKE_TIMEOUT (s, default 600), ACCEL (tcg), SMP (vCPUs, 2), IMG (another image),
# CONSOLE_LOG (keep the time-stamped serial log in this file), LINGER (s to keep the guest up after).
set -eu
DIR=$(cd "$(dirname "$0")/.." && pwd)
IMG=${IMG:-$DIR/dist/os/outpost-x86_64.img}
PORT=${PORT:-13080}
TIMEOUT=${SMOKE_TIMEOUT:-600}
for t in qemu-system-x86_64 curl; do
  command -v $t >/dev/null 2>&1 || { echo "smoke-os: missing $t -> apt-get install -y qemu-system-x86 ovmf curl" >&2; exit 2; }
done
[ -f /usr/share/OVMF/OVMF_CODE.fd ] || { echo "smoke-os: missing OVMF -> apt-get install -y ovmf" >&2; exit 2; }
[ -f "$IMG" ] || { echo "smoke-os: $IMG missing: npm run build:os -- --arch x86_64" >&2; exit 2; }
TMP=$(mktemp -d)
cp --sparse=always "$IMG" "$TMP/disk.img"
cp /usr/share/OVMF/OVMF_VARS.fd "$TMP/vars.fd"
# TCG by default: a /dev/kvm in a nested VM may exist and still fail (ACCEL=kvm to use it)
ACCEL=${ACCEL:-tcg}
t0=$(date +%s)
# the serial console goes through a FIFO that stamps every line with seconds since qemu started:
# console.log then shows where the boot time goes (firmware, kernel, initrd, systemd, Outpost)
mkfifo "$TMP/serial"
T0=$t0 perl -MTime::HiRes=time -ne 'BEGIN { $| = 1 } s/\r//g; printf "[%7.2f] %s", time - $ENV{T0}, $_' <"$TMP/serial" >"$TMP/console.log" &
qemu-system-x86_64 -machine q35 -accel $ACCEL -m 1024 -smp ${SMP:-2} -display none -no-reboot \
  -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd \
  -drive if=pflash,format=raw,file="$TMP/vars.fd" \
  -drive file="$TMP/disk.img",format=raw,if=virtio \
  -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$PORT-:3000 -device virtio-net-pci,netdev=n0 \
  -serial file:"$TMP/serial" &
QEMU=$!
trap 'kill $QEMU 2>/dev/null || true; wait $QEMU 2>/dev/null || true; rm -rf "$TMP"' EXIT INT TERM
until curl -fsS -m 3 "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; do
  kill -0 $QEMU 2>/dev/null || { echo "FAIL: qemu exited"; tail -30 "$TMP/console.log"; exit 1; }
  [ $(( $(date +%s) - t0 )) -lt "$TIMEOUT" ] || { echo "FAIL: no /health within ${TIMEOUT}s"; tail -40 "$TMP/console.log"; exit 1; }
  sleep 2
done
boot=$(( $(date +%s) - t0 ))
# qemu's own CPU time (user + system, all vCPU threads) until /health: unlike the wall time it
# hardly depends on what else the host is running
cpu=$(awk '{ printf "%d", ($14 + $15) / 100 }' /proc/$QEMU/stat)
echo "ok   /health $(curl -fsS "http://127.0.0.1:$PORT/health") after ${boot}s ($ACCEL; qemu used ${cpu} CPU-s; load $(cut -d' ' -f1-3 /proc/loadavg))"
grep -a -q "one-time password in /var/lib/outpost/initial-admin-password" "$TMP/console.log" && echo "ok   console shows the URL and where the one-time password is"
# where the time went: the first console line of each boot phase, in seconds since qemu started
for m in 'Linux version' 'Run /init' 'Welcome to' 'Started.*Outpost' 'login:'; do
  at=$(grep -a -m1 "$m" "$TMP/console.log" | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
  echo "     ${at:--}s  $m"
done
# LINGER=s keeps the guest running that long after /health, so the log gets the rest of the boot
[ -z "${LINGER:-}" ] || sleep "$LINGER"
[ -z "${CONSOLE_LOG:-}" ] || cp "$TMP/console.log" "$CONSOLE_LOG"
echo "RESULT os boot_to_health_s=$boot qemu_cpu_s=$cpu accel=$ACCEL image_bytes=$(stat -c %s "$IMG")"
