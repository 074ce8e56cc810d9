/**
 * One macro node of a stream: the entries Redis keeps in one listpack under one
 * radix tree key. Nodes fill up by Redis's rules (stream-node-max-entries and
 * stream-node-max-bytes, with the listpack's exact byte size), because approximate
 * trimming removes whole nodes and XINFO reports their number.
 *
 * Entries live in parallel arrays: `ms`/`seq` (IDs, deleted ones included as
 * tombstones, as in Redis), `meta` (offset into `data` × 4 + flags) and `data`
 * (the values; an entry whose fields differ from the node's master fields stores
 * its field/value pairs instead). Integer-looking values are stored as numbers.
 */
import { parseLL } from '../numbers.js'
import { compareIds, type StreamId, type U64 } from '../stream-id.js'

export const F_DELETED = 1
export const F_SAMEFIELDS = 2

/** A stored field or value: integer-like strings are kept as numbers. */
export type Item = string | number

export function toItem(s: string): Item {
  const c = s.charCodeAt(0)
  if (s.length > 16 || !((c >= 48 && c <= 57) || c === 45)) return s
  const n = parseLL(s)
  return n !== null && Number.isSafeInteger(n) ? n : s
}

export function itemString(v: Item): string {
  return typeof v === 'number' ? String(v) : v
}

// ---- listpack sizes (Redis 7.0 listpack.c encodings) ----

function backlen(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5
}

/** Bytes of an integer element (encoding, payload and back-length). */
export function lpIntSize(v: number | bigint): number {
  if (v >= 0 && v <= 127) return 2
  if (v >= -4096 && v <= 4095) return 3
  if (v >= -32768 && v <= 32767) return 4
  if (v >= -8388608 && v <= 8388607) return 5
  if (v >= -2147483648 && v <= 2147483647) return 6
  return 10
}

/** Bytes of a string element; strings that read as an int64 are stored as integers. */
export function lpStringSize(s: string): number {
  const n = s.length
  if (n > 0 && n <= 20) {
    const v = parseLL(s)
    if (v !== null) return lpIntSize(v)
  }
  const enc = n <= 63 ? 1 + n : n <= 4095 ? 2 + n : 5 + n
  return enc + backlen(enc)
}

function lpItemSize(v: Item): number {
  return typeof v === 'number' ? lpIntSize(v) : lpStringSize(v)
}

/** `a - b` of two u64 parts as Redis stores the delta: wrapped to int64. */
function delta(a: U64, b: U64): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  let d = (BigInt(a) - BigInt(b)) & 0xffffffffffffffffn
  if (d >= 0x8000000000000000n) d -= 0x10000000000000000n
  return d
}

export class StreamNode {
  ms: U64[] = []
  seq: U64[] = []
  meta: number[] = []
  data: Item[] = []
  /** Live entries. */
  count = 0
  /** Tombstones. */
  deleted = 0
  /** Start in `data` of the last entry stored with the master fields, or -1. */
  private lastSame = -1
  /** Listpack bytes, except the count and deleted counters. */
  private fixed: number

  constructor(readonly fields: readonly string[]) {
    // header + terminator, num-fields, the master fields, the master entry's zero
    let b = 7 + lpIntSize(fields.length) + 2
    for (const f of fields) b += lpStringSize(f)
    this.fixed = b
  }

  /** The radix tree key: the ID of the first entry ever added. */
  get firstMs(): U64 {
    return this.ms[0] as U64
  }

  get firstSeq(): U64 {
    return this.seq[0] as U64
  }

  /** Entries including tombstones. */
  get total(): number {
    return this.ms.length
  }

  /** The listpack's size in bytes, as lpBytes reports it. */
  get bytes(): number {
    return this.fixed + lpIntSize(this.count) + lpIntSize(this.deleted)
  }

