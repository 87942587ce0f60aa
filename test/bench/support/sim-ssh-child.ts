// Benchmark helper (not a benchmark itself): starts N simulated routers with the API and SSH
// services, prints one JSON line per device, then `ready`, and runs until killed. Used by
// test/bench/backups-nightly.ts (several children split a large fleet over cores and file limits).
import { startDevice } from '../../../src/sim/index.ts'

const count = Number(process.argv[2] ?? '100')
const offset = Number(process.argv[3] ?? '0')
const personas = ['rb5009-7.15', 'hap-ac-6.49', 'chr-7.18', 'hap-ax3-7.18']
for (let i = 0; i < count; i++) {
  const n = offset + i
  const d = await startDevice({
    name: `nightly-${n}`,
    persona: personas[n % personas.length] as string,
    services: { api: true, apiSsl: false, ssh: true },
  })
  process.stdout.write(
    `${JSON.stringify({ apiPort: d.apiPort, sshPort: d.sshPort, version: d.version })}\n`,
  )
}
process.stdout.write('ready\n')
setInterval(() => {}, 1 << 30)
