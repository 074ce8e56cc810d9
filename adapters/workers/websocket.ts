/**
 * RESP over a hibernatable WebSocket: binary messages carry RESP bytes in both
 * directions. A message may hold many pipelined commands, and a command may span
 * messages; replies go out in order, at most 1 MiB per message.
 *
 * The client's session state (db, protocol, AUTH, name, subscriptions, a MULTI
 * queue, WATCHed keys, a blocked command and what waits behind it, MONITOR and
 * CLIENT TRACKING) is kept in the socket's attachment after each message, so the
 * session is rebuilt when the object wakes from hibernation. State over
 * ATTACHMENT_MAX bytes spills to storage. A tracking client's table of read keys
 * does not survive: it gets a null invalidation (drop the whole cache) on waking.
 */
import {
  CommandDecoder,
  error,
  protocolError,
  ProtocolError,
  ReplyWriter,
  type Protocol,
  type Reply,
  type ReplySink,
  type Session,
} from '../../src/index.js'
import { readOnlyRefusal } from './access.js'
import type { ObjectHost, Watcher } from './host.js'
import { resolveCommand } from './slots.js'

/** A WebSocket message carries at most this much. */
export const MESSAGE_MAX = 1024 * 1024
/** serializeAttachment holds about 2 KB. */
const ATTACHMENT_MAX = 1800

/** The session as kept across hibernation (short names: it must fit in 2 KB). */
export interface SocketState {
  /** Connection id. */
  id: string
  /** The read-only token opened it. */
  ro?: 1
  db?: number
  p?: Protocol
  u?: string
  n?: string
  ln?: string
  lv?: string
  rm?: 'off' | 'skip'
  ch?: string[]
  pa?: string[]
  sc?: string[]
  /** MULTI queue, and whether a command failed to queue. */
  m?: string[][]
  me?: 1
  /** WATCHed keys: [db, key, expired-when-watched]; and whether one was touched. */
  w?: [number, string, 0 | 1][]
  wd?: 1
  /** A blocked command, its db and its deadline; then the commands waiting behind it. */
  b?: [string[], number, number]
  q?: string[][]
  /** Sharded mode: the slot of the WATCHed keys, and the shard holding the WATCH when not this one. */
  ws?: number
  wr?: number
  /** The state is in storage (meta row `socket:<id>`), not in the attachment. */
  spill?: 1
  /** The engine's id of the session (CLIENT ID): others' REDIRECT names it. */
  sid?: number
  /** MONITOR is on. */
  mo?: 1
  /** CLIENT TRACKING: redirect id, flags (b BCAST, i OPTIN, o OPTOUT, n NOLOOP, c CACHING pending, r redirect broken), prefixes. */
  tr?: [number, string, string[]]
}

/** Sharded mode's command routing (sharding.ts); null when this object serves everything itself. */
export interface SocketRouter {
  /** Runs a command for the client; a promise when it went to another object. */
  route(conn: SocketConn, argv: string[]): Promise<void> | null
  closed(conn: SocketConn): void
}

/** The parts of a hibernatable WebSocket used here. */
export interface SocketLike {
  send(data: ArrayBuffer | ArrayBufferView | string): void
  close(code?: number, reason?: string): void
  serializeAttachment(value: unknown): void
  deserializeAttachment(): unknown
}

export class SocketConn implements ReplySink, Watcher {
  readonly session: Session
  private readonly decoder: CommandDecoder
  private readonly writer = new ReplyWriter({ size: 16384 })
  /** Commands decoded but waiting (behind a blocked command, or a call to another object). */
  private readonly queue: string[][] = []
  private busy = false
  private ended = false
  private closing = false
  private saved = ''
  private savedWatchDirty = false
  /** Tracking saved before hibernation, until `restoreTracking`. */
  private restoredTracking: [number, string, string[]] | null = null
  /** The session's id before hibernation (-1: a new socket). */
  previousId = -1
  /** Sharded mode: slot of the WATCHed keys (-1: none) and the shard holding the WATCH (-1: this one or none). */
  watchSlot = -1
  watchRemote = -1

  constructor(
    private readonly host: ObjectHost,
    readonly ws: SocketLike,
    readonly id: string,
    readonly readonly: boolean,
    private readonly router: SocketRouter | null,
  ) {
    const engine = host.engine
    this.session = engine.createSession(this, { kind: 'websocket' })
    this.session.authenticated = true
    this.decoder = new CommandDecoder({
      maxBulkLen: () => engine.config.getInt('proto-max-bulk-len'),
      maxQueryBuffer: () => engine.config.getInt('client-query-buffer-limit'),
    })
  }

  // ---- ReplySink ----

  write(reply: Reply, proto: Protocol): void {
    if (this.ended) return
    this.writer.write(reply, proto)
    this.host.queueFlush(this)
  }

  unblocked(): void {
    this.host.queueResume(() => this.run())
  }

