import type { ChannelKind, ChannelView } from '../../src/notifications/channels.types.ts'

export interface ChannelListPageProps {
  channels: ChannelView[]
  kinds: { kind: ChannelKind; title: string }[]
}

export function routeText(c: ChannelView): string {
  const where = c.scopeKind === 'tenant' ? 'all devices' : `${c.scopeKind} ${c.scopeId ?? ''}`
  return `${c.minSeverity} and above, ${where}`
}

/** The tenant's channels with their routes; links to add one of each type. */
export function ChannelListPage(props: ChannelListPageProps) {
  return (
    <section>
      <p class="muted">
        <a href="/alerts">← Alerts</a>
      </p>
      <h1>Notification channels</h1>
      <p class="muted">
        Each channel takes the alerts its route matches (minimum severity, scope). The default
        channel also takes every alert no other channel took; a tenant's first channel becomes the
        default.
      </p>
      {props.channels.length === 0 ? (
        <p>No channels yet: alerts are recorded but nobody is told. Add one below.</p>
      ) : (
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Target</th>
              <th scope="col">Route</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {props.channels.map((c) => (
              <tr>
                <td>
                  <a href={`/channels/${c.id}`}>{c.name}</a>
                </td>
                <td>{c.typeTitle}</td>
                <td>{c.target}</td>
                <td>
                  {routeText(c)}
                  {c.isDefault ? ' (default route)' : ''}
                </td>
                <td>{c.enabled ? 'enabled' : 'disabled'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Add a channel</h2>
      <ul class="inline-list">
        {props.kinds.map((k) => (
          <li>
            <a class="button" href={`/channels/new?type=${k.kind}`}>
              {k.title}
            </a>
          </li>
        ))}
      </ul>
    </section>
  )
}
