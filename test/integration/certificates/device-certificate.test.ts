// Device certificates for API-SSL (issue 14), end to end against a simulated router over real
// SSH/SFTP, API and API-SSL sockets: Outpost's CA issues a certificate, uploads it, a change set
// imports it and gives it to api-ssl, and the device is then verified against the CA (a wrong CA
// fails); renewal replaces it; a router without SSH is refused with its settings unchanged.
import tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applianceCa, renewExpiringCertificates } from '../../../src/certificates/index.ts'
import { issueCertificate } from '../../../src/lib/x509.ts'
import type { DeviceId } from '../../../src/db/schema-devices.ts'
import { openCredentials } from '../../../src/device-access/index.ts'
import { addDevice } from '../../../src/devices/devices.service.ts'
import { deviceCreateSchema } from '../../../src/devices/devices.schema.ts'
import { startDevice, type SimDevice } from '../../../src/sim/index.ts'
import { visibleText } from '../../support/html.ts'
import { loginAs } from '../../support/login.ts'
import type { TestAgent } from '../../support/test-app.ts'
import { changeFixture, type ChangeFixture } from '../changes/change-fixture.ts'
import { auditRows } from '../../support/audit.ts'

let f: ChangeFixture
let sim: SimDevice
let noSsh: SimDevice
let id: DeviceId
let noSshId: DeviceId
let admin: TestAgent
let operator: TestAgent
let viewer: TestAgent

async function addApiSsl(s: SimDevice, name: string): Promise<DeviceId> {
  const input = deviceCreateSchema.parse({
    name,
    host: s.host,
    transport: 'api-ssl',
    tls_mode: 'insecure',
    api_port: String(s.apiSslPort),
    ssh_port: String(s.sshPort || 1),
    username: s.username,
    password: s.password,
  })
  const actor = { kind: 'user' as const, id: 'U', name: 'u', ip: null }
  const r = await addDevice({ deps: f.t.deps, scope: f.scope, actor }, input, {
    check: false,
    saveAnyway: false,
  })
  if (!r.ok) throw new Error('add failed')
  return r.device.id
}

const row = (deviceId: string) =>
  f.scope
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', deviceId as DeviceId)
    .executeTakeFirstOrThrow()

/** The certificate the router's API-SSL listener presents, and whether `ca` verifies it. */
function presented(
  port: number,
  ca: string,
): Promise<{ fingerprint: string; authorized: boolean }> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ca, rejectUnauthorized: false }, () => {
      const fingerprint = s.getPeerCertificate().fingerprint256
      resolve({ fingerprint, authorized: s.authorized })
      s.end()
    })
    s.on('error', reject)
  })
}

beforeAll(async () => {
  f = await changeFixture('cert')
  sim = await startDevice({ persona: 'rb5009-7.15', name: 'cert-gw' })
  noSsh = await startDevice({
    name: 'cert-nossh',
    services: { api: true, apiSsl: true, ssh: false },
  })
  id = await addApiSsl(sim, 'cert-gw')
  noSshId = await addApiSsl(noSsh, 'cert-nossh')
  admin = await loginAs(f.t, 'admin', f.scope.tenantId)
  operator = await loginAs(f.t, 'operator', f.scope.tenantId)
  viewer = await loginAs(f.t, 'viewer', f.scope.tenantId)
})
afterAll(async () => {
  await sim.close()
  await noSsh.close()
  await f.t.close()
})

