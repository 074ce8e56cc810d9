/**
 * HyperLogLog in Redis's exact byte representation (a string value):
 *
 *   "HYLL" | encoding (0 dense, 1 sparse) | 3 unused bytes | 8-byte cardinality
 *   cache, little-endian, its top bit set while the cache is stale | registers
 *
 * 16384 six-bit registers. Dense: packed, least significant bits first, 12288
 * bytes. Sparse: run-length opcodes, ZERO `00llllll` (1-64 zero registers),
 * XZERO `01llllll llllllll` (1-16384 zero registers), VAL `1vvvvvll` (1-4
 * registers of value 1-32). A sparse value turns dense for good once a
 * register exceeds 32 or it would grow past `hll-sparse-max-bytes`. Writes
 * follow Redis's algorithm step for step, so the bytes equal Redis's for the
 * same history; the estimate is Ertl's improved estimator of Redis 5+.
 */
import { murmurHash64A, type Hash64 } from '../murmur.js'

export const HLL_REGISTERS = 16384
const P_MASK = HLL_REGISTERS - 1
export const HLL_HDR = 16
const DENSE_BYTES = (HLL_REGISTERS * 6) / 8
export const HLL_DENSE_SIZE = HLL_HDR + DENSE_BYTES
export const HLL_DENSE = 0
export const HLL_SPARSE = 1
const SEED = 0xadc83b19
/** HLL_Q: bits of the hash left after the register index. */
const Q = 50
const VAL_MAX_VALUE = 32
const VAL_MAX_LEN = 4
const ZERO_MAX_LEN = 64
const ALPHA_INF = 0.721347520444481703680

/** Passes Redis's isHLLObject checks: header, magic, encoding, dense size. */
export function isHllString(s: string): boolean {
  if (s.length < HLL_HDR) return false
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) return false
  const enc = s.charCodeAt(4)
  if (enc > HLL_SPARSE) return false
  return enc !== HLL_DENSE || s.length === HLL_DENSE_SIZE
}

const scratch: Hash64 = { hi: 0, lo: 0 }

/** The register an element maps to, and the run length of its hash (1-51). */
export function hashElement(element: string): [index: number, count: number] {
  const h = murmurHash64A(element, SEED, scratch)
  const index = h.lo & P_MASK
  // the hash shifted right by 14, with bit 50 set so that the count ends
  const lo = ((h.lo >>> 14) | (h.hi << 18)) >>> 0
  const hi = ((h.hi >>> 14) | (1 << (Q - 32))) >>> 0
  const count = lo !== 0 ? ctz32(lo) + 1 : ctz32(hi) + 33
  return [index, count]
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x)
}

/** A HyperLogLog being read or written: its bytes in a growable buffer. */
export class Hll {
  private b: Uint8Array
  private len: number

  private constructor(b: Uint8Array, len: number) {
    this.b = b
    this.len = len
  }

  /** A new, empty, sparse HyperLogLog (createHLLObject). */
  static empty(): Hll {
    const b = new Uint8Array(64)
    b.set([72, 89, 76, 76, HLL_SPARSE])
    const run = HLL_REGISTERS - 1
    b[HLL_HDR] = 0x40 | (run >> 8)
    b[HLL_HDR + 1] = run & 0xff
    return new Hll(b, HLL_HDR + 2)
  }

