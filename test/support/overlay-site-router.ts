// A simulated RouterOS 7 router as a process of its own, started inside the "customer site"
// namespace by test/e2e/overlay/overlay.spec.ts: API on 0.0.0.0:8728 and SSH on :2222. It reads
// one JSON command per line on stdin ({"paste": script}) and answers one JSON line: the script's
// /tool fetch results and the router's WireGuard configuration afterwards.
import { createInterface } from 'node:readline'
import { startDevice } from '../../src/sim/index.ts'
import { pasteScript, simWireguard } from './overlay-sim.ts'

const sim = await startDevice({
  persona: 'chr-7.18',
  name: 'site-router',
  host: '0.0.0.0',
  apiPort: 8728,
  sshPort: 2222,
  services: { api: true, apiSsl: false, ssh: true },
})
process.stdout.write(
  `${JSON.stringify({ ready: true, username: sim.username, password: sim.password })}\n`,
)
for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as { paste?: string }
  if (cmd.paste === undefined) continue
  const fetched = await pasteScript(sim.device, cmd.paste)
  process.stdout.write(`${JSON.stringify({ fetched, wg: simWireguard(sim.device) ?? null })}\n`)
}
await sim.close()
