import type { ReportKind, ReportView, ScheduleView } from '../../src/reports/reports.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { formValue, type FormState } from '../tenants/form-state.ts'

export interface ReportsPageProps {
  reports: ReportView[]
  schedules: ScheduleView[]
  /** the report kinds with their titles, in menu order */
  kinds: { kind: ReportKind; title: string }[]
  channels: { id: string; name: string; to: string }[]
  timeZone: string
  canOperate: boolean
  csrfToken: string
  /** the new-report form: defaults (last month) or what was sent, with messages */
  state: FormState
}

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} KB`
    : `${(bytes / 1048576).toFixed(1)} MB`
}

function Err(props: { state: FormState; name: string }) {
  const m = props.state.fields?.[props.name]
  return m === undefined ? null : <p class="field-error">{m}</p>
}

function ChannelSelect(p: { channels: ReportsPageProps['channels']; value: string }) {
  return (
    <select name="channelId">
      <option value="">don't send</option>
      {p.channels.map((c) => (
        <option value={c.id} selected={p.value === c.id}>
          {c.name} ({c.to})
        </option>
      ))}
    </select>
  )
}

function NewReportForm(p: ReportsPageProps) {
  const v = (n: string) => formValue(p.state, n)
  return (
    <form method="post" action="/reports" class="filters" id="report-form">
      <CsrfField token={p.csrfToken} />
      <label>
        Report
        <select name="kind">
          {p.kinds.map((k) => (
            <option value={k.kind} selected={v('kind') === k.kind}>
              {k.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        First day <input type="date" name="from" value={v('from')} required />
      </label>
      <label>
        Last day <input type="date" name="to" value={v('to')} required />
      </label>
      <label>
        E-mail to <ChannelSelect channels={p.channels} value={v('channelId')} />
      </label>
      <button type="submit" class="button">
        Generate PDF
      </button>
    </form>
  )
}

/** Reports: generate a PDF for a period, download or e-mail stored ones, monthly schedules. */
export function ReportsPage(p: ReportsPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>Reports</h1>
      </div>
      <p class="muted">
        PDF reports of this tenant for a period of days in its time zone ({p.timeZone}): fleet
        summary, device health, backup coverage, compliance and SLA / availability (maintenance
        windows left out).
      </p>
      {p.canOperate && <NewReportForm {...p} />}
      {['kind', 'from', 'to', 'period', 'channelId'].map((n) => (
        <Err state={p.state} name={n} />
      ))}
      <h2>Stored reports</h2>
      {p.reports.length === 0 ? (
        <p class="muted">No reports yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table" id="reports-table">
            <caption class="visually-hidden">Stored reports</caption>
            <thead>
              <tr>
                <th scope="col">Report</th>
                <th scope="col">Devices</th>
                <th scope="col">Size</th>
                <th scope="col">Made</th>
                <th scope="col">E-mail</th>
                {p.canOperate && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {p.reports.map((r) => (
                <tr id={`report-${r.id}`}>
                  <td>
                    <a href={`/reports/${r.id}/pdf`}>{r.title}</a>
                    {r.scheduled && <span class="muted"> · monthly</span>}
                  </td>
                  <td>{r.deviceCount}</td>
                  <td>
                    {size(r.bytes)}, {r.pages} {r.pages === 1 ? 'page' : 'pages'}
                  </td>
                  <td>
                    {new Date(r.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC
                    <br />
                    <span class="muted">{r.createdBy}</span>
                  </td>
                  <td>
                    {r.emailError !== null ? (
                      <StatusBadge label={`not sent: ${r.emailError}`} tone="bad" />
                    ) : r.emailedTo !== null ? (
                      <span>sent to {r.emailedTo}</span>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  {p.canOperate && (
                    <td>
                      <ConfirmButton
                        action={`/reports/${r.id}/delete`}
                        label="Delete"
                        tone="danger"
                        confirm={`Delete ${r.title}?`}
                        csrfToken={p.csrfToken}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Monthly reports</h2>
      <p class="muted">
        Made on the 1st for the month before, and sent through the chosen e-mail channel.
      </p>
      {p.schedules.length === 0 ? (
        <p class="muted">No monthly reports.</p>
      ) : (
        <ul id="report-schedules">
          {p.schedules.map((s) => (
            <li>
              {s.title}
              {s.channelName !== null ? ` → ${s.channelName}` : ' (stored only)'}{' '}
              {p.canOperate && (
                <ConfirmButton
                  action={`/reports/schedules/${s.id}/delete`}
                  label="Stop"
                  tone="danger"
                  confirm={`Stop the monthly ${s.title} report?`}
                  csrfToken={p.csrfToken}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {p.canOperate && (
        <form method="post" action="/reports/schedules" class="filters" id="schedule-form">
          <CsrfField token={p.csrfToken} />
          <label>
            Report
            <select name="kind">
              {p.kinds.map((k) => (
                <option value={k.kind}>{k.title}</option>
              ))}
            </select>
          </label>
          <label>
            E-mail to <ChannelSelect channels={p.channels} value="" />
          </label>
          <button type="submit" class="button">
            Make monthly
          </button>
        </form>
      )}
    </section>
  )
}