  /** The bytes of a stored value (check it with isHllString first). */
  static from(s: string): Hll {
    const b = new Uint8Array(s.length + 32)
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i)
    return new Hll(b, s.length)
  }

  toString(): string {
    let s = ''
    for (let i = 0; i < this.len; i += 8192) {
      s += String.fromCharCode.apply(null, this.b.subarray(i, Math.min(this.len, i + 8192)) as unknown as number[])
    }
    return s
  }

  get encoding(): number {
    return this.b[4] as number
  }

  // ---- the cardinality cache ----

  invalidateCache(): void {
    this.b[15] = (this.b[15] as number) | 0x80
  }

  /** The cached cardinality, or null while stale. */
  cachedCard(): number | null {
    if (((this.b[15] as number) & 0x80) !== 0) return null
    let v = 0
    for (let i = 15; i >= 8; i--) v = v * 256 + (this.b[i] as number)
    return v
  }

  setCache(card: number): void {
    let v = card
    for (let i = 8; i < 16; i++) {
      this.b[i] = v % 256
      v = Math.floor(v / 256)
    }
  }

  // ---- registers ----

  /** Adds an element: 1 when a register changed, 0 when not, -1 when the value is corrupt. */
  add(element: string, sparseMax: number): number {
    const [index, count] = hashElement(element)
    return this.set(index, count, sparseMax)
  }

  /** Raises register `index` to `count`: 1 when it changed, 0 when not, -1 when corrupt. */
  set(index: number, count: number, sparseMax: number): number {
    if (this.encoding === HLL_DENSE) return denseSet(this.b, index, count)
    return this.sparseSet(index, count, sparseMax)
  }

  private sparseSet(index: number, count: number, sparseMax: number): number {
    if (count > VAL_MAX_VALUE) return this.promoteAndSet(index, count)
    const b = this.b
    const end = this.len
    // find the opcode covering the register
    let p = HLL_HDR
    let prev = -1
    let first = 0
    let span = 0
    while (p < end) {
      const op = b[p] as number
      let oplen = 1
      if ((op & 0xc0) === 0) span = (op & 0x3f) + 1
      else if ((op & 0x80) !== 0) span = (op & 3) + 1
      else {
        span = (((op & 0x3f) << 8) | (b[p + 1] ?? 0)) + 1
        oplen = 2
      }
      if (index <= first + span - 1) break
      prev = p
      p += oplen
      first += span
    }
    if (span === 0 || p >= end) return -1
    const op = b[p] as number
    const isXzero = (op & 0xc0) === 0x40
    const isVal = (op & 0x80) !== 0
    const runlen = span
    // in place: a VAL run of one, or a ZERO run of one
    if (isVal) {
      const old = ((op >> 2) & 0x1f) + 1
      if (old >= count) return 0
      if (runlen === 1) {
        b[p] = valOp(count, 1)
        this.mergeFrom(prev)
        return 1
      }
    } else if (!isXzero && runlen === 1) {
      b[p] = valOp(count, 1)
      this.mergeFrom(prev)
      return 1
    }
    // split the run into up to three opcodes
    const seq: number[] = []
    const last = first + span - 1
    if (!isVal) {
      if (index !== first) pushZeros(seq, index - first)
      seq.push(valOp(count, 1))
      if (index !== last) pushZeros(seq, last - index)
    } else {
      const cur = ((op >> 2) & 0x1f) + 1
      if (index !== first) seq.push(valOp(cur, index - first))
      seq.push(valOp(count, 1))
      if (index !== last) seq.push(valOp(cur, last - index))
    }
    const oldlen = isXzero ? 2 : 1
    const delta = seq.length - oldlen
    if (delta > 0 && this.len + delta > sparseMax) return this.promoteAndSet(index, count)
    this.reserve(this.len + Math.max(0, delta))
    const buf = this.b
    buf.copyWithin(p + seq.length, p + oldlen, this.len)
    for (let i = 0; i < seq.length; i++) buf[p + i] = seq[i] as number
    this.len += delta
    this.mergeFrom(prev)
    return 1
  }

  /** Joins adjacent VAL opcodes of equal value, scanning up to five opcodes from `prev`. */
  private mergeFrom(prev: number): void {
    const b = this.b
    let p = prev >= 0 ? prev : HLL_HDR
    let scan = 5
    while (p < this.len && scan-- > 0) {
      const op = b[p] as number
      if ((op & 0xc0) === 0x40) {
        p += 2
        continue
      }
      if ((op & 0xc0) === 0) {
        p++
        continue
      }
      if (p + 1 < this.len && ((b[p + 1] as number) & 0x80) !== 0) {
        const next = b[p + 1] as number
        const v1 = ((op >> 2) & 0x1f) + 1
        const v2 = ((next >> 2) & 0x1f) + 1
        if (v1 === v2) {
          const l = (op & 3) + 1 + (next & 3) + 1
          if (l <= VAL_MAX_LEN) {
            b[p + 1] = valOp(v1, l)
            b.copyWithin(p, p + 1, this.len)
            this.len--
            continue
          }
        }
      }
      p++
    }
  }

  private reserve(n: number): void {
    if (n <= this.b.length) return
    const next = new Uint8Array(Math.max(n, this.b.length * 2))
    next.set(this.b.subarray(0, this.len))
    this.b = next
  }

  private promoteAndSet(index: number, count: number): number {
    if (!this.toDense()) return -1
    return denseSet(this.b, index, count)
  }

  /** Converts a sparse value to dense (hllSparseToDense); false when corrupt. */
  toDense(): boolean {
    if (this.encoding === HLL_DENSE) return true
    const dense = new Uint8Array(HLL_DENSE_SIZE)
    // the header keeps the magic and the cache
    dense.set(this.b.subarray(0, HLL_HDR))
    dense[4] = HLL_DENSE
    const regs = new Uint8Array(HLL_REGISTERS)
    if (!this.sparseInto(regs, false)) return false
    for (let i = 0; i < HLL_REGISTERS; i++) if (regs[i] !== 0) denseSet(dense, i, regs[i] as number)
    this.b = dense
    this.len = HLL_DENSE_SIZE
    return true
  }

  /**
   * Folds the sparse registers into `regs` (the maximum when `max`, else a plain
   * copy of the nonzero runs); false when the runs do not cover exactly 16384.
   */
  private sparseInto(regs: Uint8Array, max: boolean): boolean {
    const b = this.b
    let i = 0
    let p = HLL_HDR
    while (p < this.len) {
      const op = b[p] as number
      if ((op & 0xc0) === 0) {
        i += (op & 0x3f) + 1
        p++
      } else if ((op & 0x80) === 0) {
        i += (((op & 0x3f) << 8) | (b[p + 1] ?? 0)) + 1
        p += 2
      } else {
        let run = (op & 3) + 1
        const v = ((op >> 2) & 0x1f) + 1
        // Redis 7.0.15 rejects a run past the last register (even right after a full XZERO)
        if (run + i > HLL_REGISTERS) return false
        while (run-- > 0) {
          if (!max || v > (regs[i] as number)) regs[i] = v
          i++
        }
        p++
      }
    }
    return i === HLL_REGISTERS
  }

  /** Folds the registers into `max` (hllMerge); false when corrupt. */
  mergeInto(max: Uint8Array): boolean {
    if (this.encoding === HLL_SPARSE) return this.sparseInto(max, true)
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(this.b, i)
      if (v > (max[i] as number)) max[i] = v
    }
    return true
  }

  /** The histogram of register values; false when a sparse value is corrupt. */
  histogram(h: Float64Array): boolean {
    if (this.encoding === HLL_DENSE) {
      for (let i = 0; i < HLL_REGISTERS; i++) (h[denseGet(this.b, i)] as number)++
      return true
    }
    const b = this.b
    let idx = 0
    let p = HLL_HDR
    while (p < this.len) {
      const op = b[p] as number
      if ((op & 0xc0) === 0) {
        const run = (op & 0x3f) + 1
        idx += run
        ;(h[0] as number) += run
        p++
      } else if ((op & 0x80) === 0) {
        const run = (((op & 0x3f) << 8) | (b[p + 1] ?? 0)) + 1
        idx += run
        ;(h[0] as number) += run
        p += 2
      } else {
        const run = (op & 3) + 1
        idx += run
        ;(h[((op >> 2) & 0x1f) + 1] as number) += run
        p++
      }
    }
    return idx === HLL_REGISTERS
  }

  /** The estimate (hllCount); null when a sparse value is corrupt. */
  count(): number | null {
    const h = new Float64Array(64)
    if (!this.histogram(h)) return null
    return estimate(h)
  }

  /** Dense registers, in order (PFDEBUG GETREG on a dense value). */
  registers(): number[] {
    const out: number[] = new Array(HLL_REGISTERS)
    for (let i = 0; i < HLL_REGISTERS; i++) out[i] = denseGet(this.b, i)
    return out
  }

  /** The sparse opcodes as PFDEBUG DECODE prints them. */
  decode(): string {
    const b = this.b
    const parts: string[] = []
    let p = HLL_HDR
    while (p < this.len) {
      const op = b[p] as number
      if ((op & 0xc0) === 0) {
        parts.push(`z:${(op & 0x3f) + 1}`)
        p++
      } else if ((op & 0x80) === 0) {
        parts.push(`Z:${(((op & 0x3f) << 8) | (b[p + 1] ?? 0)) + 1}`)
        p += 2
      } else {
        parts.push(`v:${((op >> 2) & 0x1f) + 1},${(op & 3) + 1}`)
        p++
      }
    }
    return parts.join(' ')
  }
}