  /** The engine wants the client gone (QUIT, CLIENT KILL): once pending replies are sent. */
  close(): void {
    this.closing = true
    this.host.queueFlush(this)
  }

  // ---- input ----

  message(data: ArrayBuffer | string): void {
    if (this.ended) return
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data)
    try {
      this.decoder.push(bytes)
    } catch (e) {
      this.protocolFailure(e)
      return
    }
    this.run()
  }

  private next(): string[] | null {
    if (this.queue.length !== 0) return this.queue.shift() as string[]
    return this.decoder.next()
  }

  /** Runs commands until the input is used up, the session blocks or a command went elsewhere. */
  run(): void {
    const s = this.session
    if (this.ended) return
    try {
      while (!this.busy && s.blocked === null && !s.closing) {
        const argv = this.next()
        if (argv === null) break
        this.exec(argv)
      }
      // what waits behind a block is kept with the session state
      if (s.blocked !== null || this.busy) for (let argv = this.decoder.next(); argv !== null; argv = this.decoder.next()) this.queue.push(argv)
    } catch (e) {
      this.protocolFailure(e)
      return
    }
    this.host.queueFlush(this)
    if (s.closing) this.closing = true
    else this.save()
  }

  private exec(argv: string[]): void {
    const s = this.session
    if (this.readonly) {
      const refusal = readOnlyRefusal(this.host.engine, argv)
      if (refusal !== null) {
        if (s.multi !== null) s.multiError = true
        s.reply(error(refusal))
        return
      }
    }
    if (this.router === null) {
      this.host.engine.dispatch(s, argv)
      return
    }
    const pending = this.router.route(this, argv)
    if (pending === null) return
    this.busy = true
    pending
      .catch((e: unknown) => s.reply(error(String(e instanceof Error ? e.message : e))))
      .finally(() => {
        this.busy = false
        this.run()
        this.host.settle()
      })
  }

  private protocolFailure(e: unknown): void {
    if (!(e instanceof ProtocolError)) throw e
    const text = protocolError(e.kind, e.byte)
    if (text !== null) this.writer.write(error(text), this.session.proto)
    this.close()
  }

  // ---- output ----

  flush(): void {
    if (this.ended) return
    const bytes = this.writer.take()
    if (bytes !== null) {
      try {
        for (let i = 0; i < bytes.length; i += MESSAGE_MAX) this.ws.send(bytes.subarray(i, Math.min(bytes.length, i + MESSAGE_MAX)))
      } catch (e) {
        console.error('redlet: send failed', e)
        this.teardown()
        return
      }
    }
    if (this.closing) this.end(1000)
  }

  private end(code: number): void {
    if (this.ended) return
    try {
      this.ws.close(code, '')
    } catch {
      // already closed
    }
    this.teardown()
  }

  /** The client is gone: its session, subscriptions, block and saved state go with it. */
  teardown(): void {
    if (this.ended) return
    this.ended = true
    this.host.watchers.delete(this)
    this.host.engine.closeSession(this.session)
    this.router?.closed(this)
    this.host.store.setMeta('socket:' + this.id, null)
  }

  get closed(): boolean {
    return this.ended
  }

  // ---- hibernation ----

  state(): SocketState {
    const s = this.session
    const st: SocketState = { id: this.id }
    if (this.readonly) st.ro = 1
    if (s.db !== 0) st.db = s.db
    if (s.proto !== 2) st.p = s.proto
    if (s.user !== 'default') st.u = s.user
    if (s.name !== '') st.n = s.name
    if (s.libName !== '') st.ln = s.libName
    if (s.libVer !== '') st.lv = s.libVer
    if (s.replyMode !== 'on') st.rm = s.replyMode
    if (s.channels?.size) st.ch = [...s.channels]
    if (s.patterns?.size) st.pa = [...s.patterns]
    if (s.shardChannels?.size) st.sc = [...s.shardChannels]
    if (s.multi !== null) st.m = s.multi.map((q) => q.argv)
    if (s.multiError) st.me = 1
    if (s.watched?.size) st.w = [...s.watched.values()].map((w) => [w.db, w.key, (w as { expired?: boolean }).expired ? 1 : 0])
    if (s.watchDirty) st.wd = 1
    if (s.blocked !== null) st.b = [s.blocked.argv, s.blocked.db, s.blocked.deadline]
    if (this.queue.length !== 0) st.q = this.queue
    if (this.watchSlot !== -1) st.ws = this.watchSlot
    if (this.watchRemote !== -1) st.wr = this.watchRemote
    st.sid = s.id
    if (s.monitor) st.mo = 1
    const t = s.tracking
    if (t !== null) {
      const flags = (t.bcast ? 'b' : '') + (t.optin ? 'i' : '') + (t.optout ? 'o' : '') + (t.noloop ? 'n' : '') + (t.caching ? 'c' : '') + (t.brokenRedirect ? 'r' : '')
      st.tr = [t.redirect, flags, [...t.prefixes]]
    }
    return st
  }

  /**
   * After every socket of a woken object is restored (`ids`: old session ids to
   * new ones): tracking comes back with its options and a redirect to the same
   * client under its new id (broken when that client is gone), then a null
   * invalidation, since what the client read before the sleep is not known.
   */
  restoreTracking(ids: ReadonlyMap<number, number>): void {
    const tr = this.restoredTracking
    if (tr === null) return
    this.restoredTracking = null
    const [redirect, flags, prefixes] = tr
    const tracking = this.host.engine.tracking
    const target = redirect === 0 ? 0 : ids.get(redirect)
    const s = this.session
    tracking.enable(s, {
      redirect: target ?? redirect,
      bcast: flags.includes('b'),
      optin: flags.includes('i'),
      optout: flags.includes('o'),
      noloop: flags.includes('n'),
      prefixes,
    })
    const st = s.tracking
    if (st !== null) {
      st.caching = flags.includes('c')
      st.brokenRedirect = flags.includes('r') || target === undefined
    }
    tracking.forgetAll(s)
    this.save()
  }

  /** A client's write may have touched a key this one WATCHes: its EXEC must still fail after hibernation. */
  watchChanged(): void {
    if (this.session.watchDirty !== this.savedWatchDirty) this.save()
  }

  /** Keeps the state with the socket when it changed (in storage when it is too big for the attachment). */
  save(): void {
    if (this.ended) return
    const s = this.session
    this.savedWatchDirty = s.watchDirty
    if (s.watched?.size) this.host.watchers.add(this)
    else this.host.watchers.delete(this)
    const json = JSON.stringify(this.state())
    if (json === this.saved) return
    const wasSpilled = this.saved.length > ATTACHMENT_MAX
    this.saved = json
    if (json.length <= ATTACHMENT_MAX) {
      this.ws.serializeAttachment(json)
      if (wasSpilled) this.host.store.setMeta('socket:' + this.id, null)
    } else {
      this.host.store.setMeta('socket:' + this.id, json)
      this.ws.serializeAttachment(JSON.stringify({ id: this.id, ro: this.readonly ? 1 : undefined, spill: 1 }))
    }
  }

  /** Rebuilds the session from saved state (after hibernation or a restart of the object). */
  restore(st: SocketState): void {
    const engine = this.host.engine
    const s = this.session
    s.db = st.db ?? 0
    s.proto = st.p ?? 2
    s.user = st.u ?? 'default'
    s.name = st.n ?? ''
    s.libName = st.ln ?? ''
    s.libVer = st.lv ?? ''
    s.replyMode = st.rm ?? 'on'
    for (const c of st.ch ?? []) engine.pubsub.subscribe(s, 'channel', c)
    for (const p of st.pa ?? []) engine.pubsub.subscribe(s, 'pattern', p)
    for (const c of st.sc ?? []) engine.pubsub.subscribe(s, 'shard', c)
    for (const [db, key, expired] of st.w ?? []) engine.watches.watch(s, db, key, expired === 1)
    s.watchDirty = st.wd === 1
    if (st.m !== undefined) {
      s.multi = []
      for (const argv of st.m) {
        const cmd = resolveCommand(engine, argv)
        if (cmd !== undefined) s.multi.push({ cmd, argv })
      }
    }
    s.multiError = st.me === 1
    this.watchSlot = st.ws ?? -1
    this.watchRemote = st.wr ?? -1
    if (st.mo === 1) engine.monitors.add(s)
    this.restoredTracking = st.tr ?? null
    this.previousId = st.sid ?? -1
    for (const argv of st.q ?? []) this.queue.push(argv)
    if (st.b !== undefined) {
      // the blocked command blocks again, with its old deadline
      const [argv, db, deadline] = st.b
      const prev = s.db
      s.db = db
      const saveMode = s.replyMode
      engine.dispatch(s, argv)
      s.replyMode = saveMode
      s.db = prev
      const b = s.blocked
      if (b !== null) {
        engine.blocking.remove(s)
        engine.blockSession(s, { ...b, deadline })
      }
    }
    this.saved = JSON.stringify(this.state())
    this.savedWatchDirty = s.watchDirty
    if (s.watched?.size) this.host.watchers.add(this)
  }
}

/** The saved state of a socket: its attachment, or the storage row it points to. */
export function savedState(host: ObjectHost, ws: SocketLike): SocketState | null {
  const raw = ws.deserializeAttachment()
  if (typeof raw !== 'string') return null
  let st: SocketState
  try {
    st = JSON.parse(raw) as SocketState
  } catch {
    return null
  }
  if (st.spill === 1) {
    const full = host.store.getMeta('socket:' + st.id)
    if (full === null) return null
    try {
      return JSON.parse(full) as SocketState
    } catch {
      return null
    }
  }
  return st
}
