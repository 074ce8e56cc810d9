/**
 * One database: keys to values, with expiry times kept apart so that a key
 * without a TTL costs one Map entry. Reads and writes check expiry lazily;
 * `activeExpire` deletes expired keys in bounded steps.
 *
 * Per-key metadata lives in side maps that hold only the keys that need it:
 * expiry times, string encodings the value alone does not imply, and (only
 * while tracking is on) LRU/LFU access words.
 */
import type { MemoryAccount } from './memory.js'
import { isIntEncodable as isIntString } from './numbers.js'
import { Sampler } from './sampler.js'
import { ScanCursors } from './scan.js'
import type { Value } from './values/types.js'

/** What the engine does when a key expires: notify, propagate DEL, invalidate WATCH. */
export interface ExpiryHandler {
  onExpired(db: Db, key: string): void
  /** A read found no key (keyspace event `keymiss`). */
  onMiss?(db: Db, key: string): void
  /** A key was added (keyspace event `new`). */
  onNew?(db: Db, key: string): void
  now(): number
  random(): number
  /** Keyspace hits and misses, counted by `read`. */
  readonly stats: { hits: number; misses: number }
  /** True while a CLIENT NO-TOUCH client runs a command: lookups leave access data alone. */
  noTouch?(): boolean
}

/** A string stored as `raw` although short (APPEND, SETRANGE). */
export const ENC_RAW = 1
/** A string stored as `embstr` although it reads as an integer (INCRBYFLOAT). */
export const ENC_EMBSTR = 2
/** An `int` string with its own object, not a shared integer (COPY): OBJECT REFCOUNT 1. */
export const ENC_INT_UNSHARED = 3

export type StringEncoding = 'int' | 'embstr' | 'raw'

/** How access is tracked: Redis's 24-bit LRU clock, or LFU minutes and log counter. */
export type AccessMode = 'lru' | 'lfu'

const LRU_CLOCK_MAX = 0xffffff
const LFU_INIT_VAL = 5
/** Longest string Redis encodes as `embstr`. */
const EMBSTR_MAX = 44

/** The swappable contents of a database (SWAPDB exchanges these). */
export class Contents {
  readonly data = new Map<string, Value>()
  readonly expires = new Map<string, number>()
  /** String encodings that differ from what the value implies (ENC_*). */
  readonly enc = new Map<string, number>()
  readonly cursors = new ScanCursors<string>()
  expireIter: Iterator<[string, number]> | null = null
  sampler: Sampler<string> | null = null
  volatileSampler: Sampler<string> | null = null
  /** Access words by key while tracking is on, else null. */
  access: Map<string, number> | null = null
  /** The word of every key missing from `access`: accessed when tracking began. */
  accessBase = 0
  mem: MemoryAccount | null = null // key and value bytes, kept once the memory estimate is first asked for (core/memory.ts)
}

