// The access policy of every route, for the generated isolation matrix
// (test/integration/tenant-isolation.test.ts). A route that is registered but missing here fails
// the matrix: adding a route forces a decision about who may call it.
//
// To add a route: one line `'METHOD /path/:param': { min }` below (the path exactly as
// inspectRoutes(app) prints it). If it has an id parameter, name the seeder that creates a fresh
// object of tenant A for it in `params` (default: a seeder with the parameter's own name), and add
// that seeder to PARAM_SEEDERS if it is new. Seeders put `ctx.marker` into every name they
// create: the matrix checks that no other tenant's marker ever appears in a response. Ids sent in
// the body instead of the path go in `form` as `{seeder}`.
import { createApiKey } from '../../src/api-keys/index.ts'
import { startTenantRun } from '../../src/backups/backup-run.service.ts'
import { storeCapture } from '../../src/backups/index.ts'
import { setBinaryMode } from '../../src/backups/binary-backup.service.ts'
import { dataKeyFor } from '../../src/device-access/index.ts'
import { sealBytes } from '../../src/lib/secretbox.ts'
import type { DeviceId } from '../../src/db/schema-devices.ts'
import { forTenant } from '../../src/db/tenant-scope.ts'
import { addDevice } from '../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../src/devices/devices.schema.ts'
import { saveTemplateVersion } from '../../src/jobs/index.ts'
import { createLabel } from '../../src/labels/index.ts'
import { createCredentialProfile } from '../../src/credential-profiles/index.ts'
import { newId, type TenantId, type UserId } from '../../src/lib/ids.ts'
import type { TestDeps } from '../support/db.ts'
import { makeUser } from '../support/login.ts'

/**
 * Minimum principal: `public` needs nothing; `session` any signed-in user; a tenant role in the
 * active tenant (a super admin is admin everywhere); `super_admin` the appliance role.
 */
export type MinRole = 'public' | 'session' | 'viewer' | 'operator' | 'admin' | 'super_admin'

export interface RoutePolicy {
  min: MinRole
  /** route parameter → PARAM_SEEDERS key (default: the parameter's own name) */
  params?: Record<string, string>
  /**
   * Body to send (form fields, or JSON on /api). A value `{seeder}` becomes a fresh id of tenant A,
   * so another tenant's admin must get 404 as for an id in the path. Without it an empty body is
   * sent: an allowed caller may then get 422, which counts as access.
   */
  form?: Record<string, string>
}

export interface SeedContext {
  deps: TestDeps
  tenantId: TenantId
  /** a super admin of the appliance, for seeders that need an acting user */
  actorUserId: UserId
  /** unique lower-case string to put into every name created */
  marker: string
}

let n = 0
const unique = (ctx: SeedContext) => `${ctx.marker}-${++n}`

async function seedMember(ctx: SeedContext): Promise<{ userId: string; membershipId: string }> {
  const user = await makeUser(ctx.deps, {
    username: unique(ctx),
    memberships: [{ tenantId: ctx.tenantId, role: 'viewer' }],
  })
  const row = await forTenant(ctx.deps.kysely, ctx.tenantId)
    .selectFrom('memberships')
    .select('id')
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow()
  return { userId: user.id, membershipId: row.id }
}

function deviceCtx(ctx: SeedContext) {
  const actor = { kind: 'user' as const, id: ctx.actorUserId, name: 'matrix', ip: null }
  return { deps: ctx.deps, scope: forTenant(ctx.deps.kysely, ctx.tenantId), actor }
}

