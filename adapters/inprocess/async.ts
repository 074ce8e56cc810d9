/**
 * `RedletAsync`: the promise-based in-process client. Unlike the synchronous
 * `Redlet`, its blocking commands (BLPOP, BRPOP, BLMOVE, BZPOPMIN...) really
 * wait: the promise settles when a push from any client of the engine serves
 * it, or with the timeout reply.
 */
import { Engine, type EngineOptions, type Reply, type Session } from '../../src/index.js'
import { MessageHub, splitExec, toInvalidation, toMessage, type Invalidation } from './messages.js'
import { Multi } from './multi.js'
import { CommandQueue } from './queue.js'
import { toArg, type Arg, type RedletOptions } from './redlet.js'
import { ReplyError, toJs, type JsValue, type MapOptions } from './reply.js'
import { Subscription } from './subscription.js'

export { ClientClosedError } from './queue.js'

/**
 * A promise-based client on an in-process engine. Commands run in the order
 * they were called; a blocked command holds back the ones after it, as on a
 * Redis connection. Each command still runs synchronously inside the engine,
 * so a command whose promise is pending has already taken effect unless it is
 * waiting on a blocking command before it.
 *
 * @example
 * ```ts
 * import { Redlet, RedletAsync } from 'redlet/inprocess'
 * const r = new Redlet()
 * const worker = new RedletAsync({ engine: r.engine })
 * const job = worker.brpop('jobs', 5) // waits up to 5 s
 * r.lpush('jobs', 'resize:42')
 * await job // ['jobs', 'resize:42']
 * ```
 */
export class RedletAsync {
  readonly engine: Engine
  readonly session: Session
  /** Messages for SUBSCRIBE sent through `call` (RESP3); `pubsub()` is the simpler way. */
  readonly messages = new MessageHub()
  /** CLIENT TRACKING invalidations for this client, as on `Redlet`. */
  readonly invalidations = new MessageHub<Invalidation>()
  private readonly bytes: boolean
  private readonly queue: CommandQueue
  private readonly password: string | undefined

  constructor(options: RedletOptions = {}) {
    const engineOptions: EngineOptions = {}
    if (options.clock) engineOptions.clock = options.clock
    if (options.config) engineOptions.config = options.config
    if (options.random) engineOptions.random = options.random
    this.engine = options.engine ?? new Engine(engineOptions)
    this.bytes = options.bytes ?? false
    this.password = options.password
    this.queue = new CommandQueue(
      this.engine,
      {
        message: (r) => this.messages.push(toMessage(r, this.bytes)),
        invalidate: (r) => {
          const inv = toInvalidation(r, this.bytes)
          if (inv !== null) this.invalidations.push(inv)
        },
        closed: () => this.close(),
      },
      options.autoTick !== false,
    )
    this.session = this.queue.session
    this.session.proto = options.protocol ?? 2
    // setup runs at once, and throws as the synchronous client does
    if (options.password !== undefined) this.setup('AUTH', options.password)
    if (options.db) this.setup('SELECT', options.db)
  }

  private setup(...args: Arg[]): void {
    const out = this.queue.run(args.map(toArg))
    if (!(out instanceof Promise)) this.convert(out, false)
  }

  /** Runs any command; rejects with ReplyError on an error reply. */
  call(...args: Arg[]): Promise<JsValue> {
    return this.run(args, this.bytes)
  }

  /** Like `call`, with bulk replies as Uint8Array. */
  callBuffer(...args: Arg[]): Promise<JsValue> {
    return this.run(args, true)
  }

  private run(args: Arg[], bytes: boolean): Promise<JsValue> {
    const argv = args.map(toArg)
    const exec = (argv[0] ?? '').toLowerCase() === 'exec'
    return this.submit([argv]).then(([replies]) => this.convert(exec ? this.execReplies(replies ?? []) : (replies ?? []), bytes))
  }

  /** A transaction builder whose `exec()` returns a promise (see `Redlet.multi`). */
  multi(): Multi<Promise<JsValue[] | null>> {
    return new Multi((commands) => {
      const argvs = [['MULTI'], ...commands.map((c) => c.map(toArg)), ['EXEC']]
      return this.submit(argvs).then((replies) => {
        const errors: ReplyError[] = []
        for (const r of replies.slice(1, -1)) {
          const first = r[0]
          if (first !== undefined && first.t === 'error') errors.push(new ReplyError(first.v))
        }
        const multi = replies[0]?.[0]
        if (multi !== undefined && multi.t === 'error') throw new ReplyError(multi.v)
        return Multi.result(this.execReplies(replies[replies.length - 1] ?? []), errors, this.options(this.bytes))
      })
    })
  }

  /** A subscriber on the same engine (see `Subscription`). */
  pubsub(options: { bytes?: boolean } = {}): Subscription {
    return new Subscription({ engine: this.engine, bytes: options.bytes ?? this.bytes, ...this.auth() })
  }

