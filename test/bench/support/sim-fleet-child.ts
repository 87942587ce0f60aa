// Benchmark helper (not a benchmark itself: run.ts only runs test/bench/*.ts): starts N simulated
// routers with the API service only, prints one JSON line per device, then `ready`, and runs until
// killed. Used when src/sim/cli.ts is not available; several children split a large fleet so no
// process exceeds the open-file limit. Arguments: count, first index, and optionally the first
// address of a loopback range (one address per device, API on 8728 each): fleets larger than the
// kernel's ephemeral port range (about 28,000 ports) need it.
import { startDevice } from '../../../src/sim/index.ts'
import { startFleet } from '../../../src/sim/fleet.ts'

const count = Number(process.argv[2] ?? '100')
const offset = Number(process.argv[3] ?? '0')
const hostRange = process.argv[4]
const personas = ['rb5009-7.15', 'hap-ac-6.49', 'chr-7.18', 'hap-ax3-7.18']
const services = { api: true, apiSsl: false, ssh: false }
if (hostRange) {
  const fleet = await startFleet({
    devices: count,
    firstIndex: offset,
    hostRange,
    namePrefix: 'bench',
    persona: personas,
    services,
  })
  for (const d of fleet.devices)
    process.stdout.write(`${JSON.stringify({ name: d.name, host: d.host, apiPort: d.apiPort })}\n`)
} else {
  for (let i = 0; i < count; i++) {
    const n = offset + i
    const d = await startDevice({
      name: `bench-${n}`,
      persona: personas[n % personas.length] as string,
      services,
    })
    process.stdout.write(`${JSON.stringify({ name: d.name, host: d.host, apiPort: d.apiPort })}\n`)
  }
}
process.stdout.write('ready\n')
setInterval(() => {}, 1 << 30)
