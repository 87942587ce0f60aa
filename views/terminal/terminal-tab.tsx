import type { WinboxView } from '../../src/remote-access/remote-access.types.ts'
import { WinboxPanel } from './winbox-panel.tsx'

export interface TerminalTabProps {
  deviceId: string
  canOperate: boolean
  isAdmin: boolean
  recorded: boolean
  csrfToken: string
  winbox: (WinboxView & { host: string }) | undefined
}

/** The device's Terminal tab: the browser SSH terminal (assets/terminal.js) and WinBox. */
export function TerminalTab(props: TerminalTabProps) {
  return (
    <div class="terminal-tab">
      <section class="card" aria-labelledby="terminal-title">
        <h2 id="terminal-title">Terminal</h2>
        {props.canOperate ? (
          <>
            <p class="muted">
              An SSH session to the device with its stored credentials, opened by the appliance.
              {props.recorded ? ' This session is recorded.' : ''}
            </p>
            <div class="terminal-bar">
              <span class="terminal-status" data-terminal-status role="status">
                Not connected
              </span>
              <button type="button" data-terminal-connect>
                Connect
              </button>
              <button type="button" class="secondary" data-terminal-close hidden>
                Disconnect
              </button>
            </div>
            <div
              class="terminal-screen"
              data-terminal-socket={`/devices/${props.deviceId}/terminal/socket`}
            ></div>
            {props.isAdmin ? (
              <p class="muted">
                <a href="/terminal/recordings">Terminal sessions and recordings</a>
              </p>
            ) : null}
          </>
        ) : (
          <p class="muted">The terminal needs the operator role.</p>
        )}
      </section>
      <WinboxPanel
        deviceId={props.deviceId}
        forward={props.winbox}
        canOperate={props.canOperate}
        csrfToken={props.csrfToken}
      />
    </div>
  )
}
