/**
 * Servers for tests: the real redis-server (the oracle) and redlet's TCP server,
 * each on an ephemeral loopback port and stopped by its own pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startServer, type RunningServer, type ServerOptions } from '../../adapters/node-tcp/index.js'
import { RespClient } from './resp-client.js'

export const REDIS_SERVER = process.env['REDIS_SERVER'] ?? 'redis-server'

/** True when the oracle can be started. */
export const hasRedis: boolean = (() => {
  const r = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' })
  return r.status === 0 && /v=7\./.test(r.stdout)
})()

/** Call at the top of a suite that needs the oracle: loud when it is missing, fatal under REQUIRE_REDIS=1. */
export function requireRedis(): boolean {
  if (hasRedis) return true
  const msg = `redis-server 7.x not found (${REDIS_SERVER}): differential tests are SKIPPED`
  if (process.env['REQUIRE_REDIS'] === '1') throw new Error(msg + ' but REQUIRE_REDIS=1')
  console.warn(`\n\n*** ${msg} ***\n\n`)
  return false
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address()
      const port = typeof a === 'object' && a ? a.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export interface Oracle {
  readonly port: number
  readonly pid: number
  readonly dir: string
  stop(): Promise<void>
}

/** Starts redis-server with no persistence on a free port; extra args as `--name value`. */
export async function startOracle(args: string[] = []): Promise<Oracle> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'redlet-oracle-'))
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', '', '--loglevel', 'warning', ...args],
    { stdio: 'ignore' },
  )
  const deadline = Date.now() + 10000
  for (;;) {
    try {
      const c = await RespClient.connect(port)
      const pong = await c.cmd('PING').catch(() => '')
      c.close()
      if (pong.startsWith('+PONG') || pong.startsWith('-NOAUTH')) break
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('redis-server did not start')
    await new Promise((r) => setTimeout(r, 25))
  }
  const pid = child.pid ?? 0
  return {
    port,
    pid,
    dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        process.kill(pid, 'SIGKILL')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Starts redlet's TCP server in this process on a free port. */
export function startRedlet(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, strict: true, ...options })
}

export interface ServerPair {
  oracle: Oracle
  redlet: RunningServer
}

/**
 * redis-server and redlet for the tests of one describe block: started before
 * them, stopped after, both emptied before each test. With `password`, both
 * run with that requirepass.
 */
export function useServerPair(options: { password?: string } = {}): ServerPair {
  const pair = {} as ServerPair
  const { password } = options
  beforeAll(async () => {
    ;[pair.oracle, pair.redlet] = await Promise.all([
      startOracle(password === undefined ? [] : ['--requirepass', password]),
      startRedlet(password === undefined ? {} : { config: { requirepass: password } }),
    ])
  }, 30000)
  afterAll(async () => {
    await Promise.all([pair.oracle?.stop(), pair.redlet?.close()])
  })
  beforeEach(async () => {
    for (const port of [pair.oracle.port, pair.redlet.port]) {
      const c = await RespClient.connect(port)
      if (password !== undefined) await c.call('AUTH', password)
      await c.call('FLUSHALL')
      c.close()
    }
  })
  return pair
}
