/**
 * Server-assisted client-side caching (CLIENT TRACKING), as Redis 7.0 does it.
 *
 * Default mode: the keys a tracking client reads are remembered in a table of
 * key → client ids; the first write to such a key sends each of them an
 * invalidation and forgets the entry. The table ignores databases, as Redis's
 * does, and keeps entries of clients that stopped tracking until their key
 * changes. BCAST mode: every changed key under a registered prefix is
 * collected, then sent to the clients of that prefix in one message.
 *
 * Redis sends BCAST messages once per event-loop iteration (before sleeping);
 * here they go out after each top-level command (a whole EXEC or script
 * included) and after each `tick()`. An invalidation for the client running
 * the command waits until after its reply, as in Redis 7.0.
 */
import type { Command } from '../commands/define.js'
import { bulk, bulks, integer, NULL_BULK, push, type Reply } from '../resp/types.js'
import type { Session } from '../session.js'
import { Sampler } from './sampler.js'

/** A client's tracking mode (Session.tracking while tracking is on). */
export interface TrackingState {
  /** The client id invalidations go to, or 0 for the client itself. */
  redirect: number
  bcast: boolean
  optin: boolean
  optout: boolean
  noloop: boolean
  /** CLIENT CACHING YES (OPTIN) or NO (OPTOUT) applies to the next command. */
  caching: boolean
  /** The redirect target is gone. */
  brokenRedirect: boolean
  /** BCAST prefixes. */
  readonly prefixes: Set<string>
}

export interface TrackingOptions {
  redirect: number
  bcast: boolean
  optin: boolean
  optout: boolean
  noloop: boolean
  prefixes: readonly string[]
}

/** What tracking needs from the engine. */
export interface TrackingHost {
  readonly sessions: ReadonlyMap<number, Session>
  readonly random: () => number
  readonly config: { getInt(name: string): number }
}

type KeysOf = (cmd: Command, argv: readonly string[]) => readonly { pos: number }[] | null

interface Broadcast {
  readonly clients: Set<Session>
  /** Keys changed since the last flush → the client that changed one first (null: no client). */
  readonly keys: Map<string, Session | null>
}

const INVALIDATE = bulk('invalidate')
const MESSAGE = bulk('message')
const CHANNEL = bulk('__redis__:invalidate')
const REDIR_BROKEN = bulk('tracking-redir-broken')
/** Read-only scripts: only the commands they run are tracked. */
const SCRIPTS_RO = new Set(['eval_ro', 'evalsha_ro', 'fcall_ro'])

/**
 * Redis keeps client ids in radix trees keyed by the id's 8 little-endian
 * bytes, so it visits them in the order of those bytes, not numerically.
 */
function idOrder(a: number, b: number): number {
  for (let i = 0; i < 7; i++) {
    const d = (a % 256) - (b % 256)
    if (d !== 0) return d
    a = Math.floor(a / 256)
    b = Math.floor(b / 256)
  }
  return 0
}

function byId<T>(items: Iterable<T>, id: (t: T) => number): T[] {
  const out = [...items]
  if (out.length > 1) out.sort((x, y) => idOrder(id(x), id(y)))
  return out
}

export class Tracking {
  /** Clients with tracking on (INFO tracking_clients): the engine's hot paths check this first. */
  clients = 0
  /** Default mode: key → ids of the clients that read it. */
  readonly table = new Map<string, Set<number>>()
  /** Client ids over all keys of the table (INFO tracking_total_items). */
  items = 0
  /** BCAST prefixes and their clients. */
  readonly prefixes = new Map<string, Broadcast>()
  /** True while the table or the prefixes hold anything: writes must look. */
  active = false
  /** The client whose command runs now (set by the engine's dispatch), or null. */
  current: Session | null = null
  /** Something waits for `afterCommand`: invalidations for the running client, or BCAST keys. */
  pending = false
  private selfKeys: (string | null)[] = []
  private sortedPrefixes: string[] | null = null
  private overLimitRuns = 0
  private readonly sampler: Sampler<string>

  constructor(
    private readonly host: TrackingHost,
    private readonly keysOf: KeysOf,
  ) {
    this.sampler = new Sampler(() => this.table, () => host.random())
  }

