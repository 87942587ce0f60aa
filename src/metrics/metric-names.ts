/**
 * Closed list of stored metrics. Labelled metrics carry the sensor or interface name in `label`.
 * Values are stored rounded where a fraction means nothing (bits per second, percents), because
 * SQLite writes integral REAL values as small integers on disk.
 */
export type MetricName =
  | 'cpu' // percent
  | 'mem_used' // percent of total memory
  | 'disk_used' // percent of total storage
  | 'uptime' // seconds
  | 'temperature' // °C, label = sensor name
  | 'voltage' // V, label = sensor name
  | 'if_rx' // bit/s, label = interface name
  | 'if_tx' // bit/s, label = interface name
  | 'wl_clients' // connected wireless clients
  | 'wl_signal' // average client signal, dBm

export interface MetricPoint {
  metric: MetricName
  label?: string
  value: number
}
