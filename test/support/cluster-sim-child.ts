// Child process of test/e2e/cluster-kill.spec.ts: N simulated routers (API only; the first `ssh`
// of them with SSH too, the job targets), one JSON line per router, then `ready`. Commands on
// stdin, one a line: `down i j …` / `up i j …` make routers refuse connections / answer again,
// `sessions` prints `sessions {"<index>": n}`, how many SSH sessions each SSH router has opened
// (a job target runs over one SSH session: two sessions would be a target run twice).
import { createInterface } from 'node:readline'
import { startDevice, type SimDevice } from '../../src/sim/index.ts'

const count = Number(process.argv[2] ?? '100')
const withSsh = Number(process.argv[3] ?? '0')
const personas = ['rb5009-7.15', 'hap-ac-6.49', 'chr-7.18', 'hap-ax3-7.18']
const devices: SimDevice[] = []
const sessions = new Map<number, number>()
for (let i = 0; i < count; i++) {
  const ssh = i < withSsh
  const d = await startDevice({
    name: `kill-${i}`,
    persona: personas[i % personas.length] as string,
    services: { api: true, apiSsl: false, ssh },
  })
  devices.push(d)
  if (ssh) {
    // counted where the router opens a session, whatever the client did before
    const open = d.device.openSession.bind(d.device)
    d.device.openSession = (info) => {
      if (info.via === 'ssh') sessions.set(i, (sessions.get(i) ?? 0) + 1)
      return open(info)
    }
  }
  process.stdout.write(
    `${JSON.stringify({ index: i, name: d.name, host: d.host, apiPort: d.apiPort, sshPort: d.sshPort })}\n`,
  )
}
process.stdout.write('ready\n')
createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, ...args] = line.trim().split(/\s+/)
  if (cmd === 'down' || cmd === 'up') {
    for (const a of args)
      devices[Number(a)]?.faults.set({ unreachable: cmd === 'down' ? 'refused' : 'none' })
    process.stdout.write(`${cmd} done\n`)
  } else if (cmd === 'sessions') {
    process.stdout.write(`sessions ${JSON.stringify(Object.fromEntries(sessions))}\n`)
  }
})
// stdin closes when the test process goes away: never outlive it
process.stdin.on('end', () => process.exit(0))