  private update(): void {
    this.active = this.table.size !== 0 || this.prefixes.size !== 0
  }

  // ---- CLIENT TRACKING ----

  /** Turns tracking on (or changes its options) for a validated request. */
  enable(s: Session, o: TrackingOptions): void {
    let st = s.tracking
    if (st === null) {
      this.clients++
      st = s.tracking = {
        redirect: 0,
        bcast: false,
        optin: false,
        optout: false,
        noloop: false,
        caching: false,
        brokenRedirect: false,
        prefixes: new Set(),
      }
    }
    // CACHING survives, as in Redis
    st.redirect = o.redirect
    st.brokenRedirect = false
    st.bcast = o.bcast
    st.optin = o.optin
    st.optout = o.optout
    st.noloop = o.noloop
    if (o.bcast) {
      // no PREFIX means every key: the empty prefix, added even beside others
      for (const p of o.prefixes.length === 0 ? [''] : o.prefixes) {
        st.prefixes.add(p)
        let b = this.prefixes.get(p)
        if (b === undefined) {
          this.prefixes.set(p, (b = { clients: new Set(), keys: new Map() }))
          this.sortedPrefixes = null
        }
        b.clients.add(s)
      }
    }
    this.update()
  }

  /** Turns tracking off (CLIENT TRACKING OFF, RESET, disconnect). Its keys stay in the table until they change. */
  disable(s: Session): void {
    const st = s.tracking
    if (st === null) return
    for (const p of st.prefixes) {
      const b = this.prefixes.get(p)
      if (b === undefined) continue
      b.clients.delete(s)
      if (b.clients.size === 0) {
        this.prefixes.delete(p)
        this.sortedPrefixes = null
      }
    }
    s.tracking = null
    this.clients--
    this.update()
  }

  /** A client's first prefix overlapping `p` (one is a prefix of the other), or null. */
  overlapping(s: Session, p: string): string | null {
    const mine = s.tracking?.prefixes
    if (mine === undefined || mine.size === 0) return null
    for (const q of [...mine].sort()) if (q.startsWith(p) || p.startsWith(q)) return q
    return null
  }

  // ---- reads and writes ----

  /** After a read-only command of a tracking client: remembers its keys (default mode). */
  read(s: Session, cmd: Command, argv: readonly string[]): void {
    const st = s.tracking
    if (st === null || st.bcast || SCRIPTS_RO.has(cmd.name)) return
    if (st.optin ? !st.caching : st.optout && st.caching) return
    const found = this.keysOf(cmd, argv)
    if (found === null || found.length === 0) return
    for (const { pos } of found) {
      const key = argv[pos] as string
      let ids = this.table.get(key)
      if (ids === undefined) {
        this.table.set(key, (ids = new Set()))
        this.sampler.touch()
      }
      if (!ids.has(s.id)) {
        ids.add(s.id)
        this.items++
      }
    }
    this.active = true
  }

  /** A key changed (writes, expiry, eviction): invalidates it for its readers, and collects it for BCAST. */
  keyModified(key: string): void {
    this.invalidate(key, true, false)
  }

  private invalidate(key: string, bcast: boolean, beforeCommand: boolean): void {
    if (bcast && this.prefixes.size !== 0) this.collect(key)
    const ids = this.table.get(key)
    if (ids === undefined) return
    this.table.delete(key)
    this.items -= ids.size
    this.sampler.touch()
    const cur = this.current
    for (const id of byId(ids, (i) => i)) {
      const target = this.host.sessions.get(id)
      const st = target?.tracking
      if (target === undefined || st == null || st.bcast) continue
      if (st.noloop && target === cur) continue
      if (target === cur && !beforeCommand) {
        this.selfKeys.push(key)
        this.pending = true
      } else this.send(target, [key])
    }
    this.update()
  }

  private collect(key: string): void {
    for (const [p, b] of this.prefixes) {
      if (!key.startsWith(p) || b.keys.has(key)) continue
      b.keys.set(key, this.current)
      this.pending = true
    }
  }

