// Benchmark helper (not a benchmark itself): starts N simulated routers with the API and SSH
// services, prints one JSON line per device, then `ready`, and runs until killed. Used by
// test/bench/terminal.ts so the routers do not share the appliance's event loop.
import { startDevice } from '../../../src/sim/index.ts'

const count = Number(process.argv[2] ?? '40')
for (let i = 0; i < count; i++) {
  const d = await startDevice({
    name: `term-bench-${i}`,
    persona: i % 2 === 0 ? 'rb5009-7.15' : 'chr-7.18',
    services: { api: true, apiSsl: false, ssh: true },
  })
  const { host, apiPort, sshPort, username, password } = d
  process.stdout.write(`${JSON.stringify({ host, apiPort, sshPort, username, password })}\n`)
}
process.stdout.write('ready\n')
setInterval(() => {}, 1 << 30)
