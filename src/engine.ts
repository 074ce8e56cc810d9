/**
 * The engine: databases, sessions and the command dispatcher. Everything is
 * synchronous, so a command, an EXEC or a script runs with nothing in between.
 */
import { argsOf, BLOCKED, CommandContext } from './commands/context.js'
import type { Command } from './commands/define.js'
import { CommandStatsTable, engineStats } from './core/stats.js'
import { libraryCodes, replaceLibraries, scriptDenyOom } from './commands/scripting-run.js'
import { commandTable } from './commands/table.js'
import { Blocking } from './core/blocking.js'
import { systemClock, type Clock } from './core/clock.js'
import { Config } from './core/config.js'
import { configSpecs } from './core/config-specs.js'
import { ExpireCycle } from './core/expire-cycle.js'
import { readLimits } from './core/limits.js'
import { Db } from './core/keyspace.js'
import { Eviction } from './core/eviction.js'
import { Acl } from './core/acl.js'
import { AclLog } from './core/acl-log.js'
import { aclDenied } from './commands/acl.js'
import { commandKeys } from './commands/server-command.js'
import { protectedRefusal } from './commands/protected.js'
import { dbMemory, ENGINE_BYTES, touchedMemory } from './core/memory.js'
import { prepareRestore, snapshotDatabases } from './core/snapshot.js'
import { Watches } from './core/watch.js'
import { Tracking } from './core/tracking.js'
import { Monitors } from './core/monitor.js'
import { SlowLog } from './core/slowlog.js'
import { keyExpired, nextDeadline, runInternal, serveBlocked, tick, unblock } from './engine-timed.js'
import { NOTIFY_KEY_MISS, NOTIFY_KEYEVENT, NOTIFY_KEYSPACE, NOTIFY_NEW, parseNotifyFlags } from './core/notify.js'
import { Propagation, type PropagateListener } from './core/propagation.js'
import { PubSub } from './core/pubsub.js'
import type { EncodingLimits } from './core/values/types.js'
import type { ScriptingHost } from './core/scripting.js'
import type { PersistenceHost } from './core/persistence.js'
import { CommandError, DiagnosticErr, Err, errorWithoutPrefix, execAbortQueued, MessagingErr, pubsubContext, unknownCommand, unknownSubcommand, wrongArity } from './errors.js'
import { error, QUEUED, type Reply } from './resp/types.js'
import { Session, type BlockState, type ReplySink, type SessionOptions } from './session.js'

export interface EngineOptions {
  /** Time source (ms since epoch). Defaults to `Date.now()`. */
  clock?: Clock
  /** Config values applied at start, by name (as redis.conf would set them). */
  config?: Record<string, string | number>
  /** Random numbers in [0, 1). Defaults to `Math.random`. */
  random?: () => number
  /** A high-resolution timer in ms for INFO commandstats (Node: `performance.now`). */
  hrtime?: () => number
  /** Called with internal errors; in strict mode (tests) they are rethrown instead. */
  onError?: (e: unknown) => void
  strict?: boolean
  /** Process facts INFO shows (pid, port, executable...), supplied by the adapter. */
  serverInfo?: Record<string, string | number>
}

export type { PropagateListener } from './core/propagation.js'

export { REDIS_VERSION } from './version.js'

const MULTI_ALLOWED = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset'])
const PUBSUB_ALLOWED = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset'])

