import type { Child } from 'hono/jsx'

/** A column header: its text, or the text plus a class (e.g. `num` for right-aligned numbers). */
export type Header = string | { label: string; class: string }

interface DataTableProps {
  caption: string
  headers: Header[]
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
            {props.headers.map((h) =>
              typeof h === 'string' ? (
                <th scope="col">{h}</th>
              ) : (
                <th scope="col" class={h.class}>
                  {h.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody id={props.bodyId}>{props.children}</tbody>
      </table>
    </div>
  )
}