function valOp(value: number, len: number): number {
  return 0x80 | ((value - 1) << 2) | (len - 1)
}

function pushZeros(seq: number[], len: number): void {
  if (len > ZERO_MAX_LEN) seq.push(0x40 | ((len - 1) >> 8), (len - 1) & 0xff)
  else seq.push(len - 1)
}

function denseGet(b: Uint8Array, i: number): number {
  const bit = i * 6
  const at = HLL_HDR + (bit >> 3)
  const fb = bit & 7
  return (((b[at] as number) >> fb) | ((b[at + 1] ?? 0) << (8 - fb))) & 63
}

/** Raises a dense register: 1 when it changed. */
function denseSet(b: Uint8Array, i: number, v: number): number {
  if (v <= denseGet(b, i)) return 0
  const bit = i * 6
  const at = HLL_HDR + (bit >> 3)
  const fb = bit & 7
  b[at] = ((b[at] as number) & ~(63 << fb)) | ((v << fb) & 0xff)
  if (fb > 2) b[at + 1] = ((b[at + 1] as number) & ~(63 >> (8 - fb))) | (v >> (8 - fb))
  return 1
}

/** The register histogram of a union's registers (one byte each). */
export function rawHistogram(regs: Uint8Array): Float64Array {
  const h = new Float64Array(64)
  for (let i = 0; i < HLL_REGISTERS; i++) (h[regs[i] as number] as number)++
  return h
}

/** Ertl's estimator from the histogram of register values, rounded as llroundl. */
export function estimate(h: Float64Array): number {
  const m = HLL_REGISTERS
  let z = m * tau((m - (h[Q + 1] as number)) / m)
  for (let j = Q; j >= 1; j--) {
    z += h[j] as number
    z *= 0.5
  }
  z += m * sigma((h[0] as number) / m)
  const e = (ALPHA_INF * m * m) / z
  // llroundl rounds halves away from zero; e is never negative, where Math.round agrees
  return Math.round(e)
}

function sigma(x: number): number {
  if (x === 1) return Infinity
  let y = 1
  let z = x
  let prev: number
  do {
    x *= x
    prev = z
    z += x * y
    y += y
  } while (prev !== z)
  return z
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0
  let y = 1
  let z = 1 - x
  let prev: number
  do {
    x = Math.sqrt(x)
    prev = z
    y *= 0.5
    const d = 1 - x
    z -= d * d * y
  } while (prev !== z)
  return z / 3
}
