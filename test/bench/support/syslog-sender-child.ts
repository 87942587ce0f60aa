// The syslog benchmark's sender, in its own process so its CPU is not the server's: one TCP
// connection per simulated router, each bound to that router's loopback address (127.0.1.N), sending
// RFC 3164 lines the way RouterOS does at an even total rate for a fixed time. Writes respect
// back-pressure (a full socket waits for 'drain'), as a router's TCP stack would. Prints one JSON
// line: { sent, seconds }.
// argv: port devices rate seconds
import { connect, type Socket } from 'node:net'

const [port, devices, rate, seconds] = process.argv.slice(2).map(Number) as [
  number,
  number,
  number,
  number,
]
const TICK_MS = 50
const sockets: Socket[] = []
for (let i = 0; i < devices; i++) {
  const s = connect({ host: '127.0.0.1', port, localAddress: `127.0.1.${i + 1}` })
  s.setNoDelay(true)
  sockets.push(s)
}
await Promise.all(sockets.map((s) => new Promise((r) => s.once('connect', r))))
let sent = 0
let seq = 0
const start = performance.now()
const perTick = (rate * TICK_MS) / 1000
let owed = 0
while (performance.now() - start < seconds * 1000) {
  owed += perTick
  const n = Math.floor(owed)
  owed -= n
  const waits: Promise<unknown>[] = []
  for (let k = 0; k < n; k++) {
    const s = sockets[seq % devices]!
    const line = `<30>Dec  6 05:00:00 bench-${seq % devices} system,info,account user admin logged in from 10.0.${seq % 250}.7 via ssh seq=${seq}\n`
    seq++
    sent++
    if (!s.write(line)) waits.push(new Promise((r) => s.once('drain', r)))
  }
  await Promise.all(waits)
  const next = start + (sent / rate) * 1000
  const delay = next - performance.now()
  if (delay > 0) await new Promise((r) => setTimeout(r, Math.min(delay, TICK_MS)))
}
const elapsed = (performance.now() - start) / 1000
await Promise.all(sockets.map((s) => new Promise<void>((r) => s.end(() => r()))))
process.stdout.write(JSON.stringify({ sent, seconds: elapsed }) + '\n')
