import type { ComplianceSummary } from '../../src/compliance/compliance.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { utc } from './rule-status.tsx'

export interface CompliancePageProps {
  summary: ComplianceSummary
  canOperate: boolean
  csrfToken: string
  evaluated?: number | undefined
}

/** Fleet compliance: counts, failing devices per rule, and each device's latest result. */
export function CompliancePage(p: CompliancePageProps) {
  const { counts, devices, byRule } = p.summary
  return (
    <section>
      <div class="page-header">
        <h1>Compliance</h1>
        <a href="/compliance/rules" class="button">
          Rules
        </a>
        {p.canOperate && (
          <form method="post" action="/compliance/evaluate" class="inline-form">
            <CsrfField token={p.csrfToken} />
            <button type="submit" class="button">
              Evaluate now
            </button>
          </form>
        )}
      </div>
      {p.evaluated !== undefined && (
        <p class="card" role="status">
          Evaluated {p.evaluated} devices.
        </p>
      )}
      <ul class="stat-row" data-testid="compliance-counts">
        <li class="card">
          <strong>{counts.compliant}</strong> <StatusBadge label="Compliant" tone="ok" />
        </li>
        <li class="card">
          <strong>{counts.failing}</strong>{' '}
          <StatusBadge label="Failing" tone={counts.failing > 0 ? 'bad' : 'ok'} />
        </li>
        <li class="card">
          <strong>{counts.notEvaluated}</strong> <StatusBadge label="Not evaluated" tone="muted" />
        </li>
      </ul>
      <p class="muted">
        Rules run over each device's latest stored configuration and its polled state, after every
        backup that stored a new version and once a day.
      </p>
      {devices.length === 0 ? (
        <EmptyState title="Nothing evaluated yet">
          Results appear after a device's first configuration backup, or with "Evaluate now".
        </EmptyState>
      ) : (
        <>
          <h2>Failing devices per rule</h2>
          <div class="table-wrap">
            <table class="data-table" data-testid="by-rule">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Failing devices</th>
                </tr>
              </thead>
              <tbody>
                {byRule.map((r) => (
                  <tr>
                    <td>{r.title}</td>
                    <td>{r.failed}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Devices</h2>
          <div class="table-wrap">
            <table class="data-table" data-testid="compliance-devices">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">Result</th>
                  <th scope="col">Failing rules</th>
                  <th scope="col">Evaluated</th>
                </tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <tr>
                    <td>
                      <a href={`/compliance/devices/${d.deviceId}`}>{d.deviceName}</a>
                    </td>
                    <td>
                      {d.failed > 0 ? (
                        <StatusBadge label={`${d.failed} failing`} tone="bad" />
                      ) : (
                        <StatusBadge label="Compliant" tone="ok" />
                      )}
                    </td>
                    <td>
                      {d.results
                        .filter((r) => r.status === 'fail')
                        .map((r) => r.title)
                        .join(', ') || '—'}
                    </td>
                    <td>{utc(d.evaluatedAt)}</td>
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
