import type { DeviceCompliance } from '../../src/compliance/compliance.types.ts'
import { EmptyState } from '../components/empty-state.tsx'
import { RuleStatusBadge, utc } from './rule-status.tsx'

const TRIGGER = { backup: 'after a backup', daily: 'daily', manual: 'on demand' } as const

/** One device: its latest result rule by rule (reason and line), and its history. */
export function DeviceCompliancePage(p: {
  deviceId: string
  deviceName: string
  history: DeviceCompliance[]
}) {
  const latest = p.history[0]
  return (
    <section>
      <div class="page-header">
        <h1>Compliance of {p.deviceName}</h1>
        <a href={`/devices/${p.deviceId}`} class="button">
          Device page
        </a>
      </div>
      {latest === undefined ? (
        <EmptyState title="Not evaluated yet">
          Results appear after the device's first configuration backup.
        </EmptyState>
      ) : (
        <>
          <p class="muted">
            Evaluated {utc(latest.evaluatedAt)} ({TRIGGER[latest.trigger]}),{' '}
            {latest.backupId
              ? 'over the latest stored configuration'
              : 'no configuration stored yet'}
            .
          </p>
          <div class="table-wrap">
            <table class="data-table" data-testid="rule-results">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Result</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {latest.results.map((r) => (
                  <tr>
                    <td>{r.title}</td>
                    <td>
                      <RuleStatusBadge status={r.status} />
                    </td>
                    <td>
                      {r.reason}
                      {r.line && (
                        <div class="compliance-line">
                          line {r.line.number}: {r.line.text}
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>History</h2>
          <div class="table-wrap">
            <table class="data-table" data-testid="compliance-history">
              <thead>
                <tr>
                  <th scope="col">Evaluated</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Passed</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Unknown</th>
                </tr>
              </thead>
              <tbody>
                {p.history.map((h) => (
                  <tr>
                    <td>{utc(h.evaluatedAt)}</td>
                    <td>{TRIGGER[h.trigger]}</td>
                    <td>{h.passed}</td>
                    <td>{h.failed}</td>
                    <td>{h.unknown}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
