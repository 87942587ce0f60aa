import type { EdgeLinkView, EdgeView } from '../../src/edge/edges.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { DataTable } from '../components/data-table.tsx'
import { EmptyState } from '../components/empty-state.tsx'
import { Field, FormError } from '../components/field.tsx'
import { StatusBadge } from '../components/status-badge.tsx'
import { formatDate } from '../tenants/format-date.ts'
import { formValue, type FormState } from '../tenants/form-state.ts'

export interface EdgeListPageProps {
  tenantName: string
  edges: EdgeView[]
  link: EdgeLinkView | undefined
  csrfToken: string
  createForm?: FormState
  linkForm?: FormState
}

const TONE = {
  connected: 'ok',
  silent: 'warn',
  waiting: 'muted',
  expired: 'muted',
  revoked: 'bad',
} as const

function EdgeRow(props: { e: EdgeView; csrfToken: string }) {
  const e = props.e
  return (
    <tr>
      <td>{e.name}</td>
      <td>
        <StatusBadge label={e.status} tone={TONE[e.status]} />
      </td>
      <td>
        {e.registeredAt === null
          ? `token valid until ${formatDate(e.tokenExpiresAt)}`
          : formatDate(e.lastContactAt)}
      </td>
      <td>{e.backlog}</td>
      <td>{e.devices}</td>
      <td>{e.version ?? '—'}</td>
      <td>
        {e.revokedAt === null && (
          <ConfirmButton
            action={`/edges/${e.id}/revoke`}
            label="Revoke"
            confirm={`Revoke ${e.name}? It can no longer send data or fetch changes; its devices stay, marked.`}
            csrfToken={props.csrfToken}
            tone="danger"
          />
        )}
      </td>
    </tr>
  )
}

/** This appliance's own link to a central Outpost (edge side), or the form to create one. */
function LinkPanel(props: {
  link: EdgeLinkView | undefined
  csrfToken: string
  state?: FormState
}) {
  const l = props.link
  const s = props.state
  if (l !== undefined)
    return (
      <section class="card">
        <h2>This appliance is an edge</h2>
        <p>
          It forwards its devices to <code>{l.centralUrl}</code>
          {l.pinned ? ' (certificate pinned)' : ' (certificate checked by its CA)'}.
        </p>
        <dl class="facts">
          <dt>Last delivered</dt>
          <dd>{formatDate(l.lastSuccessAt)}</dd>
          <dt>Waiting to be sent</dt>
          <dd>{l.backlog} entries</dd>
          <dt>Acknowledged up to</dt>
          <dd>#{l.ackedSeq}</dd>
          {l.lastError !== null && (
            <>
              <dt>Link</dt>
              <dd>
                <StatusBadge label="down" tone="bad" /> {l.lastError} — buffering, retried with
                backoff
              </dd>
            </>
          )}
        </dl>
      </section>
    )
  return (
    <details class="card" open={s !== undefined}>
      <summary>
        <strong>This appliance is at a client site? Register it with a central Outpost</strong>
      </summary>
      <form method="post" action="/edges/link" novalidate>
        <p class="muted">
          Paste the URL, token and fingerprint the central Outpost showed. The devices of this
          tenant are then forwarded there (state, events, metrics, backups), and changes made there
          are applied here.
        </p>
        <CsrfField token={props.csrfToken} />
        <FormError message={s?.fields?._form} />
        <Field
          label="Central URL"
          name="centralUrl"
          value={formValue(s, 'centralUrl')}
          error={s?.fields?.centralUrl}
          hint="https://…"
          required
        />
        <Field
          label="Registration token"
          name="token"
          value=""
          error={s?.fields?.token}
          hint="opr_… (single use)"
          required
        />
        <Field
          label="Certificate fingerprint"
          name="fingerprint"
          value={formValue(s, 'fingerprint')}
          error={s?.fields?.fingerprint}
          hint="SHA-256 shown with the token; leave empty when the central has a CA-signed certificate."
        />
        <button type="submit" class="button button-primary">
          Register
        </button>
      </form>
    </details>
  )
}

/** Tenant admins: edge appliances forwarding to this Outpost, and this appliance's own link. */
export function EdgeListPage(props: EdgeListPageProps) {
  const s = props.createForm
  return (
    <section>
      <div class="page-header">
        <h1>Edge appliances of {props.tenantName}</h1>
      </div>
      <p class="muted">
        An edge appliance at a client site polls its routers and forwards their state, events,
        metrics and backups here over HTTPS, buffering while the link is down. Its devices appear in
        the device list marked “via edge”; changes made here are applied by the edge.
      </p>
      <DataTable
        caption={`Edge appliances of ${props.tenantName}`}
        headers={['Name', 'Status', 'Last contact', 'Backlog', 'Devices', 'Version', '']}
        isEmpty={props.edges.length === 0}
        empty={
          <EmptyState title="No edge appliances yet">
            <p>Create a registration below and run the command it shows on the edge appliance.</p>
          </EmptyState>
        }
      >
        {props.edges.map((e) => (
          <EdgeRow e={e} csrfToken={props.csrfToken} />
        ))}
      </DataTable>
      <form method="post" action="/edges" class="card" novalidate>
        <h2>New edge registration</h2>
        <CsrfField token={props.csrfToken} />
        <FormError message={s?.fields?._form} />
        <Field
          label="Name"
          name="name"
          value={formValue(s, 'name')}
          error={s?.fields?.name}
          hint="The site, e.g. “Warehouse Ost”."
          maxlength={80}
          required
        />
        <button type="submit" class="button button-primary">
          Create registration
        </button>
      </form>
      <LinkPanel link={props.link} csrfToken={props.csrfToken} state={props.linkForm} />
    </section>
  )
}
