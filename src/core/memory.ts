/**
 * The memory estimate behind INFO's used_memory and maxmemory: bytes as V8
 * lays the data out, kept up to date incrementally. Constants were measured
 * with `node --expose-gc` on Node 20 (64-bit, no pointer compression):
 *
 * - a one-byte string: a 16-byte header plus its bytes rounded up to 8; the
 *   empty and one-character strings are shared (free);
 * - a Map's table: capacity × 28 bytes (3 slots per entry, half a bucket
 *   word), the capacity a power of two of at least 4; a Set's: capacity × 20;
 * - a number that is not a small integer (an expiry time) is a 16-byte box.
 *
 * For 1M string keys with 16-byte values this predicts the measured heap
 * delta (93.4 bytes per key) exactly; test/unit/core/memory.test.ts checks it.
 */
import type { Db } from './keyspace.js'
import type { Collection, Value } from './values/types.js'

/** Heap bytes of a byte string of `len` bytes. */
export function stringBytes(len: number): number {
  return len <= 1 ? 0 : 16 + ((len + 7) & ~7)
}

/** An OrderedHashMap/Set's capacity for `n` entries. */
export function tableCapacity(n: number): number {
  if (n <= 4) return 4
  // the next power of two: V8 doubles a full table
  return n <= 0x40000000 ? 1 << (32 - Math.clz32(n - 1)) : 2 ** Math.ceil(Math.log2(n))
}

/** Bytes of a Map's hash table holding `n` entries. */
export function mapTableBytes(n: number): number {
  return n === 0 ? 0 : tableCapacity(n) * 28
}

/** Bytes of a Set's hash table holding `n` entries. */
export function setTableBytes(n: number): number {
  return n === 0 ? 0 : tableCapacity(n) * 20
}

/** A heap number (a double, or an integer beyond 31 bits). */
export const BOXED_NUMBER = 16

/** Whether V8 keeps `x` unboxed (a small integer). */
export function isSmi(x: number): boolean {
  return (x | 0) === x && !Object.is(x, -0)
}

/** Bytes of a stored value: a string's own bytes, a collection's estimate. */
export function valueBytes(v: Value): number {
  return typeof v === 'string' ? stringBytes(v.length) : v.memory()
}

/**
 * One database's running total: key and value bytes, and the keys Map's
 * table as V8 sizes it. A collection changes in place, so the figure it was
 * last counted at is kept to turn its next estimate into a difference.
 *
 * V8 frees a deleted entry's slot only when the table is rebuilt: a full table
 * is rebuilt at the same size when half of it is deleted entries, else at
 * twice the size, and halves once under a quarter full. Under steady churn
 * (eviction) the table so settles at 2-4 slots per live key, not 1-2.
 */
export class MemoryAccount {
  bytes = 0
  private readonly counted = new Map<Collection, number>()
  private capacity: number
  private live: number
  private deleted = 0

  constructor(size = 0) {
    this.live = size
    this.capacity = tableCapacity(size)
  }

  /** Bytes of the keys Map's table. */
  get tableBytes(): number {
    return this.capacity * 28
  }

  /** How much bigger than its size alone implies churn has made the table (for the other per-key Maps). */
  get churn(): number {
    return this.capacity / tableCapacity(this.live)
  }

  /** The bytes kept for the collections' last figures (this account's own table). */
  get overhead(): number {
    return mapTableBytes(this.counted.size)
  }

  private valueIn(v: Value): number {
    if (typeof v === 'string') return stringBytes(v.length)
    const m = v.memory()
    this.counted.set(v, m)
    return m
  }

  private valueOut(v: Value): number {
    if (typeof v === 'string') return stringBytes(v.length)
    const m = this.counted.get(v) ?? v.memory()
    this.counted.delete(v)
    return m
  }

  /** A key already in the Map when the account starts. */
  count(key: string, v: Value): void {
    this.bytes += stringBytes(key.length) + this.valueIn(v)
  }

  /** A new key. */
  add(key: string, v: Value): void {
    this.bytes += stringBytes(key.length) + this.valueIn(v)
    if (this.live + this.deleted >= this.capacity) {
      this.capacity = this.deleted >= this.capacity >> 1 ? this.capacity : this.capacity * 2
      this.deleted = 0
    }
    this.live++
  }

  /** A key gone (nothing when `v` is undefined: there was no such key). */
  remove(key: string, v: Value | undefined): void {
    if (v === undefined) return
    this.bytes -= stringBytes(key.length) + this.valueOut(v)
    this.live--
    this.deleted++
    if (this.live < this.capacity >> 2 && this.capacity > 4) {
      this.capacity >>= 1
      this.deleted = 0
    }
  }

  /** `key` now holds `v` instead of `old` (undefined: the key is new). */
  replace(key: string, old: Value | undefined, v: Value): void {
    if (old === v) return
    if (old === undefined) this.add(key, v)
    else this.bytes += this.valueIn(v) - this.valueOut(old)
  }

  /** A collection changed in place: counts the difference since its last figure. */
  refresh(v: Collection): void {
    const before = this.counted.get(v)
    if (before === undefined) return
    const m = v.memory()
    if (m === before) return
    this.counted.set(v, m)
    this.bytes += m - before
  }
}

/** Fixed bytes of an empty database (its Maps and bookkeeping objects). */
export const EMPTY_DB_BYTES = 1024

/** An engine's own bytes beside its databases (command table indexes, ACL bitmaps, config), measured at about 46 KiB. */
export const ENGINE_BYTES = 46 * 1024

/**
 * Estimated heap bytes of a database. The first call counts every key (and
 * from then on the keyspace keeps the account); later calls are O(1).
 */
export function dbMemory(db: Db): number {
  const c = db.contents
  // the common case of many databases, most of them empty (maxmemory asks before every command)
  if (c.data.size === 0 && c.sampler === null && c.volatileSampler === null) return EMPTY_DB_BYTES + (c.mem?.bytes ?? 0)
  let mem = c.mem
  if (mem === null) {
    mem = c.mem = new MemoryAccount(c.data.size)
    for (const [k, v] of c.data) mem.count(k, v)
  }
  const expires = c.expires.size
  // the other per-key Maps churn as the keys Map does
  const churn = mem.churn
  return (
    EMPTY_DB_BYTES +
    mem.bytes +
    mem.overhead +
    mem.tableBytes +
    (mapTableBytes(expires) + mapTableBytes(c.enc.size) + (c.access === null ? 0 : mapTableBytes(c.access.size))) * churn +
    expires * BOXED_NUMBER +
    (c.sampler?.bytes ?? 0) +
    (c.volatileSampler?.bytes ?? 0)
  )
}

/** A write touched `key`: a collection there may have changed in place, so its estimate is taken again. */
export function touchedMemory(db: Db, key: string): void {
  const c = db.contents
  if (c.mem === null) return
  const v = c.data.get(key)
  if (v !== undefined && typeof v !== 'string') c.mem.refresh(v)
}
