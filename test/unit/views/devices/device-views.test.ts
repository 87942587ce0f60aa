import { describe, expect, it } from 'vitest'
import { deviceListQuerySchema } from '../../../../src/devices/devices.schema.ts'
import type { DevicePage, DeviceView } from '../../../../src/devices/devices.types.ts'
import { DeviceForm } from '../../../../views/devices/device-form.tsx'
import { deviceListHref } from '../../../../views/devices/device-list-href.ts'
import { DeviceRows } from '../../../../views/devices/device-rows.tsx'

const now = Date.UTC(2026, 0, 1, 12)
const device: DeviceView = {
  id: '01JAAAAAAAAAAAAAAAAAAAAAAA' as DeviceView['id'],
  name: 'core-<1>',
  host: '10.0.0.1',
  host2: null,
  apiPort: 8728,
  transport: 'api',
  tlsMode: 'insecure',
  tlsFingerprint: null,
  hasTlsCa: false,
  sshPort: 22,
  sshHostKey: null,
  sshHostKeyPending: null,
  site: { id: 's1', name: 'HQ' },
  tags: [{ id: 't1', name: 'core' }],
  groups: [],
  notes: '',
  latitude: null,
  longitude: null,
  isEnabled: true,
  pollIntervalS: 60,
  identity: 'CoreRouter',
  board: 'RB5009',
  version: '7.18.2',
  serial: null,
  status: 'offline',
  lastError: 'connection refused',
  lastSeenAt: now - 300_000,
  lastPolledAt: now,
  createdAt: now,
  updatedAt: now,
}
const page = (over: Partial<DevicePage> = {}): DevicePage => ({
  rows: [device],
  total: 120,
  pageCount: 3,
  query: deviceListQuerySchema.parse({ page: '2', q: 'core' }),
  ...over,
})
const render = (el: unknown) => String(el)

describe('DeviceRows', () => {
  it('escapes names, shows status and last seen, and links sort and pages keeping the search', () => {
    const html = render(DeviceRows({ page: page(), selectable: true, now, fleetEmpty: false }))
    expect(html).toContain('core-&lt;1&gt;')
    expect(html).toContain('offline')
    expect(html).toContain('5 min ago')
    expect(html).toContain('Showing 51–100 of 120 devices')
    expect(html).toContain('href="/devices?q=core&amp;sort=host"')
    expect(html).toContain('href="/devices?q=core&amp;page=3"')
    expect(html).toContain('name="device_ids"')
  })

  it('has no checkboxes for viewers and an empty state for an empty fleet', () => {
    expect(
      render(DeviceRows({ page: page(), selectable: false, now, fleetEmpty: false })),
    ).not.toContain('device_ids')
    const empty = render(
      DeviceRows({ page: page({ rows: [], total: 0 }), selectable: true, now, fleetEmpty: true }),
    )
    expect(empty).toContain('No devices yet')
  })
})

describe('DeviceForm', () => {
  it('never renders credentials on edit and shows "unchanged" placeholders', () => {
    const html = render(
      DeviceForm({
        mode: 'edit',
        action: '/devices/x',
        values: { name: 'r1', host: 'h', username: 'admin-secret', password: 'pw-secret' },
        errors: {},
        options: { sites: [], tags: [], groups: [], versions: [] },
        csrfToken: 'tok',
      }),
    )
    expect(html).not.toContain('admin-secret')
    expect(html).not.toContain('pw-secret')
    expect(html.match(/placeholder="unchanged"/g)).toHaveLength(2)
  })

  it('shows a failed check with a save-anyway option, and the facts of a good one', () => {
    const opts = { sites: [], tags: [], groups: [], versions: [] }
    const base = {
      mode: 'create' as const,
      action: '/devices',
      values: {},
      errors: {},
      options: opts,
      csrfToken: 't',
    }
    const bad = render(
      DeviceForm({
        ...base,
        check: {
          ok: false,
          code: 'bad_credentials',
          message: 'The router rejected the user name or password.',
        },
      }),
    )
    expect(bad).toContain('data-check="bad_credentials"')
    expect(bad).toContain('name="save_anyway"')
    const good = render(
      DeviceForm({
        ...base,
        check: {
          ok: true,
          host: '10.0.0.1',
          identity: 'MikroTik',
          board: 'hAP ax3',
          version: '7.18.2',
          serial: 'S1',
        },
      }),
    )
    expect(good).toContain('MikroTik')
    expect(good).not.toContain('save_anyway')
  })
})

describe('deviceListHref', () => {
  it('leaves out defaults and empty filters', () => {
    expect(deviceListHref(deviceListQuerySchema.parse({}))).toBe('/devices')
    expect(
      deviceListHref(deviceListQuerySchema.parse({ status: 'online', sort: 'name' }), { page: 2 }),
    ).toBe('/devices?status=online&page=2')
  })
})
