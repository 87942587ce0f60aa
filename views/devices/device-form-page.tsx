import { DeviceForm, type DeviceFormProps } from './device-form.tsx'

/** Full page around the add/edit form (the form alone is the htmx swap target). */
export function DeviceFormPage(props: DeviceFormProps & { title: string }) {
  return (
    <section>
      <p class="muted">
        <a href="/devices">← Devices</a>
      </p>
      <h1>{props.title}</h1>
      <DeviceForm {...props} />
    </section>
  )
}
