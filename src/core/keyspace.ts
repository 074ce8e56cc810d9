/**
 * One database: keys to values, with expiry times kept apart so that a key
 * without a TTL costs one Map entry. Reads and writes check expiry lazily;
 * `activeExpire` deletes expired keys in bounded steps.
 */
import { Sampler } from './sampler.js'
import { ScanCursors } from './scan.js'
import type { Value } from './values/types.js'

/** What the engine does when a key expires: notify, propagate DEL, invalidate WATCH. */
export interface ExpiryHandler {
  onExpired(db: Db, key: string): void
  now(): number
  random(): number
  /** Keyspace hits and misses, counted by `read`. */
  readonly stats: { hits: number; misses: number }
}

/** The swappable contents of a database (SWAPDB exchanges these). */
class Contents {
  readonly data = new Map<string, Value>()
  readonly expires = new Map<string, number>()
  /** String keys whose encoding became `raw` through APPEND or SETRANGE. */
  readonly raw = new Set<string>()
  readonly cursors = new ScanCursors<string>()
  expireIter: Iterator<[string, number]> | null = null
  sampler: Sampler<string> | null = null
  volatileSampler: Sampler<string> | null = null
}

export class Db {
  private c = new Contents()

  constructor(
    readonly id: number,
    private readonly handler: ExpiryHandler,
  ) {}

  get size(): number {
    return this.c.data.size
  }

  get expiresCount(): number {
    return this.c.expires.size
  }

  /** Deletes `key` if its time has passed; true when it did. */
  private expireIfNeeded(key: string): boolean {
    const at = this.c.expires.get(key)
    if (at === undefined || !(this.handler.now() > at)) return false
    this.removeExpired(key)
    return true
  }

  private removeExpired(key: string): void {
    this.c.data.delete(key)
    this.c.expires.delete(key)
    this.c.raw.delete(key)
    this.c.sampler?.touch()
    this.handler.onExpired(this, key)
  }

  /** The live value of a key (expired keys are deleted on the way). */
  get(key: string): Value | undefined {
    if (this.c.expires.size !== 0 && this.expireIfNeeded(key)) return undefined
    return this.c.data.get(key)
  }

  /** Like `get`, counting a keyspace hit or miss (reads by commands). */
  read(key: string): Value | undefined {
    const v = this.get(key)
    if (v === undefined) this.handler.stats.misses++
    else this.handler.stats.hits++
    return v
  }

  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  /** The value without expiry checks or side effects (for scans that check expiry themselves). */
  peek(key: string): Value | undefined {
    return this.c.data.get(key)
  }

  /** True when the key exists and has passed its expiry time, without deleting it. */
  isExpired(key: string): boolean {
    const at = this.c.expires.get(key)
    return at !== undefined && this.handler.now() > at
  }

  /** Stores a value. The TTL is cleared unless `keepTtl`. */
  set(key: string, value: Value, keepTtl = false): void {
    if (this.c.expires.size !== 0) this.expireIfNeeded(key)
    const data = this.c.data
    const size = data.size
    data.set(key, value)
    if (data.size !== size) this.c.sampler?.touch()
    if (!keepTtl && this.c.expires.size !== 0 && this.c.expires.delete(key)) this.c.volatileSampler?.touch()
    if (this.c.raw.size !== 0) this.c.raw.delete(key)
  }

  /** Replaces a value in place, keeping its TTL (for commands that modify a string). */
  replace(key: string, value: Value): void {
    this.c.data.set(key, value)
  }

  delete(key: string): boolean {
    if (this.c.expires.size !== 0 && this.expireIfNeeded(key)) return false
    if (!this.c.data.delete(key)) return false
    if (this.c.expires.size !== 0 && this.c.expires.delete(key)) this.c.volatileSampler?.touch()
    if (this.c.raw.size !== 0) this.c.raw.delete(key)
    this.c.sampler?.touch()
    return true
  }

