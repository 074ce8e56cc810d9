/** `redlet-server`: the redis-server of redlet. */
import { appendFileSync, rmSync, writeFileSync } from 'node:fs'
import { configSpecs, Config, ConfigValueError, REDIS_VERSION, REDLET_VERSION } from '../../src/index.js'
import { parseArgs } from './conf.js'
import { PersistenceLoadError } from './persistence/index.js'
import { startServer } from './server.js'

const USAGE = `Usage: redlet-server [/path/to/redis.conf] [options]
       redlet-server -v or --version
       redlet-server -h or --help

Examples:
       redlet-server                       (127.0.0.1:6379, no password)
       redlet-server --port 7777
       redlet-server --port 6380 --requirepass secret --maxclients 100
       redlet-server /etc/redis/6379.conf --loglevel verbose
`

export async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`redlet-server v=${REDLET_VERSION} (Redis ${REDIS_VERSION} compatible)\n`)
    return
  }
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(USAGE)
    return
  }
  const parsed = parseArgs(argv)
  // validate every setting before starting, as redis-server does
  const check = new Config(configSpecs)
  const config: Record<string, string> = {}
  for (const [name, given] of parsed.settings) {
    if (!check.spec(name)) {
      parsed.unknown.push(name)
      continue
    }
    // several `save` lines add up, as in redis.conf; an empty one clears them
    const previous = config[name]
    const value = name === 'save' && previous && given !== '' ? `${previous} ${given}` : given
    try {
      check.set(name, value, true)
    } catch (e) {
      const reason = e instanceof ConfigValueError ? e.reason : String(e)
      process.stderr.write(`\n*** FATAL CONFIG ERROR (redlet ${REDLET_VERSION}) ***\n>>> '${name} ${value}'\n${reason}\n`)
      process.exit(1)
    }
    config[name] = value
  }
  const logfile = config['logfile'] ?? ''
  const log = (line: string): void => {
    const text = `${process.pid}:M ${new Date().toISOString()} * ${line}\n`
    if (logfile) appendFileSync(logfile, text)
    else process.stdout.write(text)
  }
  for (const name of parsed.unknown) log(`Ignoring unsupported config directive '${name}'`)
  const pidfile = config['pidfile'] ?? ''
  const exit = (): void => {
    if (pidfile) rmSync(pidfile, { force: true })
    log('redlet is now ready to exit, bye bye...')
    process.exit(0)
  }
  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer({ config, log, onShutdown: exit, ...(parsed.configFile ? { configFile: parsed.configFile } : {}) })
  } catch (e) {
    if (e instanceof PersistenceLoadError) {
      if (logfile) log(`Fatal error loading the data: ${e.message}`)
      process.stderr.write(`Fatal error loading the data: ${e.message}\n`)
      process.exit(1)
    }
    const err = e as NodeJS.ErrnoException & { address?: string; port?: number }
    process.stderr.write(`Could not create server TCP listening socket ${err.address ?? ''}:${err.port ?? ''}: ${err.code ?? ''} ${err.message}\n`)
    process.exit(1)
  }
  if (pidfile) writeFileSync(pidfile, `${process.pid}\n`)
  log('Ready to accept connections')
  // a signal does what SHUTDOWN does: save as configured, then exit; if that save fails, keep running
  const shutdown = (signal: string): void => {
    log(`Received ${signal}, shutting down`)
    const persistence = server.engine.persistence
    if (persistence === null) void server.close().then(exit)
    else if (persistence.shutdown({ signal }) === 'failed') log('Errors trying to shut down the server: still running')
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}
