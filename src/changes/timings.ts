// How long the pipeline waits for what. Defaults are for real routers; tests shorten them through
// configureChanges() (a shorter window and reboot wait), never by skipping a step.
export interface ChangeTimings {
  connectTimeoutMs: number
  commandTimeoutMs: number
  /** extra seconds the revert job allows for applying, before the countdown is re-timed */
  applyBudgetS: number
  /** how long after the window a device may take to come back before the change counts as lost */
  graceMs: number
  /** pause between attempts to reach the device while verifying or waiting for it */
  retryMs: number
  /** how long a preview of a device behind an edge appliance waits for the edge's answer */
  edgePreviewWaitMs: number
  sleep: (ms: number) => Promise<void>
}

export const DEFAULT_TIMINGS: ChangeTimings = Object.freeze({
  connectTimeoutMs: 8_000,
  commandTimeoutMs: 20_000,
  applyBudgetS: 60,
  graceMs: 5 * 60_000,
  retryMs: 2_000,
  // the edge's rounds are 5 s apart, and it then asks the device
  edgePreviewWaitMs: 20_000,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
})

export const DEFAULT_WINDOW_S = 120
