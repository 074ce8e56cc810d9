/**
 * One engine inside a Durable Object: built from storage when the object starts,
 * its writes committed at the end of every event, its timed work (active expiry,
 * blocking timeouts) driven by the object's alarm.
 */
import { Engine, error, NULL_ARRAY, type Protocol, type Reply, type Session } from '../../src/index.js'
import { installLua } from '../lua/index.js'
import { readOnlyRefusal } from './access.js'
import { decodeIdentity, DEFAULT_MAXMEMORY, encodeIdentity, type Identity, type RedletEnv } from './env.js'
import { Store, type LoadStats, type SqlLike } from './storage.js'

/** Active expiry wakes the object at most this often (an alarm is a billed invocation). */
export const EXPIRE_EVERY_MS = 1000
/** A sharded client's WATCH held for it here is dropped after this long without EXEC. */
const REMOTE_IDLE_MS = 10 * 60 * 1000
/** Config set at run time is kept across restarts, except these. */
const UNSAVED_CONFIG = new Set(['requirepass'])

/** Something with replies to send at the end of the event. */
export interface Flushable {
  flush(): void
}

/** The part of DurableObjectState the host uses. */
export interface HostState {
  readonly storage: { readonly sql: SqlLike; setAlarm(at: number): Promise<void>; deleteAlarm(): Promise<void> }
  /** Resets the object: memory is dropped and storage rolls back to its last commit. */
  abort?(reason?: string): void
}

function hasLibraries(engine: Engine): boolean {
  const r = engine.run(['function', 'list'])
  return r !== undefined && (r.t === 'array' || r.t === 'set') && r.v.length !== 0
}

/** A sink whose replies go to an array that can be swapped (a remote WATCH session outlives several calls). */
class Collector {
  constructor(public out: Reply[]) {}
  write(r: Reply): void {
    this.out.push(r)
  }
}

interface Remote {
  watch: Session | null
  watchSink: Collector
  waiting: Set<Session>
  used: number
}

/** A socket whose saved state must follow changes made by other clients (a touched WATCH). */
export interface Watcher {
  watchChanged(): void
}

export interface RunOptions {
  proto?: Protocol
  readonly?: boolean
  /** A sharded client's connection id: blocking commands wait, and `release` can end them. */
  conn?: string
}

export class ObjectHost {
  readonly engine: Engine
  readonly store: Store
  readonly loadStats: LoadStats
  identity: Identity | null
  private readonly outbox = new Set<Flushable>()
  /** Sockets with WATCHed keys: another client's write may dirty their WATCH, which must be saved too. */
  readonly watchers = new Set<Watcher>()
  private resumes: (() => void)[] = []
  private alarmAt = Infinity
  private functionsChanged = false
  /** Sessions of sharded clients served here: their WATCH, and blocking commands in flight. */
  private readonly remote = new Map<string, Remote>()

  constructor(
    private readonly state: HostState,
    env: RedletEnv,
  ) {
    this.store = new Store(state.storage.sql)
    this.identity = decodeIdentity(this.store.getMeta('identity'))
    const config: Record<string, string> = { maxmemory: env.REDLET_MAXMEMORY ?? DEFAULT_MAXMEMORY }
    for (const [name, value] of this.store.metaWithPrefix('config:')) config[name] = value
    // AUTH with the token succeeds, as against a Redis with requirepass; clients the Worker let in start authenticated
    config['requirepass'] = env.REDLET_TOKEN ?? ''
    this.engine = new Engine({ config, onError: (e) => console.error('redlet: internal error', e) })
    installLua(this.engine, { log: (level, line) => console.log(`redlet lua [${level}] ${line}`) })
    this.loadStats = this.store.load(this.engine, this.engine.clock.now())
    // function libraries live with the data, as in Redis's RDB: kept as FUNCTION DUMP's payload
    const libraries = this.store.getMeta('functions')
    if (libraries !== null) this.engine.run(['function', 'restore', libraries, 'replace'])
    this.store.attach(this.engine)
    this.engine.onPropagate((argv) => {
      if ((argv[0] as string).toLowerCase() === 'function') this.functionsChanged = true
    })
    this.engine.config.onChange((name, value) => {
      if (!UNSAVED_CONFIG.has(name)) this.store.setMeta('config:' + name, value)
    })
  }

