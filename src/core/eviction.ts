/**
 * maxmemory: before a command runs, keys are evicted until the memory estimate
 * (core/memory.ts) is within the limit, by `maxmemory-policy`, in the manner
 * of Redis's performEvictions:
 *
 * - LRU, LFU and TTL policies sample `maxmemory-samples` keys per database
 *   (keys with a TTL only for volatile-*) into a pool of the 16 best
 *   candidates seen so far, and evict the best one still present;
 * - random policies evict a random key, taking the databases in turn;
 * - the work per call is bounded by `maxmemory-eviction-tenacity`; what is
 *   left over continues from `tick()`, and the command is not refused.
 */
import type { Config } from './config.js'
import type { Db } from './keyspace.js'
import { dbMemory } from './memory.js'
import { NOTIFY_EVICTED } from './notify.js'
import { Sampler } from './sampler.js'

/** What the engine provides: its databases, and the hooks an eviction sets off. */
export interface EvictionHost {
  readonly dbs: readonly Db[]
  readonly config: Config
  readonly random: () => number
  readonly stats: { evictedKeys: number }
  readonly watches: { readonly size: number; touched(db: number, key: string, dbs: readonly Db[]): void }
  readonly notifyFlags: number
  /** CLIENT TRACKING: an evicted key is invalidated as a changed one. */
  readonly tracking: { readonly active: boolean; keyModified(key: string): void }
  /** The last eviction left memory over the limit (Redis's pre_command_oom_state): scripts refuse denyoom calls. */
  oomBeforeCommand: boolean
  /** Bytes counted against maxmemory. */
  usedMemory(): number
  notify(type: number, event: string, db: number, key: string): void
  propagate(argv: readonly string[], db: number): void
  /** Whether EVAL/FCALL of this script counts as denyoom (its shebang or function flags). */
  scriptDenyOom(cmd: Denyoom, argv: readonly string[]): boolean
}

/** What `refuses` needs to know of a command and its client. */
interface Denyoom {
  readonly name: string
  readonly denyOom: boolean
}

/** Under the limit (or no limit); still evicting (over, but not refused); out of keys to evict. */
export type EvictResult = 'ok' | 'running' | 'fail'

export type Policy =
  | 'noeviction'
  | 'allkeys-lru'
  | 'allkeys-lfu'
  | 'allkeys-random'
  | 'volatile-lru'
  | 'volatile-lfu'
  | 'volatile-random'
  | 'volatile-ttl'

interface Candidate {
  /** Higher is evicted first: idle seconds, 255 - LFU counter, or how soon it expires. */
  score: number
  key: string
  db: number
}

const POOL_SIZE = 16

/**
 * Keys evicted per call at a tenacity: Redis allows 50 µs per step up to 10,
 * then 15% more per step, unlimited at 100; about one key a microsecond.
 */
export function evictionBudget(tenacity: number): number {
  if (tenacity >= 100) return Infinity
  if (tenacity <= 10) return Math.max(16, 50 * tenacity)
  return Math.round(500 * Math.pow(1.15, tenacity - 10))
}

export class Eviction {
  private pool: Candidate[] = []
  private nextDb = 0
  /** The last run stopped at its budget while still over the limit: `tick()` should run it again. */
  pending = false

  /** maxmemory in bytes (0: no limit), kept in step with the config: the engine reads it before every command. */
  max = 0

  constructor(private readonly host: EvictionHost) {
    this.max = host.config.getInt('maxmemory')
    host.config.onChange((name) => {
      if (name === 'maxmemory') this.max = host.config.getInt('maxmemory')
    })
  }

  /** Evicts until the estimate is within maxmemory, within the work budget. */
  perform(): EvictResult {
    const host = this.host
    const max = this.max
    if (max === 0) return this.done('ok')
    let used = host.usedMemory()
    if (used <= max) return this.done('ok')
    const policy = host.config.get('maxmemory-policy') as Policy
    if (policy === 'noeviction') return this.done('fail')
    const budget = evictionBudget(host.config.getInt('maxmemory-eviction-tenacity'))
    let evicted = 0
    while (used > max) {
      const pick = policy.endsWith('-random') ? this.randomPick(policy === 'volatile-random') : this.poolPick(policy)
      if (pick === null) return this.done('fail')
      const db = host.dbs[pick.db] as Db
      const before = dbMemory(db)
      if (!db.delete(pick.key)) {
        // it had expired: gone anyway, and not an eviction
        used = host.usedMemory()
        continue
      }
      used -= before - dbMemory(db)
      this.evicted(db, pick.key)
      evicted++
      if (evicted % 16 === 0 && evicted >= budget) {
        used = host.usedMemory()
        if (used > max) {
          this.pending = true
          return 'running'
        }
      }
    }
    return this.done('ok')
  }

