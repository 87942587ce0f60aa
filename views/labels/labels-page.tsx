import type { Label, LabelKind } from '../../src/labels/labels.types.ts'
import { ConfirmButton } from '../components/confirm-button.tsx'
import { CsrfField } from '../components/csrf-field.tsx'
import { Field, FormError } from '../components/field.tsx'

export const LABEL_NAMES: Record<LabelKind, { plural: string; singular: string; filter: string }> =
  {
    sites: { plural: 'Sites', singular: 'site', filter: 'site' },
    tags: { plural: 'Tags', singular: 'tag', filter: 'tag' },
    groups: { plural: 'Groups', singular: 'group', filter: 'group' },
  }

export interface LabelsPageProps {
  kind: LabelKind
  labels: Label[]
  canEdit: boolean
  csrfToken: string
  errors?: Record<string, string>
  values?: { name?: string; description?: string }
}

/** Sites, tags or device groups: list with device counts (each a link to the filtered table). */
export function LabelsPage(props: LabelsPageProps) {
  const n = LABEL_NAMES[props.kind]
  const base = `/devices/${props.kind}`
  return (
    <section>
      <p class="muted">
        <a href="/devices">← Devices</a>
      </p>
      <h1>{n.plural}</h1>
      {props.labels.length === 0 ? (
        <p class="muted">No {n.plural.toLowerCase()} yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">{n.plural}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Devices</th>
                {props.canEdit && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {props.labels.map((l) => (
                <tr>
                  <td>{l.name}</td>
                  <td>{l.description}</td>
                  <td>
                    <a href={`/devices?${n.filter}=${encodeURIComponent(l.id)}`}>
                      {String(l.deviceCount)}
                    </a>
                  </td>
                  {props.canEdit && (
                    <td>
                      <details>
                        <summary>Rename</summary>
                        <form method="post" action={`${base}/${l.id}`}>
                          <CsrfField token={props.csrfToken} />
                          <input name="name" value={l.name} aria-label="Name" />
                          <input
                            name="description"
                            value={l.description}
                            aria-label="Description"
                          />
                          <button class="button button-small" type="submit">
                            Save
                          </button>
                        </form>
                      </details>
                      <ConfirmButton
                        action={`${base}/${l.id}/delete`}
                        label="Delete"
                        tone="danger"
                        confirm={`Delete ${n.singular} ${l.name}? Devices keep existing.`}
                        csrfToken={props.csrfToken}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canEdit && (
        <form method="post" action={base} class="card">
          <h2>Add a {n.singular}</h2>
          <CsrfField token={props.csrfToken} />
          <FormError message={props.errors?._form} />
          <Field
            label="Name"
            name="name"
            value={props.values?.name}
            error={props.errors?.name}
            required
          />
          <Field
            label="Description"
            name="description"
            value={props.values?.description}
            error={props.errors?.description}
          />
          <button class="button button-primary" type="submit">
            Add {n.singular}
          </button>
        </form>
      )}
    </section>
  )
}
