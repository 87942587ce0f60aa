// Process entry (bundled to dist/server.mjs): start the appliance, stop it cleanly on SIGINT or
// SIGTERM, and turn a startup failure into one clear line on stderr and a non-zero exit.
import { ConfigError, processEnv } from './config.ts'
import { StartupError } from './lib/secrets-file.ts'
import { startOutpost } from './startup.ts'

const SHUTDOWN_GRACE_MS = 10_000

function fail(err: unknown): never {
  const known = err instanceof ConfigError || err instanceof StartupError
  const message = known
    ? err.message
    : `unexpected startup error: ${String((err as Error)?.stack ?? err)}`
  process.stderr.write(`outpost: ${message}\n`)
  process.exit(1)
}

async function main(): Promise<void> {
  // Handlers go in first: a signal during start-up stops the server as soon as it is up.
  let pending: string | undefined
  let onSignal = (signal: string): void => {
    pending ??= signal
  }
  process.once('SIGINT', () => onSignal('SIGINT'))
  process.once('SIGTERM', () => onSignal('SIGTERM'))
  // the recovery console's restart (after a restore or factory reset): stop, then start again
  // in the same process; the staged change is applied in between, with every database closed
  const restart = async (): Promise<void> => {
    await outpost.stop()
    outpost = await startOutpost(processEnv(), { onRestart }).catch(fail)
  }
  const onRestart = (): void => {
    restarting ??= restart().finally(() => (restarting = undefined))
  }
  let restarting: Promise<void> | undefined
  let outpost = await startOutpost(processEnv(), { onRestart }).catch(fail)
  onSignal = (signal: string): void => {
    outpost.deps.log.info({ signal }, 'signal received')
    setTimeout(() => {
      outpost.deps.log.error('shutdown took too long; exiting')
      process.exit(1)
    }, SHUTDOWN_GRACE_MS).unref()
    outpost.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        outpost.deps.log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  if (pending !== undefined) onSignal(pending)
  // SIGHUP: the user replaced the certificate files (e.g. after a renewal)
  process.on('SIGHUP', () => outpost.reloadTls())
}

await main()
