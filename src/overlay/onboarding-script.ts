// The one-paste RouterOS v7 script that puts a router on the overlay. The router generates its own
// private key (it never leaves the router); the script adds the appliance as the only peer, the
// overlay address, an input accept rule for the appliance's address on the API and SSH ports,
// and finally hands the router's public key to the one-time enrollment URL with /tool fetch.
// It first removes what an earlier, interrupted run left, so pasting it again is safe. Wrapped in
// { } so pasting it into a terminal runs it as one block (the :local survives between lines).

export interface ScriptInput {
  deviceName: string
  appliancePublicKey: string
  endpointHost: string
  endpointPort: number
  applianceAddress: string
  deviceAddress: string
  enrollUrl: string
  apiPorts: readonly number[]
}

export const ROUTER_INTERFACE = 'outpost-overlay'
const COMMENT = 'outpost overlay'

/** RouterOS string literal: quotes, backslashes and `$` escaped. */
function q(text: string): string {
  return `"${text.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')}"`
}

/** @example buildOnboardingScript({ deviceName: 'gw1', … }) */
export function buildOnboardingScript(i: ScriptInput): string {
  const ports = [...new Set(i.apiPorts)].sort((a, b) => a - b).join(',')
  const wg = ROUTER_INTERFACE
  return [
    `# Outpost overlay onboarding for ${i.deviceName.replace(/[\r\n]+/g, ' ')} (RouterOS v7).`,
    '# Paste into a terminal, or save as a file and run /import. The enrollment URL works once.',
    '{',
    `/ip firewall filter remove [find comment=${q(`${COMMENT} management`)}]`,
    `/ip address remove [find interface=${wg}]`,
    `/interface wireguard peers remove [find interface=${wg}]`,
    `/interface wireguard remove [find name=${wg}]`,
    `/interface wireguard add name=${wg} comment=${q(COMMENT)}`,
    `/interface wireguard peers add interface=${wg} public-key=${q(i.appliancePublicKey)} endpoint-address=${i.endpointHost} endpoint-port=${i.endpointPort} allowed-address=${i.applianceAddress}/32 persistent-keepalive=25s comment=${q(COMMENT)}`,
    `/ip address add address=${i.deviceAddress}/32 network=${i.applianceAddress} interface=${wg} comment=${q(COMMENT)}`,
    `/ip firewall filter add chain=input action=accept protocol=tcp src-address=${i.applianceAddress} in-interface=${wg} dst-port=${ports} comment=${q(`${COMMENT} management`)}`,
    `/ip firewall filter move [find comment=${q(`${COMMENT} management`)}] destination=0`,
    `:local pk [/interface wireguard get [find name=${wg}] public-key]`,
    `/tool fetch url=${q(i.enrollUrl)} http-method=post http-header-field="Content-Type: application/json" http-data="{\\"publicKey\\":\\"$pk\\"}" output=none`,
    '}',
    '',
  ].join('\n')
}
