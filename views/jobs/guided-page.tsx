import { CsrfField } from '../components/csrf-field.tsx'
import { TargetFields } from './target-fields.tsx'

/** Fields of each guided form: name → label (list values comma-separated). */
export const GUIDED_FIELDS: Readonly<Record<string, readonly [string, string][]>> = {
  'wan-dhcp': [['interface', 'WAN interface']],
  'wan-static': [
    ['interface', 'WAN interface'],
    ['address', 'Address/prefix'],
    ['gateway', 'Gateway'],
    ['dns', 'DNS servers'],
  ],
  'wan-pppoe': [
    ['interface', 'WAN interface'],
    ['username', 'PPPoE user'],
    ['password', 'PPPoE password'],
  ],
  'lan-dhcp': [
    ['interface', 'LAN interface or bridge'],
    ['address', 'Router address/prefix'],
    ['poolFrom', 'Pool from'],
    ['poolTo', 'Pool to'],
    ['dns', 'DNS servers'],
  ],
  wifi: [
    ['interface', 'Wireless interface (wlan1 / wifi1)'],
    ['ssid', 'Network name (SSID)'],
    ['passphrase', 'Passphrase'],
  ],
  'port-forward': [
    ['inInterface', 'WAN interface'],
    ['protocol', 'Protocol (tcp/udp)'],
    ['dstPort', 'Outside port'],
    ['toAddress', 'Inside address'],
    ['toPort', 'Inside port'],
  ],
  'firewall-basic': [['managementCidr', 'Management network (keeps access)']],
  dns: [
    ['servers', 'DNS servers'],
    ['allowRemote', 'Answer LAN clients (yes/no)'],
  ],
  system: [
    ['identity', 'Identity'],
    ['timeZone', 'Time zone (Europe/Riga)'],
    ['ntpServers', 'NTP servers'],
  ],
}

export interface GuidedPageProps {
  tasks: Readonly<Record<string, string>>
  task: string
  values: Readonly<Record<string, string>>
  csrfToken: string
  preview?: { deviceName: string; script: string }[] | undefined
  error?: string | undefined
}

/** Guided config: pick a task, fill its form, see the generated script, then apply as a job. */
export function GuidedPage(p: GuidedPageProps) {
  const fields = GUIDED_FIELDS[p.task] ?? []
  return (
    <section>
      <div class="page-header">
        <h1>Guided config</h1>
        <a href="/jobs">Jobs</a>
      </div>
      <nav class="inline-form">
        {Object.entries(p.tasks).map(([k, label]) => (
          <a href={`/jobs/guided?task=${k}`} aria-current={k === p.task ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      {p.error && (
        <p class="error" role="alert">
          {p.error}
        </p>
      )}
      {p.preview && (
        <section class="card" data-testid="preview">
          <h2>The script each device gets (secrets hidden)</h2>
          {p.preview.map((r) => (
            <div>
              <h3>{r.deviceName}</h3>
              <pre class="config-text">{r.script}</pre>
            </div>
          ))}
        </section>
      )}
      <form method="post" action="/jobs/guided" class="stack-form">
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="task" value={p.task} />
        <h2>{p.tasks[p.task]}</h2>
        {fields.map(([name, label]) => (
          <label>
            {label}{' '}
            <input
              type={name === 'password' || name === 'passphrase' ? 'password' : 'text'}
              name={name}
              value={name === 'password' || name === 'passphrase' ? '' : (p.values[name] ?? '')}
            />
          </label>
        ))}
        <TargetFields />
        <div class="inline-form">
          <button type="submit" name="action" value="preview" class="button">
            Show the script
          </button>{' '}
          <button type="submit" name="action" value="run" class="button">
            Apply
          </button>
        </div>
      </form>
    </section>
  )
}