  /** Another async client on the same engine, with its own session. */
  client(options: Omit<RedletOptions, 'engine' | 'clock' | 'config' | 'random'> = {}): RedletAsync {
    return new RedletAsync({ bytes: this.bytes, protocol: this.session.proto, ...this.auth(), ...options, engine: this.engine })
  }

  /** Ends the session; commands still waiting reject with ClientClosedError. */
  close(): void {
    if (this.queue.isClosed) return
    this.queue.close()
    this.messages.close()
    this.invalidations.close()
  }

  // ---- blocking commands ----

  /** BLPOP key [key ...] timeout: `[key, value]`, or null on timeout. */
  blpop(...keysAndTimeout: Arg[]): Promise<[string, string] | null> {
    return this.call('BLPOP', ...keysAndTimeout) as Promise<[string, string] | null>
  }

  /** BRPOP key [key ...] timeout: `[key, value]`, or null on timeout. */
  brpop(...keysAndTimeout: Arg[]): Promise<[string, string] | null> {
    return this.call('BRPOP', ...keysAndTimeout) as Promise<[string, string] | null>
  }

  /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout: the moved value, or null. */
  blmove(source: Arg, destination: Arg, from: 'LEFT' | 'RIGHT', to: 'LEFT' | 'RIGHT', timeout: number): Promise<string | null> {
    return this.call('BLMOVE', source, destination, from, to, timeout) as Promise<string | null>
  }

  /** BRPOPLPUSH source destination timeout: the moved value, or null. */
  brpoplpush(source: Arg, destination: Arg, timeout: number): Promise<string | null> {
    return this.call('BRPOPLPUSH', source, destination, timeout) as Promise<string | null>
  }

  /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT n]: `[key, values]`, or null. */
  blmpop(timeout: number, ...args: Arg[]): Promise<[string, string[]] | null> {
    return this.call('BLMPOP', timeout, ...args) as Promise<[string, string[]] | null>
  }

  /** BZPOPMIN key [key ...] timeout: `[key, member, score]`, or null. */
  bzpopmin(...keysAndTimeout: Arg[]): Promise<[string, string, string] | null> {
    return this.call('BZPOPMIN', ...keysAndTimeout) as Promise<[string, string, string] | null>
  }

  /** BZPOPMAX key [key ...] timeout: `[key, member, score]`, or null. */
  bzpopmax(...keysAndTimeout: Arg[]): Promise<[string, string, string] | null> {
    return this.call('BZPOPMAX', ...keysAndTimeout) as Promise<[string, string, string] | null>
  }

  /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT n]. */
  bzmpop(timeout: number, ...args: Arg[]): Promise<JsValue> {
    return this.call('BZMPOP', timeout, ...args)
  }

  // ---- a few common commands; `call` reaches every other one ----

  get(key: Arg): Promise<string | null> {
    return this.call('GET', key) as Promise<string | null>
  }

  set(key: Arg, value: Arg, ...options: Arg[]): Promise<'OK' | string | null> {
    return this.call('SET', key, value, ...options) as Promise<'OK' | string | null>
  }

  del(...keys: Arg[]): Promise<number> {
    return this.call('DEL', ...keys) as Promise<number>
  }

  lpush(key: Arg, ...values: Arg[]): Promise<number> {
    return this.call('LPUSH', key, ...values) as Promise<number>
  }

  rpush(key: Arg, ...values: Arg[]): Promise<number> {
    return this.call('RPUSH', key, ...values) as Promise<number>
  }

  zadd(key: Arg, ...scoresAndMembers: Arg[]): Promise<number | string | null> {
    return this.call('ZADD', key, ...scoresAndMembers) as Promise<number | string | null>
  }

  publish(channel: Arg, message: Arg): Promise<number> {
    return this.call('PUBLISH', channel, message) as Promise<number>
  }

  watch(...keys: Arg[]): Promise<'OK'> {
    return this.call('WATCH', ...keys) as Promise<'OK'>
  }

  unwatch(): Promise<'OK'> {
    return this.call('UNWATCH') as Promise<'OK'>
  }

  // ---- the queue ----

  private auth(): { password?: string } {
    return this.password === undefined ? {} : { password: this.password }
  }

  private options(bytes: boolean): MapOptions {
    return { bytes, proto: this.session.proto }
  }

  private submit(argvs: string[][]): Promise<Reply[][]> {
    return this.queue.submit(argvs)
  }

  private execReplies(replies: Reply[]): Reply[] {
    const split = splitExec(replies)
    for (const m of split.messages) this.messages.push(toMessage(m, this.bytes))
    return split.replies
  }

  private convert(replies: Reply[], bytes: boolean): JsValue {
    const o = this.options(bytes)
    if (replies.length === 0) return null
    const first = toJs(replies[0] as Reply, o)
    if (first instanceof ReplyError) throw first
    if (replies.length === 1) return first
    return [first, ...replies.slice(1).map((r) => toJs(r, o))]
  }
}
