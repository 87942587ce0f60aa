// Turns a RouterOS client error into the precise, plain-words message the add/edit form shows.
// The code decides the wording; the client's own message adds the detail (port, TLS reason).
import { RouterOsError } from '../routeros/errors.ts'
import type { CheckFailureCode } from './devices.types.ts'

export interface CheckFailure {
  code: CheckFailureCode
  message: string
}

function messageFor(code: string, target: string, detail: string): CheckFailure {
  switch (code) {
    case 'unreachable':
      return {
        code: 'unreachable',
        message: `${target} is unreachable: the name does not resolve or there is no route to it (${detail}).`,
      }
    case 'refused':
      return {
        code: 'refused',
        message: `${target} refused the connection: the API service is disabled, on another port or blocked (check /ip service).`,
      }
    case 'connect_timeout':
    case 'command_timeout':
      return {
        code: 'timeout',
        message: `${target} did not answer in time: the host is down or a firewall drops the packets (${detail}).`,
      }
    case 'tls':
      return { code: 'tls', message: `TLS with ${target} failed: ${detail}` }
    case 'bad_credentials':
      return { code: 'bad_credentials', message: 'The router rejected the user name or password.' }
    case 'api_permission':
      return {
        code: 'api_permission',
        message:
          "The router accepted the login but the user's group lacks the \"api\" policy (add it under /user group).",
      }
    default:
      return { code: 'error', message: `The check failed: ${detail}` }
  }
}

/** Classifies an error thrown while connecting to `host:port`. */
export function checkMessages(err: unknown, host: string, port: number): CheckFailure {
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  if (err instanceof RouterOsError) return messageFor(err.code, target, err.message)
  const detail = err instanceof Error ? err.message : String(err)
  return messageFor('error', target, detail)
}
