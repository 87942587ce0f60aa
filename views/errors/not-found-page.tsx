/** 404 for unknown URLs and for objects of another tenant (never say which). */
export function NotFoundPage() {
  return (
    <section class="error-page">
      <p class="error-status">404</p>
      <h1>Not found</h1>
      <p>This page does not exist, or you do not have access to it.</p>
      <p>
        <a class="button" href="/">
          Back to the dashboard
        </a>
      </p>
    </section>
  )
}