/** Creates one fresh object of the tenant and returns its id (or a literal for non-id params). */
export const PARAM_SEEDERS: Record<string, (ctx: SeedContext) => Promise<string>> = {
  tenantId: async (ctx) => ctx.tenantId,
  userId: async (ctx) => (await seedMember(ctx)).userId,
  membershipId: async (ctx) => (await seedMember(ctx)).membershipId,
  apiKeyId: async (ctx) => {
    const actor = {
      kind: 'user' as const,
      id: ctx.actorUserId,
      name: 'matrix',
      userId: ctx.actorUserId,
      isSuperAdmin: true,
      ip: null,
    }
    const scope = forTenant(ctx.deps.kysely, ctx.tenantId)
    const created = await createApiKey(ctx.deps, actor, scope, {
      name: unique(ctx),
      role: 'viewer',
    })
    return created.key.id
  },
  deviceId: async (ctx) => {
    // loopback port 1: nothing listens there, so an allowed "check" never leaves the machine
    const input = deviceCreateSchema.parse({
      name: unique(ctx),
      host: '127.0.0.1',
      api_port: '1',
      ssh_port: '1',
      username: 'matrix',
      password: 'matrix-secret',
      is_enabled: 'false',
    })
    const r = await addDevice(deviceCtx(ctx), input, { check: false, saveAnyway: false })
    if (!r.ok) throw new Error('device seed failed')
    return r.device.id
  },
  siteId: (ctx) => createLabel(deviceCtx(ctx), 'sites', { name: unique(ctx), description: '' }),
  tagId: (ctx) => createLabel(deviceCtx(ctx), 'tags', { name: unique(ctx), description: '' }),
  groupId: (ctx) => createLabel(deviceCtx(ctx), 'groups', { name: unique(ctx), description: '' }),
  // credential profiles (issue 15)
  profileId: async (ctx) => {
    const input = { name: unique(ctx), username: 'matrix', password: 'matrix-secret' }
    return (await createCredentialProfile(deviceCtx(ctx), input)).id
  },
  assetName: async () => 'app.css',
  // a reset link token (public pages answer 410 for an unknown one, which counts as access)
  token: async () => 'x'.repeat(43),
  // remote access (issue 14): a finished terminal session with a sealed recording
  sessionId: async (ctx) => {
    const scope = forTenant(ctx.deps.kysely, ctx.tenantId)
    const id = newId()
    const cast = `{"version":2,"width":80,"height":24}\n[0.1,"o","${ctx.marker}"]\n`
    const key = await dataKeyFor(ctx.deps, scope)
    const sealed = sealBytes(key, Buffer.from(cast), {
      tenantId: ctx.tenantId,
      rowId: id,
      field: 'terminal_sessions.recording',
    })
    await scope
      .insertInto('terminal_sessions', {
        id,
        device_id: 'none',
        device_name: unique(ctx),
        user_id: null,
        user_name: unique(ctx),
        ip: null,
        started_at: 1,
        ended_at: 2,
        bytes_in: 1,
        bytes_out: 1,
        end_reason: 'closed by the user',
        recording: sealed,
        recording_bytes: cast.length,
      })
      .execute()
    return id
  },
  // WireGuard overlay (issue 14): a well-formed token no enrollment has
  enrollToken: async () => 'unknown-token-aaaaaaaaaaaaaaaaaaaaaaaa',
  ruleId: async (ctx) => {
    const id = newId()
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('alert_rules', {
        id,
        name: unique(ctx),
        kind: 'cpu',
        label: null,
        comparison: '>',
        threshold: 90,
        duration_s: 0,
        polls: 1,
        hysteresis: 0,
        severity: 'warning',
        scope_kind: 'tenant',
        scope_id: null,
        is_enabled: 1,
        is_default: 0,
        created_at: 1,
        updated_at: 1,
      })
      .execute()
    return id
  },
  alertId: async (ctx) => {
    const deviceId = await PARAM_SEEDERS.deviceId!(ctx)
    const id = newId()
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('alerts', {
        id,
        device_id: deviceId as DeviceId,
        rule_id: newId(),
        rule_name: unique(ctx),
        kind: 'cpu',
        label: null,
        severity: 'warning',
        state: 'open',
        value: 95,
        threshold: 90,
        message: unique(ctx),
        opened_at: 1,
        acked_at: null,
        acked_by: null,
        ack_note: null,
        resolved_at: null,
        is_silenced: 0,
      })
      .execute()
    return id
  },
  // a device with one stored version; backupOfDevice (seeded right after, path order) is that version
  backupDevice: async (ctx) => {
    const deviceId = (await PARAM_SEEDERS.deviceId?.(ctx)) as DeviceId
    const capture = {
      stdout: `# 2025-01-02 03:04:05 by RouterOS 7.15.3\n/system identity\nset name=${unique(ctx)}\n`,
      stderr: '',
      exitCode: 0,
    }
    const r = await storeCapture(
      { deps: ctx.deps, scope: forTenant(ctx.deps.kysely, ctx.tenantId) },
      deviceId,
      capture,
    )
    if (!r.ok) throw new Error('backup seed failed')
    lastBackupId = r.backup.id
    return deviceId
  },
  backupOfDevice: async () => lastBackupId,
  windowId: async (ctx) => {
    const id = newId()
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('maintenance_windows', {
        id,
        name: unique(ctx),
        scope_kind: 'tenant',
        scope_id: null,
        kind: 'weekly',
        starts_at: null,
        ends_at: null,
        week_days: 1,
        start_minute: 120,
        duration_min: 60,
        created_at: 1,
        updated_at: 1,
      })
      .execute()
    return id
  },
  // reports (issue 18): a stored report (its PDF a stub; the matrix checks access, not content)
  reportId: async (ctx) => {
    const id = newId()
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('reports', {
        id,
        kind: 'summary',
        period_from: 0,
        period_to: 86_400_000,
        title: unique(ctx),
        device_count: 0,
        pages: 1,
        bytes: 8,
        pdf: Buffer.from('%PDF-1.3'),
        schedule_id: null,
        created_by: unique(ctx),
        created_at: 1,
        emailed_to: null,
        email_error: null,
      })
      .execute()
    return id
  },
  scheduleId: async (ctx) => {
    const id = newId()
    const scope = forTenant(ctx.deps.kysely, ctx.tenantId)
    await scope.deleteFrom('report_schedules').where('kind', '=', 'summary').execute()
    await scope
      .insertInto('report_schedules', { id, kind: 'summary', channel_id: null, created_at: 1 })
      .execute()
    return id
  },
  // a device with an encrypted .backup option (so a kept password) and one fetched file
  binaryDevice: async (ctx) => {
    const deviceId = (await PARAM_SEEDERS.deviceId?.(ctx)) as DeviceId
    const scope = forTenant(ctx.deps.kysely, ctx.tenantId)
    await setBinaryMode({ deps: ctx.deps, scope }, deviceId, 'encrypted')
    const id = newId()
    const sealed = sealBytes(await dataKeyFor(ctx.deps, scope), Buffer.from('MikroTik backup'), {
      tenantId: ctx.tenantId,
      rowId: `${deviceId}/${id}`,
      field: 'device_binary_backups.sealed',
    })
    await scope
      .insertInto('device_binary_backups', {
        id,
        device_id: deviceId,
        captured_at: 1,
        encrypted: 1,
        size: 15,
        sealed,
      })
      .execute()
    lastBinaryId = id
    return deviceId
  },
  binaryOfDevice: async () => lastBinaryId,
  // config changes (issue 11): a device with one finished change; changeOfDevice is that change
  changeDevice: async (ctx) => {
    const deviceId = (await PARAM_SEEDERS.deviceId?.(ctx)) as DeviceId
    lastChangeId = newId(Date.now())
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('device_changes', {
        id: lastChangeId,
        device_id: deviceId,
        created_at: Date.now(),
        actor_kind: 'user',
        actor_id: null,
        actor_name: unique(ctx),
        source: 'api',
        mode: 'standard',
        confirm: 'auto',
        window_s: 120,
        state: 'kept',
        awaiting_keep: 0,
        deadline_at: null,
        finished_at: Date.now(),
        operations_json: '[]',
        script: `/system identity set name=${unique(ctx)}`,
        results_json: '[]',
        message: null,
      })
      .execute()
    return deviceId
  },
  changeOfDevice: async () => lastChangeId,
  // an empty run (no devices selected): nothing is contacted
  // fleet jobs (issue 12): a finished job with one skipped target, and a template; nothing is contacted
  jobId: async (ctx) => {
    const id = newId()
    const scope = forTenant(ctx.deps.kysely, ctx.tenantId)
    await scope
      .insertInto('jobs', {
        id,
        kind: 'command',
        title: unique(ctx),
        state: 'succeeded',
        is_write: 0,
        spec_json: '{"command":"/system identity print"}',
        concurrency: 1,
        canary: 0,
        canary_auto: 0,
        canary_done: 0,
        stop_on_failure: 0,
        timeout_s: 60,
        mode: 'standard',
        note: null,
        created_by_kind: 'user',
        created_by_id: ctx.actorUserId,
        created_by_name: unique(ctx),
        created_at: 1,
        not_before: null,
        started_at: 1,
        finished_at: 2,
      })
      .execute()
    await scope
      .insertInto('job_targets', {
        job_id: id,
        device_id: (await PARAM_SEEDERS.deviceId!(ctx)) as DeviceId,
        device_name: unique(ctx),
        seq: 0,
        state: 'skipped',
        attempts: 0,
        script: null,
        output: unique(ctx),
        output_capped: 0,
        error: null,
        before_version: null,
        after_version: null,
        started_at: null,
        finished_at: null,
      })
      .execute()
    return id
  },
  templateId: async (ctx) => {
    const actor = { kind: 'user' as const, id: ctx.actorUserId, name: 'matrix', ip: null }
    const t = await saveTemplateVersion(
      { deps: ctx.deps, scope: forTenant(ctx.deps.kysely, ctx.tenantId), actor },
      undefined,
      {
        name: unique(ctx),
        description: '',
        body: `/system identity print\n# ${unique(ctx)}`,
        variables: [],
      },
    )
    return t.id
  },
  runId: async (ctx) =>
    (
      await startTenantRun(
        { deps: ctx.deps, scope: forTenant(ctx.deps.kysely, ctx.tenantId) },
        { deviceIds: [] },
      )
    ).id,
  // notifications: a webhook channel with no secret stored (a test send fails on its settings, so nothing is contacted)
  channelId: async (ctx) => {
    const id = newId()
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('alert_channels', {
        id,
        kind: 'webhook',
        name: unique(ctx),
        config_json: '{"url":"http://127.0.0.1:9/"}',
        secret_enc: null,
        min_severity: 'info',
        scope_kind: 'tenant',
        scope_id: null,
        is_enabled: 1,
        created_at: 1,
        updated_at: 1,
      })
      .execute()
    return id
  },
  // discovery (issue 18): a finished scan, a queue entry, a range; nothing is contacted
  scanId: async (ctx) => {
    const id = newId()
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('discovery_scans', {
        id,
        cidr: '127.20.9.0/30',
        first_ip: 0x7f140901,
        last_ip: 0x7f140902,
        ports_json: '[8728]',
        state: 'succeeded',
        total: 2,
        note: unique(ctx),
        created_by_name: unique(ctx),
        created_at: 1,
        finished_at: 2,
      })
      .execute()
    return id
  },
  candidateId: async (ctx) => {
    const id = newId()
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('discovery_candidates', {
        id,
        key: unique(ctx),
        address: '127.20.9.1',
        identity: unique(ctx),
        first_seen_at: 1,
        last_seen_at: 1,
      } as never)
      .execute()
    return id
  },
  rangeId: async (ctx) => {
    const id = newId()
    const k = ++n
    await ctx.deps.db
      .insertInto('discovery_ranges')
      .values({
        id,
        owner_tenant_id: ctx.tenantId,
        cidr: `127.21.${k % 256}.${(k >> 8) * 4}/30`,
        first_ip: 0,
        last_ip: 0,
        created_at: 1,
      })
      .execute()
    return id
  },
  // compliance (issue 18): a custom rule
  complianceRuleId: async (ctx) => {
    const id = newId()
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('compliance_rules', {
        id,
        name: unique(ctx),
        path: '/ip dns',
        mode: 'must_contain',
        pattern: 'x',
        created_at: 1,
      })
      .execute()
    return id
  },
  // edge appliances (issue 20): a registration waiting for its edge, and an unknown queued change
  edgeId: async (ctx) => {
    const id = newId()
    await forTenant(ctx.deps.kysely, ctx.tenantId)
      .insertInto('edges', {
        id,
        name: unique(ctx),
        token_hash: null,
        token_expires_at: 1,
        secret_hash: null,
        created_at: 1,
        created_by: 'matrix',
        registered_at: null,
        revoked_at: null,
        last_contact_at: null,
        version: null,
      })
      .execute()
    return id
  },
  edgeChangeId: async () => 'unknown-edge-change',
}

