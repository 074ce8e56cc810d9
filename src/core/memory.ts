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
  return 2 ** Math.ceil(Math.log2(n))
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
 * One database's running total: key and value bytes. Map tables and expiry
 * boxes are derived from the sizes when asked (`Db.memoryUsage`). A
 * collection changes in place, so the figure it was last counted at is kept
 * to turn its next estimate into a difference.
 */
export class MemoryAccount {
  bytes = 0
  private readonly counted = new Map<Collection, number>()

  /** The bytes kept for the collections' last figures (this account's own table). */
  get overhead(): number {
    return mapTableBytes(this.counted.size)
  }

  add(key: string, v: Value): void {
    let b = stringBytes(key.length)
    if (typeof v === 'string') b += stringBytes(v.length)
    else {
      const m = v.memory()
      this.counted.set(v, m)
      b += m
    }
    this.bytes += b
  }

  remove(key: string, v: Value | undefined): void {
    if (v === undefined) return
    let b = stringBytes(key.length)
    if (typeof v === 'string') b += stringBytes(v.length)
    else {
      b += this.counted.get(v) ?? v.memory()
      this.counted.delete(v)
    }
    this.bytes -= b
  }

  /** `key` now holds `v` instead of `old` (undefined: it is new). */
  replace(key: string, old: Value | undefined, v: Value): void {
    if (old === v) return
    if (old !== undefined) this.remove(key, old)
    this.add(key, v)
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

/**
 * Estimated heap bytes of a database. The first call counts every key (and
 * from then on the keyspace keeps the account); later calls are O(1).
 */
export function dbMemory(db: Db): number {
  const c = db.contents
  let mem = c.mem
  if (mem === null) {
    mem = c.mem = new MemoryAccount()
    for (const [k, v] of c.data) mem.add(k, v)
  }
  const expires = c.expires.size
  return (
    EMPTY_DB_BYTES +
    mem.bytes +
    mem.overhead +
    mapTableBytes(c.data.size) +
    mapTableBytes(expires) +
    expires * BOXED_NUMBER +
    mapTableBytes(c.enc.size) +
    (c.access === null ? 0 : mapTableBytes(c.access.size)) +
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
