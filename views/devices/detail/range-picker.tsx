import type { ChartRange } from '../../../src/dashboard/device-detail.types.ts'

const RANGES: readonly ChartRange[] = ['1h', '24h', '7d', '30d']

const LABELS: Record<ChartRange, string> = {
  '1h': '1 hour',
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
}

interface RangePickerProps {
  current: ChartRange
  /** URL of the page for a range (plain link) */
  href: (r: ChartRange) => string
  /** when set, htmx swaps this fragment URL into `target` instead of loading the page */
  fragment?: { url: (r: ChartRange) => string; target: string }
}

/** 1 h / 24 h / 7 d / 30 d links above a tab's charts. */
export function RangePicker(props: RangePickerProps) {
  return (
    <nav class="range-picker" aria-label="Chart period">
      {RANGES.map((r) => (
        <a
          href={props.href(r)}
          aria-current={r === props.current ? 'true' : undefined}
          hx-get={props.fragment?.url(r)}
          hx-target={props.fragment?.target}
          hx-swap={props.fragment ? 'outerHTML' : undefined}
        >
          {LABELS[r]}
        </a>
      ))}
    </nav>
  )
}
