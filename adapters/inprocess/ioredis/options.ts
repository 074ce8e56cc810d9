/**
 * Options of `redlet/ioredis` clients: ioredis's own (host, port, db,
 * password, keyPrefix, lazyConnect...) and the in-process ones (engine, clock,
 * config). Also the registry that makes clients naming one host and port share
 * an engine, as clients of one real server share its data.
 */
import { Engine, type Clock, type EngineOptions } from '../../../src/index.js'

export interface ScriptDefinition {
  lua: string
  numberOfKeys?: number | null
  readOnly?: boolean
}

export interface RedisOptions {
  /** With `port`, names the "server": clients naming the same one share an engine. Default 127.0.0.1 (localhost is the same). */
  host?: string
  port?: number
  /** A Unix socket path names the server instead of host and port. */
  path?: string
  db?: number
  username?: string | null
  password?: string | null
  /** Prepended to every key of every command (and to SORT's BY/GET patterns), as ioredis does. */
  keyPrefix?: string
  /** Stay in status `wait` until `connect()` or the first command. */
  lazyConnect?: boolean
  /** CLIENT SETNAME at connect. */
  connectionName?: string | null
  /** 3 (ioredis 6's default) or 2. With 2 a subscribed client may only run (un)subscribe commands and PING. */
  protocol?: 2 | 3
  /** `legacy` (default): RESP2-shaped replies in either protocol. */
  replyMapping?: 'legacy'
  /** Integers as strings. */
  stringNumbers?: boolean
  /** Resubscribe after the connection was killed and re-established (default true). */
  autoResubscribe?: boolean
  /** Skip CLIENT SETINFO at connect. */
  disableClientInfo?: boolean
  clientInfoTag?: string
  /** Custom commands to define at start (see `defineCommand`). */
  scripts?: Record<string, ScriptDefinition>
  /** Accepted for compatibility; an in-process connection neither retries nor times out. */
  retryStrategy?: ((times: number) => number | void | null) | null
  enableReadyCheck?: boolean
  enableOfflineQueue?: boolean
  maxRetriesPerRequest?: number | null
  connectTimeout?: number
  commandTimeout?: number
  enableAutoPipelining?: boolean
  showFriendlyErrorStack?: boolean
  // ---- in-process ----
  /** Use this engine, outside the host:port registry: an isolated "server" (shared by this client's duplicates). */
  engine?: Engine
  /** Time source for an engine this client creates; a `ManualClock` makes TTLs and blocking timeouts follow `advance()`. */
  clock?: Clock
  /** Config for an engine this client creates (`requirepass`, `notify-keyspace-events`...). */
  config?: Record<string, string | number>
  /** Random source for an engine this client creates. */
  random?: () => number
  /** Installs a script engine when the engine has none: `scripting: installLua` (from `redlet/lua`) enables EVAL and `defineCommand`. */
  scripting?: (engine: Engine) => unknown
  /** Run active expiry from platform timers (default true). */
  autoTick?: boolean
}

export interface ResolvedOptions extends RedisOptions {
  host: string
  port: number
  db: number
  keyPrefix: string
  protocol: 2 | 3
  lazyConnect: boolean
  stringNumbers: boolean
  autoResubscribe: boolean
}

const DEFAULTS = {
  host: 'localhost',
  port: 6379,
  db: 0,
  keyPrefix: '',
  protocol: 3 as const,
  lazyConnect: false,
  stringNumbers: false,
  autoResubscribe: true,
}

/** `redis://[user:pass@]host[:port][/db][?key=value]`, `rediss://...`, a bare `host:port`, or a socket path. */
export function parseUrl(url: string): RedisOptions {
  if (/^\d+$/.test(url)) return { port: Number(url) }
  const out: Record<string, unknown> = {}
  let rest = url
  let query = ''
  const q = rest.indexOf('?')
  if (q >= 0) {
    query = rest.slice(q + 1)
    rest = rest.slice(0, q)
  }
  if (rest.startsWith('/') && !rest.startsWith('//')) out['path'] = rest
  else {
    const m = /^(?:(rediss?):)?(?:\/\/)?(?:([^:@/]*)(?::([^@/]*))?@)?(\[[^\]]*\]|[^:/]*)?(?::(\d+))?(?:\/(\d*))?/i.exec(rest)
    if (m !== null) {
      const [, , user, pass, host, port, db] = m
      if (user || pass) {
        out['username'] = decodeURIComponent(user ?? '')
        out['password'] = decodeURIComponent(pass ?? '')
      }
      if (host) out['host'] = host.replace(/^\[|\]$/g, '')
      if (port) out['port'] = Number(port)
      if (db) out['db'] = Number(db)
    }
  }
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq))
    if (!(k in out)) out[k] = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1))
  }
  return out as RedisOptions
}

/** ioredis's argument forms: (port?, host?, options?), (url, options?), (options). */
export function parseOptions(args: readonly unknown[]): ResolvedOptions {
  const options: Record<string, unknown> = {}
  const defaults = (from: object): void => {
    for (const [k, v] of Object.entries(from)) if (options[k] === undefined) options[k] = v
  }
  for (const arg of args) {
    if (arg === null || arg === undefined) continue
    if (typeof arg === 'object') defaults(arg)
    else if (typeof arg === 'string') defaults(parseUrl(arg))
    else if (typeof arg === 'number') options['port'] = arg
    else throw new Error('Invalid argument ' + String(arg))
  }
  defaults(DEFAULTS)
  if (typeof options['port'] === 'string') options['port'] = parseInt(options['port'], 10)
  if (typeof options['db'] === 'string') options['db'] = parseInt(options['db'], 10)
  return options as unknown as ResolvedOptions
}

const engines = new Map<string, Engine>()

function serverKey(o: ResolvedOptions): string {
  if (o.path) return `unix:${o.path}`
  let host = o.host.toLowerCase()
  // names of the loopback interface reach one server
  if (host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '') host = '127.0.0.1'
  return `${host}:${o.port}`
}

/** Creates an engine from a client's engine-level options. */
export function createEngine(o: RedisOptions): Engine {
  const eo: EngineOptions = {}
  if (o.clock) eo.clock = o.clock
  if (o.config) eo.config = o.config
  if (o.random) eo.random = o.random
  return new Engine(eo)
}

/**
 * The engine a client talks to: its `engine` option, or the one registered for
 * its host and port (created by the first client naming them, with that
 * client's `clock`, `config` and `random`).
 */
export function engineFor(o: ResolvedOptions): Engine {
  let engine = o.engine
  if (engine === undefined) {
    const key = serverKey(o)
    engine = engines.get(key)
    if (engine === undefined) engines.set(key, (engine = createEngine(o)))
  }
  if (o.scripting && engine.scripting === null) o.scripting(engine)
  return engine
}

/** The engine registered for a host and port (what `new Redis(port, host)` would use), creating it if needed. */
export function sharedEngine(port = 6379, host = 'localhost'): Engine {
  return engineFor(parseOptions([{ port, host }]))
}

/** Forgets every registered engine: clients created afterwards start on fresh ones. */
export function resetSharedEngines(): void {
  engines.clear()
}
