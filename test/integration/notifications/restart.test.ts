// Across a restart of the whole appliance (startOutpost → stop → startOutpost on the same data
// directory): a message whose send was cut off by the shutdown is still queued and is sent by the
// next process; a retry time written before the restart is kept.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { forTenant } from '../../../src/db/tenant-scope.ts'
import { newId, type TenantId } from '../../../src/lib/ids.ts'
import { createChannel } from '../../../src/notifications/index.ts'
import { startOutpost } from '../../../src/startup.ts'
import { startReceiver } from './receivers.ts'

const dir = mkdtempSync(join(tmpdir(), 'outpost-notify-restart-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const silent = new Writable({ write: (_c, _e, done) => done() })

async function until(fn: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('outbox across a restart', () => {
  it('sends after the restart what the previous process could not', async () => {
    const rx = await startReceiver()
    rx.answer = 'hang'
    const env = {
      OUTPOST_DATA_DIR: dir,
      OUTPOST_PORT: '0',
      OUTPOST_HOST: '127.0.0.1',
      OUTPOST_ARGON2_PROFILE: 'light',
      OUTPOST_RECOVERY_PORT: '0',
      OUTPOST_HTTPS_PORT: '0',
      OUTPOST_NOTIFY_TIMEOUT_MS: '30000',
    }
    try {
      const a = await startOutpost(env, { logDestination: silent })
      const tenantId = newId<TenantId>()
      await a.deps.db
        .insertInto('tenants')
        .values({ id: tenantId, name: 'restart', created_at: Date.now() })
        .execute()
      const scopeA = forTenant(a.deps.kysely, tenantId)
      const actor = { kind: 'user' as const, id: 'test', name: 'test', ip: null }
      const ch = await createChannel(
        { deps: a.deps, scope: scopeA, actor },
        {
          type: 'webhook',
          name: 'Hook',
          url: `${rx.url}/hook`,
          secret: 'whsec-0123456789abcdef',
          minSeverity: 'info',
          scopeKind: 'tenant',
          enabled: true,
        },
      )
      const now = Date.now()
      const msg = (event: string) => JSON.stringify({ event, tenantId, at: now, alert: null })
      const cutOff = newId()
      const later = newId()
      await scopeA
        .insertInto('alert_outbox', [
          {
            id: cutOff,
            channel_id: ch.id,
            alert_id: null,
            event: 'test',
            payload_json: msg('test'),
            state: 'pending',
            attempts: 0,
            next_attempt_at: now,
            last_error: null,
            created_at: now,
            sent_at: null,
          },
          // failed once before the restart: due in 1 min, not now
          {
            id: later,
            channel_id: ch.id,
            alert_id: null,
            event: 'test',
            payload_json: msg('test'),
            state: 'pending',
            attempts: 1,
            next_attempt_at: now + 60_000,
            last_error: 'x answered HTTP 500',
            created_at: now,
            sent_at: null,
          },
        ])
        .execute()
      await rx.waitFor(1) // the worker is sending it; the receiver hangs
      await a.stop()
      expect(rx.received).toHaveLength(1)

      rx.answer = { status: 200, body: '{}' }
      const b = await startOutpost(env, { logDestination: silent })
      try {
        const scopeB = forTenant(b.deps.kysely, tenantId)
        const state = async (id: string) =>
          await scopeB
            .selectFrom('alert_outbox')
            .select(['state', 'attempts'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        await until(async () => (await state(cutOff)).state === 'sent')
        expect(await state(cutOff)).toEqual({ state: 'sent', attempts: 1 })
        expect(rx.received).toHaveLength(2)
        expect(await state(later)).toEqual({ state: 'pending', attempts: 1 })
      } finally {
        await b.stop()
      }
    } finally {
      await rx.close()
    }
  })
})
