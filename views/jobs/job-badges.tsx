import type { JobState, TargetState } from '../../src/jobs/jobs.types.ts'
import { StatusBadge, type BadgeTone } from '../components/status-badge.tsx'

const TONE: Record<JobState | TargetState, BadgeTone> = {
  scheduled: 'muted',
  queued: 'muted',
  running: 'info',
  paused: 'warn',
  halted: 'bad',
  succeeded: 'ok',
  failed: 'bad',
  skipped: 'muted',
  cancelled: 'muted',
  interrupted: 'warn',
}

export function StateBadge(props: { state: JobState | TargetState }) {
  return <StatusBadge label={props.state} tone={TONE[props.state]} />
}
