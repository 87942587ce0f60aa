// Benchmark helper (not a benchmark itself: run.ts only runs test/bench/*.ts): starts N simulated
// routers with the API service only, prints one JSON line per device, then `ready`, and runs until
// killed. Used when src/sim/cli.ts is not available; several children split a large fleet so no
// process exceeds the open-file limit.
import { startDevice } from '../../../src/sim/index.ts'

const count = Number(process.argv[2] ?? '100')
const offset = Number(process.argv[3] ?? '0')
const personas = ['rb5009-7.15', 'hap-ac-6.49', 'chr-7.18', 'hap-ax3-7.18']
for (let i = 0; i < count; i++) {
  const n = offset + i
  const d = await startDevice({
    name: `bench-${n}`,
    persona: personas[n % personas.length] as string,
    services: { api: true, apiSsl: false, ssh: false },
  })
  process.stdout.write(`${JSON.stringify({ name: d.name, host: d.host, apiPort: d.apiPort })}\n`)
}
process.stdout.write('ready\n')
setInterval(() => {}, 1 << 30)
