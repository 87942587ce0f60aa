import type { JobView } from '../../src/jobs/jobs.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { relativeTime } from '../devices/relative-time.ts'
import { StateBadge } from './job-badges.tsx'
import { TargetFields } from './target-fields.tsx'

/** The jobs table; refreshes itself from the jobs live feed (assets/live.js). */
export function JobRows(props: { jobs: readonly JobView[]; now: number }) {
  return (
    <div
      id="job-rows"
      data-live="fleet"
      data-live-source="/jobs/live"
      hx-get="/jobs/rows"
      hx-trigger="outpost:refresh throttle:1s"
      hx-swap="outerHTML"
    >
      <table class="data-table jobs-table">
        <thead>
          <tr>
            <th>Job</th>
            <th>Kind</th>
            <th>State</th>
            <th>Progress</th>
            <th>Started by</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {props.jobs.map((j) => (
            <tr>
              <td>
                <a href={`/jobs/${j.id}`}>{j.title}</a>
              </td>
              <td>
                {j.kind}
                {j.isWrite ? ' (write)' : ''}
              </td>
              <td>
                <StateBadge state={j.state} />
              </td>
              <td>
                {j.counts.succeeded + j.counts.failed + j.counts.skipped} / {j.counts.total} done
                {j.counts.failed > 0 ? `, ${j.counts.failed} failed` : ''}
                {j.counts.interrupted > 0 ? `, ${j.counts.interrupted} interrupted` : ''}
              </td>
              <td>{j.createdBy}</td>
              <td>{relativeTime(j.createdAt, props.now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.jobs.length === 0 && <p class="muted">No jobs in the last 90 days.</p>}
    </div>
  )
}

export interface JobsPageProps {
  jobs: readonly JobView[]
  now: number
  canOperate: boolean
  csrfToken: string
  error?: string | undefined
}

/** Fleet Jobs: every job of the tenant (live), and a bulk command form for operators. */
export function JobsPage(p: JobsPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>Jobs</h1>
        <nav class="inline-form">
          <a href="/templates">Templates</a> · <a href="/jobs/guided">Guided config</a> ·{' '}
          <a href="/firmware">Firmware</a>
        </nav>
      </div>
      {p.canOperate && (
        <section class="card">
          <h2>Run a command</h2>
          <p class="muted">
            Read-only commands (print, export, monitor … once) run at once. Commands that change
            anything are writes: type the number of devices to confirm.
          </p>
          {p.error && (
            <p class="error" role="alert">
              {p.error}
            </p>
          )}
          <form method="post" action="/jobs" class="stack-form">
            <CsrfField token={p.csrfToken} />
            <input type="hidden" name="kind" value="command" />
            <label>
              Command{' '}
              <textarea name="command" rows={3} required placeholder="/system identity print" />
            </label>
            <TargetFields />
            <button type="submit" class="button">
              Run
            </button>
          </form>
        </section>
      )}
      <JobRows jobs={p.jobs} now={p.now} />
    </section>
  )
}