export class Engine {
  readonly clock: Clock
  readonly config: Config
  readonly dbs: Db[]
  readonly commands: Map<string, Command>
  readonly sessions = new Map<number, Session>()
  readonly pubsub = new PubSub()
  readonly blocking = new Blocking()
  readonly monitors = new Monitors(this)
  readonly slowlog = new SlowLog(this)
  readonly random: () => number
  readonly hrtime: (() => number) | null
  readonly startTime: number
  readonly serverInfo: Record<string, string | number>
  /** Collection encoding thresholds, kept in step with the config. */
  readonly limits: EncodingLimits
  /** Enabled keyspace notification classes (0: none, the fast path). */
  notifyFlags = 0
  /** Changes since the last save. */
  dirty = 0
  /** DEBUG SET-ACTIVE-EXPIRE: whether `tick()` runs active expiry. */
  activeExpireEnabled = true
  /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may call `noscript` commands. */
  scriptDenyDisabled = false
  /** The command running now is from a CLIENT NO-TOUCH client: lookups leave LRU/LFU data alone. */
  noTouch = false
  private readonly expireCycle = new ExpireCycle()
  lastSave: number
  readonly stats = engineStats()
  /** Per-command statistics (INFO commandstats): this engine's own. */
  readonly commandStats = new CommandStatsTable()
  private nextSessionId = 1
  private depth = 0
  /** The script engine (EVAL, FCALL): installed by an adapter such as `redlet/lua`, else null. */
  scripting: ScriptingHost | null = null
  /** While a script runs past busy-reply-threshold: handles commands other clients send meanwhile. */
  scriptBusy: ((s: Session, argv: string[]) => boolean) | null = null
  /** Files and process for SAVE, BGSAVE, BGREWRITEAOF, SHUTDOWN: installed by an adapter (node-tcp), else null. */
  persistence: PersistenceHost | null = null
  /** Runs before each write command (a background save keeps the keys it is about to change); may throw a CommandError. */
  beforeWrite: ((cmd: Command, argv: readonly string[], db: number) => void) | null = null
  /** Called for every changed key, after the WATCH bookkeeping (a Durable Object's set of keys to persist); null when unused. */
  onKeyModified: ((db: number, key: string) => void) | null = null
  private readonly propagation = new Propagation()
  readonly watches = new Watches()
  /** CLIENT TRACKING: remembered keys, BCAST prefixes, invalidations (core/tracking.ts). */
  readonly tracking: Tracking = new Tracking(this, commandKeys)
  /** maxmemory and its policies (core/eviction.ts). */
  readonly eviction: Eviction
  /** ACL users (core/acl.ts) and the log of refusals. */
  readonly acl: Acl
  readonly aclLog = new AclLog()
  /** The last eviction before a command left memory over the limit: scripts refuse denyoom calls (Redis's pre_command_oom_state). */
  oomBeforeCommand = false
  private readonly onError: (e: unknown) => void
  private readonly strict: boolean
  private readonly internal: Session

