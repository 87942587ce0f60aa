import type { DeviceFilterOptions, DevicePage } from '../../src/devices/devices.types.ts'
import { deviceListHref } from './device-list-href.ts'
import { DeviceBulkForm } from './device-bulk-form.tsx'
import { DeviceFilters } from './device-filters.tsx'
import { DeviceRows } from './device-rows.tsx'

export interface DeviceListPageProps {
  page: DevicePage
  options: DeviceFilterOptions
  canEdit: boolean
  fleetEmpty: boolean
  csrfToken: string
  now: number
  maintenance?: ReadonlyMap<string, { name: string; until: number }> | undefined
  /** credential profiles for the bulk form; set for admins only (also shows the page link) */
  profiles?: { id: string; name: string }[]
}

/** The device table: search, filters, sortable columns, paging and bulk edit. */
export function DeviceListPage(props: DeviceListPageProps) {
  return (
    <section>
      <div class="page-header">
        <h1>Devices</h1>
        <div class="actions">
          {props.canEdit && (
            <>
              <a class="button button-primary" href="/devices/new">
                Add device
              </a>
              <a class="button" href="/devices/import">
                Import CSV
              </a>
            </>
          )}
          <a
            class="button"
            href={deviceListHref(props.page.query, { page: 1 }, '/devices/export.csv')}
          >
            Export CSV
          </a>
          <a class="button" href="/devices/sites">
            Sites
          </a>
          <a class="button" href="/devices/tags">
            Tags
          </a>
          <a class="button" href="/devices/groups">
            Groups
          </a>
          {props.profiles && (
            <a class="button" href="/credential-profiles">
              Credential profiles
            </a>
          )}
        </div>
      </div>
      {!props.fleetEmpty && <DeviceFilters query={props.page.query} options={props.options} />}
      {props.canEdit && !props.fleetEmpty && (
        <DeviceBulkForm
          options={props.options}
          csrfToken={props.csrfToken}
          returnTo={deviceListHref(props.page.query)}
          profiles={props.profiles}
        />
      )}
      <DeviceRows
        page={props.page}
        selectable={props.canEdit}
        now={props.now}
        fleetEmpty={props.fleetEmpty}
        maintenance={props.maintenance}
      />
    </section>
  )
}
