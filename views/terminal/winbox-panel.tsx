import type { WinboxView } from '../../src/remote-access/remote-access.types.ts'

export interface WinboxPanelProps {
  deviceId: string
  forward: (WinboxView & { host: string }) | undefined
  canOperate: boolean
  csrfToken: string
}

const time = (ms: number) => new Date(ms).toISOString().slice(11, 16)

/** "Open WinBox" and, while a forward is open, the address to enter in WinBox (htmx swap target). */
export function WinboxPanel(props: WinboxPanelProps) {
  const base = `/devices/${props.deviceId}/winbox`
  const hx = { 'hx-target': '#winbox-panel', 'hx-swap': 'outerHTML' }
  const f = props.forward
  return (
    <section id="winbox-panel" class="card winbox-panel" aria-labelledby="winbox-title">
      <h2 id="winbox-title">WinBox</h2>
      {!props.canOperate ? (
        <p class="muted">Opening WinBox needs the operator role.</p>
      ) : f === undefined ? (
        <form method="post" action={base} hx-post={base} {...hx}>
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <p class="muted">
            Forwards a port of this appliance to the device's WinBox port. Only your address may
            connect; it closes after 10 minutes without traffic.
          </p>
          <button type="submit">Open WinBox</button>
        </form>
      ) : (
        <form method="post" action={`${base}/close`} hx-post={`${base}/close`} {...hx}>
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <p>
            Enter in WinBox's <em>Connect To</em>:{' '}
            <code class="winbox-address" data-winbox-address>{`${f.host}:${f.port}`}</code>
          </p>
          <p class="muted">
            Only {f.allowedAddress} may connect. Closes at {time(f.expiresAt)} UTC unless WinBox is
            in use.
          </p>
          <button type="submit" class="secondary">
            Close WinBox
          </button>
        </form>
      )}
    </section>
  )
}
