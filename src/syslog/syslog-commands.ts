// The RouterOS commands that point a device's logging at this appliance (ROUTEROS.md 11.6). Before
// 7.18 the BSD layout is `bsd-syslog=yes`; 7.18 replaced it with `remote-log-format=syslog` and
// added `remote-protocol` (TCP). src-address is the device's management address, so the receiver
// can map the lines to it even when the router has several addresses.
import { isIP } from 'node:net'

export interface CommandTarget {
  /** address of Outpost as the router reaches it */
  appliance: string
  port: number
  /** the device's RouterOS version, when known */
  version: string | null
  /** the device's management address */
  host: string
}

function atLeast718(version: string | null): boolean | undefined {
  const m = version === null ? null : /^(\d+)\.(\d+)/.exec(version)
  if (m === null) return undefined
  const [major, minor] = [Number(m[1]), Number(m[2])]
  return major > 7 || (major === 7 && minor >= 18)
}

/** One script per RouterOS generation that applies (both when the version is unknown). */
export function routerosLoggingCommands(t: CommandTarget): { title: string; script: string }[] {
  const src = isIP(t.host) !== 0 ? ` src-address=${t.host}` : ''
  const base = `/system logging action add name=outpost target=remote remote=${t.appliance} remote-port=${t.port}${src} syslog-facility=local0`
  const rules = ['info', 'warning', 'error', 'critical'].map(
    (topic) => `/system logging add topics=${topic} action=outpost`,
  )
  const modern = {
    title: 'RouterOS 7.18 and later (TCP, nothing lost)',
    script: [`${base} remote-log-format=syslog remote-protocol=tcp`, ...rules].join('\n'),
  }
  const legacy = {
    title: 'RouterOS before 7.18 (UDP)',
    script: [`${base} syslog-severity=auto bsd-syslog=yes`, ...rules].join('\n'),
  }
  const v = atLeast718(t.version)
  if (v === undefined) return [modern, legacy]
  return [v ? modern : legacy]
}
