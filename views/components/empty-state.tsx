import type { Child } from 'hono/jsx'

interface EmptyStateProps {
  title: string
  children?: Child
  action?: { href: string; label: string }
}

/** What a list shows when there is nothing in it yet: say why and what to do next. */
export function EmptyState(props: EmptyStateProps) {
  return (
    <div class="empty-state">
      <h2>{props.title}</h2>
      {props.children && <div class="empty-state-body">{props.children}</div>}
      {props.action && (
        <a class="button button-primary" href={props.action.href}>
          {props.action.label}
        </a>
      )}
    </div>
  )
}