  /** Learns (and keeps) which database and shard this object is. */
  learnIdentity(id: Identity): void {
    const cur = this.identity
    if (cur !== null && cur.name === id.name && cur.shard === id.shard && cur.shards === id.shards) return
    this.identity = id
    this.store.setMeta('identity', encodeIdentity(id))
  }

  queueFlush(f: Flushable): void {
    this.outbox.add(f)
  }

  /** Work to do once the current command is over (a served blocked client runs its queued commands). */
  queueResume(fn: () => void): void {
    this.resumes.push(fn)
  }

  /**
   * Ends every event: resumed clients run, pending writes go to storage, then
   * replies are sent (after the writes: the output gate holds them until durable),
   * and the alarm is armed for the next timed work.
   */
  settle(): void {
    for (let round = 0; round < 1000 && this.resumes.length !== 0; round++) {
      const fns = this.resumes
      this.resumes = []
      for (const fn of fns) fn()
    }
    for (const w of this.watchers) w.watchChanged()
    try {
      if (this.functionsChanged) this.saveFunctions()
      this.store.commit()
    } catch (e) {
      // writes that cannot be stored (a key over the 2 MB row limit) must not be acknowledged:
      // reset the object, so memory and storage agree again, before any reply leaves
      console.error('redlet: storing writes failed; resetting the object', e)
      this.state.abort?.(`redlet: storing writes failed: ${e instanceof Error ? e.message : String(e)}`)
      throw e
    }
    for (const f of this.outbox) f.flush()
    this.outbox.clear()
    this.armAlarm()
  }

  private saveFunctions(): void {
    this.functionsChanged = false
    const r = this.engine.run(['function', 'dump'])
    this.store.setMeta('functions', r !== undefined && r.t === 'bulk' && hasLibraries(this.engine) ? r.v : null)
  }

  private nextWake(): number {
    const e = this.engine
    let next = Infinity
    const b = e.blocking.nextDeadline()
    if (b !== Infinity) next = b + 1
    for (const db of e.dbs) {
      if (db.expiresCount !== 0) {
        next = Math.min(next, e.clock.now() + EXPIRE_EVERY_MS)
        break
      }
    }
    if (this.remote.size !== 0) next = Math.min(next, e.clock.now() + REMOTE_IDLE_MS)
    return next
  }

  private armAlarm(): void {
    const next = this.nextWake()
    if (next === Infinity || next >= this.alarmAt) return
    this.alarmAt = next
    this.state.storage.setAlarm(next).catch((e: unknown) => console.error('redlet: setAlarm failed', e))
  }

  /** The alarm: blocking timeouts, a few rounds of active expiry, idle remote sessions. */
  alarm(): void {
    this.alarmAt = Infinity
    const e = this.engine
    e.tick()
    for (let i = 0; i < 4 && e.activeExpire() !== 0; i++);
    const now = e.clock.now()
    for (const [id, r] of this.remote) if (r.waiting.size === 0 && now - r.used > REMOTE_IDLE_MS) this.release(id)
    this.settle()
  }

  private session(proto: Protocol, out: Reply[], onUnblocked?: () => void): Session {
    const s = this.engine.createSession(
      onUnblocked === undefined ? { write: (r) => out.push(r) } : { write: (r) => out.push(r), unblocked: onUnblocked },
      { kind: onUnblocked === undefined ? 'rest' : 'websocket' },
    )
    s.authenticated = true
    s.proto = proto
    return s
  }

