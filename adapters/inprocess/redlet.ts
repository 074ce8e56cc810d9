/**
 * `Redlet`: the synchronous in-process client. Each call runs to completion on
 * the engine and returns a plain JavaScript value.
 */
import {
  Engine,
  fromBytes,
  type Clock,
  type EngineOptions,
  type Protocol,
  type Reply,
  type Session,
  toBytes,
} from '../../src/index.js'
import { isMessagePush, isTrackingPush, MessageHub, splitExec, toInvalidation, toMessage, type Invalidation } from './messages.js'
import { Multi } from './multi.js'
import { decodeText, encodeText, ReplyError, toJs, type JsValue, type MapOptions } from './reply.js'
import { Subscription } from './subscription.js'
import { tickerFor, type Ticker } from './ticker.js'

export { Ticker, tickerFor } from './ticker.js'

/** A command argument: strings are sent as UTF-8, bytes as they are. */
export type Arg = string | number | bigint | Uint8Array

export interface RedletOptions {
  /** Share this engine (several clients on one keyspace). By default each Redlet has its own. */
  engine?: Engine
  /** Time source; pass a `ManualClock` to control time. */
  clock?: Clock
  /** Config settings by name (`maxmemory`, `notify-keyspace-events`...). */
  config?: Record<string, string | number>
  /** Return bulk replies as Uint8Array instead of UTF-8 strings. */
  bytes?: boolean
  /** 3 maps RESP3 types (Map, Set, double, boolean, bigint); default 2, as ioredis. */
  protocol?: Protocol
  /** Database to select. */
  db?: number
  /** Password for AUTH when the engine has `requirepass`. */
  password?: string
  /** Random source for the engine (deterministic tests). */
  random?: () => number
  /** Run active expiry from a timer when the platform has `setTimeout` (default true). */
  autoTick?: boolean
  /** Installs a script engine on the engine when it has none: `scripting: installLua` (from `redlet/lua`) enables EVAL and FCALL. */
  scripting?: (engine: Engine) => unknown
}

/** True when argv is an EXEC (whose reply may carry pushes inline). */
function isExec(argv: readonly string[]): boolean {
  const name = argv[0] as string
  return name.length === 4 && name.toLowerCase() === 'exec'
}

/** Encodes one argument as a byte string. */
export function toArg(a: Arg): string {
  if (typeof a === 'string') return encodeText(a)
  if (typeof a === 'number' || typeof a === 'bigint') return String(a)
  return fromBytes(a)
}

/**
 * A synchronous Redis client on an in-process engine.
 *
 * @example
 * ```ts
 * import { Redlet } from 'redlet/inprocess'
 * const r = new Redlet()
 * r.set('user:1', 'ada', 'EX', 60)
 * r.get('user:1') // 'ada'
 * r.call('HSET', 'h', 'f', 'v') // 1
 * ```
 */
export class Redlet {
  readonly engine: Engine
  readonly session: Session
  private readonly bytes: boolean
  private readonly ticker: Ticker | null
  /** The first reply of the running command, and any further ones (SUBSCRIBE a b, EXEC with pushes). */
  private first: Reply | null = null
  private more: Reply[] | null = null
  private readonly password: string | undefined
  private readonly mapText: MapOptions
  private readonly mapBytes: MapOptions
  /**
   * Messages published to what this client subscribed to (SUBSCRIBE through
   * `call`). Listeners run in a microtask after the publishing command.
   * `pubsub()` gives a dedicated subscriber with typed methods.
   */
  readonly messages = new MessageHub()
  /**
   * CLIENT TRACKING invalidations for this client (its own, or redirected to
   * it), delivered like `messages`: `r.invalidations.on(({ keys }) => ...)`.
   */
  readonly invalidations = new MessageHub<Invalidation>()

  constructor(options: RedletOptions = {}) {
    const engineOptions: EngineOptions = {}
    if (options.clock) engineOptions.clock = options.clock
    if (options.config) engineOptions.config = options.config
    if (options.random) engineOptions.random = options.random
    this.engine = options.engine ?? new Engine(engineOptions)
    if (options.scripting && this.engine.scripting === null) options.scripting(this.engine)
    this.bytes = options.bytes ?? false
    this.password = options.password
    this.session = this.engine.createSession(
      {
        write: (r) => {
          if (r.t === 'push' && isTrackingPush(r)) this.onInvalidation(r)
          else if (r.t === 'push' && isMessagePush(r)) this.onMessage(r)
          else if (this.first === null) this.first = r
          else (this.more ??= []).push(r)
        },
      },
      { kind: 'inprocess' },
    )
    const proto = options.protocol ?? 2
    this.session.proto = proto
    this.mapText = { bytes: false, proto }
    this.mapBytes = { bytes: true, proto }
    this.ticker = options.autoTick === false ? null : tickerFor(this.engine)
    if (options.password !== undefined) this.call('AUTH', options.password)
    if (options.db) this.call('SELECT', options.db)
  }

