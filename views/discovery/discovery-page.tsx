import type { AdoptOutcome, RangeView } from '../../src/discovery/discovery.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field } from '../components/field.tsx'
import { DiscoveryPanel, type DiscoveryPanelProps } from './discovery-panel.tsx'

export interface DiscoveryPageProps extends DiscoveryPanelProps {
  ranges: RangeView[]
  sites: { id: string; name: string }[]
  /** credential profiles the user may choose (admins only: a profile sends a stored password) */
  profiles: { id: string; name: string }[]
  /** field → message of the scan or adoption form that just failed */
  fields?: Record<string, string> | undefined
  error?: string | undefined
  values?: Record<string, string> | undefined
  adopted?: AdoptOutcome[] | undefined
  labelOf?: Record<string, string> | undefined
}

function ScanForm(p: DiscoveryPageProps) {
  return (
    <form method="post" action="/discovery/scans" class="card form-inline" id="scan-form">
      <CsrfField token={p.csrfToken} />
      <Field
        label="Range to scan (CIDR, /16 or narrower)"
        name="cidr"
        value={p.values?.cidr ?? ''}
        placeholder="192.168.88.0/24"
        error={p.fields?.cidr}
        required
      />
      <Field
        label="Ports"
        name="ports"
        value={p.values?.ports ?? '8728, 8729, 22, 8291, 80, 443'}
        error={p.fields?.ports}
      />
      <button type="submit" class="button button-primary">
        Start scan
      </button>
    </form>
  )
}

function AdoptForm(p: DiscoveryPageProps) {
  return (
    <form method="post" action="/discovery/adopt" id="adopt-form" class="card">
      <CsrfField token={p.csrfToken} />
      <h2>Adopt the selected entries</h2>
      <p class="muted">
        Each one is checked like "Add device": it is added only when Outpost can log in with these
        credentials.
      </p>
      {p.fields?.candidate_ids && <p class="field-error">{p.fields.candidate_ids}</p>}
      <Field
        label="User name"
        name="username"
        value={p.values?.username ?? ''}
        error={p.fields?.username}
        autocomplete="off"
      />
      <Field
        label="Password"
        name="password"
        type="password"
        error={p.fields?.password}
        autocomplete="new-password"
      />
      {p.profiles.length > 0 && (
        <div class={p.fields?.credential_profile_id ? 'field field-invalid' : 'field'}>
          <label for="f-credential_profile_id">Or a credential profile</label>
          <select id="f-credential_profile_id" name="credential_profile_id">
            <option value="">(type the credentials above)</option>
            {p.profiles.map((x) => (
              <option value={x.id} selected={p.values?.credential_profile_id === x.id}>
                {x.name}
              </option>
            ))}
          </select>
          {p.fields?.credential_profile_id && (
            <p class="field-error">{p.fields.credential_profile_id}</p>
          )}
        </div>
      )}
      {p.profiles.length === 0 && p.fields?.credential_profile_id && (
        <p class="field-error">{p.fields.credential_profile_id}</p>
      )}
      <div class={p.fields?.site_id ? 'field field-invalid' : 'field'}>
        <label for="f-site_id">Site</label>
        <select id="f-site_id" name="site_id">
          <option value="">(none)</option>
          {p.sites.map((s) => (
            <option value={s.id} selected={p.values?.site_id === s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {p.fields?.site_id && <p class="field-error">{p.fields.site_id}</p>}
      </div>
      <button type="submit" class="button button-primary">
        Adopt selected
      </button>
    </form>
  )
}

function Outcomes(p: { adopted: AdoptOutcome[]; labelOf: Record<string, string> }) {
  return (
    <div class="card" role="status" id="adopt-outcomes">
      <h2>Adoption results</h2>
      <ul>
        {p.adopted.map((o) => (
          <li>
            {p.labelOf[o.candidateId] ?? o.candidateId}:{' '}
            {o.ok ? (
              <a href={`/devices/${o.deviceId}`}>added</a>
            ) : (
              <span class="field-error">{o.message}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

function Ranges(p: DiscoveryPageProps) {
  if (p.ranges.length === 0) return null
  return (
    <div>
      <h2>Your ranges</h2>
      <p class="muted">
        A range you scanned is this tenant's: other tenants cannot scan it, and MNDP announcements
        from it appear only here.
      </p>
      <ul class="range-list">
        {p.ranges.map((r) => (
          <li>
            {r.cidr}{' '}
            {p.canAdmin && (
              <form method="post" action={`/discovery/ranges/${r.id}/release`} class="inline-form">
                <CsrfField token={p.csrfToken} />
                <button type="submit" class="button">
                  Release
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** Discovery: scan a range, see what answered or announced itself, adopt it. */
export function DiscoveryPage(p: DiscoveryPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>Discovery</h1>
        <div class="actions">
          <a class="button" href={p.showIgnored ? '/discovery' : '/discovery?ignored=1'}>
            {p.showIgnored ? 'Hide ignored' : 'Show ignored'}
          </a>
        </div>
      </div>
      {p.error && (
        <p class="flash flash-error" role="alert">
          {p.error}
        </p>
      )}
      {p.adopted && <Outcomes adopted={p.adopted} labelOf={p.labelOf ?? {}} />}
      {p.canAdmin && <ScanForm {...p} />}
      <DiscoveryPanel {...p} />
      {p.canOperate && <AdoptForm {...p} />}
      <Ranges {...p} />
    </section>
  )
}
