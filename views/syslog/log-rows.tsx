import type { LogLineView, LogPage } from '../../src/syslog/syslog.types.ts'
import { StatusBadge, type BadgeTone } from '../components/status-badge.tsx'

function tone(severity: number): BadgeTone {
  if (severity <= 3) return 'bad'
  if (severity === 4) return 'warn'
  return severity === 7 ? 'muted' : 'info'
}

export function LogLineRow(props: { line: LogLineView }) {
  const l = props.line
  return (
    <tr>
      <td class="nowrap">
        <time datetime={new Date(l.at).toISOString()}>
          {new Date(l.at).toISOString().replace('T', ' ').slice(0, 19)}
        </time>
      </td>
      <td>
        <StatusBadge label={l.severityName} tone={tone(l.severity)} />
      </td>
      <td class="muted">{l.app}</td>
      <td class="log-msg">{l.msg}</td>
    </tr>
  )
}

/** The result rows plus the "older" link; the same fragment answers the search form's htmx swap. */
export function LogRows(props: { page: LogPage; moreUrl: string | undefined }) {
  return (
    <div id="log-results">
      {props.page.lines.length === 0 ? (
        <p class="muted">No log lines match.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table log-table">
            <caption class="visually-hidden">Log lines, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Received (UTC)</th>
                <th scope="col">Severity</th>
                <th scope="col">Topics</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {props.page.lines.map((l) => (
                <LogLineRow line={l} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.moreUrl !== undefined && (
        <p>
          <a
            href={props.moreUrl}
            hx-get={props.moreUrl}
            hx-target="#log-results"
            hx-swap="outerHTML"
            hx-push-url="true"
          >
            Older lines →
          </a>
        </p>
      )}
    </div>
  )
}
