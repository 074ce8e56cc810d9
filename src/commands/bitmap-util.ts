/**
 * Helpers of the bitmap commands: bit offsets, and byte access to string
 * values. Large values written by bit commands keep a mutable mirror
 * (core/byte-rope.ts) in a small per-database cache; the keyspace always holds
 * the equal string, so every other command sees an ordinary string value.
 */
import { ByteRope } from '../core/byte-rope.js'
import type { Db } from '../core/keyspace.js'
import { NOTIFY_STRING } from '../core/notify.js'
import { parseInt64, parseLL } from '../core/numbers.js'
import { CommandError, Err } from '../errors.js'
import { writeString } from './args.js'
import type { CommandContext } from './context.js'
import { checkStringLength } from './string.js'

/** Values at least this long are written through a cached ByteRope. */
const ROPE_MIN = 4096
/** Ropes cached per database, and the bytes they may hold together. */
const CACHE_ENTRIES = 16
const CACHE_BYTES = 256 * 1024 * 1024

const ropes = new WeakMap<Db, Map<string, ByteRope>>()

/** The cached rope of `key` if it still mirrors `value`. */
function cachedRope(db: Db, key: string, value: string): ByteRope | null {
  if (value.length < ROPE_MIN) return null
  const m = ropes.get(db)
  const r = m?.get(key)
  if (r === undefined) return null
  // identity first: the keyspace holds the rope's own string unless someone wrote the key
  if (r.value === value) return r
  ;(m as Map<string, ByteRope>).delete(key)
  return null
}

function cacheRope(db: Db, key: string, r: ByteRope): void {
  let m = ropes.get(db)
  if (m === undefined) {
    m = new Map()
    ropes.set(db, m)
  }
  m.delete(key)
  m.set(key, r)
  let total = 0
  for (const x of m.values()) total += x.bytes.length
  for (const [k, x] of m) {
    if (m.size <= 1 || (m.size <= CACHE_ENTRIES && total <= CACHE_BYTES)) break
    total -= x.bytes.length
    m.delete(k)
  }
}

/**
 * A bit offset argument (getBitOffsetFromArgument): an int64, or `#n` meaning
 * n * bits where allowed (BITFIELD); below zero or past proto-max-bulk-len
 * bytes is an error. Redis multiplies `#n` in 64-bit arithmetic without an
 * overflow check, so a product that wraps is taken as wrapped.
 */
export function parseBitOffset(ctx: CommandContext, s: string, hash = false, bits = 0): number {
  const usehash = hash && bits > 0 && s.charCodeAt(0) === 35 /* # */
  const text = usehash ? s.slice(1) : s
  const limit = ctx.engine.config.getInt('proto-max-bulk-len')
  const n = parseLL(text)
  if (n === null) throw new CommandError(Err.bitOffset)
  if (!usehash && Number.isSafeInteger(n)) {
    if (n < 0 || Math.floor(n / 8) >= limit) throw new CommandError(Err.bitOffset)
    return n
  }
  let v = parseInt64(text) as bigint
  if (usehash) v = BigInt.asIntN(64, v * BigInt(bits))
  if (v < 0n || v >> 3n >= BigInt(limit)) throw new CommandError(Err.bitOffset)
  return Number(v)
}

/** The byte at `i` of a string value (0 past its end). */
export function byteAt(db: Db, key: string, value: string, i: number): number {
  if (i >= value.length) return 0
  const r = cachedRope(db, key, value)
  return r !== null ? (r.bytes[i] as number) : value.charCodeAt(i)
}

/** Bytes `from` to `to` (exclusive) of a string value, zero past its end. */
export function readBytes(db: Db, key: string, value: string, from: number, to: number): Uint8Array {
  const out = new Uint8Array(to - from)
  const end = Math.min(to, value.length)
  if (end <= from) return out
  const r = cachedRope(db, key, value)
  if (r !== null) out.set(r.bytes.subarray(from, end))
  else for (let i = from; i < end; i++) out[i - from] = value.charCodeAt(i)
  return out
}

/**
 * A string value opened for bit writes (lookupStringForBitCommand): created or
 * grown with zeros to cover byte `maxByte`, WRONGTYPE for other types. It is
 * `raw` from then on, as Redis unshares it even when no bit changes.
 */
export class BitWriter {
  /** The value was created or grown: a change even if no bit flips. */
  readonly dirty: boolean
  private readonly created: boolean
  private readonly rope: ByteRope | null
  private readonly small: Uint8Array | null
  private changed = false

  constructor(
    private readonly ctx: CommandContext,
    private readonly db: Db,
    private readonly key: string,
    maxByte: number,
  ) {
    const cur = writeString(db, key)
    const len = Math.max(cur?.length ?? 0, maxByte + 1)
    this.created = cur === undefined
    this.dirty = this.created || len > (cur as string).length
    if (this.dirty) checkStringLength(ctx, len)
    const base = cur ?? ''
    if (len >= ROPE_MIN) {
      let r = cachedRope(db, key, base)
      if (r === null) {
        r = new ByteRope(base)
        cacheRope(db, key, r)
      }
      r.grow(len)
      this.rope = r
      this.small = null
    } else {
      const b = new Uint8Array(len)
      for (let i = 0; i < base.length; i++) b[i] = base.charCodeAt(i)
      this.small = b
      this.rope = null
    }
  }

  get(i: number): number {
    return this.rope !== null ? (this.rope.bytes[i] as number) : ((this.small as Uint8Array)[i] as number)
  }

  set(i: number, byte: number): void {
    if (this.get(i) === byte) return
    this.changed = true
    if (this.rope !== null) this.rope.set(i, byte)
    else (this.small as Uint8Array)[i] = byte
  }

  /**
   * Stores the value when anything changed and reports `changes` writes (the
   * `setbit` event, `changes` toward dirty); the encoding turns raw regardless.
   */
  finish(changes: number): void {
    const { db, key } = this
    if (this.dirty || this.changed) {
      const next = this.rope !== null ? this.rope.commit() : fromSmall(this.small as Uint8Array)
      if (this.created) db.set(key, next)
      else db.replace(key, next)
    }
    db.markRaw(key)
    if (changes > 0) {
      this.ctx.wrote(db, key, NOTIFY_STRING, 'setbit')
      // Redis counts each changed field toward dirty
      this.ctx.engine.dirty += changes - 1
    }
  }
}

function fromSmall(b: Uint8Array): string {
  return String.fromCharCode.apply(null, b as unknown as number[])
}

/** Set bits in each byte value. */
export const POPCOUNT = new Uint8Array(256)
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + (POPCOUNT[i >> 1] as number)