  private onMessage(message: Reply): void {
    this.messages.push(toMessage(message, this.bytes))
  }

  private onInvalidation(push: Reply): void {
    const inv = toInvalidation(push, this.bytes)
    if (inv !== null) this.invalidations.push(inv)
  }

  /** Runs a command and returns its raw replies (usually one). */
  raw(...args: Arg[]): Reply[] {
    const argv: string[] = new Array<string>(args.length)
    for (let i = 0; i < args.length; i++) argv[i] = toArg(args[i] as Arg)
    return this.dispatch(argv)
  }

  private dispatch(argv: string[]): Reply[] {
    this.run(argv)
    const first = this.first
    const more = this.more
    this.first = null
    this.more = null
    let out: Reply[] = first === null ? [] : more === null ? [first] : [first, ...more]
    if (out.length !== 0 && first?.t === 'array' && isExec(argv)) {
      const split = splitExec(out)
      out = split.replies
      for (const m of split.messages) this.onMessage(m)
    }
    return out
  }

  /** Dispatches argv, leaving its replies in `first`/`more`. */
  private run(argv: string[]): void {
    this.first = null
    this.more = null
    this.engine.dispatch(this.session, argv)
    this.ticker?.arm(this.session.db)
  }

  /**
   * The hot path of every call: one reply is converted straight away; several
   * replies, or an EXEC's, go the general way.
   */
  private exec(argv: string[], bytes: boolean): JsValue {
    this.run(argv)
    const r = this.first
    if (r === null) return null
    if (this.more === null && r.t !== 'array') {
      this.first = null
      switch (r.t) {
        case 'bulk':
          return bytes ? toBytes(r.v) : decodeText(r.v)
        case 'simple':
          return r.v
        case 'null':
          return null
        case 'error':
          throw new ReplyError(r.v)
        default:
          return toJs(r, bytes ? this.mapBytes : this.mapText)
      }
    }
    const more = this.more
    this.first = null
    this.more = null
    return this.convert(more === null ? [r] : [r, ...more], bytes, isExec(argv))
  }

  /** Runs any command; throws ReplyError on an error reply. */
  call(...args: Arg[]): JsValue {
    const argv: string[] = new Array<string>(args.length)
    for (let i = 0; i < args.length; i++) argv[i] = toArg(args[i] as Arg)
    return this.exec(argv, this.bytes)
  }

  /** Like `call`, with bulk replies as Uint8Array. */
  callBuffer(...args: Arg[]): JsValue {
    const argv: string[] = new Array<string>(args.length)
    for (let i = 0; i < args.length; i++) argv[i] = toArg(args[i] as Arg)
    return this.exec(argv, true)
  }

  private convert(replies: Reply[], bytes: boolean, exec: boolean): JsValue {
    if (exec && replies[0]?.t === 'array') {
      const split = splitExec(replies)
      replies = split.replies
      for (const m of split.messages) this.onMessage(m)
    }
    const o = bytes ? this.mapBytes : this.mapText
    if (replies.length === 0) return null
    const first = toJs(replies[0] as Reply, o)
    if (first instanceof ReplyError) throw first
    if (replies.length === 1) return first
    return [first, ...replies.slice(1).map((r) => toJs(r, o))]
  }

  /** Another client on the same engine, with its own session (db, MULTI, subscriptions). */
  client(options: Omit<RedletOptions, 'engine' | 'clock' | 'config' | 'random'> = {}): Redlet {
    return new Redlet({ bytes: this.bytes, protocol: this.session.proto, ...options, engine: this.engine })
  }

  /**
   * A subscriber on the same engine: its own session, in RESP3, whose messages
   * reach listeners and async iterators.
   *
   * @example
   * ```ts
   * const sub = r.pubsub()
   * sub.on((m) => console.log(m.channel, m.message))
   * sub.subscribe('news')
   * r.publish('news', 'hello') // 1; the listener runs in a microtask
   * ```
   */
  pubsub(options: { bytes?: boolean } = {}): Subscription {
    return new Subscription({ engine: this.engine, bytes: options.bytes ?? this.bytes, ...this.auth() })
  }

  private auth(): { password?: string } {
    return this.password === undefined ? {} : { password: this.password }
  }

  /**
   * A transaction builder: queue commands, then `exec()` runs MULTI, them and
   * EXEC at once (atomically, as the engine is synchronous). `exec()` returns
   * the replies, errors of single commands as ReplyError values in place, or
   * null when a watched key changed; it throws ExecAbortError when a command
   * could not be queued.
   *
   * @example
   * ```ts
   * r.watch('balance')
   * const balance = Number(r.get('balance'))
   * const result = r.multi().set('balance', balance - 10).incr('withdrawals').exec()
   * if (result === null) console.log('balance changed meanwhile, retry')
   * ```
   */
  multi(): Multi<JsValue[] | null> {
    return new Multi((argvs) => this.execBatch(argvs))
  }

