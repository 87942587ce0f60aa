import type { DeviceOverlayView, OverlayState } from '../../src/overlay/overlay.types.ts'

/** "3 min ago" for a handshake; handshakes older than 3 minutes mean the tunnel is idle or down. */
export function HandshakeText(props: { at: number | null; now: number }) {
  if (props.at === null) return <span class="badge badge-muted">no handshake yet</span>
  const s = Math.max(0, Math.round((props.now - props.at) / 1000))
  const text = s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`
  return <span class={s <= 180 ? 'badge badge-ok' : 'badge badge-warn'}>{text}</span>
}

export function bytes(n: number | null): string {
  if (n === null) return '–'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

/** The appliance interface's state in plain words; what is missing, item by item. */
export function OverlayStateNotice(props: { state: OverlayState; interfaceName: string }) {
  const s = props.state
  if (s.kind === 'running')
    return (
      <p class="notice">
        Interface <span class="mono">{props.interfaceName}</span> is up (
        {s.mode === 'kernel' ? 'kernel WireGuard' : 'wireguard-go'}
        {s.firewall === null
          ? '; no nftables or iptables found, so tenant isolation rules are not installed'
          : `; tenant isolation by ${s.firewall}`}
        ).
      </p>
    )
  if (s.kind === 'unavailable')
    return (
      <div class="form-error" role="status">
        <p>
          The overlay cannot run on this host; the rest of Outpost works normally. It is missing:
        </p>
        <ul>
          {s.missing.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      </div>
    )
  if (s.kind === 'failed')
    return (
      <p class="form-error" role="status">
        The overlay interface failed to start: {s.error}
      </p>
    )
  if (s.kind === 'off') return <p class="notice">{s.reason}</p>
  return <p class="notice">The overlay interface is not running.</p>
}

export function enrollmentText(e: DeviceOverlayView['enrollment']): string {
  if (e === null) return 'none yet'
  if (e.state === 'used') return 'used'
  if (e.state === 'expired') return 'expired (create a new one)'
  return 'waiting for the router to call it'
}
