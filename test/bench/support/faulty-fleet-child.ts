// Benchmark helper (not a benchmark itself): starts N simulated routers (API service only), prints
// one JSON line per device like the simulator CLI, then after a delay (argv[3] ms, default 15 s,
// so the first polls succeed and the devices turn bad under a running poller) gives device i the
// fault mode MODES[i % MODES.length] from README "Fault injection". Runs until SIGTERM.
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import type { FaultSettings } from '../../../src/sim/device/faults.ts'

const ALL_MODES: [string, Partial<FaultSettings>][] = [
  ['stall', { stall: true }],
  ['refused', { unreachable: 'refused' }],
  ['slow-4s', { latencyMs: 4000 }],
  ['endless-rows', { endlessRows: true }],
  ['endless-sentence', { endlessSentence: true }],
  ['huge-words', { hugeWords: true }],
  ['drop', { unreachable: 'drop' }],
  ['reset-mid-sentence', { resetMidSentence: true }],
  ['garbage', { garbage: true }],
  ['oversized-word', { oversizedWord: true }],
  ['fatal', { fatal: 'bench: fatal' }],
  ['login-failure', { loginFailure: true }],
]

// argv[5]: a comma-separated subset of the mode names (to find which mode costs what)
const only = (process.argv[5] ?? '').split(',').filter(Boolean)
const MODES = only.length > 0 ? ALL_MODES.filter(([m]) => only.includes(m)) : ALL_MODES
if (MODES.length === 0) throw new Error(`no fault mode among ${only.join(',')}`)
const count = Number(process.argv[2] ?? '30')
const delayMs = Number(process.argv[3] ?? '15000')
// Fixed ports below the ephemeral range: a `refused` device closes its listener, and an ephemeral
// port freed that way can be handed to another process's simulated router, which the server would
// then poll successfully under the faulty device's name (seen in the first soak run).
const basePort = Number(process.argv[4] ?? '32300')
const devices: SimDevice[] = []
for (let i = 0; i < count; i++) {
  const [mode] = MODES[i % MODES.length] as [string, Partial<FaultSettings>]
  const d = await startDevice({
    name: `faulty-${String(i).padStart(3, '0')}-${mode}`,
    persona: 'rb5009-7.15',
    services: { api: true, apiSsl: false, ssh: false },
    apiPort: basePort + i,
  })
  devices.push(d)
  process.stdout.write(
    `${JSON.stringify({ name: d.name, host: d.host, apiPort: d.apiPort, username: d.username, password: d.password, fault: mode })}\n`,
  )
}
setTimeout(() => {
  devices.forEach((d, i) =>
    d.faults.set((MODES[i % MODES.length] as [string, Partial<FaultSettings>])[1]),
  )
}, delayMs)
const stop = async () => {
  for (const d of devices) await d.close().catch(() => {})
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
