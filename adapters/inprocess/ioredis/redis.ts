/**
 * `Redis`: an ioredis 6 compatible client on an in-process engine.
 */
import { REDLET_VERSION, type Engine, type Reply } from '../../../src/index.js'
import { splitExec } from '../messages.js'
import { ClientClosedError, CommandQueue } from '../queue.js'
import { decodeText, ReplyError } from '../reply.js'
import { buildArgv, prefixKeys } from './args.js'
import { bytesOut } from './bytes.js'
import { asCallback, Command, installCommands, installScript, makeScript, takeCallback, type Callback, type CommandTarget, type Script } from './commander.js'
import { convert, Kind, replyKind, transformReply, type ConvertOptions, type Encoding } from './convert.js'
import { EventEmitter } from './emitter.js'
import { commandError, emitMessage, subscribed, type Condition } from './subscriptions.js'
import { engineFor, parseOptions, type ResolvedOptions, type ScriptDefinition } from './options.js'
import { Pipeline } from './pipeline.js'
import type { CommandMethods } from './types.js'
import { ScanStream, type ScanStreamOptions } from './scan-stream.js'

export type RedisStatus = 'wait' | 'connecting' | 'connect' | 'ready' | 'close' | 'reconnecting' | 'end'

export { SubscriptionSet, type Condition } from './subscriptions.js'

const CLOSED = 'Connection is closed.'
const SUBSCRIBER_ONLY = 'Connection in subscriber mode, only subscriber commands may be used'
const VALID_IN_SUBSCRIBER_MODE = new Set(['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe', 'ping', 'quit'])

const noop = (): void => {}

/** ioredis rejects commands of a closed connection with a plain Error. */
function closedError(e: unknown): never {
  throw e instanceof ClientClosedError ? new Error(CLOSED) : e
}

/**
 * An ioredis 6 compatible client whose "server" is an in-process engine.
 *
 * - **Sharing follows reality.** Clients naming the same host and port (by
 *   default 127.0.0.1:6379; `localhost` is the same) share one engine, so a
 *   publisher and a subscriber created separately talk to each other.
 *   `new Redis({ engine })` uses that engine instead (isolation), and
 *   `duplicate()` shares its client's engine.
 * - **Time is controllable.** `clock: new ManualClock(t)` makes TTLs, blocking
 *   timeouts and active expiry follow `clock.advance(ms)`; with the default
 *   clock they follow `Date.now()` and timers, so vitest's fake timers work too.
 *
 * @example
 * ```ts
 * import Redis from 'redlet/ioredis'
 * const redis = new Redis()
 * await redis.set('k', 'v', 'EX', 10)
 * await redis.hset('user:1', { name: 'ada', age: 36 })
 * await redis.hgetall('user:1') // { name: 'ada', age: '36' }
 * const [[, a], [, b]] = await redis.pipeline().incr('n').incr('n').exec() // a 1, b 2
 * ```
 */
// the command methods, made from the table at load time (installCommands below)
export interface Redis extends CommandMethods<'promise'> {}

export class Redis extends EventEmitter implements CommandTarget {
  static readonly Command = Command
  static readonly ReplyError = ReplyError

  static createClient(...args: unknown[]): Redis {
    return new Redis(...args)
  }

  readonly options: ResolvedOptions
  readonly engine: Engine
  readonly isCluster = false
  status: RedisStatus = 'wait'
  condition: Condition | null = null
  /** Scripts of `defineCommand`, by name (pipelines copy them). */
  readonly scriptsSet: Record<string, Script> = {}
  private queue: CommandQueue | null = null
  private manuallyClosing = false
  private offline: (() => void)[] = []
  private messages: Reply[] = []
  private loadedScripts = new Set<string>()
  private readonly text: ConvertOptions
  private readonly bytes: ConvertOptions

