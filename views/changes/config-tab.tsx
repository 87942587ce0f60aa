import type { ChangeOperation } from '../../src/changes/changes.types.ts'
import type { ConfigListing } from '../../src/changes/config-read.service.ts'
import { CsrfField } from '../components/csrf-field.tsx'
import { ApplyModeFields } from './apply-mode-fields.tsx'

export interface ConfigTabProps {
  deviceId: string
  menus: readonly { path: string; title: string }[]
  path: string
  listing: ConfigListing | null
  /** why the menu could not be read (unknown path, device unreachable) */
  error: string | null
  /** `.id` of the entry being edited, `new` for the add form, '' for none */
  editing: string
  draft: readonly ChangeOperation[]
  draftScript: string
  lock: { actorName: string; since: number } | null
  defaultWindowS: number
  canOperate: boolean
  csrfToken: string
}

const hhmmss = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`

function DraftButton(p: {
  deviceId: string
  csrfToken: string
  label: string
  fields: Record<string, string>
  tone?: string
}) {
  return (
    <form method="post" action={`/devices/${p.deviceId}/config/draft`} class="inline-form">
      <CsrfField token={p.csrfToken} />
      {Object.entries(p.fields).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={`button button-small${p.tone ? ` ${p.tone}` : ''}`}>
        {p.label}
      </button>
    </form>
  )
}

function EntryForm(p: {
  deviceId: string
  csrfToken: string
  listing: ConfigListing
  entry: Record<string, string> | null
  id: string
}) {
  const op = p.listing.kind === 'singleton' ? 'set' : p.entry ? 'set' : 'add'
  return (
    <form
      method="post"
      action={`/devices/${p.deviceId}/config/draft`}
      class="card stacked-form"
      data-testid="entry-form"
    >
      <CsrfField token={p.csrfToken} />
      <input type="hidden" name="op" value={op} />
      <input type="hidden" name="path" value={p.listing.path} />
      {p.id !== '' && p.id !== 'new' && <input type="hidden" name="id" value={p.id} />}
      <h3>
        {op === 'add'
          ? `Add to ${p.listing.path}`
          : `Edit ${p.listing.path}${p.id && p.id !== 'new' ? ` ${p.id}` : ''}`}
      </h3>
      {p.listing.properties
        .filter((x) => !x.name.startsWith('.'))
        .map((x) => (
          <label>
            {x.name} <span class="muted">({x.type})</span>
            <input
              type={x.type === 'secret' ? 'password' : 'text'}
              name={`p.${x.name}`}
              value={x.type === 'secret' ? '' : (p.entry?.[x.name] ?? '')}
              autocomplete="off"
            />
            <input
              type="hidden"
              name={`o.${x.name}`}
              value={x.type === 'secret' ? '' : (p.entry?.[x.name] ?? '')}
            />
          </label>
        ))}
      <p class="muted">
        Only fields you change go into the change set; a secret left empty is unchanged.
      </p>
      <button type="submit" class="button">
        Add to change set
      </button>
    </form>
  )
}

function Listing(p: ConfigTabProps & { listing: ConfigListing }) {
  const cols = p.listing.properties.filter((x) => !x.name.startsWith('.')).slice(0, 7)
  const base = `/devices/${p.deviceId}/config?path=${encodeURIComponent(p.listing.path)}`
  const rows = p.listing.entries
  return (
    <section class="card">
      <div class="page-header">
        <h2>
          {p.listing.title ?? p.listing.path} <span class="muted">{p.listing.path}</span>
        </h2>
        {p.canOperate && p.listing.kind !== 'singleton' && (
          <a class="button" href={`${base}&edit=new`}>
            Add
          </a>
        )}
      </div>
      {rows.length === 0 ? (
        <p class="muted">No entries.</p>
      ) : (
        <table class="data-table config-table">
          <thead>
            <tr>
              {cols.map((c) => (
                <th>{c.name}</th>
              ))}
              {p.canOperate && <th>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const id = r['.id'] ?? ''
              const fields = { path: p.listing.path, id }
              return (
                <tr>
                  {cols.map((c) => (
                    <td>{r[c.name] ?? ''}</td>
                  ))}
                  {p.canOperate && (
                    <td class="actions">
                      <a
                        class="button button-small"
                        href={`${base}&edit=${encodeURIComponent(id || 'singleton')}`}
                      >
                        Edit
                      </a>
                      {id !== '' && (
                        <>
                          <DraftButton
                            {...p}
                            label={r.disabled === 'true' ? 'Enable' : 'Disable'}
                            fields={{ ...fields, op: r.disabled === 'true' ? 'enable' : 'disable' }}
                          />
                          {p.listing.kind === 'ordered' && i > 0 && (
                            <DraftButton
                              {...p}
                              label="Move up"
                              fields={{ ...fields, op: 'move', before: rows[i - 1]?.['.id'] ?? '' }}
                            />
                          )}
                          <DraftButton
                            {...p}
                            label="Remove"
                            tone="danger"
                            fields={{ ...fields, op: 'remove' }}
                          />
                        </>
                      )}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** Config tab: menus of the catalogue or any typed path, entries (secrets masked), edits collected into one change set. */
export function ConfigTab(p: ConfigTabProps) {
  const editEntry =
    p.listing && p.editing !== ''
      ? p.editing === 'new'
        ? null
        : p.listing.kind === 'singleton'
          ? (p.listing.entries[0] ?? {})
          : (p.listing.entries.find((e) => e['.id'] === p.editing) ?? null)
      : null
  return (
    <div id="device-tab" class="config-tab">
      <section class="card">
        <form method="get" action={`/devices/${p.deviceId}/config`} class="inline-form">
          <label>
            Path{' '}
            <input
              type="text"
              name="path"
              value={p.path}
              list="config-menus"
              placeholder="/ip/address"
            />
          </label>
          <datalist id="config-menus">
            {p.menus.map((m) => (
              <option value={m.path}>{m.title}</option>
            ))}
          </datalist>
          <button type="submit" class="button">
            Open
          </button>
        </form>
        <p class="menu-links">
          {p.menus.map((m) => (
            <a
              href={`/devices/${p.deviceId}/config?path=${encodeURIComponent(m.path)}`}
              class={m.path === p.path ? 'active' : ''}
            >
              {m.title}
            </a>
          ))}
        </p>
        {p.lock && (
          <p class="flash flash-info" data-testid="change-lock">
            {p.lock.actorName} is changing this device since {hhmmss(p.lock.since)}.
          </p>
        )}
      </section>
      {p.error !== null && (
        <p class="flash flash-error" role="alert">
          {p.error}
        </p>
      )}
      {p.listing && <Listing {...p} listing={p.listing} />}
      {p.canOperate && p.listing && p.editing !== '' && (
        <EntryForm
          deviceId={p.deviceId}
          csrfToken={p.csrfToken}
          listing={p.listing}
          entry={editEntry}
          id={p.editing === 'singleton' ? '' : p.editing}
        />
      )}
      {p.canOperate && (
        <section class="card" data-testid="draft">
          <h2>Change set</h2>
          {p.draft.length === 0 ? (
            <p class="muted">No edits collected yet.</p>
          ) : (
            <>
              <pre class="config-text">{p.draftScript}</pre>
              <form
                method="post"
                action={`/devices/${p.deviceId}/config/apply`}
                class="inline-form"
              >
                <CsrfField token={p.csrfToken} />
                <ApplyModeFields defaultWindowS={p.defaultWindowS} />
                <button type="submit" class="button">
                  Apply {p.draft.length} operation{p.draft.length === 1 ? '' : 's'}
                </button>
              </form>
              <form
                method="post"
                action={`/devices/${p.deviceId}/config/draft/clear`}
                class="inline-form"
              >
                <CsrfField token={p.csrfToken} />
                <button type="submit" class="button">
                  Discard
                </button>
              </form>
            </>
          )}
        </section>
      )}
    </div>
  )
}
