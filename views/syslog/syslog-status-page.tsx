import type { ReceiverStatusView } from '../../src/syslog/syslog.types.ts'

/** Super admins: what the receiver has seen since start, and the senders no device matches. */
export function SyslogStatusPage(props: { status: ReceiverStatusView; now: number }) {
  const s = props.status
  return (
    <section>
      <h1>Syslog receiver</h1>
      <p>
        {s.port === 0
          ? 'The receiver is off (OUTPOST_SYSLOG_PORT=0).'
          : `Listening on UDP and TCP port ${s.port}.`}{' '}
        {s.queued} lines waiting to be written.
      </p>
      <div class="table-wrap">
        <table class="data-table">
          <caption>Since the appliance started</caption>
          <tbody>
            {Object.entries(s.counters).map(([k, v]) => (
              <tr>
                <th scope="row">{k}</th>
                <td class="num">{v.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Unknown senders</h2>
      {s.unknown.length === 0 ? (
        <p class="muted">Every line came from a known device address.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">Addresses no device has</caption>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col" class="num">
                  Lines
                </th>
                <th scope="col">Last seen</th>
                <th scope="col">Last line</th>
              </tr>
            </thead>
            <tbody>
              {s.unknown.map((u) => (
                <tr>
                  <td>
                    {u.address}
                    {u.ambiguous ? ' (shared by several devices)' : ''}
                  </td>
                  <td class="num">{u.count.toLocaleString('en')}</td>
                  <td>{Math.round((props.now - u.lastAt) / 1000)} s ago</td>
                  <td class="log-msg">{u.sample}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