  constructor(...args: unknown[]) {
    super()
    this.options = parseOptions(args)
    this.engine = engineFor(this.options)
    this.text = { encoding: 'utf8', stringNumbers: this.options.stringNumbers }
    this.bytes = { encoding: null, stringNumbers: this.options.stringNumbers }
    for (const [name, def] of Object.entries(this.options.scripts ?? {})) this.defineCommand(name, def)
    if (this.options.lazyConnect) this.setStatus('wait')
    else this.connect().catch(noop)
  }

  /** `normal`, or `subscriber` while a RESP2 client is subscribed (then only subscriber commands run). */
  get mode(): 'normal' | 'subscriber' {
    const c = this.condition
    return c !== null && c.subscriber !== false && c.protocol !== 3 ? 'subscriber' : 'normal'
  }

  // ---- connection ----

  /** Connects (done by the constructor unless `lazyConnect`); resolves when ready. */
  connect(callback?: Callback<void>): Promise<void> {
    const p = new Promise<void>((resolve, reject) => {
      if (this.status === 'connecting' || this.status === 'connect' || this.status === 'ready') {
        reject(new Error('Redis is already connecting/connected'))
        return
      }
      this.manuallyClosing = false
      this.setStatus('connecting')
      this.open()
      void Promise.resolve().then(() => {
        if (this.status !== 'connecting') {
          reject(new Error(CLOSED))
          return
        }
        this.setStatus('connect')
        this.ready()
        resolve()
      })
    })
    return asCallback(p, callback)
  }

  /** A new session on the engine, with the handshake ioredis sends (HELLO, AUTH, SELECT, CLIENT SETNAME/SETINFO). */
  private open(): void {
    const o = this.options
    const queue = new CommandQueue(this.engine, { message: (r) => this.onMessage(r), closed: () => this.onClosed(queue) }, o.autoTick !== false)
    this.queue = queue
    this.loadedScripts = new Set()
    this.condition = { select: o.db, subscriber: false, protocol: o.protocol }
    const send = (argv: string[], onError: (message: string) => void): void => {
      const r = queue.run(argv)
      const first = Array.isArray(r) ? r[0] : undefined
      if (first !== undefined && first.t === 'error') onError(first.v)
    }
    const auth = (message: string): void => {
      // ioredis warns when a password is given to a server that has none
      if (message.includes('no password is set') || message.includes('without any password configured')) this.warn('[WARN] Redis server does not require a password, but a password was supplied.')
      else this.emitLater('error', new ReplyError(message))
    }
    const user = o.username ?? 'default'
    if (o.protocol === 3) {
      const hello = ['HELLO', '3']
      if (o.password) hello.push('AUTH', user, o.password)
      send(hello, auth)
    } else if (o.password) send(o.username ? ['AUTH', o.username, o.password] : ['AUTH', o.password], auth)
    if (o.db) send(['SELECT', String(o.db)], (m) => this.emitLater('error', new ReplyError(m)))
    if (o.connectionName) send(['CLIENT', 'SETNAME', o.connectionName], noop)
    if (!o.disableClientInfo) {
      send(['CLIENT', 'SETINFO', 'LIB-VER', REDLET_VERSION], noop)
      send(['CLIENT', 'SETINFO', 'LIB-NAME', o.clientInfoTag ? `redlet-ioredis(${o.clientInfoTag})` : 'redlet-ioredis'], noop)
    }
  }

  private ready(): void {
    this.setStatus('ready')
    const offline = this.offline
    this.offline = []
    for (const run of offline) run()
  }

  /** The engine closed the session: after QUIT (or `disconnect`), the end; after CLIENT KILL, a reconnect. */
  private onClosed(queue: CommandQueue): void {
    if (queue !== this.queue) return
    queue.close()
    this.queue = null
    const subs = this.condition?.subscriber
    this.setStatus('close')
    if (this.manuallyClosing) {
      this.finish()
      return
    }
    this.setStatus('reconnecting')
    this.setStatus('connecting')
    this.open()
    if (subs && this.options.autoResubscribe) {
      for (const kind of ['subscribe', 'psubscribe', 'ssubscribe']) {
        const names = subs.channels(kind)
        if (names.length !== 0) this.sendNamed(kind, names, 'utf8', undefined) as Promise<unknown>
      }
    }
    this.setStatus('connect')
    this.ready()
  }

