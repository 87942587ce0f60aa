import { relativeTime } from '../devices/relative-time.ts'
import { formatExact } from './time-format.ts'

/** "5 min ago" with the exact time (in the user's zone) on hover and in `datetime`. */
export function RelativeTime(props: { at: number | null; now: number; timeZone?: string }) {
  if (props.at === null) return <>never</>
  return (
    <time datetime={new Date(props.at).toISOString()} title={formatExact(props.at, props.timeZone)}>
      {relativeTime(props.at, props.now)}
    </time>
  )
}
