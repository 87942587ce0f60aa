// Which devices this process polls (issue 20, several pollers). One process polls every device;
// in a cluster, src/cluster hands each process a share through device leases. The scheduler asks
// owns() when it schedules a device and again before it stores a poll's result (a process that
// lost its lease while a poll ran, e.g. after a pause, must not write as the owner).

export interface Assignment {
  /** whether this process polls the device now */
  owns(deviceId: string): boolean
  /** grows whenever the owned set changes: the scheduler then re-reads the whole device list */
  readonly version: number
  /** a device that joins this process's share is polled at once (its last poll was elsewhere) */
  readonly pollOnJoin: boolean
}

/** The single-process default: every device, always. */
export const allDevices: Assignment = Object.freeze({
  owns: () => true,
  version: 0,
  pollOnJoin: false,
})