  private finish(): void {
    this.manuallyClosing = false
    const offline = this.offline
    this.offline = []
    for (const run of offline) run()
    this.setStatus('end')
  }

  /** Closes at once; commands still waiting (a BLPOP) reject with "Connection is closed.". */
  disconnect(reconnect = false): void {
    if (!reconnect) this.manuallyClosing = true
    const queue = this.queue
    this.queue = null
    if (queue !== null) queue.close()
    if (this.status === 'end') return
    this.setStatus('close')
    if (reconnect) {
      this.status = 'wait'
      this.connect().catch(noop)
    } else this.finish()
  }

  /** @deprecated as in ioredis: use `disconnect()`. */
  end(): void {
    this.disconnect()
  }

  /** QUIT: the reply, then the connection ends. */
  quit(callback?: Callback<'OK'>): Promise<'OK'> {
    this.manuallyClosing = true
    return this.sendNamed('quit', [], 'utf8', callback as Callback | undefined) as Promise<'OK'>
  }

  /** A new client with the same options (and so the same engine). */
  duplicate(override: Partial<ResolvedOptions> = {}): Redis {
    return new Redis({ ...this.options, engine: this.engine, ...override })
  }

  private setStatus(status: RedisStatus, arg?: unknown): void {
    this.status = status
    this.emitLater(status, arg)
  }

  /** Events go out after the current call stack, as ioredis's process.nextTick does. */
  private emitLater(event: string, ...args: unknown[]): void {
    void Promise.resolve().then(() => this.silentEmit(event, ...args))
  }

  /** Emits when someone listens; an unheard error is logged, as ioredis does. */
  silentEmit(event: string, ...args: unknown[]): boolean {
    if (this.listenerCount(event) > 0) return this.emit(event, ...args)
    if (event === 'error' && args[0] instanceof Error) (globalThis as { console?: { error(...a: unknown[]): void } }).console?.error('[ioredis] Unhandled error event:', args[0].stack)
    return false
  }

  private warn(message: string): void {
    ;(globalThis as { console?: { warn(...a: unknown[]): void } }).console?.warn(message)
  }

  // ---- commands ----

  /** Runs any command: `call('set', 'k', 'v')` or `call('set', ['k', 'v'])`. */
  call(command: string, ...args: unknown[]): Promise<unknown> {
    return this.sendNamed(command, args, 'utf8', takeCallback(args)) as Promise<unknown>
  }

  callBuffer(command: string, ...args: unknown[]): Promise<unknown> {
    return this.sendNamed(command, args, null, takeCallback(args)) as Promise<unknown>
  }

  send_command(command: string, ...args: unknown[]): Promise<unknown> {
    return this.call(command, ...args)
  }

  /** Sends an ioredis `Command` (replies as bytes unless it has a `replyEncoding`). */
  sendCommand(command: Command): Promise<unknown> {
    this.run(command.name, command.args, command.replyEncoding).then(command.resolve, command.reject)
    return command.promise
  }

  sendNamed(name: string, args: unknown[], encoding: Encoding, callback: Callback | undefined): Promise<unknown> {
    return asCallback(this.run(name, args, encoding), callback)
  }

  /** Prepares argv: ioredis's argument rules, then the key prefix. */
  prepare(name: string, args: readonly unknown[]): string[] {
    const argv = buildArgv(name, args)
    if (this.options.keyPrefix) prefixKeys(this.engine, argv, this.options.keyPrefix)
    return argv
  }

  private run(name: string, args: readonly unknown[], encoding: Encoding): Promise<unknown> {
    let argv: string[]
    try {
      argv = this.prepare(name, args)
    } catch (e) {
      return Promise.reject(e)
    }
    return this.runArgv(name, argv, encoding)
  }