  /**
   * Before a command: evicts, then tells whether the command is refused with
   * OOM. Redis refuses denyoom commands (EXEC of queued ones, scripts that do
   * not declare allow-oom or no-writes) and, inside MULTI, anything queued.
   */
  refuses(s: { readonly multi: readonly { readonly cmd: Denyoom }[] | null }, cmd: Denyoom, argv: readonly string[]): boolean {
    const oom = this.perform() === 'fail'
    this.host.oomBeforeCommand = oom
    if (!oom) return false
    const name = cmd.name
    if (s.multi !== null && name !== 'exec' && name !== 'discard' && name !== 'quit' && name !== 'reset') return true
    return cmd.denyOom || (name === 'exec' && s.multi !== null && s.multi.some((q) => q.cmd.denyOom)) || this.host.scriptDenyOom(cmd, argv)
  }

  /** An eviction's effects: counted, the `evicted` event, DEL propagated, WATCH invalidated. */
  private evicted(db: Db, key: string): void {
    const host = this.host
    host.stats.evictedKeys++
    if (host.watches.size !== 0) host.watches.touched(db.id, key, host.dbs)
    if (host.tracking.active) host.tracking.keyModified(key)
    if (host.notifyFlags !== 0) host.notify(NOTIFY_EVICTED, 'evicted', db.id, key)
    host.propagate(['del', key], db.id)
  }

  private done(r: EvictResult): EvictResult {
    this.pending = false
    return r
  }

  private randomPick(volatile: boolean): Candidate | null {
    const dbs = this.host.dbs
    for (let i = 0; i < dbs.length; i++) {
      const j = (this.nextDb = (this.nextDb + 1) % dbs.length)
      const db = dbs[j] as Db
      const keys = db.contents
      if ((volatile ? keys.expires.size : keys.data.size) === 0) continue
      const [key] = sampleKeys(db, 1, volatile, this.host.random)
      if (key !== undefined) return { score: 0, key, db: j }
    }
    return null
  }

  private poolPick(policy: Policy): Candidate | null {
    const volatile = policy.startsWith('volatile-')
    const samples = this.host.config.getInt('maxmemory-samples')
    const dbs = this.host.dbs
    for (;;) {
      let total = 0
      for (let i = 0; i < dbs.length; i++) {
        const db = dbs[i] as Db
        const size = volatile ? db.contents.expires.size : db.contents.data.size
        if (size === 0) continue
        total += size
        for (const key of sampleKeys(db, samples, volatile, this.host.random)) this.consider(db, i, key, policy)
      }
      if (total === 0) return null
      // the best candidate still present; ghosts (deleted since they were pooled) are dropped
      while (this.pool.length !== 0) {
        const c = this.pool.pop() as Candidate
        const keys = (dbs[c.db] as Db).contents
        if (volatile ? keys.expires.has(c.key) : keys.data.has(c.key)) return c
      }
    }
  }

  /** Inserts a sampled key into the pool (kept in ascending score order) if it is among the best seen. */
  private consider(db: Db, id: number, key: string, policy: Policy): void {
    let score: number
    if (policy === 'volatile-ttl') score = -(db.getExpire(key) ?? 0)
    else if (policy.endsWith('-lfu')) score = 255 - db.frequency(key)
    else score = db.idleTime(key)
    const pool = this.pool
    let k = 0
    while (k < pool.length && (pool[k] as Candidate).score < score) k++
    if (k === 0 && pool.length === POOL_SIZE) return
    pool.splice(k, 0, { score, key, db: id })
    if (pool.length > POOL_SIZE) pool.shift()
  }

  /** Forgets pooled candidates (FLUSHALL, SWAPDB: they may name other keys now). */
  reset(): void {
    this.pool = []
  }
}

/**
 * Up to `count` distinct random keys of a database, only keys with a TTL when
 * `volatile`; every such key when there are no more than `count`.
 */
export function sampleKeys(db: Db, count: number, volatile: boolean, random: () => number): string[] {
  const c = db.contents
  const source = volatile ? c.expires : c.data
  if (source.size <= count) return [...source.keys()]
  let sampler: Sampler<string>
  if (volatile) sampler = c.volatileSampler ??= new Sampler(() => c.expires, random)
  else sampler = c.sampler ??= new Sampler(() => c.data, random)
  const out = new Set<string>()
  for (let i = 0; i < count * 3 && out.size < count; i++) {
    const k = sampler.pick((key) => source.has(key))
    if (k === undefined) break
    out.add(k)
  }
  return [...out]
}
