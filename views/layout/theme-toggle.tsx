/** Cycles auto → light → dark; assets/app.js stores the choice in the `outpost_theme` cookie. */
export function ThemeToggle() {
  return (
    <button type="button" class="button theme-toggle" data-theme-toggle hidden>
      Theme: <span data-theme-label>auto</span>
    </button>
  )
}