  /** Sends a prepared command now, or after the connection is ready. */
  runArgv(name: string, argv: string[], encoding: Encoding): Promise<unknown> {
    if (this.status === 'end') return Promise.reject(new Error(CLOSED))
    if (this.status === 'wait') this.connect().catch(noop)
    if (this.mode === 'subscriber' && !VALID_IN_SUBSCRIBER_MODE.has(name.toLowerCase())) return Promise.reject(new Error(SUBSCRIBER_ONLY))
    if (this.status !== 'ready' || this.queue === null) {
      return new Promise((resolve, reject) => {
        this.offline.push(() => {
          if (this.queue === null) reject(new Error(CLOSED))
          else this.dispatch(name, argv, encoding).then(resolve, reject)
        })
      })
    }
    return this.dispatch(name, argv, encoding)
  }

  private dispatch(name: string, argv: string[], encoding: Encoding): Promise<unknown> {
    const queue = this.queue as CommandQueue
    let r: Reply[] | Promise<Reply[]>
    try {
      r = queue.run(argv)
    } catch (e) {
      return Promise.reject(e)
    }
    if (r instanceof Promise) return r.then((replies) => this.settle(name, argv, replies, encoding), closedError)
    try {
      return Promise.resolve(this.settle(name, argv, r, encoding))
    } catch (e) {
      return Promise.reject(e)
    }
  }

  /** Runs prepared commands in order (a pipeline); resolves with each one's replies. */
  runBatch(argvs: string[][]): Promise<Reply[][]> {
    if (this.status === 'end') return Promise.reject(new Error(CLOSED))
    if (this.status === 'wait') this.connect().catch(noop)
    if (this.status !== 'ready' || this.queue === null) {
      return new Promise((resolve, reject) => {
        this.offline.push(() => {
          if (this.queue === null) reject(new Error(CLOSED))
          else this.queue.submit(argvs).catch(closedError).then(resolve, reject)
        })
      })
    }
    return this.queue.submit(argvs).catch(closedError)
  }

  /**
   * A command's replies as ioredis delivers them: its value (transformed), a
   * subscription count, or a thrown ReplyError.
   */
  settle(name: string, argv: readonly string[], replies: Reply[], encoding: Encoding): unknown {
    const kind = replyKind(name)
    if (kind === Kind.Subscribe) return subscribed(this.condition, name.toLowerCase(), argv, replies, this.text)
    if (kind === Kind.Exec) {
      const split = splitExec(replies)
      replies = split.replies
      for (const m of split.messages) this.onMessage(m)
    }
    const r = replies[0]
    if (r === undefined) return null
    if (r.t === 'error') throw commandError(r.v, name, argv)
    if (kind === Kind.Plain) {
      // the hot path: no transformer applies
      if (r.t === 'bulk' || r.t === 'simple') return encoding === null ? bytesOut(r.v) : decodeText(r.v)
      if (r.t === 'int' && typeof r.v === 'number' && !this.options.stringNumbers) return r.v
      if (r.t === 'null') return null
      return convert(r, encoding === null ? this.bytes : this.text)
    }
    if (kind === Kind.Select && this.condition !== null) {
      const db = Number(argv[1])
      if (this.condition.select !== db) {
        this.condition.select = db
        this.emitLater('select', db)
      }
    }
    const value = convert(r, encoding === null ? this.bytes : this.text)
    return transformReply(name, value, this.condition?.protocol ?? 3)
  }

  // ---- pub/sub messages ----

  /** A published message for this client (emitted after the current call stack). */
  receiveMessage(r: Reply): void {
    this.onMessage(r)
  }

  private onMessage(r: Reply): void {
    this.messages.push(r)
    if (this.messages.length === 1) void Promise.resolve().then(() => this.flushMessages())
  }

  private flushMessages(): void {
    const batch = this.messages
    this.messages = []
    for (const m of batch) emitMessage(this, m)
  }

  // ---- transactions, pipelines, scripts, scans ----

  /** A pipeline: queue commands, then `exec()` resolves with `[err, result]` pairs. */
  pipeline(commands?: unknown[][]): Pipeline {
    const p = new Pipeline(this, false)
    if (Array.isArray(commands)) p.addBatch(commands)
    return p
  }

