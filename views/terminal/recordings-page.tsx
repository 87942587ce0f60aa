import type { TerminalSessionView } from '../../src/remote-access/remote-access.types.ts'

const when = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`)
const duration = (s: TerminalSessionView) =>
  s.endedAt === null ? 'open' : `${Math.max(0, Math.round((s.endedAt - s.startedAt) / 1000))} s`

/** Terminal sessions of the tenant, newest first; recorded ones can be replayed. */
export function RecordingsPage(props: { sessions: TerminalSessionView[]; recording: boolean }) {
  return (
    <section aria-labelledby="rec-title">
      <h1 id="rec-title">Terminal sessions</h1>
      <p class="muted">
        {props.recording
          ? 'New terminal sessions are recorded (encrypted at rest).'
          : 'Recording is off (OUTPOST_TERMINAL_RECORD); sessions are listed without a recording.'}
      </p>
      {props.sessions.length === 0 ? (
        <p>No terminal sessions yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Started (UTC)</th>
                <th>Device</th>
                <th>User</th>
                <th>Address</th>
                <th>Duration</th>
                <th>Typed / printed</th>
                <th>Ended</th>
                <th>Recording</th>
              </tr>
            </thead>
            <tbody>
              {props.sessions.map((s) => (
                <tr>
                  <td>{when(s.startedAt)}</td>
                  <td>
                    <a href={`/devices/${s.deviceId}`}>{s.deviceName}</a>
                  </td>
                  <td>{s.userName}</td>
                  <td>{s.ip ?? ''}</td>
                  <td>{duration(s)}</td>
                  <td>{`${kb(s.bytesIn)} / ${kb(s.bytesOut)}`}</td>
                  <td>{s.endReason ?? ''}</td>
                  <td>{s.recorded ? <a href={`/terminal/recordings/${s.id}`}>Play</a> : 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** Replays one recording in the browser (assets/terminal.js reads the cast URL). */
export function PlayerPage(props: { session: TerminalSessionView }) {
  const s = props.session
  return (
    <section aria-labelledby="player-title">
      <p class="muted">
        <a href="/terminal/recordings">Terminal sessions</a>
      </p>
      <h1 id="player-title">{`${s.deviceName} · ${s.userName} · ${when(s.startedAt)} UTC`}</h1>
      <div class="terminal-bar">
        <button type="button" data-player-play>
          Play
        </button>
        <label>
          Speed{' '}
          <select data-player-speed>
            <option value="1">1×</option>
            <option value="2">2×</option>
            <option value="8">8×</option>
          </select>
        </label>
        <button type="button" class="secondary" data-player-end>
          Show all
        </button>
        <span class="terminal-status" data-terminal-status role="status"></span>
      </div>
      <div class="terminal-screen" data-cast-url={`/terminal/recordings/${s.id}/cast`}></div>
    </section>
  )
}
