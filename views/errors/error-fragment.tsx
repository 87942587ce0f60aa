/** An htmx error swapped into #flash (HX-Retarget) instead of the requested target. */
export function ErrorFragment(props: { message: string; requestId?: string }) {
  return (
    <div class="flash flash-error" role="alert">
      {props.message}
      {props.requestId && <span class="muted"> (reference {props.requestId})</span>}
    </div>
  )
}
