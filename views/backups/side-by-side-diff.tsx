import type { SideBySideRow } from '../../src/backups/diff.ts'

const CLS: Record<SideBySideRow['kind'], [string | undefined, string | undefined]> = {
  equal: [undefined, undefined],
  change: ['diff-del', 'diff-add'],
  delete: ['diff-del', undefined],
  insert: [undefined, 'diff-add'],
}

/** Two columns, old left and new right; `null` rows are skipped unchanged lines. */
export function SideBySideDiff(p: {
  title: string
  rows: readonly (SideBySideRow | null)[]
  note: string
  backHref: string
  unifiedHref: string
  revealHref?: string | undefined
}) {
  return (
    <div id="device-tab">
      <section class="card">
        <p class="muted">
          <a href={p.backHref}>← Backups</a> · <a href={p.unifiedHref}>Unified view</a>
        </p>
        <h2>{p.title}</h2>
        <p class="muted">
          {p.note}
          {p.revealHref && (
            <>
              {' '}
              · <a href={p.revealHref}>Reveal secrets (audited)</a>
            </>
          )}
        </p>
        {p.rows.length === 0 ? (
          <p>No differences.</p>
        ) : (
          <table class="data-table diff-split" data-testid="side-by-side">
            <thead>
              <tr>
                <th class="num">#</th>
                <th>Before</th>
                <th class="num">#</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) =>
                r === null ? (
                  <tr class="diff-hunk">
                    <td colspan={4}>…</td>
                  </tr>
                ) : (
                  <tr>
                    <td class="num">{r.left?.n ?? ''}</td>
                    <td class={CLS[r.kind][0]}>
                      <code>{r.left?.text ?? ''}</code>
                    </td>
                    <td class="num">{r.right?.n ?? ''}</td>
                    <td class={CLS[r.kind][1]}>
                      <code>{r.right?.text ?? ''}</code>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
