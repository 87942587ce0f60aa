import {
  collectors,
  CORE_KINDS,
  OTHER_KINDS,
  type CollectContext,
  type CollectorKind,
  type CollectorResults,
  type ProbeCache,
} from './collectors/index.ts'
import type { ConnectTarget, DeviceConnection } from '../device-access/index.ts'
import {
  classifyError,
  errorCode,
  type Classification,
  type CollectorFailure,
  type PollOutcome,
} from './outcome.ts'

/** Everything one poll read: identity and resource always, the rest when they answered. */
export type PollData = Pick<CollectorResults, 'identity' | 'resource'> &
  Partial<Omit<CollectorResults, 'identity' | 'resource'>>

export interface PollInput {
  connection: DeviceConnection
  /** Bumped when the device's settings or credentials change; a new value reconnects. */
  settingsVersion: number
  target: () => Promise<ConnectTarget>
  probes: ProbeCache
  now: () => number
  /** Reports every error the poll met, with its classification (the runner logs it). */
  onError?: (err: unknown, c: Classification, kind?: CollectorKind) => void
}

/**
 * Polls one device over its persistent connection and returns an outcome; never throws.
 * Resource and identity come first (a device that can't answer them is down); the other
 * collectors then run concurrently as tagged commands, and each failure only degrades the poll.
 */
export async function runPoll(input: PollInput): Promise<PollOutcome<PollData>> {
  const start = input.now()
  try {
    const session = await input.connection.open(input.settingsVersion, input.target)
    const ctx: CollectContext = {
      session,
      version: '',
      majorVersion: undefined,
      probes: input.probes,
      now: start,
    }
    const [res, id] = await Promise.all(CORE_KINDS.map((k) => collectors[k].collect(ctx)))
    const data = { resource: res, identity: id } as PollData
    ctx.version = data.resource.version
    ctx.majorVersion = data.resource.majorVersion
    const failures = await collectOthers(ctx, data, input)
    return { status: 'ok', at: start, durationMs: input.now() - start, data, failures }
  } catch (err) {
    const c = classifyError(err)
    input.onError?.(err, c)
    if (c.dropsConnection) await input.connection.drop()
    return {
      status: c.status,
      at: start,
      durationMs: input.now() - start,
      reason: c.reason,
      code: errorCode(err),
    }
  }
}

async function collectOthers(
  ctx: CollectContext,
  data: PollData,
  input: PollInput,
): Promise<CollectorFailure[]> {
  const kinds = OTHER_KINDS.filter((k) => collectors[k].appliesTo(ctx))
  const results = await Promise.allSettled(kinds.map((k) => collectors[k].collect(ctx)))
  const failures: CollectorFailure[] = []
  let drop = false
  results.forEach((r, i) => {
    const kind = kinds[i] as CollectorKind
    if (r.status === 'fulfilled') {
      ;(data as Record<string, unknown>)[kind] = r.value
      return
    }
    const c = classifyError(r.reason)
    input.onError?.(r.reason, c, kind)
    failures.push({ kind, reason: c.reason })
    drop ||= c.dropsConnection
  })
  if (drop) await input.connection.drop()
  return failures
}