  private execBatch(argvs: Arg[][]): JsValue[] | null {
    const errors: ReplyError[] = []
    this.call('MULTI')
    for (const argv of argvs) {
      const replies = this.raw(...argv)
      const first = replies[0]
      if (first !== undefined && first.t === 'error') errors.push(new ReplyError(first.v))
    }
    return Multi.result(this.raw('EXEC'), errors, this.bytes ? this.mapBytes : this.mapText)
  }

  /** Runs timed work now (active expiry, blocking timeouts). */
  tick(): void {
    this.engine.tick()
  }

  /** Ends this client's session. */
  close(): void {
    this.engine.closeSession(this.session)
    this.messages.close()
    this.invalidations.close()
  }

  // ---- typed methods for common commands; `call` reaches every other one ----

  get(key: Arg): string | null {
    return this.exec(['GET', toArg(key)], this.bytes) as string | null
  }

  set(key: Arg, value: Arg, ...options: Arg[]): 'OK' | string | null {
    if (options.length === 0) return this.exec(['SET', toArg(key), toArg(value)], this.bytes) as 'OK'
    return this.call('SET', key, value, ...options) as 'OK' | string | null
  }

  del(...keys: Arg[]): number {
    return this.call('DEL', ...keys) as number
  }

  exists(...keys: Arg[]): number {
    return this.call('EXISTS', ...keys) as number
  }

  incr(key: Arg): number {
    return this.exec(['INCR', toArg(key)], this.bytes) as number
  }

  incrby(key: Arg, by: number | bigint): number {
    return this.call('INCRBY', key, by) as number
  }

  expire(key: Arg, seconds: number, ...options: Arg[]): number {
    return this.call('EXPIRE', key, seconds, ...options) as number
  }

  ttl(key: Arg): number {
    return this.call('TTL', key) as number
  }

  mget(...keys: Arg[]): (string | null)[] {
    return this.call('MGET', ...keys) as (string | null)[]
  }

  mset(...pairs: Arg[]): 'OK' {
    return this.call('MSET', ...pairs) as 'OK'
  }

  keys(pattern: Arg): string[] {
    return this.call('KEYS', pattern) as string[]
  }

  hset(key: Arg, ...fieldsAndValues: Arg[]): number {
    return this.call('HSET', key, ...fieldsAndValues) as number
  }

  hget(key: Arg, field: Arg): string | null {
    return this.exec(['HGET', toArg(key), toArg(field)], this.bytes) as string | null
  }

  /** HGETALL as an object. */
  hgetall(key: Arg): Record<string, string> {
    const flat = this.call('HGETALL', key)
    const out: Record<string, string> = {}
    if (flat instanceof Map) {
      for (const [k, v] of flat) out[String(k)] = String(v)
      return out
    }
    const a = flat as string[]
    for (let i = 0; i + 1 < a.length; i += 2) out[a[i] as string] = a[i + 1] as string
    return out
  }

  lpush(key: Arg, ...values: Arg[]): number {
    return this.call('LPUSH', key, ...values) as number
  }

  rpush(key: Arg, ...values: Arg[]): number {
    return this.call('RPUSH', key, ...values) as number
  }

  lrange(key: Arg, start: number, stop: number): string[] {
    return this.call('LRANGE', key, start, stop) as string[]
  }

  sadd(key: Arg, ...members: Arg[]): number {
    return this.call('SADD', key, ...members) as number
  }

  smembers(key: Arg): string[] {
    return this.call('SMEMBERS', key) as string[]
  }

  zadd(key: Arg, ...scoresAndMembers: Arg[]): number | string | null {
    return this.call('ZADD', key, ...scoresAndMembers) as number | string | null
  }

  zrange(key: Arg, start: Arg, stop: Arg, ...options: Arg[]): string[] {
    return this.call('ZRANGE', key, start, stop, ...options) as string[]
  }

  flushall(): 'OK' {
    return this.call('FLUSHALL') as 'OK'
  }

  /** Sends a message to a channel; returns how many subscribers got it. */
  publish(channel: Arg, message: Arg): number {
    return this.call('PUBLISH', channel, message) as number
  }

  /** Watches keys for the next `multi()` (or MULTI) of this client. */
  watch(...keys: Arg[]): 'OK' {
    return this.call('WATCH', ...keys) as 'OK'
  }

  unwatch(): 'OK' {
    return this.call('UNWATCH') as 'OK'
  }
}