export class Db {
  private c = new Contents()
  /** The mode `maxmemory-policy` asks for, or null (no LRU/LFU policy). */
  private policyMode: AccessMode | null = null
  /** Tracking was switched on by OBJECT IDLETIME, and stays on without a policy. */
  private accessWanted = false
  private lfuLogFactor = 10
  private lfuDecayTime = 1

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
    this.forget(key)
    this.handler.onExpired(this, key)
  }

  /** Drops a key and everything kept about it. */
  private forget(key: string): boolean {
    const c = this.c
    c.mem?.remove(key, c.data.get(key))
    if (!c.data.delete(key)) return false
    if (c.expires.size !== 0 && c.expires.delete(key)) c.volatileSampler?.touch()
    if (c.enc.size !== 0) c.enc.delete(key)
    if (c.access !== null) c.access.delete(key)
    c.sampler?.touch()
    return true
  }

  /** The live value of a key (expired keys are deleted on the way); counts as an access. */
  get(key: string): Value | undefined {
    if (this.c.expires.size !== 0 && this.expireIfNeeded(key)) return undefined
    const v = this.c.data.get(key)
    if (v !== undefined && this.c.access !== null && !(this.handler.noTouch?.() ?? false)) this.touchAccess(key)
    return v
  }

  /** Like `get`, counting a keyspace hit or miss (reads by commands). */
  read(key: string): Value | undefined {
    return this.counted(key, this.get(key))
  }

  /** Like `read` but not an access (TYPE, TTL, EXISTS; OBJECT without `keymiss`). */
  readNoTouch(key: string, keymiss = true): Value | undefined {
    if (this.c.expires.size !== 0 && this.expireIfNeeded(key)) return this.counted(key, undefined, keymiss)
    return this.counted(key, this.c.data.get(key), keymiss)
  }

  private counted(key: string, v: Value | undefined, keymiss = true): Value | undefined {
    if (v === undefined) {
      this.handler.stats.misses++
      if (keymiss) this.handler.onMiss?.(this, key)
    } else this.handler.stats.hits++
    return v
  }

  /** Whether a live key exists (not an access). */
  has(key: string): boolean {
    if (this.c.expires.size !== 0 && this.expireIfNeeded(key)) return false
    return this.c.data.has(key)
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
    const c = this.c
    if (c.expires.size !== 0) this.expireIfNeeded(key)
    const data = c.data
    const size = data.size
    c.mem?.replace(key, data.get(key), value)
    data.set(key, value)
    const added = data.size !== size
    if (added) {
      c.sampler?.touch()
      this.handler.onNew?.(this, key)
    }
    if (!keepTtl && c.expires.size !== 0 && c.expires.delete(key)) c.volatileSampler?.touch()
    if (c.enc.size !== 0) c.enc.delete(key)
    if (c.access !== null) this.accessNewValue(key, added)
  }

  /** Replaces a value in place, keeping its TTL (for commands that modify a string). */
  replace(key: string, value: Value): void {
    this.c.mem?.replace(key, this.c.data.get(key), value)
    this.c.data.set(key, value)
  }

  delete(key: string): boolean {
    if (this.c.expires.size !== 0 && this.expireIfNeeded(key)) return false
    return this.forget(key)
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

  // ---- string encodings ----

  /** OBJECT ENCODING of a string value, as Redis 7.0 reports it after the same writes. */
  stringEncoding(key: string, value: string): StringEncoding {
    const e = this.c.enc.size === 0 ? undefined : this.c.enc.get(key)
    if (e === ENC_RAW) return 'raw'
    if (e === ENC_EMBSTR) return value.length <= EMBSTR_MAX ? 'embstr' : 'raw'
    if (isIntString(value)) return 'int'
    return value.length <= EMBSTR_MAX ? 'embstr' : 'raw'
  }

  /** Records an encoding the value alone does not imply (ENC_RAW, ENC_EMBSTR, ENC_INT_UNSHARED). */
  setEncoding(key: string, enc: number): void {
    this.c.enc.set(key, enc)
  }

  /** The recorded encoding override of a key (ENC_*), or 0. */
  encodingOf(key: string): number {
    return this.c.enc.size === 0 ? 0 : (this.c.enc.get(key) ?? 0)
  }

  isRaw(key: string): boolean {
    return this.encodingOf(key) === ENC_RAW
  }

  markRaw(key: string): void {
    this.c.enc.set(key, ENC_RAW)
  }

  // ---- renaming, moving, copying ----

  /** Renames a live key, with its TTL, encoding and access data; `to` is replaced (no events for it). */
  rename(from: string, to: string): void {
    const c = this.c
    const v = c.data.get(from)
    if (v === undefined || from === to) return
    const at = c.expires.get(from)
    const enc = c.enc.get(from)
    const word = c.access?.get(from)
    this.delete(to)
    this.forget(from)
    this.adopt(to, v, at, enc, word)
  }

  /** Moves a live key to another database with its TTL, encoding and access data (MOVE). */
  moveTo(key: string, dst: Db): void {
    const c = this.c
    const v = c.data.get(key)
    if (v === undefined) return
    const at = c.expires.get(key)
    const enc = c.enc.get(key)
    const word = c.access?.get(key)
    this.forget(key)
    dst.adopt(key, v, at, enc, word)
  }

  /**
   * Copies a live key (deep: collections are cloned) to `newKey` of `dst`, with its
   * TTL. The copy is a new object: fresh access data, an unshared int (COPY).
   */
  copyTo(key: string, dst: Db, newKey: string): void {
    const v = this.c.data.get(key)
    if (v === undefined) return
    const at = this.c.expires.get(key)
    const enc = this.encodingOf(key)
    if (typeof v === 'string') {
      dst.set(newKey, v)
      const copied = enc !== 0 ? enc : isIntString(v) ? ENC_INT_UNSHARED : 0
      if (copied !== 0) dst.setEncoding(newKey, copied)
    } else dst.set(newKey, v.clone())
    if (at !== undefined) dst.setExpire(newKey, at)
  }

  /** Adds a key that arrives from RENAME or MOVE (it is absent here). */
  private adopt(key: string, v: Value, at: number | undefined, enc: number | undefined, word: number | undefined): void {
    const c = this.c
    c.data.set(key, v)
    c.mem?.add(key, v)
    c.sampler?.touch()
    this.handler.onNew?.(this, key)
    if (at !== undefined) this.setExpire(key, at)
    if (enc !== undefined) c.enc.set(key, enc)
    if (c.access !== null) {
      if (word !== undefined) c.access.set(key, word)
      else this.accessNewValue(key, true)
    }
  }

  // ---- iteration and sampling ----

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

  /**
   * One SCAN step: visits up to `count` keys from `cursor`, deleting expired ones.
   * Every key present for the whole iteration is visited (see scan.ts).
   */
  scan(cursor: number, count: number, visit: (key: string, value: Value) => void): number {
    const expired: string[] = []
    const data = this.c.data
    const next = this.c.cursors.scan(
      () => data.keys(),
      cursor,
      count,
      (k) => {
        if (this.isExpired(k)) expired.push(k)
        else visit(k, data.get(k) as Value)
      },
      data.size,
    )
    for (const k of expired) this.expireIfNeeded(k)
    return next
  }

  /** A random live key (RANDOMKEY), or undefined for an empty database. Expired picks are deleted. */
  randomKey(): string | undefined {
    const c = this.c
    if (c.sampler === null) c.sampler = new Sampler(() => c.data, this.handler.random)
    for (;;) {
      const k = c.sampler.pick((key) => c.data.has(key))
      if (k === undefined) return undefined
      if (!this.expireIfNeeded(k)) return k
    }
  }

  /** The maps themselves, for the memory estimate and eviction's samples (core/memory.ts, core/eviction.ts). */
  get contents(): Contents {
    return this.c
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
    let expired = 0
    for (const k of due) if (this.expireIfNeeded(k)) expired++
    return [checked, expired]
  }

  // ---- access tracking (OBJECT IDLETIME/FREQ, LRU/LFU eviction) ----

  /**
   * Follows `maxmemory-policy`: an LRU or LFU policy turns tracking on in its
   * mode; another policy turns it off unless OBJECT IDLETIME asked for it.
   */
  configureAccess(config: { get(name: string): string; getInt(name: string): number }): void {
    this.lfuLogFactor = config.getInt('lfu-log-factor')
    this.lfuDecayTime = config.getInt('lfu-decay-time')
    const policy = config.get('maxmemory-policy')
    const mode: AccessMode | null = policy.endsWith('-lfu') ? 'lfu' : policy.endsWith('-lru') ? 'lru' : null
    const was = this.accessMode
    this.policyMode = mode
    if (this.c.access === null) {
      if (mode !== null) this.startAccess()
    } else if (mode === null && !this.accessWanted) this.c.access = null
    else if (this.accessMode !== was) this.startAccess()
  }

  /** The mode access words are kept in: LFU under an LFU policy, LRU otherwise. */
  get accessMode(): AccessMode {
    return this.policyMode === 'lfu' ? 'lfu' : 'lru'
  }

  /** Whether per-key access data is being kept. */
  get tracksAccess(): boolean {
    return this.c.access !== null
  }

  /** Starts tracking now (OBJECT IDLETIME): keys not accessed since count as accessed now. */
  trackAccess(): void {
    this.accessWanted = true
    if (this.c.access === null) this.startAccess()
  }

  private startAccess(): void {
    const c = this.c
    c.access = new Map()
    c.accessBase = this.accessMode === 'lfu' ? (this.lfuMinutes() << 8) | LFU_INIT_VAL : this.lruClock()
  }

  private lruClock(): number {
    return Math.floor(this.handler.now() / 1000) & LRU_CLOCK_MAX
  }

  private lfuMinutes(): number {
    return Math.floor(this.handler.now() / 60000) & 0xffff
  }

  private accessWord(key: string): number {
    const c = this.c
    return c.access?.get(key) ?? c.accessBase
  }

  /** A new value under `key`: a fresh object's access data (LFU keeps the counter of an overwritten key). */
  private accessNewValue(key: string, added: boolean): void {
    const access = this.c.access as Map<string, number>
    if (this.accessMode === 'lru') access.set(key, this.lruClock())
    else if (added) access.set(key, (this.lfuMinutes() << 8) | LFU_INIT_VAL)
    else if (!(this.handler.noTouch?.() ?? false)) this.touchAccess(key)
  }

  /** Records an access (TOUCH, and every lookup unless CLIENT NO-TOUCH). No-op while not tracking. */
  touchAccess(key: string): void {
    const access = this.c.access
    if (access === null) return
    if (this.accessMode === 'lru') {
      access.set(key, this.lruClock())
      return
    }
    let counter = this.lfuDecayed(this.accessWord(key))
    if (counter < 255) {
      const base = Math.max(0, counter - LFU_INIT_VAL)
      if (this.handler.random() < 1 / (base * this.lfuLogFactor + 1)) counter++
    }
    access.set(key, (this.lfuMinutes() << 8) | counter)
  }

  /** Seconds since the last access, by the 24-bit LRU clock (OBJECT IDLETIME). */
  idleTime(key: string): number {
    const word = this.accessWord(key)
    const now = this.lruClock()
    return now >= word ? now - word : now + (LRU_CLOCK_MAX - word)
  }

  /** When the key was last accessed, in clock ms (second resolution; LRU mode). */
  accessTime(key: string): number {
    return this.handler.now() - this.idleTime(key) * 1000
  }

  /** The LFU counter with decay applied, without storing it (OBJECT FREQ). */
  frequency(key: string): number {
    return this.lfuDecayed(this.accessWord(key))
  }

  private lfuDecayed(word: number): number {
    const counter = word & 255
    if (this.lfuDecayTime === 0) return counter
    const ldt = word >>> 8
    const now = this.lfuMinutes()
    const elapsed = now >= ldt ? now - ldt : 65535 - ldt + now
    const periods = Math.floor(elapsed / this.lfuDecayTime)
    return periods > counter ? 0 : counter - periods
  }

  // ---- whole database ----

  /** Empties the database. */
  clear(): void {
    this.c = new Contents()
    if (this.policyMode !== null) this.startAccess()
  }

  /** Exchanges contents with another database (SWAPDB). */
  swap(other: Db): void {
    const t = this.c
    this.c = other.c
    other.c = t
  }
}
