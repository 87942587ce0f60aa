import type { JobDetail } from '../../src/jobs/jobs.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { relativeTime } from '../devices/relative-time.ts'
import { StateBadge } from './job-badges.tsx'

const seconds = (ms: number | null) => (ms === null ? '' : `${(ms / 1000).toFixed(1)} s`)

/** Header, counts and every target (state, duration, output); refreshes itself while it runs. */
export function JobPanel(props: {
  job: JobDetail
  canOperate: boolean
  csrfToken: string
  now: number
}) {
  const j = props.job
  const act = (name: string, label: string) => (
    <form method="post" action={`/jobs/${j.id}/${name}`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class="button">
        {label}
      </button>
    </form>
  )
  const open = ['scheduled', 'running', 'paused', 'halted', 'interrupted'].includes(j.state)
  return (
    <div
      id="job-panel"
      data-live={`device:${j.id}`}
      data-live-source={`/jobs/live?job=${j.id}`}
      hx-get={`/jobs/${j.id}/panel`}
      hx-trigger="outpost:refresh throttle:1s"
      hx-swap="outerHTML"
    >
      <p>
        <StateBadge state={j.state} /> {j.kind}
        {j.isWrite ? `, writes (${j.mode} apply)` : ', read-only'} · started by {j.createdBy}{' '}
        {relativeTime(j.createdAt, props.now)}
        {j.notBefore !== null && j.state === 'scheduled'
          ? ` · waits for its window: ${new Date(j.notBefore).toISOString()}`
          : ''}
      </p>
      {j.note && (
        <p class="card" role="status">
          {j.note}
        </p>
      )}
      <p data-testid="counts">
        {j.counts.total} devices: {j.counts.succeeded} succeeded, {j.counts.failed} failed,{' '}
        {j.counts.running} running, {j.counts.queued} queued, {j.counts.skipped} skipped,{' '}
        {j.counts.cancelled} cancelled, {j.counts.interrupted} interrupted
      </p>
      <div class="inline-form">
        {props.canOperate && open && act('cancel', 'Cancel')}
        {props.canOperate &&
          ['paused', 'halted', 'interrupted', 'scheduled'].includes(j.state) &&
          act('resume', j.state === 'paused' ? 'Continue after the canary' : 'Resume')}
        {props.canOperate &&
          j.counts.failed + j.counts.interrupted > 0 &&
          !['running', 'cancelled'].includes(j.state) &&
          act('retry', 'Retry failed')}
        <a class="button" href={`/api/v1/jobs/${j.id}/results.csv`}>
          Download CSV
        </a>
      </div>
      <table class="data-table job-targets">
        <thead>
          <tr>
            <th>Device</th>
            <th>State</th>
            <th>Duration</th>
            <th>Versions</th>
            <th>Result</th>
          </tr>
        </thead>
        <tbody>
          {j.targets.map((t) => (
            <tr>
              <td>
                <a href={`/devices/${t.deviceId}`}>{t.deviceName}</a>
              </td>
              <td>
                <StateBadge state={t.state} />
                {t.attempts > 1 ? ` (attempt ${t.attempts})` : ''}
              </td>
              <td>{seconds(t.durationMs)}</td>
              <td>
                {t.beforeVersion !== null ? `${t.beforeVersion} → ${t.afterVersion ?? '?'}` : ''}
              </td>
              <td>
                {t.error && <p class="error">{t.error}</p>}
                {t.output !== '' && (
                  <details open={j.targets.length <= 5}>
                    <summary>Output{t.outputCapped ? ' (capped)' : ''}</summary>
                    <pre class="config-text">{t.output}</pre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function JobPage(props: {
  job: JobDetail
  canOperate: boolean
  csrfToken: string
  now: number
}) {
  return (
    <section>
      <div class="page-header">
        <h1>{props.job.title}</h1>
        <a href="/jobs">All jobs</a>
      </div>
      <JobPanel {...props} />
    </section>
  )
}