  /** Absolute expiry time in ms, or undefined when the key has no TTL. */
  getExpire(key: string): number | undefined {
    return this.c.expires.size === 0 ? undefined : this.c.expires.get(key)
  }

  /** Sets an absolute expiry time on an existing key. */
  setExpire(key: string, at: number): void {
    const size = this.c.expires.size
    this.c.expires.set(key, at)
    if (this.c.expires.size !== size) this.c.volatileSampler?.touch()
  }

  /** Removes a TTL; true when there was one. */
  persist(key: string): boolean {
    if (!this.c.expires.delete(key)) return false
    this.c.volatileSampler?.touch()
    return true
  }

  isRaw(key: string): boolean {
    return this.c.raw.size !== 0 && this.c.raw.has(key)
  }

  markRaw(key: string): void {
    this.c.raw.add(key)
  }

  /** Every live key (for KEYS); expired keys are skipped, not deleted. */
  *keys(): IterableIterator<string> {
    const now = this.handler.now()
    const expires = this.c.expires
    for (const k of this.c.data.keys()) {
      if (expires.size !== 0) {
        const at = expires.get(k)
        if (at !== undefined && now > at) continue
      }
      yield k
    }
  }

  /** Every entry without expiry checks (snapshots, which carry expiry times themselves). */
  entries(): IterableIterator<[string, Value]> {
    return this.c.data.entries()
  }

  /** One SCAN step: visits up to `count` keys from `cursor`, deleting expired ones. */
  scan(cursor: number, count: number, visit: (key: string) => void): number {
    const expired: string[] = []
    const next = this.c.cursors.scan(
      () => this.c.data.keys(),
      cursor,
      count,
      (k) => {
        if (this.isExpired(k)) expired.push(k)
        else visit(k)
      },
    )
    for (const k of expired) this.expireIfNeeded(k)
    return next
  }

  /** A random live key (RANDOMKEY), or undefined for an empty database. */
  randomKey(): string | undefined {
    const c = this.c
    if (c.sampler === null) c.sampler = new Sampler(() => c.data, this.handler.random)
    // Redis gives up on an all-volatile database after 100 expired picks; it returns one of them.
    let tries = 0
    for (;;) {
      const k = c.sampler.pick((key) => c.data.has(key))
      if (k === undefined) return undefined
      if (!this.isExpired(k)) return k
      if (++tries >= 100 && c.expires.size === c.data.size) return k
      this.expireIfNeeded(k)
    }
  }

  /** A random key that has a TTL (eviction's volatile policies). */
  randomVolatileKey(): string | undefined {
    const c = this.c
    if (c.volatileSampler === null) c.volatileSampler = new Sampler(() => c.expires, this.handler.random)
    return c.volatileSampler.pick((key) => c.expires.has(key))
  }

  /**
   * Active expiry: checks up to `budget` keys that have a TTL, resuming where the
   * last call stopped, and deletes the expired ones. Returns [checked, expired].
   */
  activeExpire(budget: number): [number, number] {
    const c = this.c
    if (c.expires.size === 0) return [0, 0]
    const now = this.handler.now()
    let checked = 0
    let expired = 0
    const due: string[] = []
    let it = c.expireIter ?? c.expires.entries()
    while (checked < budget) {
      const r = it.next()
      if (r.done) {
        if (checked === 0 && c.expireIter !== null) {
          it = c.expires.entries()
          c.expireIter = it
          continue
        }
        c.expireIter = null
        break
      }
      c.expireIter = it
      checked++
      if (now > r.value[1]) due.push(r.value[0])
    }
    for (const k of due) {
      if (this.expireIfNeeded(k)) expired++
    }
    return [checked, expired]
  }

  /** Empties the database. */
  clear(): void {
    this.c = new Contents()
  }

  /** Exchanges contents with another database (SWAPDB). */
  swap(other: Db): void {
    const t = this.c
    this.c = other.c
    other.c = t
  }
}
