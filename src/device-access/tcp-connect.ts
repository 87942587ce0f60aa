// A plain TCP connection to one of a device's management addresses (the WinBox forward): the
// first address that accepts within the budget wins; the error of the last one otherwise.
import { connect, type Socket } from 'node:net'
import { UnreachableError } from '../routeros/errors.ts'

function attempt(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new UnreachableError(`tcp ${host}:${port}: no answer within ${timeoutMs} ms`))
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      resolve(socket)
    })
    socket.once('error', (err) => {
      clearTimeout(timer)
      reject(new UnreachableError(`tcp ${host}:${port}: ${err.message}`, { cause: err }))
    })
  })
}

/** @example const s = await connectTcp(['10.0.0.1', '192.168.88.1'], 8291, 5000) */
export async function connectTcp(hosts: string[], port: number, timeoutMs: number) {
  let last: unknown
  for (const host of hosts) {
    try {
      return await attempt(host, port, timeoutMs)
    } catch (e) {
      last = e
    }
  }
  throw last
}