  /** Appends an entry; `fv` holds field, value, field, value... */
  append(id: StreamId, fv: readonly string[]): void {
    const fields = this.fields
    const n = fv.length / 2
    let same = n === fields.length
    for (let i = 0; same && i < n; i++) same = fv[2 * i] === fields[i]
    const data = this.data
    const start = data.length
    let b: number
    if (this.ms.length === 0) b = 2 + 2 + 2
    else b = 2 + lpIntSize(delta(id.ms, this.firstMs)) + lpIntSize(delta(id.seq, this.firstSeq))
    if (same) {
      // a value equal to the previous entry's shares its string (repeated values cost a pointer)
      const prev = this.lastSame
      for (let i = 1, j = 0; i < fv.length; i += 2, j++) {
        let v = toItem(fv[i] as string)
        if (prev >= 0 && typeof v === 'string' && data[prev + j] === v) v = data[prev + j] as string
        data.push(v)
        b += lpItemSize(v)
      }
      this.lastSame = start
      b += lpIntSize(n + 3)
    } else {
      data.push(n)
      b += lpIntSize(n)
      for (let i = 0; i < fv.length; i++) {
        let v: Item
        if (i % 2 === 0) {
          const k = fields.indexOf(fv[i] as string)
          v = k >= 0 ? (fields[k] as string) : (fv[i] as string)
        } else v = toItem(fv[i] as string)
        data.push(v)
        b += lpItemSize(v)
      }
      b += lpIntSize(2 * n + 4)
    }
    this.fixed += b
    this.ms.push(id.ms)
    this.seq.push(id.seq)
    this.meta.push(start * 4 + (same ? F_SAMEFIELDS : 0))
    this.count++
  }

  isDeleted(i: number): boolean {
    return ((this.meta[i] as number) & F_DELETED) !== 0
  }

  /** Marks entry `i` deleted (a tombstone keeps its ID) and drops its values. */
  markDeleted(i: number): void {
    const m = this.meta[i] as number
    if (m & F_DELETED) return
    this.meta[i] = m | F_DELETED
    const start = Math.floor(m / 4)
    const end = this.end(i)
    for (let j = start; j < end; j++) if (typeof this.data[j] === 'string') this.data[j] = ''
    this.count--
    this.deleted++
  }

  private end(i: number): number {
    return i + 1 < this.meta.length ? Math.floor((this.meta[i + 1] as number) / 4) : this.data.length
  }

  /** Field/value pairs of entry `i`, as strings. */
  fieldValues(i: number): string[] {
    const m = this.meta[i] as number
    const start = Math.floor(m / 4)
    const data = this.data
    const out: string[] = []
    if (m & F_SAMEFIELDS) {
      const fields = this.fields
      for (let j = 0; j < fields.length; j++) out.push(fields[j] as string, itemString(data[start + j] as Item))
    } else {
      const n = data[start] as number
      for (let j = start + 1; j <= start + 2 * n; j++) out.push(itemString(data[j] as Item))
    }
    return out
  }

  id(i: number): StreamId {
    return { ms: this.ms[i] as U64, seq: this.seq[i] as U64 }
  }

  /** Index of the first entry (tombstones included) with ID ≥ (ms, seq). */
  lowerBound(ms: U64, seq: U64): number {
    let lo = 0
    let hi = this.ms.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compareIds(this.ms[mid] as U64, this.seq[mid] as U64, ms, seq) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Index of the entry with this ID (tombstones included), or -1. */
  indexOf(ms: U64, seq: U64): number {
    const i = this.lowerBound(ms, seq)
    return i < this.ms.length && this.ms[i] === ms && this.seq[i] === seq ? i : -1
  }

  /** Releases the arrays' spare capacity once the node is full (lpShrinkToFit). */
  shrink(): void {
    this.ms = this.ms.slice()
    this.seq = this.seq.slice()
    this.meta = this.meta.slice()
    this.data = this.data.slice()
  }

  clone(): StreamNode {
    const n = new StreamNode(this.fields)
    n.ms = this.ms.slice()
    n.seq = this.seq.slice()
    n.meta = this.meta.slice()
    n.data = this.data.slice()
    n.count = this.count
    n.deleted = this.deleted
    n.fixed = this.fixed
    n.lastSame = this.lastSame
    return n
  }
}
