import type { DeviceLocation } from '../../src/overview/overview.types.ts'
import { CsrfField } from '../components/csrf-field.tsx'

/**
 * A device of another of the user's tenants: say where it lives and switch only when asked
 * (the switch applies to every tab of this browser, so it must never happen silently).
 */
export function DeviceElsewherePage(props: { location: DeviceLocation; csrfToken: string }) {
  const l = props.location
  return (
    <section class="device-elsewhere card">
      <h1>{l.deviceName}</h1>
      <p>
        This device belongs to <strong>{l.tenant.tenantName}</strong>, not to the tenant you are
        working in. Switch to {l.tenant.tenantName} to open it; the switch applies to every tab of
        this browser.
      </p>
      <form method="post" action={`/all/devices/${l.deviceId}/open`} class="actions">
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button button-primary">
          Switch to {l.tenant.tenantName} and open
        </button>
        <a class="button" href="/all/devices">
          Back to all tenants
        </a>
      </form>
    </section>
  )
}
