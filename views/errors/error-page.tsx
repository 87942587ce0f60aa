interface ErrorPageProps {
  status: number
  message: string
  requestId?: string
}

const HEADINGS: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  422: 'Please check the form',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
}

export function errorHeading(status: number): string {
  return HEADINGS[status] ?? (status >= 500 ? 'Something went wrong' : 'Request failed')
}

/** Full-page error. The message is always a public one; causes stay in the log. */
export function ErrorPage(props: ErrorPageProps) {
  return (
    <section class="error-page">
      <p class="error-status">{props.status}</p>
      <h1>{errorHeading(props.status)}</h1>
      <p>{props.message}</p>
      {props.requestId && (
        <p class="muted">
          Reference for support: <code>{props.requestId}</code>
        </p>
      )}
      <p>
        <a class="button" href="/">
          Back to the dashboard
        </a>
      </p>
    </section>
  )
}
