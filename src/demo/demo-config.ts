// Settings of `npm run demo`, from the environment object the entry passes in (like main.ts passes
// the environment to startOutpost). Everything else comes from the normal OUTPOST_ configuration.
import { z } from 'zod'

export interface DemoConfig {
  /** simulated devices across the demo tenants (OUTPOST_DEMO_DEVICES, default 60) */
  devices: number
  /** poll interval of the demo devices, seconds (OUTPOST_DEMO_POLL_S, default 15) */
  pollIntervalS: number
}

const schema = z.object({
  OUTPOST_DEMO_DEVICES: z.coerce
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(2000, 'must be at most 2000')
    .default(60),
  OUTPOST_DEMO_POLL_S: z.coerce
    .number()
    .int()
    .min(10, 'must be at least 10')
    .max(3600, 'must be at most 3600')
    .default(15),
})

/** Defaults the demo applies under the user's own OUTPOST_ variables. */
export const DEMO_ENV_DEFAULTS: Readonly<Record<string, string>> = Object.freeze({
  OUTPOST_DATA_DIR: './data/demo',
  OUTPOST_HOST: '127.0.0.1',
  OUTPOST_LOG_LEVEL: 'warn',
  OUTPOST_ARGON2_PROFILE: 'light',
})

export function loadDemoConfig(env: Readonly<Record<string, string | undefined>>): DemoConfig {
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith('OUTPOST_DEMO_') && v !== ''),
  )
  const r = schema.safeParse(picked)
  if (!r.success) {
    throw new Error(
      `invalid demo configuration: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    )
  }
  return { devices: r.data.OUTPOST_DEMO_DEVICES, pollIntervalS: r.data.OUTPOST_DEMO_POLL_S }
}
