import type { Theme } from '../../src/auth/auth.types.ts'

/**
 * Cycles auto → light → dark; assets/app.js stores the choice in the `outpost_theme` cookie.
 * Hidden until app.js runs: without JavaScript it could not do anything.
 */
export function ThemeToggle(props: { theme: Theme }) {
  return (
    <button type="button" class="button theme-toggle" data-theme-toggle hidden>
      Theme: <span data-theme-label>{props.theme}</span>
    </button>
  )
}
