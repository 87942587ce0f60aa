import type { Flash as FlashMessage } from '../../src/auth/auth.types.ts'
import { Flash } from '../components/flash.tsx'

/** Where messages appear: the one from a redirect, htmx `outpost:flash` events, error fragments. */
export function FlashArea(props: { flash?: FlashMessage }) {
  return (
    <div id="flash" class="flash-area" aria-live="polite">
      {props.flash && <Flash flash={props.flash} />}
    </div>
  )
}