  /** FLUSHDB/FLUSHALL: every tracking client gets a null invalidation, and the table empties. */
  flushed(): void {
    if (this.clients !== 0) {
      for (const s of this.host.sessions.values()) {
        if (s.tracking === null) continue
        if (s === this.current) {
          this.selfKeys.push(null)
          this.pending = true
        } else this.send(s, null)
      }
    }
    this.table.clear()
    this.items = 0
    this.sampler.reset()
    this.update()
  }

  // ---- the engine's hooks around commands ----

  /** Before a command (tracking clients exist): keeps the table within tracking-table-max-keys. */
  beforeCommand(): void {
    const max = this.host.config.getInt('tracking-table-max-keys')
    if (max === 0 || this.table.size <= max) {
      this.overLimitRuns = 0
      return
    }
    // Redis drops random keys, with more effort each time it is still over the limit
    for (let effort = 100 * (this.overLimitRuns + 1); effort > 0; effort--) {
      const key = this.sampler.pick((k) => this.table.has(k))
      if (key === undefined) break
      this.invalidate(key, false, true)
      if (this.table.size <= max) {
        this.overLimitRuns = 0
        return
      }
    }
    this.overLimitRuns++
  }

  /** After a top-level command: the running client's own invalidations, then BCAST messages. */
  afterCommand(s: Session): void {
    const st = s.tracking
    // CACHING lasts for one command, a whole MULTI...EXEC, and across CLIENT subcommands
    if (st !== null && st.caching && s.multi === null && s.lastCommand !== 'client' && !s.lastCommand.startsWith('client|')) st.caching = false
    if (this.pending) this.flush(s)
  }

  /** `tick()`: the table limit (Redis's cron does it too) and BCAST keys changed by expiry or eviction. */
  cron(): void {
    if (this.clients !== 0) this.beforeCommand()
    if (this.pending) this.flush(null)
  }

  private flush(s: Session | null): void {
    this.pending = false
    const self = this.selfKeys
    if (self.length !== 0) {
      this.selfKeys = []
      if (s !== null) for (const key of self) this.send(s, key === null ? null : [key])
    }
    if (this.prefixes.size === 0) return
    for (const p of (this.sortedPrefixes ??= [...this.prefixes.keys()].sort())) {
      const b = this.prefixes.get(p)
      if (b === undefined || b.keys.size === 0) continue
      const all = [...b.keys.keys()].sort()
      for (const c of byId(b.clients, (x) => x.id)) {
        // NOLOOP: not the keys the client changed itself
        const keys = c.tracking?.noloop ? all.filter((k) => b.keys.get(k) !== c) : all
        if (keys.length !== 0) this.send(c, keys)
      }
      b.keys.clear()
    }
  }

  // ---- delivery ----

  /**
   * Sends an invalidation of `keys` (null: everything) for a tracking client:
   * to its redirect target when it has one, as a RESP3 push, or as a pub/sub
   * message on __redis__:invalidate to a RESP2 target that is subscribed to
   * anything. A RESP2 client without a redirect gets nothing.
   */
  /**
   * Tells a tracking client to drop everything it caches (a null invalidation, as
   * after a flush): used when the table of what it read was lost (a Durable Object
   * woken from hibernation).
   */
  forgetAll(s: Session): void {
    if (s.tracking !== null) this.send(s, null)
  }

  private send(c: Session, keys: readonly string[] | null): void {
    const redirect = c.tracking?.redirect ?? 0
    let target = c
    if (redirect !== 0) {
      // ids are never reused, so a broken redirect stays broken (until CLIENT TRACKING ON again)
      const r = c.tracking?.brokenRedirect === true ? undefined : this.host.sessions.get(redirect)
      if (r === undefined) {
        if (c.tracking !== null) c.tracking.brokenRedirect = true
        if (c.proto === 3) c.push(push([REDIR_BROKEN, integer(redirect)]))
        return
      }
      target = r
    }
    // Redis writes a flush's null in the tracking client's protocol even inside the target's frame; here it follows the target
    const payload: Reply = keys === null ? NULL_BULK : bulks(keys)
    if (target.proto === 3) target.push(push([INVALIDATE, payload]))
    else if (redirect !== 0 && target.subscriptionCount !== 0) target.push(push([MESSAGE, CHANNEL, payload]))
  }
}
