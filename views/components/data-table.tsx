import type { Child } from 'hono/jsx'

interface DataTableProps {
  caption: string
  headers: string[]
  /** Rows (<tr> elements); when `isEmpty`, `empty` is shown instead of the table. */
  children?: Child
  isEmpty?: boolean
  empty?: Child
  /** id of the <tbody>, for htmx swaps of the rows alone. */
  bodyId?: string
}

/** A table that scrolls sideways on narrow screens instead of breaking the layout. */
export function DataTable(props: DataTableProps) {
  if (props.isEmpty && props.empty) return <>{props.empty}</>
  return (
    <div class="table-wrap">
      <table class="data-table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody id={props.bodyId}>{props.children}</tbody>
      </table>
    </div>
  )
}
