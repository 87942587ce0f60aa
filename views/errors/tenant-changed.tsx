import { CsrfField } from '../components/csrf-field.tsx'

export interface TenantChangedProps {
  /** the tenant the page was rendered for; undefined when the user no longer belongs to it */
  pageTenant: { id: string; name: string } | undefined
  activeTenantName: string
  /** where "reload" goes: the page the request came from */
  reloadTo: string
  csrfToken: string
}

/**
 * Why a request from a page was refused (issue 15): the page shows one tenant, the session now
 * acts in another (switched in another tab). Nothing was done; the user picks which one to use.
 */
export function TenantChanged(props: TenantChangedProps) {
  const shown = props.pageTenant?.name ?? 'another tenant'
  return (
    <div class="flash flash-error tenant-changed" role="alert" data-tenant-changed="true">
      <p>
        <strong>Nothing was done.</strong> This page shows <strong>{shown}</strong>, but this
        browser now works in <strong>{props.activeTenantName}</strong> (switched in another tab or
        window).
      </p>
      <div class="tenant-changed-actions">
        <a class="button button-small" href={props.reloadTo}>
          Reload in {props.activeTenantName}
        </a>
        {props.pageTenant && (
          <form method="post" action="/session/tenant" class="inline-form">
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="tenantId" value={props.pageTenant.id} />
            <input type="hidden" name="returnTo" value={props.reloadTo} />
            <button type="submit" class="button button-small">
              Switch back to {props.pageTenant.name}
            </button>
          </form>
        )}
      </div>
    </div>
  )
}
