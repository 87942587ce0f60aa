// View-model types of the setup wizard (issue 17).

export type SetupStep = 'tenant' | 'device' | 'notify' | 'backups'

export interface SetupProgress {
  /** name of the active tenant (null: none yet) */
  tenantName: string | null
  /** devices in the active tenant */
  deviceCount: number
  /** the step to show next */
  next: SetupStep
}