  /**
   * MULTI: a pipeline whose `exec()` resolves with `[err, result]` pairs of the
   * transaction (null when a watched key changed) and rejects with EXECABORT.
   * `multi({ pipeline: false })` sends MULTI at once instead.
   */
  multi(options: { pipeline: false }): Promise<'OK'>
  multi(commands?: unknown[][], options?: { pipeline?: true }): Pipeline
  multi(options: { pipeline?: true }): Pipeline
  multi(commands?: unknown[][] | { pipeline?: boolean }, options?: { pipeline?: boolean }): Pipeline | Promise<unknown> {
    if (options === undefined && !Array.isArray(commands)) {
      options = commands
      commands = undefined
    }
    if (options && options.pipeline === false) return this.sendNamed('multi', [], 'utf8', undefined) as Promise<'OK'>
    const p = new Pipeline(this, true)
    if (Array.isArray(commands)) p.addBatch(commands)
    return p
  }

  /** EXEC after `multi({ pipeline: false })`: `[err, result]` pairs, or null. */
  exec(callback?: Callback<unknown>): Promise<unknown> {
    const p = this.sendNamed('exec', [], 'utf8', undefined).then((results) =>
      Array.isArray(results) ? results.map((x: unknown) => (x instanceof Error ? [x] : [null, x])) : results,
    )
    return asCallback(p, callback)
  }

  /**
   * A command running a Lua script by EVALSHA (EVAL the first time on this
   * connection, or when the script cache was flushed). Needs a script engine:
   * `new Redis({ scripting: installLua })` with `installLua` from `redlet/lua`.
   */
  defineCommand(name: string, definition: ScriptDefinition): void {
    const script = makeScript(definition)
    this.scriptsSet[name] = script
    installScript(this, name, script)
  }

  runScript(script: Script, args: unknown[], encoding: Encoding, callback: Callback | undefined): Promise<unknown> {
    const rest = script.args(args)
    const evalsha = (): Promise<unknown> =>
      this.run('evalsha', [script.sha, ...rest], encoding).catch((e: unknown) => {
        if (!(e instanceof Error) || !e.message.includes('NOSCRIPT')) throw e
        return this.run('eval', [script.lua, ...rest], encoding)
      })
    let p: Promise<unknown>
    if (this.loadedScripts.has(script.sha)) p = evalsha()
    else {
      this.loadedScripts.add(script.sha)
      p = this.run('eval', [script.lua, ...rest], encoding)
    }
    return asCallback(p, callback)
  }

  /** Whether this connection sent the script before (ioredis then uses EVALSHA). */
  scriptLoaded(sha: string, mark: boolean): boolean {
    const had = this.loadedScripts.has(sha)
    if (mark) this.loadedScripts.add(sha)
    return had
  }

  scanStream(options: ScanStreamOptions = {}): ScanStream {
    return new ScanStream(this, 'scan', undefined, options)
  }

  scanBufferStream(options: ScanStreamOptions = {}): ScanStream {
    return new ScanStream(this, 'scanBuffer', undefined, options)
  }

  sscanStream(key: unknown, options: ScanStreamOptions = {}): ScanStream {
    return new ScanStream(this, 'sscan', key, options)
  }

  sscanBufferStream(key: unknown, options: ScanStreamOptions = {}): ScanStream {
    return new ScanStream(this, 'sscanBuffer', key, options)
  }

  hscanStream(key: unknown, options: ScanStreamOptions = {}): ScanStream {
    return new ScanStream(this, 'hscan', key, options)
  }

  hscanBufferStream(key: unknown, options: ScanStreamOptions = {}): ScanStream {
    return new ScanStream(this, 'hscanBuffer', key, options)
  }

  zscanStream(key: unknown, options: ScanStreamOptions = {}): ScanStream {
    return new ScanStream(this, 'zscan', key, options)
  }

  zscanBufferStream(key: unknown, options: ScanStreamOptions = {}): ScanStream {
    return new ScanStream(this, 'zscanBuffer', key, options)
  }
}

installCommands(Redis.prototype)
