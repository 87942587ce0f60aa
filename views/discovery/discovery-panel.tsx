import type { CandidateView, ScanView } from '../../src/discovery/discovery.types.ts'
import { StatusBadge, type BadgeTone } from '../components/status-badge.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { relativeTime } from '../devices/relative-time.ts'

export interface DiscoveryPanelProps {
  scans: ScanView[]
  candidates: CandidateView[]
  canOperate: boolean
  canAdmin: boolean
  csrfToken: string
  now: number
  showIgnored: boolean
}

const SCAN_TONE: Record<ScanView['state'], BadgeTone> = {
  running: 'info',
  succeeded: 'ok',
  failed: 'bad',
  cancelled: 'muted',
  interrupted: 'warn',
}

function percent(s: ScanView): number {
  return s.total === 0 ? 100 : Math.floor((s.probed / s.total) * 100)
}

function ScanRows(p: DiscoveryPanelProps) {
  if (p.scans.length === 0) return <p class="muted">No scans yet.</p>
  return (
    <div class="table-wrap">
      <table class="data-table">
        <caption class="visually-hidden">Scans</caption>
        <thead>
          <tr>
            <th scope="col">Range</th>
            <th scope="col">State</th>
            <th scope="col">Progress</th>
            <th scope="col">Found</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {p.scans.map((s) => (
            <tr id={`scan-${s.id}`}>
              <td>
                {s.cidr}
                <div class="muted small">ports {s.ports.join(', ')}</div>
              </td>
              <td>
                <StatusBadge label={s.state} tone={SCAN_TONE[s.state]} />
                {s.note && <div class="muted small">{s.note}</div>}
              </td>
              <td>
                <progress max={s.total} value={s.probed} aria-label={`${s.cidr} progress`} />{' '}
                {s.probed} / {s.total} ({percent(s)}%)
              </td>
              <td>{s.found}</td>
              <td>
                {relativeTime(s.createdAt, p.now)} by {s.createdBy}
                {s.state === 'running' && p.canAdmin && (
                  <form
                    method="post"
                    action={`/discovery/scans/${s.id}/cancel`}
                    class="inline-form"
                  >
                    <CsrfField token={p.csrfToken} />
                    <button type="submit" class="button">
                      Cancel
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const SOURCE_LABEL = { scan: 'scan', mndp: 'MNDP', neighbour: 'neighbour' } as const

function What(c: CandidateView) {
  const facts = [c.board, c.version, c.platform].filter((x) => x !== null).join(' · ')
  return (
    <td>
      <strong>{c.identity ?? c.address ?? c.mac}</strong>
      {facts && <div class="muted small">{facts}</div>}
      {c.routeros && <div class="small">RouterOS: {c.routeros}</div>}
    </td>
  )
}

function RowActions(props: { c: CandidateView; csrfToken: string }) {
  const { c } = props
  const act = (verb: string, label: string) => (
    <form method="post" action={`/discovery/candidates/${c.id}/${verb}`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class="button">
        {label}
      </button>
    </form>
  )
  return (
    <td>
      {c.state === 'ignored'
        ? act('restore', 'Restore')
        : c.state === 'new' && act('ignore', 'Ignore')}{' '}
      {act('forget', 'Forget')}
    </td>
  )
}

function Status(c: CandidateView) {
  if (c.managed) return <a href={`/devices/${c.managed.id}`}>managed: {c.managed.name}</a>
  if (c.state === 'ignored') return <StatusBadge label="ignored" tone="muted" />
  return <StatusBadge label="not managed" tone="warn" />
}

function QueueRows(p: DiscoveryPanelProps) {
  const shown = p.candidates.filter((c) => p.showIgnored || c.state !== 'ignored')
  if (shown.length === 0)
    return <p class="muted">Nothing found yet: run a scan, or wait for MNDP announcements.</p>
  return (
    <div class="table-wrap">
      <table class="data-table discovery-queue">
        <caption class="visually-hidden">Adoption queue</caption>
        <thead>
          <tr>
            {p.canOperate && (
              <th scope="col">
                <span class="visually-hidden">Select</span>
              </th>
            )}
            <th scope="col">What</th>
            <th scope="col">Where</th>
            <th scope="col">How</th>
            <th scope="col">Status</th>
            {p.canOperate && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr id={`candidate-${c.id}`}>
              {p.canOperate && (
                <td>
                  {c.state === 'new' && !c.managed && c.address !== null && (
                    <input
                      type="checkbox"
                      name="candidate_ids"
                      value={c.id}
                      form="adopt-form"
                      aria-label={`Select ${c.identity ?? c.address}`}
                    />
                  )}
                </td>
              )}
              {What(c)}
              <td>
                {c.address ?? <span class="muted">no IPv4</span>}
                {c.mac && <div class="muted small">{c.mac}</div>}
                {c.interfaceName && <div class="muted small">on {c.interfaceName}</div>}
              </td>
              <td>
                {c.sources.map((s) => SOURCE_LABEL[s]).join(', ')}
                {c.openPorts.length > 0 && (
                  <div class="muted small">open {c.openPorts.join(', ')}</div>
                )}
                {c.reportedBy && <div class="muted small">seen by {c.reportedBy}</div>}
                <div class="muted small">{relativeTime(c.lastSeenAt, p.now)}</div>
              </td>
              <td>{Status(c)}</td>
              {p.canOperate && <RowActions c={c} csrfToken={p.csrfToken} />}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Scans with live progress and the adoption queue; refreshes itself from /discovery/live. */
export function DiscoveryPanel(p: DiscoveryPanelProps) {
  return (
    <div
      id="discovery-panel"
      data-live="fleet"
      data-live-source="/discovery/live"
      hx-get={`/discovery/panel${p.showIgnored ? '?ignored=1' : ''}`}
      hx-trigger="outpost:refresh throttle:1s"
      hx-swap="outerHTML"
    >
      <h2>Scans</h2>
      <ScanRows {...p} />
      <h2>Adoption queue</h2>
      <QueueRows {...p} />
    </div>
  )
}