  constructor(options: EngineOptions = {}) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
    this.hrtime = options.hrtime ?? null
    this.strict = options.strict ?? false
    this.onError = options.onError ?? (() => {})
    this.serverInfo = options.serverInfo ?? {}
    this.config = new Config(configSpecs)
    for (const [k, v] of Object.entries(options.config ?? {})) this.config.set(k, String(v), true)
    this.limits = readLimits(this.config)
    // the stored notify flags drop `n` after `A` (as CONFIG GET shows them): parse what was given
    let notifyInput = this.config.get('notify-keyspace-events')
    for (const [k, v] of Object.entries(options.config ?? {})) if (this.config.spec(k)?.name === 'notify-keyspace-events') notifyInput = String(v)
    this.config.onChange((name, value, input) => {
      if (name === 'notify-keyspace-events') this.notifyFlags = parseNotifyFlags(input)
      if (name === 'maxmemory-policy' || name.startsWith('lfu-')) for (const db of this.dbs) db.configureAccess(this.config)
      readLimits(this.config, this.limits)
    })
    this.notifyFlags = parseNotifyFlags(notifyInput)
    this.commands = commandTable
    const n = this.config.getInt('databases')
    this.dbs = []
    for (let i = 0; i < n; i++) {
      this.dbs.push(
        new Db(i, {
          onExpired: (db, key) => keyExpired(this, db, key),
          onMiss: (db, key) => this.notify(NOTIFY_KEY_MISS, 'keymiss', db.id, key),
          onNew: (db, key) => this.notify(NOTIFY_NEW, 'new', db.id, key),
          now: () => this.clock.now(),
          random: this.random,
          stats: this.stats,
          noTouch: () => this.noTouch,
        }),
      )
    }
    for (const db of this.dbs) db.configureAccess(this.config)
    this.eviction = new Eviction(this)
    this.acl = new Acl(this.commands.values(), commandKeys)
    this.acl.setRequirePass(this.config.get('requirepass'))
    this.config.onChange((name, value) => {
      if (name === 'requirepass') this.acl.setRequirePass(value)
    })
    this.startTime = this.clock.now()
    this.lastSave = this.startTime
    this.internal = new Session(0, { write: () => {} }, this.startTime, { kind: 'script' })
    this.internal.authenticated = true
  }

  // ---- sessions ----

  /** Registers a client. Its replies and pushes go to `sink`. */
  createSession(sink: ReplySink, options: SessionOptions = {}): Session {
    const s = new Session(this.nextSessionId++, sink, this.clock.now(), options)
    s.authenticated = this.acl.defaultAuthenticates()
    this.sessions.set(s.id, s)
    this.stats.connections++
    return s
  }

  /** Unregisters a client: its subscriptions, block and watches go with it. */
  closeSession(s: Session): void {
    if (!this.sessions.delete(s.id)) return
    this.pubsub.unsubscribeAll(s)
    this.blocking.remove(s)
    this.watches.unwatchAll(s)
    if (s.tracking !== null) this.tracking.disable(s)
    s.multi = null
  }

  /** Whether the session can wait for a reply (its adapter delivers replies later). */
  canBlock(s: Session): boolean {
    return s.kind !== 'script' && s.kind !== 'rest' && s.sink.unblocked !== undefined
  }

  private contexts = new WeakMap<Session, CommandContext>()

  /** The last context used: a client running many commands in a row skips the WeakMap. */
  private lastContext: CommandContext | null = null

  /** The context a session's commands run with (one per session). */
  contextOf(s: Session): CommandContext {
    const last = this.lastContext
    if (last !== null && last.session === s) return last
    let ctx = this.contexts.get(s)
    if (!ctx) this.contexts.set(s, (ctx = new CommandContext(this, s)))
    this.lastContext = ctx
    return ctx
  }

  // ---- dispatch ----

  /** Looks a command up by name, case-insensitively. */
  lookup(name: string): Command | undefined {
    // a client repeating one command (a loop of SETs) skips the table
    if (name === this.lookupName) return this.lookupCommand
    const cmd = this.commands.get(name) ?? this.commands.get(name.toLowerCase())
    if (cmd !== undefined) {
      this.lookupName = name
      this.lookupCommand = cmd
    }
    return cmd
  }

  private lookupName = ''
  private lookupCommand: Command | undefined = undefined

  /**
   * Runs one command for a session. Replies go to the session's sink; a blocked
   * command replies later. Never awaits.
   */
  dispatch(s: Session, argv: string[]): void {
    if (this.depth !== 0) {
      // a script past busy-reply-threshold lets other clients in: BUSY, SCRIPT KILL (commands/scripting-run.ts)
      if (this.scriptBusy !== null && this.scriptBusy(s, argv)) return
      throw new Error('re-entrant dispatch: a sink must not run commands synchronously')
    }
    this.depth++
    const tracking = this.tracking
    tracking.current = s
    try {
      if (tracking.clients !== 0) tracking.beforeCommand()
      this.process(s, argv)
      this.afterCommand(s)
    } finally {
      this.depth--
      tracking.current = null
    }
  }

  private reject(s: Session, cmd: Command | null, message: string): void {
    if (cmd) this.commandStats.of(cmd).rejected++
    if (s.multi !== null) s.multiError = true
    if (cmd !== null && cmd.name === 'exec') {
      // Redis 7.0 words any refusal of EXEC itself as an abort, and drops the transaction
      message = execAbortQueued(errorWithoutPrefix(message))
      this.watches.endTransaction(s)
    }
    this.countError(message)
    s.reply(error(message))
  }

  private process(s: Session, argv: string[]): void {
    // no clock read here for in-process clients (no idle timeout) nor TCP ones (the adapter stamps each batch)
    if (s.kind !== 'inprocess' && s.kind !== 'tcp') s.lastInteraction = this.clock.now()
    if (s.replyMode === 'skip') {
      s.skipThis = true
      s.replyMode = 'on'
    } else s.skipThis = false
    const name = argv[0] as string
    let cmd = this.lookup(name)
    // CLIENT LIST's cmd= shows the last command looked up, queued or refused ones included
    s.lastCommand = 'NULL'
    if (cmd === undefined) return this.reject(s, null, unknownCommand(name, argv.slice(1)))
    if (cmd.subs !== null && argv.length >= 2) {
      const sub = cmd.subs.get((argv[1] as string).toLowerCase())
      // no command was found, so none counts the refusal in INFO commandstats
      if (sub === undefined) return this.reject(s, null, unknownSubcommand(argv[1] as string, cmd.name))
      cmd = sub
    }
    s.lastCommand = cmd.fullName
    const arity = cmd.arity
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity) return this.reject(s, cmd, wrongArity(cmd.fullName))
    if (cmd.protectedBy !== undefined) {
      const refused = protectedRefusal(this, s, cmd.protectedBy)
      if (refused !== null) return this.reject(s, cmd, refused)
    }
    if (!s.authenticated && !cmd.noAuth) return this.reject(s, cmd, Err.noAuth)
    const denied = this.acl.open(s.user) ? null : aclDenied(this, s, cmd, argv)
    if (denied !== null) return this.reject(s, cmd, denied)
    if (this.eviction.max !== 0 && this.eviction.refuses(s, cmd, argv)) return this.reject(s, cmd, Err.oom)
    if (s.proto === 2 && s.subscriptionCount !== 0 && !PUBSUB_ALLOWED.has(cmd.parent?.name ?? cmd.name)) {
      return this.reject(s, cmd, pubsubContext(cmd.fullName))
    }
    if (this.monitors.size !== 0 && this.monitors.refuses(s, cmd)) return this.reject(s, cmd, DiagnosticErr.replicaKeyspace)
    if (s.multi !== null && cmd.allFlags.includes('no_multi')) return this.reject(s, cmd, MessagingErr.noMulti)
    if (s.multi !== null && (cmd.parent !== null || !MULTI_ALLOWED.has(cmd.name))) {
      s.multi.push({ cmd, argv })
      s.reply(QUEUED)
      return
    }
    const r = this.execute(s, cmd, argv)
    if (r !== undefined && r !== BLOCKED) s.reply(r)
    if (this.monitors.size !== 0) this.monitors.flush()
  }

  /**
   * Calls a command's handler and returns its reply (undefined when it sent its
   * replies itself, BLOCKED when it blocked). Used by dispatch, EXEC and scripts.
   */
  execute(s: Session, cmd: Command, argv: readonly string[], nested = false): Reply | undefined {
    const ctx = this.contextOf(s)
    const prevArgv = ctx.argv
    const prevCmd = ctx.cmd
    const prevPropagated = ctx.propagated
    const prevNested = ctx.nested
    ctx.argv = argv
    const prevNoTouch = this.noTouch
    this.noTouch = s.noTouch
    ctx.cmd = cmd
    ctx.propagated = false
    ctx.nested = nested || prevNested
    const dirty = this.dirty
    if (this.monitors.size !== 0) this.monitors.before(s, cmd, argv, ctx.nested, ctx.retrying)
    const t0 = this.hrtime ? this.hrtime() : 0
    let r: Reply | undefined
    try {
      const run = cmd.run
      if (!run) throw new Error(`command ${cmd.fullName} has no handler`)
      if (this.beforeWrite !== null && cmd.isWrite) this.beforeWrite(cmd, argv, s.db)
      r = run(ctx, argsOf(argv, cmd.parent ? 2 : 1))
    } catch (e) {
      if (!(e instanceof CommandError)) this.internalError(e)
      r = error(e instanceof CommandError ? e.reply : Err.internal)
    }
    if (this.tracking.clients !== 0 && cmd.isReadonly) this.tracking.read(s, cmd, argv)
    const st = this.commandStats.of(cmd)
    if (r !== undefined && r.t === 'error') {
      st.failed++
      this.countError(r.v)
    }
    st.calls++
    const us = this.hrtime ? Math.round((this.hrtime() - t0) * 1000) : 0
    st.usec += us
    if (us >= this.slowlog.slowerThan && r !== BLOCKED) this.slowlog.push(s, cmd, argv, us)
    if (this.monitors.size !== 0) this.monitors.after(s, cmd, argv, ctx.retrying)
    this.stats.commands++
    if (cmd.isWrite && this.dirty !== dirty && !ctx.propagated && r !== BLOCKED) this.propagate(argv, s.db)
    ctx.argv = prevArgv
    ctx.cmd = prevCmd
    ctx.propagated = prevPropagated
    ctx.nested = prevNested
    this.noTouch = prevNoTouch
    return r
  }

  /** Starts holding propagated writes (a script's effects) to emit them together: see core/propagation.ts. */
  beginPropagationBatch(): boolean {
    return this.propagation.beginBatch()
  }

  endPropagationBatch(): void {
    this.propagation.endBatch()
  }

  private internalError(e: unknown): void {
    if (this.strict) throw e
    this.onError(e)
  }

  private countError(message: string): void {
    this.stats.errorReplies++
    const sp = message.indexOf(' ')
    const code = sp < 0 ? message : message.slice(0, sp)
    this.stats.errors.set(code, (this.stats.errors.get(code) ?? 0) + 1)
  }

  /** Work after each top-level command: serve clients whose keys became ready. */
  private afterCommand(s: Session): void {
    if (this.blocking.count !== 0) serveBlocked(this)
    if (this.tracking.clients !== 0 || this.tracking.pending) this.tracking.afterCommand(s)
  }

  // ---- write hooks ----

  keyModified(db: number, key: string): void {
    this.dirty++
    touchedMemory(this.dbs[db] as Db, key)
    if (this.watches.size !== 0) this.watches.touched(db, key, this.dbs)
    if (this.tracking.active) this.tracking.keyModified(key)
    if (this.onKeyModified !== null) this.onKeyModified(db, key)
    // a blocked client re-checks a changed key: XREADGROUP ends when its stream is deleted or replaced
    if (this.blocking.count !== 0) this.blocking.signal(db, key)
  }

  /** Publishes a keyspace event (`__keyspace@db__:key`, then `__keyevent@db__:event`) when its class is on. */
  notify(type: number, event: string, db: number, key: string): void {
    const flags = this.notifyFlags
    if ((flags & type) === 0 || this.pubsub.idle) return
    if (flags & NOTIFY_KEYSPACE) this.pubsub.publish(`__keyspace@${db}__:${key}`, event)
    if (flags & NOTIFY_KEYEVENT) this.pubsub.publish(`__keyevent@${db}__:${event}`, key)
  }

  propagate(argv: readonly string[], db: number): void {
    this.propagation.emit(argv, db)
  }

  /** Subscribes to every write as it took effect (AOF, storage); returns the unsubscribe function. */
  onPropagate(fn: PropagateListener): () => void {
    return this.propagation.listen(fn)
  }

  // ---- memory ----

  /** The memory estimate of the data (core/memory.ts): what maxmemory limits. */
  usedMemory(): number {
    let n = ENGINE_BYTES
    for (const db of this.dbs) n += dbMemory(db)
    return n
  }

  scriptDenyOom(cmd: Command, argv: readonly string[]): boolean {
    return scriptDenyOom(this, cmd, argv)
  }

  // ---- blocking ----

  blockSession(s: Session, state: BlockState): void {
    s.blocked = state
    this.blocking.add(s)
  }

  /** CLIENT UNBLOCK: ends a block with its timeout reply or an error. */
  unblockClient(s: Session, withError: boolean): boolean {
    const b = s.blocked
    if (b === null) return false
    unblock(this, s, withError ? error(Err.unblocked) : b.timeoutReply)
    return true
  }

  // ---- time ----

  /**
   * Periodic work: active expiry (bounded), blocking timeouts and idle-client
   * timeouts. Adapters call it at `nextDeadline()`.
   */
  tick(): void {
    tick(this)
  }

  /** Active expiry: samples keys with a TTL per database, as Redis's cycle does, within a work budget. */
  activeExpire(budget?: number): number {
    return this.expireCycle.run(this.dbs, this.config.getInt('active-expire-effort'), budget)
  }

  /** When `tick()` should next run, in clock ms; Infinity when nothing is pending. */
  nextDeadline(): number {
    return nextDeadline(this, this.expireCycle.behind)
  }

  // ---- snapshots ----

  /** Every database as bytes (the value codec), TTLs included. */
  snapshot(): Uint8Array {
    return snapshotDatabases(this.dbs, this.functionLibraries())
  }

  /**
   * Replaces every database and the function libraries with a snapshot's
   * contents; throws CodecError on bad bytes and then changes nothing.
   */
  restore(bytes: Uint8Array): number {
    const load = prepareRestore(this.dbs, bytes, this.limits, this.clock.now())
    for (const db of this.dbs) this.watches.touchAll(this.dbs, db.id)
    const n = load()
    for (const db of this.dbs) this.watches.touchAll(this.dbs, db.id)
    this.dirty++
    for (const e of this.loadFunctionLibraries(load.libraries)) this.internalError(new Error(`a function library of the snapshot did not load: ${e}`))
    return n
  }

  /** The code of every function library (snapshots and AOF bases carry them). */
  functionLibraries(): string[] {
    return libraryCodes(this)
  }

  /** Replaces the function libraries (loading data); returns the errors of those that did not load. */
  loadFunctionLibraries(codes: readonly string[]): string[] {
    return replaceLibraries(this, codes)
  }

  // ---- convenience ----

  /** Runs a command outside any client (internal use, tests), returning its reply. */
  run(argv: string[], db = 0): Reply | undefined {
    this.internal.db = db
    return runInternal(this, this.internal, argv)
  }
}
