import type { Flash as FlashMessage } from '../../src/auth/auth.types.ts'

/** One flash message; errors are announced immediately, the rest politely. */
export function Flash(props: { flash: FlashMessage }) {
  return (
    <div
      class={`flash flash-${props.flash.kind}`}
      role={props.flash.kind === 'error' ? 'alert' : 'status'}
    >
      {props.flash.message}
    </div>
  )
}
