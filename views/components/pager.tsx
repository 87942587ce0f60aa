interface PagerProps {
  prevHref?: string
  nextHref?: string
  /** e.g. "Page 2" or "Showing 51–100". */
  label?: string
}

/** Previous/next links; a missing href renders as a disabled control. */
export function Pager(props: PagerProps) {
  if (!props.prevHref && !props.nextHref) return null
  return (
    <nav class="pager" aria-label="Pagination">
      {props.prevHref ? (
        <a class="button" href={props.prevHref} rel="prev">
          ← Previous
        </a>
      ) : (
        <span class="button" aria-disabled="true">
          ← Previous
        </span>
      )}
      {props.label && <span class="pager-label">{props.label}</span>}
      {props.nextHref ? (
        <a class="button" href={props.nextHref} rel="next">
          Next →
        </a>
      ) : (
        <span class="button" aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  )
}
