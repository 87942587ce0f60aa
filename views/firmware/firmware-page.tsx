import type { FirmwareFleetView } from '../../src/firmware/firmware.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { relativeTime } from '../devices/relative-time.ts'

export interface FirmwarePageProps {
  fleet: FirmwareFleetView
  canOperate: boolean
  csrfToken: string
  now: number
  checked?: { checked: number; failed: number } | undefined
}

/** Fleet Firmware: versions per device, counts by version, "check now", staged upgrade. */
export function FirmwarePage(p: FirmwarePageProps) {
  const f = p.fleet
  return (
    <section>
      <div class="page-header">
        <h1>Firmware</h1>
        {p.canOperate && (
          <form method="post" action="/firmware/check" class="inline-form">
            <CsrfField token={p.csrfToken} />
            <button type="submit" class="button">
              Check now
            </button>
          </form>
        )}
      </div>
      {p.checked && (
        <p class="card" data-testid="check-result">
          Checked {p.checked.checked} devices; {p.checked.failed} could not be reached.
        </p>
      )}
      <ul class="stat-row" data-testid="by-version">
        {f.byVersion.map((v) => (
          <li class="card">
            <strong>{v.count}</strong> RouterOS {v.version}
          </li>
        ))}
        <li class="card">
          <strong>{f.updatesAvailable}</strong>{' '}
          <StatusBadge label="Update available" tone={f.updatesAvailable > 0 ? 'warn' : 'ok'} />
        </li>
      </ul>
      {p.canOperate && (
        <section class="card">
          <h2>Staged upgrade</h2>
          <p class="muted">
            RouterOS first, then RouterBOARD firmware, each followed by a reboot. Canary devices go
            first; then batches. The rollout halts when a device fails to download, is not back
            within the time below, or comes back on the wrong version.
          </p>
          <form method="post" action="/firmware/upgrade" class="stack-form">
            <CsrfField token={p.csrfToken} />
            <label>
              Devices{' '}
              <select name="scope">
                <option value="updates">Those with an update ({f.updatesAvailable})</option>
                <option value="all">All ({f.devices.length})</option>
              </select>
            </label>
            <label>
              Channel{' '}
              <select name="channel">
                <option value="">Keep each device's</option>
                <option>long-term</option>
                <option>stable</option>
                <option>testing</option>
              </select>
            </label>
            <label>
              Canary devices <input type="number" name="canary" value="5" min="0" max="1000" />
            </label>
            <label>
              Batch size <input type="number" name="batch" value="20" min="1" max="100" />
            </label>
            <label>
              Back within (minutes){' '}
              <input type="number" name="rebootMinutes" value="10" min="1" max="60" />
            </label>
            <label>
              <input type="checkbox" name="routerboard" value="on" checked /> Also upgrade
              RouterBOARD firmware
            </label>
            <label>
              Start at (maintenance window, optional){' '}
              <input type="datetime-local" name="notBefore" />
            </label>
            <label>
              Type the number of devices to confirm{' '}
              <input type="number" name="confirmTargets" min="0" required />
            </label>
            <button type="submit" class="button">
              Start upgrade
            </button>
          </form>
        </section>
      )}
      <table class="data-table firmware-table">
        <thead>
          <tr>
            <th>Device</th>
            <th>Board</th>
            <th>RouterOS</th>
            <th>Channel</th>
            <th>Available</th>
            <th>RouterBOOT</th>
            <th>Checked</th>
          </tr>
        </thead>
        <tbody>
          {f.devices.map((d) => (
            <tr>
              <td>
                <a href={`/devices/${d.deviceId}`}>{d.name}</a>
              </td>
              <td>{d.board ?? ''}</td>
              <td>{d.installed ?? 'unknown'}</td>
              <td>{d.channel ?? ''}</td>
              <td>
                {d.checkError ? (
                  <span class="error">{d.checkError}</span>
                ) : d.updateAvailable ? (
                  <StatusBadge label={d.latest ?? ''} tone="warn" />
                ) : (
                  (d.latest ?? 'not checked')
                )}
              </td>
              <td>
                {d.routerboard === false
                  ? 'n/a'
                  : `${d.currentFirmware ?? '?'}${d.upgradeFirmware && d.upgradeFirmware !== d.currentFirmware ? ` → ${d.upgradeFirmware}` : ''}`}
              </td>
              <td>{d.checkedAt === null ? 'never' : relativeTime(d.checkedAt, p.now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