describe('device certificates', () => {
  it('shows the Certificate tab; only admins get the button and may issue', async () => {
    const page = await (await viewer.get(`/devices/${id}/certificate`)).text()
    expect(visibleText(page)).toContain("No certificate from Outpost's CA yet")
    expect(visibleText(page)).toContain('Only admins can issue certificates')
    expect((await operator.post(`/devices/${id}/certificate`, {})).status).toBe(403)
  })

  it('issues, uploads, imports and switches api-ssl; the device is then verified against the CA', async () => {
    const ca = await applianceCa(f.t.deps)
    const before = await presented(sim.apiSslPort, ca.certPem)
    expect(before.authorized).toBe(false)
    const res = await admin.post(`/devices/${id}/certificate`, {})
    expect(res.status).toBe(303)
    const page = visibleText(await (await admin.get(`/devices/${id}/certificate`)).text())
    expect(page).toContain('Installed a certificate on cert-gw')
    expect(page).toContain("API-SSL, verified against Outpost's CA")
    const d = await row(id)
    expect(d).toMatchObject({ transport: 'api-ssl', tls_mode: 'verify', tls_ca_pem: ca.certPem })
    const cert = await f.scope
      .selectFrom('device_certificates')
      .selectAll()
      .executeTakeFirstOrThrow()
    // the router really presents it, and it chains to the CA
    const after = await presented(sim.apiSslPort, ca.certPem)
    expect(after).toEqual({ fingerprint: cert.fingerprint, authorized: true })
    // on the router: imported with its key, named in /ip service, the uploaded file removed
    const certs = sim.device.tree.list('/certificate').map((e) => e.props)
    expect(certs).toContainEqual(expect.objectContaining({ 'private-key': 'true' }))
    const svc = sim.device.tree.list('/ip/service').find((e) => e.props.name === 'api-ssl')
    expect(svc?.props.certificate).toBe(certs[0]?.name)
    expect([...sim.device.files.keys()].filter((n) => n.endsWith('.pem'))).toEqual([])
    // through the change pipeline, with its history, and audited
    const change = await f.scope.selectFrom('device_changes').selectAll().executeTakeFirstOrThrow()
    expect(change).toMatchObject({ source: 'certificate', state: 'kept' })
    expect(cert.change_set_id).toBe(change.id)
    const audit = await auditRows(f.t.deps, (q) =>
      q.where('action', '=', 'device.certificate_issue'),
    )
    expect(audit).toHaveLength(1)
    expect(audit[0]?.outcome).toBe('success')
    expect(JSON.stringify(audit)).not.toContain('PRIVATE KEY')
    // the stored credentials were sealed for the verified endpoint: the check connects with them
    const creds = await openCredentials(f.t.deps, f.scope, d)
    expect(creds.username).toBe('admin')
    const check = await f.t.deps.deviceAccess.checkStored(f.scope, d)
    expect(check.ok).toBe(true)
  })

  it('a wrong CA fails verification', async () => {
    const d = await row(id)
    const other = issueCertificate({ commonName: 'Other CA', names: [], days: 30, now: Date.now() })
    const creds = await openCredentials(f.t.deps, f.scope, d)
    const wrong = await f.t.deps.deviceAccess.check(
      f.scope,
      id,
      { ...d, tls_ca_pem: other.certPem },
      creds,
    )
    expect(wrong.ok).toBe(false)
    expect(wrong.ok ? '' : wrong.code).toBe('tls')
  })

  it('renews a certificate that expires within 30 days', async () => {
    const old = await f.scope
      .selectFrom('device_certificates')
      .selectAll()
      .executeTakeFirstOrThrow()
    await f.scope
      .updateTable('device_certificates')
      .set({ not_after: Date.now() + 86_400_000 })
      .execute()
    expect(await renewExpiringCertificates(f.t.deps)).toEqual({ renewed: 1, failed: 0 })
    const renewed = await f.scope
      .selectFrom('device_certificates')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(renewed.serial).not.toBe(old.serial)
    expect(renewed.not_after).toBeGreaterThan(Date.now() + 300 * 86_400_000)
    const ca = await applianceCa(f.t.deps)
    expect(await presented(sim.apiSslPort, ca.certPem)).toEqual({
      fingerprint: renewed.fingerprint,
      authorized: true,
    })
    expect(await renewExpiringCertificates(f.t.deps)).toEqual({ renewed: 0, failed: 0 })
  })

  it('a router without SSH: refused in plain words, settings unchanged, audited as a failure', async () => {
    const before = await row(noSshId)
    const res = await admin.post(`/devices/${noSshId}/certificate`, {})
    expect(res.status).toBe(303)
    const page = visibleText(await (await admin.get(`/devices/${noSshId}/certificate`)).text())
    expect(page).toContain('Uploading the certificate over SFTP failed')
    expect(page).toContain('The device settings are unchanged')
    const after = await row(noSshId)
    expect(after).toMatchObject({
      tls_mode: 'insecure',
      tls_ca_pem: null,
      password_enc: before.password_enc,
    })
    const failed = await auditRows(f.t.deps, (q) =>
      q.where('action', '=', 'device.certificate_issue').where('outcome', '=', 'failure'),
    )
    expect(failed).toHaveLength(1)
  })
})
