import type { TenantScope } from '../db/tenant-scope.ts'
import { deviceTarget, type DeviceCredentials } from '../device-access/index.ts'
import type { Logger } from '../log.ts'
import type { MetricsBackend } from '../metrics/index.ts'
import type { Classification } from './outcome.ts'
import type { EventBus } from './event-bus.ts'
import type { DeviceRuntime, LatestValues } from './device-runtime.ts'
import { summarizePoll } from './poll-result.ts'
import { findDeviceForPoll, type DeviceRow } from './poller.repo.ts'
import { writePollAlone, type PollWrite, type PollWriter } from './poll-writer.ts'
import { runPoll } from './run-poll.ts'
import { changedSnapshots } from './snapshots.ts'

export interface PollDeviceDeps {
  log: Logger
  now: () => number
  metrics: MetricsBackend | undefined
  bus: EventBus
  /** Opens a device's credentials for its own endpoint (device access's openCredentials); called only to connect. */
  credentials: (scope: TenantScope, device: DeviceRow) => Promise<DeviceCredentials>
  connectTimeoutMs: number
  commandTimeoutMs: number
  /** whether this process still polls the device (several pollers); always when absent */
  owns?: (deviceId: string) => boolean
  /** group commit of the results (the scheduler's); each poll in its own transaction when absent */
  writer?: PollWriter
}

function logError(
  log: Logger,
  rt: DeviceRuntime,
  err: unknown,
  c: Classification,
  kind?: string,
): void {
  const fields = { deviceId: rt.deviceId, tenantId: rt.tenantId, collector: kind, code: c.status }
  // expected network trouble: one line, no stack; anything else: the full error
  if (c.level === 'warn') log.warn({ ...fields, reason: c.reason }, 'poll failed')
  else log.error({ ...fields, err }, 'poll failed unexpectedly')
}

/**
 * Polls one device (inside its tenant's scope) and stores the result: the device row, events and
 * changed snapshots in one transaction (shared with other devices of the tenant through
 * deps.writer), metric points to the batching store, then bus events. Returns whether the poll
 * succeeded (for backoff).
 */
export async function pollDevice(
  deps: PollDeviceDeps,
  rt: DeviceRuntime,
  scope: TenantScope,
): Promise<boolean> {
  let gone = false
  const outcome = await runPoll({
    connection: rt.connection,
    settingsVersion: rt.settingsVersion,
    probes: rt.probes,
    now: deps.now,
    onError: (err, c, kind) => {
      // a deleted device's failed lookup or closed connection is no fault of the device
      if (!gone && !rt.retired) logError(deps.log, rt, err, c, kind)
    },
    target: async () => {
      const device = await findDeviceForPoll(scope, rt.deviceId)
      if (device === undefined) {
        gone = true
        throw new Error('device deleted before its poll')
      }
      const creds = await deps.credentials(scope, device)
      return deviceTarget(device, creds, deps)
    },
  })
  // disabled, deleted or shutting down: the connection was closed on purpose, not by the device
  if (rt.retired || gone) return retireDeleted(deps, rt, gone)
  const prevStatus = rt.memory.status
  const result = summarizePoll(rt.memory, outcome)
  const snaps =
    outcome.status === 'ok' ? changedSnapshots(outcome.data, rt.snapshots, outcome.at) : []
  // several pollers: the device's lease moved on while this poll ran (a pause, a rebalance), so
  // another process owns it now and this result is not stored; the next sync drops the device.
  // Asked again right before the write (a batch may wait a little).
  const owns = () => deps.owns?.(rt.deviceId) !== false
  if (!owns()) return false
  const write: PollWrite = { scope, deviceId: rt.deviceId, at: outcome.at, result, snaps, owns }
  const written = await (deps.writer?.write(write) ?? writePollAlone(write))
  if (written === 'not_owned') return false
  if (written === 'gone') return retireDeleted(deps, rt, true)
  rt.memory = result.memory
  if (result.points.length > 0)
    deps.metrics?.record(rt.tenantId, rt.deviceId, outcome.at, result.points)
  if (outcome.status === 'ok') rt.latest = latestValues(result.points, outcome.at)
  publish(deps.bus, rt, prevStatus, result, outcome.at, outcome.durationMs)
  const edits = outcome.status === 'ok' ? (outcome.data.config_log?.edits ?? []) : []
  if (edits.length > 0)
    deps.bus.emit('device.config_activity', {
      tenantId: rt.tenantId,
      deviceId: rt.deviceId,
      at: outcome.at,
      message: edits.join('\n'),
    })
  return outcome.status === 'ok'
}

/** A deleted device's poll is dropped quietly; its connection is closed now, not at the next sync. */
async function retireDeleted(
  deps: PollDeviceDeps,
  rt: DeviceRuntime,
  deleted: boolean,
): Promise<false> {
  if (!deleted) return false
  deps.log.debug({ deviceId: rt.deviceId, tenantId: rt.tenantId }, 'device deleted during poll')
  rt.retired = true
  await rt.connection.retire()
  return false
}

function latestValues(
  points: ReturnType<typeof summarizePoll>['points'],
  at: number,
): LatestValues {
  let traffic: number | undefined
  let cpu: number | undefined
  let memUsed: number | undefined
  for (const p of points) {
    if (p.metric === 'cpu') cpu = p.value
    else if (p.metric === 'mem_used') memUsed = p.value
    else if (p.metric === 'if_rx' || p.metric === 'if_tx') traffic = (traffic ?? 0) + p.value
  }
  return { at, cpu, memUsed, trafficBps: traffic }
}

function publish(
  bus: EventBus,
  rt: DeviceRuntime,
  prevStatus: DeviceRuntime['memory']['status'],
  result: ReturnType<typeof summarizePoll>,
  at: number,
  durationMs: number,
): void {
  const ref = { tenantId: rt.tenantId, deviceId: rt.deviceId }
  const status = result.memory.status
  if (status !== prevStatus)
    bus.emit('device.status_changed', { ...ref, from: prevStatus, to: status, at })
  for (const e of result.events)
    bus.emit('device.event', { ...ref, kind: e.kind, message: e.message, at })
  bus.emit('device.polled', { ...ref, status, at, durationMs, points: result.points })
}
