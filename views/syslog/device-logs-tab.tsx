import type { LogCapsView, LogFilter, LogPage } from '../../src/syslog/syslog.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { LogRows } from './log-rows.tsx'

/** the syslog severities, most severe first (the names the search takes) */
const SEVERITY_NAMES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'info',
  'debug',
] as const

export interface DeviceLogsTabProps {
  deviceId: string
  page: LogPage
  filter: LogFilter
  /** raw query values, to refill the form */
  values: { q: string; severity: string; from: string; to: string }
  moreUrl: string | undefined
  caps: LogCapsView
  canOperate: boolean
  csrfToken: string
  receiverPort: number
  errors?: Record<string, string> | undefined
}

/** Logs tab: search (FTS, severity, time range), live tail (SSE), setup commands and retention. */
export function DeviceLogsTab(p: DeviceLogsTabProps) {
  const base = `/devices/${p.deviceId}/logs`
  return (
    <>
      <section class="card">
        <h2>Search logs</h2>
        <form
          method="get"
          action={base}
          class="filters"
          hx-get={base}
          hx-target="#log-results"
          hx-swap="outerHTML"
          hx-push-url="true"
        >
          <label>
            Text{' '}
            <input
              type="search"
              name="q"
              value={p.values.q}
              maxlength={200}
              placeholder="words, prefix*"
            />
          </label>
          <label>
            Severity
            <select name="severity">
              <option value="">any</option>
              {SEVERITY_NAMES.map((s) => (
                <option value={s} selected={p.values.severity === s}>
                  {s} or worse
                </option>
              ))}
            </select>
          </label>
          <label>
            From (UTC) <input type="datetime-local" name="from" value={p.values.from} />
          </label>
          <label>
            To (UTC) <input type="datetime-local" name="to" value={p.values.to} />
          </label>
          <button type="submit" class="button">
            Search
          </button>
        </form>
        {p.errors !== undefined &&
          Object.entries(p.errors).map(([k, v]) => (
            <p class="field-error">
              {k}: {v}
            </p>
          ))}
        <LogRows page={p.page} moreUrl={p.moreUrl} />
      </section>
      <section class="card">
        <h2>Live tail</h2>
        <p class="muted">
          New lines appear here as the device sends them
          {p.receiverPort === 0 ? ' (the syslog receiver is off on this appliance)' : ''}.
        </p>
        <ol id="log-tail" class="log-tail" data-log-tail={`${base}/stream`} aria-live="polite"></ol>
      </section>
      <section class="card">
        <h2>Send this device's logs here</h2>
        <p>
          <a
            class="button"
            href={`${base}/setup`}
            hx-get={`${base}/setup`}
            hx-target="#log-setup"
            hx-swap="innerHTML"
          >
            Show RouterOS commands
          </a>
        </p>
        <div id="log-setup"></div>
      </section>
      <section class="card">
        <h2>Retention</h2>
        <p>
          Keeps the newest {p.caps.maxLines.toLocaleString('en')} lines, for at most{' '}
          {p.caps.maxDays} days{p.caps.custom ? ' (set for this device)' : ' (appliance default)'}.
        </p>
        {p.canOperate && (
          <form method="post" action={`${base}/retention`} class="filters">
            <CsrfField token={p.csrfToken} />
            <label>
              Lines{' '}
              <input
                type="number"
                name="maxLines"
                min={100}
                value={String(p.caps.maxLines)}
                required
              />
            </label>
            <label>
              Days{' '}
              <input type="number" name="maxDays" min={1} value={String(p.caps.maxDays)} required />
            </label>
            <button type="submit" class="button">
              Save
            </button>
            {p.caps.custom && (
              <button type="submit" class="button" name="reset" value="1">
                Use defaults
              </button>
            )}
          </form>
        )}
      </section>
    </>
  )
}

/** The commands fragment ("one click"). */
export function LogSetupPanel(props: {
  scripts: { title: string; script: string }[]
  appliance: string
  port: number
}) {
  return (
    <div>
      <p class="muted">
        Paste into the router's terminal. Outpost listens on {props.appliance}:{props.port} (UDP and
        TCP).
      </p>
      {props.scripts.map((s) => (
        <>
          <h3>{s.title}</h3>
          <pre class="code">
            <code>{s.script}</code>
          </pre>
        </>
      ))}
    </div>
  )
}
