/** Hidden CSRF token for every mutating form (checked by src/http/middleware/csrf.ts). */
export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />
}
