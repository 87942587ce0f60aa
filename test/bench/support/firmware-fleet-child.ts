// Benchmark helper (not a benchmark itself): N simulated routers with API and SSH whose reboot
// takes REBOOT_MS, for staged-upgrade runs. argv: count, prefix, reboot ms, index of a device
// whose download fails (-1: none). Prints one JSON line per device, then runs until killed.
import { startDevice } from '../../../src/sim/index.ts'

const count = Number(process.argv[2] ?? '100')
const prefix = process.argv[3] ?? 'fw'
const rebootMs = Number(process.argv[4] ?? '2000')
const failing = Number(process.argv[5] ?? '-1')
const personas = ['hap-ac-6.49', 'rb5009-7.15', 'hap-ax3-7.18']
for (let i = 0; i < count; i++) {
  const d = await startDevice({
    name: `${prefix}-${String(i).padStart(3, '0')}`,
    persona: personas[i % personas.length] as string,
    rebootDelayMs: rebootMs,
    services: { api: true, apiSsl: false, ssh: true },
  })
  if (i === failing) d.faults.set({ downloadFails: true })
  process.stdout.write(
    `${JSON.stringify({ name: d.name, host: d.host, apiPort: d.apiPort, sshPort: d.sshPort, username: d.username, password: d.password, version: d.version })}\n`,
  )
}
setInterval(() => {}, 1 << 30)