  /** One command on a session, refused first when the client may only read; exactly one reply. */
  private runOne(s: Session, argv: string[], readonly: boolean, out: Reply[]): void {
    const refusal = readonly ? readOnlyRefusal(this.engine, argv) : null
    const before = out.length
    if (refusal !== null) {
      if (s.multi !== null) s.multiError = true
      out.push(error(refusal))
    } else this.engine.dispatch(s, argv)
    // a blocked command replies later, when it is served or times out
    if (s.blocked !== null) return
    const got = out.length - before
    if (got === 0) out.push(NULL_ARRAY)
    else if (got > 1) out.push({ t: 'array', v: out.splice(before, got) })
  }

  /**
   * Commands in order on one short-lived session (REST, RPC, a shard serving
   * another). Blocking commands act as their non-blocking forms, unless `conn`
   * is given: then the returned promise waits for them.
   */
  runCommands(commands: string[][], options: RunOptions = {}): Reply[] | Promise<Reply[]> {
    const out: Reply[] = []
    const proto = options.proto ?? 2
    const readonly = options.readonly ?? false
    if (options.conn === undefined) {
      const s = this.session(proto, out)
      try {
        for (const argv of commands) this.runOne(s, argv, readonly, out)
      } finally {
        this.engine.closeSession(s)
      }
      return out
    }
    const r = this.remoteOf(options.conn)
    return new Promise<Reply[]>((resolve) => {
      let i = 0
      const s = this.session(proto, out, () => this.queueResume(next))
      r.waiting.add(s)
      const next = (): void => {
        while (i < commands.length && s.blocked === null) this.runOne(s, commands[i++] as string[], readonly, out)
        if (s.blocked !== null) return
        r.waiting.delete(s)
        this.engine.closeSession(s)
        resolve(out)
      }
      next()
    })
  }

  /** MULTI, the commands, EXEC on one session (on the session holding the client's WATCH, when `watched`). */
  runTransaction(commands: string[][], options: RunOptions & { watched?: boolean } = {}): Reply {
    const readonly = options.readonly ?? false
    if (readonly) {
      for (const argv of commands) {
        const refusal = readOnlyRefusal(this.engine, argv)
        if (refusal !== null) return error(refusal)
      }
    }
    const out: Reply[] = []
    let s: Session
    const r = options.conn === undefined ? undefined : this.remote.get(options.conn)
    if (options.watched === true) {
      // the WATCH was lost with a restart of this object: abort, as a touched key would
      if (r === undefined || r.watch === null) return NULL_ARRAY
      s = r.watch
      r.watch = null
      r.watchSink.out = out
      s.proto = options.proto ?? 2
    } else s = this.session(options.proto ?? 2, out)
    try {
      this.engine.dispatch(s, ['multi'])
      for (const argv of commands) this.engine.dispatch(s, argv)
      out.length = 0
      this.engine.dispatch(s, ['exec'])
    } finally {
      this.engine.closeSession(s)
    }
    return out[out.length - 1] ?? NULL_ARRAY
  }

  private remoteOf(conn: string): Remote {
    let r = this.remote.get(conn)
    if (r === undefined) this.remote.set(conn, (r = { watch: null, watchSink: new Collector([]), waiting: new Set(), used: 0 }))
    r.used = this.engine.clock.now()
    return r
  }

  /** WATCH for a sharded client whose keys live here; kept until its EXEC, UNWATCH or `release`. */
  remoteWatch(conn: string, keys: string[]): Reply {
    const r = this.remoteOf(conn)
    const out: Reply[] = []
    r.watchSink.out = out
    if (r.watch === null) {
      r.watch = this.engine.createSession(r.watchSink, { kind: 'websocket' })
      r.watch.authenticated = true
    }
    this.engine.dispatch(r.watch, ['watch', ...keys])
    return out[0] ?? NULL_ARRAY
  }

  /** Drops what a sharded client left here: its WATCH, and blocking commands still waiting (they end with a nil). */
  release(conn: string): void {
    const r = this.remote.get(conn)
    if (r === undefined) return
    this.remote.delete(conn)
    if (r.watch !== null) this.engine.closeSession(r.watch)
    for (const s of r.waiting) this.engine.unblockClient(s, false)
  }
}