let lastBackupId = ''
let lastBinaryId = ''
let lastChangeId = ''

export const ROUTE_POLICY: Record<string, RoutePolicy> = {
  // platform and sign-in (PLATFORM, AUTH-UI)
  'GET /health': { min: 'public' },
  'GET /health/ready': { min: 'public' },
  'GET /assets/:name': { min: 'public', params: { name: 'assetName' } },
  'GET /login': { min: 'public' },
  'POST /login': { min: 'public' },
  'POST /logout': { min: 'public' },
  'POST /session/tenant': { min: 'session', form: { tenantId: '{tenantId}' } },
  'GET /': { min: 'session' },
  'GET /account': { min: 'session' },
  'GET /account/password': { min: 'session' },
  'POST /account/password': { min: 'session' },

  // tenants and memberships (ADMIN)
  'GET /tenants': { min: 'super_admin' },
  'POST /tenants': { min: 'super_admin' },
  'GET /tenants/:tenantId': { min: 'super_admin' },
  'POST /tenants/:tenantId/rename': { min: 'super_admin' },
  'POST /tenants/:tenantId/disable': { min: 'super_admin' },
  'POST /tenants/:tenantId/enable': { min: 'super_admin' },
  'POST /tenants/:tenantId/delete': { min: 'super_admin' },
  'POST /tenants/:tenantId/members': { min: 'super_admin' },
  'POST /tenants/:tenantId/members/:membershipId/role': { min: 'super_admin' },
  'POST /tenants/:tenantId/members/:membershipId/remove': { min: 'super_admin' },

  // users (ADMIN)
  'GET /users': { min: 'admin' },
  'GET /users/all': { min: 'super_admin' },
  'POST /users': { min: 'admin' },
  'POST /users/account-requests': { min: 'admin' },
  'GET /users/:userId': { min: 'admin' },
  'POST /users/:userId/role': { min: 'admin' },
  'POST /users/:userId/disable': { min: 'admin' },
  'POST /users/:userId/enable': { min: 'admin' },
  'POST /users/:userId/reset-password': { min: 'admin' },
  'POST /users/:userId/remove': { min: 'admin' },

  // API keys and audit (ADMIN)
  'GET /api-keys': { min: 'admin' },
  'POST /api-keys': { min: 'admin' },
  'POST /api-keys/:apiKeyId/revoke': { min: 'admin' },
  'POST /api-keys/:apiKeyId/reissue': { min: 'admin' },
  'GET /audit': { min: 'admin' },
  'GET /audit/export.csv': { min: 'admin' },
  // appliance backups (issue 17): the whole box, so the appliance role only
  'GET /settings/backups': { min: 'super_admin' },
  'POST /settings/backups/download': { min: 'super_admin' },
  'POST /settings/backups/snapshot': { min: 'super_admin' },
  'POST /settings/backups/restore': { min: 'super_admin' },
  'POST /settings/backups/upload': { min: 'super_admin' },
  'GET /api/v1/appliance/backups': { min: 'super_admin' },
  // two-step verification (issue 17)
  'GET /login/code': { min: 'public' },
  'POST /login/code': { min: 'public' },
  'GET /account/security': { min: 'session' },
  'POST /account/security/enrol': { min: 'session' },
  'POST /account/security/enrol/confirm': { min: 'session' },
  'POST /account/security/recovery-codes': { min: 'session' },
  'POST /account/security/remove': { min: 'session' },
  'POST /account/security/policy/tenant': { min: 'admin' },
  'POST /account/security/policy/appliance': { min: 'super_admin' },
  // accounts and privacy (issue 19)
  'GET /login/forgot': { min: 'public' },
  'POST /login/forgot': { min: 'public' },
  'GET /login/reset/:token': { min: 'public' },
  'POST /login/reset/:token': { min: 'public' },
  'GET /settings/mail': { min: 'super_admin' },
  'POST /settings/mail': { min: 'super_admin' },
  'POST /settings/mail/test': { min: 'super_admin' },
  'POST /api/v1/auth/password-reset': { min: 'public' },
  'POST /account/email': { min: 'session' },
  'GET /account/export': { min: 'session' },
  'GET /api/v1/me/export': { min: 'session' },
  // account deletion (issue 19)
  'GET /account/delete': { min: 'session' },
  'POST /account/delete': { min: 'session' },
  'DELETE /api/v1/me': { min: 'session' },
  'POST /users/:userId/delete-account': { min: 'admin' },
  'GET /key-use': { min: 'admin' },
  'GET /key-use.csv': { min: 'admin' },
  'GET /api/v1/key-use': { min: 'admin' },
  'GET /api/v1/me/security': { min: 'session' },
  'POST /api/v1/me/security/totp': { min: 'session' },
  'POST /api/v1/me/security/totp/confirm': { min: 'session' },
  'POST /api/v1/me/security/recovery-codes': { min: 'session' },
  'POST /api/v1/me/security/totp/remove': { min: 'session' },
  'PATCH /api/v1/me/security/policy': { min: 'session' },
  // passkeys (issue 19): the ceremonies are JSON; sign-in ones are public (the answer is the proof)
  'POST /account/security/passkeys/options': { min: 'session' },
  'POST /account/security/passkeys': { min: 'session' },
  'POST /account/security/passkeys/recovery-codes': { min: 'session' },
  'POST /account/security/passkeys/rename': { min: 'session' },
  'POST /account/security/passkeys/remove': { min: 'session' },
  'POST /login/passkey/options': { min: 'public' },
  'POST /login/passkey': { min: 'public' },
  'POST /login/code/passkey/options': { min: 'public' },
  'POST /login/code/passkey': { min: 'public' },
  // setup wizard (issue 17)
  'GET /setup': { min: 'super_admin' },
  'GET /setup/tenant': { min: 'super_admin' },
  'POST /setup/tenant': { min: 'super_admin' },
  'GET /setup/device': { min: 'super_admin' },
  'POST /setup/device': { min: 'super_admin' },
  'GET /setup/backups': { min: 'super_admin' },
  'POST /setup/backups': { min: 'super_admin' },
  'POST /setup/skip': { min: 'super_admin' },
  // setup wizard "Notify me" step (issue 17 follow-up)
  'GET /setup/notify': { min: 'super_admin' },
  'POST /setup/notify': { min: 'super_admin' },
  'POST /setup/notify/:channelId/test': { min: 'super_admin' },

  // /api/v1 (ADMIN)
  'GET /api/v1/me': { min: 'session' },
  'GET /api/v1/tenants': { min: 'super_admin' },
  'POST /api/v1/tenants': { min: 'super_admin' },
  'GET /api/v1/tenants/:tenantId': { min: 'super_admin' },
  'PATCH /api/v1/tenants/:tenantId': { min: 'super_admin' },
  'DELETE /api/v1/tenants/:tenantId': { min: 'super_admin' },
  'GET /api/v1/tenants/:tenantId/members': { min: 'super_admin' },
  'POST /api/v1/tenants/:tenantId/members': { min: 'super_admin' },
  'PATCH /api/v1/tenants/:tenantId/members/:membershipId': { min: 'super_admin' },
  'DELETE /api/v1/tenants/:tenantId/members/:membershipId': { min: 'super_admin' },
  'GET /api/v1/users': { min: 'admin' },
  'GET /api/v1/users/all': { min: 'super_admin' },
  'POST /api/v1/users': { min: 'admin' },
  'GET /api/v1/users/:userId': { min: 'admin' },
  'PATCH /api/v1/users/:userId': { min: 'admin' },
  'POST /api/v1/users/:userId/reset-password': { min: 'admin' },
  'DELETE /api/v1/users/:userId': { min: 'admin' },
  'GET /api/v1/api-keys': { min: 'admin' },
  'POST /api/v1/api-keys': { min: 'admin' },
  'DELETE /api/v1/api-keys/:apiKeyId': { min: 'admin' },
  'POST /api/v1/api-keys/:apiKeyId/reissue': { min: 'admin' },
  'GET /api/v1/audit': { min: 'admin' },
  // the OpenAPI document (describes the API, holds no data) and the reference page
  'GET /api/v1/openapi.json': { min: 'public' },
  'GET /api-docs': { min: 'session' },

  // devices (DEVICES)
  'GET /api/v1/devices': { min: 'viewer' },
  'POST /api/v1/devices': { min: 'operator' },
  'GET /api/v1/devices/export.csv': { min: 'viewer' },
  'POST /api/v1/devices/import': { min: 'operator' },
  'POST /api/v1/devices/bulk': {
    min: 'operator',
    form: { deviceIds: '{deviceId}', pollIntervalS: '120' },
  },
  'GET /api/v1/devices/:deviceId': { min: 'viewer' },
  'PATCH /api/v1/devices/:deviceId': { min: 'operator', form: { notes: 'matrix' } },
  'DELETE /api/v1/devices/:deviceId': { min: 'operator' },
  'POST /api/v1/devices/:deviceId/enable': { min: 'operator' },
  'POST /api/v1/devices/:deviceId/disable': { min: 'operator' },
  'POST /api/v1/devices/:deviceId/check': { min: 'operator' },
  'GET /api/v1/devices/:deviceId/overview': { min: 'viewer' },
  'GET /api/v1/devices/:deviceId/interfaces': { min: 'viewer' },
  'GET /api/v1/devices/:deviceId/clients': { min: 'viewer' },
  'GET /api/v1/devices/:deviceId/neighbours': { min: 'viewer' },
  'GET /api/v1/devices/:deviceId/events': { min: 'viewer' },
  // config backups (BACKUPS); the seeded devices' SSH port is loopback port 1, so a capture is refused at once
  'POST /api/v1/devices/:deviceId/backups': { min: 'operator' },
  'GET /api/v1/devices/:deviceId/backups': { min: 'viewer' },
  'GET /api/v1/devices/:deviceId/backups/diff': { min: 'viewer' },
  'GET /api/v1/devices/:deviceId/backups/:backupId': {
    min: 'viewer',
    params: { deviceId: 'backupDevice', backupId: 'backupOfDevice' },
  },
  'GET /api/v1/devices/:deviceId/backups/:backupId/export.rsc': {
    min: 'operator',
    params: { deviceId: 'backupDevice', backupId: 'backupOfDevice' },
  },
  'POST /api/v1/backups/run': { min: 'operator' },
  // config changes (CHANGES); the seeded devices' API port is loopback port 1, so an allowed call that reaches for the device is refused at once
  'POST /api/v1/devices/:deviceId/changes/preview': { min: 'operator' },
  'POST /api/v1/devices/:deviceId/changes': { min: 'operator' },
  'GET /api/v1/devices/:deviceId/changes': { min: 'viewer' },
  'GET /api/v1/devices/:deviceId/changes/:changeId': {
    min: 'viewer',
    params: { deviceId: 'changeDevice', changeId: 'changeOfDevice' },
  },
  'POST /api/v1/devices/:deviceId/changes/:changeId/keep': {
    min: 'operator',
    params: { deviceId: 'changeDevice', changeId: 'changeOfDevice' },
  },
  'GET /api/v1/devices/:deviceId/config': { min: 'viewer' },
  'GET /api/v1/change-settings': { min: 'viewer' },
  'PATCH /api/v1/change-settings': { min: 'admin', form: { windowS: '90' } },
  'POST /api/v1/devices/:deviceId/backups/:backupId/restore': {
    min: 'operator',
    params: { deviceId: 'backupDevice', backupId: 'backupOfDevice' },
  },
  'GET /api/v1/backups/runs/:runId': { min: 'viewer' },
  'GET /api/v1/backups/search': { min: 'viewer' },
  'GET /api/v1/dashboard': { min: 'viewer' },
  'GET /api/v1/sites': { min: 'viewer' },
  'POST /api/v1/sites': { min: 'operator' },
  'GET /api/v1/sites/:siteId': { min: 'viewer' },
  'PATCH /api/v1/sites/:siteId': { min: 'operator', form: { description: 'matrix' } },
  'DELETE /api/v1/sites/:siteId': { min: 'operator' },
  'GET /api/v1/tags': { min: 'viewer' },
  'POST /api/v1/tags': { min: 'operator' },
  'GET /api/v1/tags/:tagId': { min: 'viewer' },
  'PATCH /api/v1/tags/:tagId': { min: 'operator', form: { description: 'matrix' } },
  'DELETE /api/v1/tags/:tagId': { min: 'operator' },
  'GET /api/v1/groups': { min: 'viewer' },
  'POST /api/v1/groups': { min: 'operator' },
  'GET /api/v1/groups/:groupId': { min: 'viewer' },
  'PATCH /api/v1/groups/:groupId': { min: 'operator', form: { description: 'matrix' } },
  'DELETE /api/v1/groups/:groupId': { min: 'operator' },
  'GET /devices': { min: 'viewer' },
  'GET /devices/new': { min: 'operator' },
  'POST /devices': { min: 'operator' },
  'GET /devices/export.csv': { min: 'viewer' },
  'GET /devices/import': { min: 'operator' },
  'POST /devices/import': { min: 'operator' },
  'POST /devices/bulk': { min: 'operator' },
  'GET /devices/:deviceId': { min: 'viewer' },
  'GET /devices/:deviceId/edit': { min: 'operator' },
  'POST /devices/:deviceId': { min: 'operator' },
  'POST /devices/:deviceId/enable': { min: 'operator' },
  'POST /devices/:deviceId/disable': { min: 'operator' },
  'POST /devices/:deviceId/check': { min: 'operator' },
  'POST /devices/:deviceId/ssh-host-key/accept': { min: 'admin' },
  'POST /devices/:deviceId/delete': { min: 'operator' },

  // device page tabs, dashboard fragments and Prometheus (DASHBOARD)
  'GET /devices/:deviceId/overview': { min: 'viewer' },
  'GET /devices/:deviceId/interfaces': { min: 'viewer' },
  'GET /devices/:deviceId/clients': { min: 'viewer' },
  'GET /devices/:deviceId/neighbours': { min: 'viewer' },
  'GET /devices/:deviceId/events': { min: 'viewer' },
  // config changes pages (CHANGES): without ?path the Config tab lists menus without contacting the device
  'GET /devices/:deviceId/config': { min: 'viewer' },
  'POST /devices/:deviceId/config/draft': { min: 'operator' },
  'POST /devices/:deviceId/config/draft/clear': { min: 'operator' },
  'POST /devices/:deviceId/config/apply': { min: 'operator' },
  'GET /devices/:deviceId/changes': { min: 'viewer' },
  'GET /devices/:deviceId/changes/:changeId': {
    min: 'viewer',
    params: { deviceId: 'changeDevice', changeId: 'changeOfDevice' },
  },
  'POST /devices/:deviceId/changes/:changeId/keep': {
    min: 'operator',
    params: { deviceId: 'changeDevice', changeId: 'changeOfDevice' },
  },
  'GET /devices/:deviceId/changes/:changeId/live': {
    min: 'viewer',
    params: { deviceId: 'changeDevice', changeId: 'changeOfDevice' },
  },
  'GET /devices/:deviceId/backups/:backupId/restore': {
    min: 'operator',
    params: { deviceId: 'backupDevice', backupId: 'backupOfDevice' },
  },
  'POST /devices/:deviceId/backups/:backupId/restore': {
    min: 'operator',
    params: { deviceId: 'backupDevice', backupId: 'backupOfDevice' },
  },
  // config backups pages (BACKUPS)
  'GET /devices/:deviceId/backups': { min: 'viewer' },
  'POST /devices/:deviceId/backups': { min: 'operator' },
  'GET /devices/:deviceId/backups/diff': { min: 'viewer' },
  'GET /devices/:deviceId/backups/:backupId': {
    min: 'viewer',
    params: { deviceId: 'backupDevice', backupId: 'backupOfDevice' },
  },
  'GET /devices/:deviceId/backups/:backupId/export.rsc': {
    min: 'operator',
    params: { deviceId: 'backupDevice', backupId: 'backupOfDevice' },
  },
  'GET /backups': { min: 'viewer' },
  'POST /backups/run': { min: 'operator' },
  // backup schedules, terse option and the git history export (BACKUPS, issue 10 part 3)
  'GET /backups/schedules': { min: 'viewer' },
  'POST /backups/schedules': { min: 'admin' },
  'POST /backups/schedules/delete': { min: 'admin' },
  'POST /backups/options': { min: 'admin' },
  'GET /backups/history.tar.gz': { min: 'operator' },
  'POST /devices/:deviceId/backups/binary': { min: 'admin' },
  'GET /devices/:deviceId/backups/binary/password': {
    min: 'admin',
    params: { deviceId: 'binaryDevice' },
  },
  'GET /devices/:deviceId/backups/binary/:binaryId/download': {
    min: 'operator',
    params: { deviceId: 'binaryDevice', binaryId: 'binaryOfDevice' },
  },
  // binary .backup restore (issue 11): preview page and apply
  'GET /devices/:deviceId/backups/binary/:binaryBackupId/restore': {
    min: 'operator',
    params: { deviceId: 'binaryDevice', binaryBackupId: 'binaryOfDevice' },
  },
  'POST /devices/:deviceId/backups/binary/:binaryBackupId/restore': {
    min: 'operator',
    params: { deviceId: 'binaryDevice', binaryBackupId: 'binaryOfDevice' },
  },
  // its own bearer-token check (OUTPOST_METRICS_TOKEN); off (404) when no token is configured
  'GET /metrics': { min: 'public' },
  // Server-Sent Events of the active tenant (POLLER); the matrix reads only the stream's start
  'GET /live': { min: 'viewer' },
  'GET /devices/sites': { min: 'viewer' },
  'POST /devices/sites': { min: 'operator' },
  'POST /devices/sites/:labelId': {
    min: 'operator',
    params: { labelId: 'siteId' },
    form: { name: 'matrix-renamed', description: '' },
  },
  'POST /devices/sites/:labelId/delete': { min: 'operator', params: { labelId: 'siteId' } },
  'GET /devices/tags': { min: 'viewer' },
  'POST /devices/tags': { min: 'operator' },
  'POST /devices/tags/:labelId': {
    min: 'operator',
    params: { labelId: 'tagId' },
    form: { name: 'matrix-renamed', description: '' },
  },
  'POST /devices/tags/:labelId/delete': { min: 'operator', params: { labelId: 'tagId' } },
  'GET /devices/groups': { min: 'viewer' },
  'POST /devices/groups': { min: 'operator' },
  'POST /devices/groups/:labelId': {
    min: 'operator',
    params: { labelId: 'groupId' },
    form: { name: 'matrix-renamed', description: '' },
  },
  'POST /devices/groups/:labelId/delete': { min: 'operator', params: { labelId: 'groupId' } },

  // alerts (ALERTS)
  'GET /alerts': { min: 'viewer' },
  'GET /alerts/panel': { min: 'viewer' },
  'GET /alerts/rules': { min: 'viewer' },
  'POST /alerts/rules': { min: 'operator' },
  'POST /alerts/rules/:ruleId': { min: 'operator', form: { threshold: '80' } },
  'POST /alerts/rules/:ruleId/delete': { min: 'operator' },
  'GET /alerts/:alertId': { min: 'viewer' },
  'POST /alerts/:alertId/ack': { min: 'operator', form: { note: 'matrix' } },
  'POST /alerts/:alertId/resolve': { min: 'operator' },
  'GET /api/v1/alerts': { min: 'viewer' },
  'GET /api/v1/alerts/:alertId': { min: 'viewer' },
  'POST /api/v1/alerts/:alertId/ack': { min: 'operator', form: { note: 'matrix' } },
  'POST /api/v1/alerts/:alertId/resolve': { min: 'operator' },
  'GET /api/v1/alert-rules': { min: 'viewer' },
  'POST /api/v1/alert-rules': { min: 'operator' },
  'GET /api/v1/alert-rules/:ruleId': { min: 'viewer' },
  'PATCH /api/v1/alert-rules/:ruleId': { min: 'operator', form: { threshold: '80' } },
  'DELETE /api/v1/alert-rules/:ruleId': { min: 'operator' },
  // notifications (issue 13): channels are admin-only
  'GET /channels': { min: 'admin' },
  'GET /channels/new': { min: 'admin' },
  'POST /channels': { min: 'admin' },
  'GET /channels/:channelId': { min: 'admin' },
  'POST /channels/:channelId': { min: 'admin', form: { name: 'matrix' } },
  'POST /channels/:channelId/test': { min: 'admin' },
  'POST /channels/:channelId/delete': { min: 'admin' },
  'GET /api/v1/channels': { min: 'admin' },
  'POST /api/v1/channels': { min: 'admin' },
  'GET /api/v1/channels/:channelId': { min: 'admin' },
  'PATCH /api/v1/channels/:channelId': { min: 'admin', form: { name: 'matrix' } },
  'DELETE /api/v1/channels/:channelId': { min: 'admin' },
  'POST /api/v1/channels/:channelId/test': { min: 'admin' },
  'GET /api/v1/channels/:channelId/deliveries': { min: 'admin' },

  // maintenance windows and syslog (MAINTENANCE, SYSLOG; issue 13)
  'GET /maintenance': { min: 'viewer' },
  'GET /maintenance/new': { min: 'operator' },
  'POST /maintenance': { min: 'operator' },
  'POST /maintenance/time-zone': { min: 'admin', form: { timeZone: 'UTC' } },
  'GET /maintenance/:windowId/edit': { min: 'operator' },
  'POST /maintenance/:windowId': {
    min: 'operator',
    form: {
      name: 'matrix',
      scopeKind: 'tenant',
      kind: 'weekly',
      days: 'Mon',
      startTime: '02:00',
      durationMin: '30',
    },
  },
  'POST /maintenance/:windowId/delete': { min: 'operator' },
  'GET /devices/:deviceId/maintenance-badge': { min: 'viewer' },
  'GET /api/v1/maintenance-windows': { min: 'viewer' },
  'POST /api/v1/maintenance-windows': { min: 'operator' },
  'GET /api/v1/maintenance-windows/:windowId': { min: 'viewer' },
  'PATCH /api/v1/maintenance-windows/:windowId': { min: 'operator' },
  'DELETE /api/v1/maintenance-windows/:windowId': { min: 'operator' },
  'GET /devices/:deviceId/logs': { min: 'viewer' },
  'GET /devices/:deviceId/logs/stream': { min: 'viewer' },
  'GET /devices/:deviceId/logs/setup': { min: 'viewer' },
  'POST /devices/:deviceId/logs/retention': {
    min: 'operator',
    form: { maxLines: '1000', maxDays: '7' },
  },
  'GET /syslog': { min: 'super_admin' },
  'GET /api/v1/devices/:deviceId/logs': { min: 'viewer' },
  // fleet jobs, templates, guided config and firmware (issue 12); the seeded devices' SSH port is loopback port 1
  'GET /jobs': { min: 'viewer' },
  'GET /jobs/rows': { min: 'viewer' },
  'GET /jobs/live': { min: 'viewer' },
  'POST /jobs': { min: 'operator' },
  'GET /jobs/guided': { min: 'operator' },
  'POST /jobs/guided': { min: 'operator' },
  'GET /jobs/:jobId': { min: 'viewer' },
  'GET /jobs/:jobId/panel': { min: 'viewer' },
  'POST /jobs/:jobId/cancel': { min: 'operator' },
  'POST /jobs/:jobId/resume': { min: 'operator' },
  'POST /jobs/:jobId/retry': { min: 'operator' },
  'GET /templates': { min: 'viewer' },
  'POST /templates': { min: 'operator' },
  'GET /templates/:templateId': { min: 'viewer' },
  'POST /templates/:templateId': { min: 'operator' },
  'POST /templates/:templateId/run': { min: 'operator' },
  'GET /firmware': { min: 'viewer' },
  'POST /firmware/check': { min: 'operator' },
  'POST /firmware/upgrade': { min: 'operator' },
  'POST /api/v1/jobs': { min: 'operator' },
  'GET /api/v1/jobs': { min: 'viewer' },
  'GET /api/v1/jobs/:jobId': { min: 'viewer' },
  'GET /api/v1/jobs/:jobId/results.csv': { min: 'viewer' },
  'POST /api/v1/jobs/:jobId/cancel': { min: 'operator' },
  'POST /api/v1/jobs/:jobId/resume': { min: 'operator' },
  'POST /api/v1/jobs/:jobId/retry': { min: 'operator' },
  'GET /api/v1/templates': { min: 'viewer' },
  'POST /api/v1/templates': { min: 'operator' },
  'GET /api/v1/templates/:templateId': { min: 'viewer' },
  'PATCH /api/v1/templates/:templateId': { min: 'operator' },
  'POST /api/v1/templates/:templateId/preview': { min: 'operator' },
  'GET /api/v1/firmware': { min: 'viewer' },
  'POST /api/v1/firmware/check': { min: 'operator' },
  // remote access (issue 14): Terminal tab, terminal WebSocket (426 without an upgrade), WinBox, recordings
  'GET /devices/:deviceId/terminal': { min: 'viewer' },
  'GET /devices/:deviceId/terminal/socket': { min: 'operator' },
  'POST /devices/:deviceId/winbox': { min: 'operator' },
  'POST /devices/:deviceId/winbox/close': { min: 'operator' },
  'GET /terminal/recordings': { min: 'admin' },
  'GET /terminal/recordings/:sessionId': { min: 'admin' },
  'GET /terminal/recordings/:sessionId/cast': { min: 'admin' },
  'POST /api/v1/devices/:deviceId/winbox': { min: 'operator' },
  'DELETE /api/v1/devices/:deviceId/winbox': { min: 'operator' },
  // cross-customer view (issue 15): read-only over the user's own memberships; a device id of a
  // tenant the user does not belong to stays a 404
  'GET /all': { min: 'session' },
  'GET /all/devices': { min: 'session' },
  'GET /all/events': { min: 'session' },
  'GET /all/devices/:deviceId': { min: 'session' },
  'POST /all/devices/:deviceId/open': { min: 'session' },
  // WireGuard overlay (issue 14)
  'GET /overlay': { min: 'viewer' },
  'GET /devices/:deviceId/overlay': { min: 'viewer' },
  'POST /devices/:deviceId/overlay/enroll': { min: 'admin' },
  'POST /overlay/enroll/:token': { min: 'public', params: { token: 'enrollToken' } },
  'GET /api/v1/overlay': { min: 'viewer' },
  'GET /api/v1/devices/:deviceId/overlay': { min: 'viewer' },
  'POST /api/v1/devices/:deviceId/overlay/enroll': { min: 'admin' },
  // PDF reports (issue 18)
  'GET /reports': { min: 'viewer' },
  'POST /reports': { min: 'operator' },
  'GET /reports/:reportId/pdf': { min: 'viewer' },
  'POST /reports/:reportId/delete': { min: 'operator' },
  'POST /reports/schedules': { min: 'operator' },
  'POST /reports/schedules/:scheduleId/delete': { min: 'operator' },
  'GET /api/v1/reports': { min: 'viewer' },
  'POST /api/v1/reports': { min: 'operator' },
  'GET /api/v1/reports/:reportId': { min: 'viewer' },
  'GET /api/v1/reports/:reportId/pdf': { min: 'viewer' },
  'DELETE /api/v1/reports/:reportId': { min: 'operator' },
  // credential profiles (issue 15)
  'GET /credential-profiles': { min: 'admin' },
  'POST /credential-profiles': { min: 'admin' },
  'POST /credential-profiles/:profileId': { min: 'admin' },
  'POST /credential-profiles/:profileId/delete': { min: 'admin' },
  'GET /api/v1/credential-profiles': { min: 'admin' },
  'POST /api/v1/credential-profiles': { min: 'admin' },
  'GET /api/v1/credential-profiles/:profileId': { min: 'admin' },
  'PATCH /api/v1/credential-profiles/:profileId': { min: 'admin', form: { name: 'matrix' } },
  'DELETE /api/v1/credential-profiles/:profileId': { min: 'admin' },
  // device certificates (issue 14); the seeded device has no SSH: an allowed issue fails at the
  // upload on loopback port 1 and changes nothing
  'GET /devices/:deviceId/certificate': { min: 'viewer' },
  'POST /devices/:deviceId/certificate': { min: 'admin' },
  // issue 15 (live table, events history, time zone)
  'GET /devices/cells': { min: 'viewer' },
  'GET /events': { min: 'viewer' },
  'POST /account/time-zone': { min: 'session' },
  // discovery and adoption (issue 18): scans are typed by tenant admins
  'GET /discovery': { min: 'viewer' },
  'GET /discovery/panel': { min: 'viewer' },
  'GET /discovery/live': { min: 'viewer' },
  'POST /discovery/scans': { min: 'admin' },
  'POST /discovery/scans/:scanId/cancel': { min: 'admin' },
  'POST /discovery/adopt': { min: 'operator', form: { candidate_ids: '{candidateId}' } },
  'POST /discovery/candidates/:candidateId/ignore': { min: 'operator' },
  'POST /discovery/candidates/:candidateId/restore': { min: 'operator' },
  'POST /discovery/candidates/:candidateId/forget': { min: 'operator' },
  'POST /discovery/ranges/:rangeId/release': { min: 'admin' },
  'POST /api/v1/discovery/scans': { min: 'admin' },
  'GET /api/v1/discovery/scans/:scanId': { min: 'viewer' },
  'GET /api/v1/discovery/candidates': { min: 'viewer' },
  'POST /api/v1/discovery/candidates/:candidateId/adopt': { min: 'operator' },
  // topology, site map and compliance (issue 18)
  'GET /topology': { min: 'viewer' },
  'GET /topology/map': { min: 'viewer' },
  'POST /topology/sites/location': {
    min: 'operator',
    form: { siteId: '{siteId}', latitude: '48.2', longitude: '16.37' },
  },
  'GET /compliance': { min: 'viewer' },
  'POST /compliance/evaluate': { min: 'operator' },
  'GET /compliance/devices/:deviceId': { min: 'viewer' },
  'GET /compliance/rules': { min: 'viewer' },
  'POST /compliance/settings': { min: 'admin', form: { firmwareMaxBehind: '3' } },
  'POST /compliance/rules': {
    min: 'admin',
    form: { name: 'matrix rule', path: '/ip dns', mode: 'must_contain', pattern: 'x' },
  },
  'POST /compliance/rules/:ruleId/delete': {
    min: 'admin',
    params: { ruleId: 'complianceRuleId' },
  },
  'GET /api/v1/topology': { min: 'viewer' },
  'POST /api/v1/topology/sites/:siteId/location': {
    min: 'operator',
    form: { latitude: '1', longitude: '2' },
  },
  'GET /api/v1/compliance': { min: 'viewer' },
  'GET /api/v1/compliance/devices/:deviceId': { min: 'viewer' },
  'POST /api/v1/compliance/evaluate': { min: 'operator' },
  'GET /api/v1/compliance/rules': { min: 'viewer' },
  'POST /api/v1/compliance/rules': {
    min: 'admin',
    form: { name: 'matrix rule', path: '/ip dns', mode: 'must_contain', pattern: 'x' },
  },
  'DELETE /api/v1/compliance/rules/:ruleId': {
    min: 'admin',
    params: { ruleId: 'complianceRuleId' },
  },
  // edge appliances (issue 20): tenant admins manage registrations; the edge-facing routes carry
  // no session (each authenticates the edge credential itself: 401 without one)
  'GET /edges': { min: 'admin' },
  'POST /edges': { min: 'admin', form: { name: 'matrix edge' } },
  'POST /edges/link': { min: 'admin' },
  'POST /edges/:edgeId/revoke': { min: 'admin' },
  'GET /api/v1/edges': { min: 'admin' },
  'POST /api/v1/edges': { min: 'admin', form: { name: 'matrix edge' } },
  'DELETE /api/v1/edges/:edgeId': { min: 'admin' },
  'POST /api/v1/edge/register': { min: 'public' },
  'POST /api/v1/edge/batches': { min: 'public' },
  'GET /api/v1/edge/changes': { min: 'public' },
  'POST /api/v1/edge/changes/:changeId/result': {
    min: 'public',
    params: { changeId: 'edgeChangeId' },
  },
}
