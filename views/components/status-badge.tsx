export type BadgeTone = 'ok' | 'warn' | 'bad' | 'info' | 'muted'

/** A short coloured label; the text carries the meaning, the colour only repeats it. */
export function StatusBadge(props: { label: string; tone?: BadgeTone }) {
  return <span class={`badge badge-${props.tone ?? 'muted'}`}>{props.label}</span>
}
