/**
 * A streaming decoder for client commands: RESP multibulk and inline. It keeps
 * its place across chunks, so a command may arrive split at any byte.
 *
 * Limits follow Redis 7.0: 64 KiB header and inline lines, at most INT_MAX
 * arguments, bulk lengths up to `proto-max-bulk-len`; before authentication at
 * most 10 arguments of 16 KiB. Header lines are found as C's `strchr` finds them,
 * which stops at a NUL byte. Nothing is allocated from a header's claim alone: a
 * big argument's buffer grows as its bytes arrive.
 */

import { splitArgs } from './split-args.js'

export { splitArgs }

/** Why the decoder gave up; errors.ts turns the kind into Redis's reply text. */
export type ProtocolErrorKind =
  | 'too-big-mbulk-count'
  | 'invalid-mbulk-length'
  | 'too-big-bulk-count'
  | 'expected-dollar'
  | 'invalid-bulk-length'
  | 'too-big-inline'
  | 'unbalanced-quotes'
  | 'unauthenticated-mbulk'
  | 'unauthenticated-bulk'
  | 'query-buffer-limit'

export class ProtocolError extends Error {
  constructor(
    readonly kind: ProtocolErrorKind,
    /** The offending byte, for `expected-dollar`. */
    readonly byte = 0,
  ) {
    super(kind)
    this.name = 'ProtocolError'
  }
}

export type Latin1Slicer = (buf: Uint8Array, start: number, end: number) => string

export interface DecoderOptions {
  /** A faster byte-to-string conversion, injected by an adapter whose platform has one. */
  latin1Slice?: Latin1Slicer
  /** Allocates buffers for joined chunks (an adapter may inject its platform's unzeroed allocation). */
  alloc?: (size: number) => Uint8Array
  /** Read on every bulk header, so CONFIG SET applies at once. */
  maxBulkLen?: () => number
  /** Bytes buffered and not yet decoded, beyond which the client is dropped. */
  maxQueryBuffer?: () => number
  /** False while the client still has to authenticate: headers are then limited. */
  authenticated?: () => boolean
}

export const INLINE_MAX = 64 * 1024
const MAX_MULTIBULK = 2147483647
const UNAUTH_MULTIBULK = 10
const UNAUTH_BULK = 16384
const BIG_ARG = 32 * 1024
/** Frames with more arguments take the general path. */
const FRAME_MAX_ARGS = 4096
/** First allocation for a big argument whose bytes have not arrived yet. */
const BIG_INITIAL = 256 * 1024
const DEFAULT_MAX_BULK = 512 * 1024 * 1024
const DEFAULT_MAX_QUERY = 1024 * 1024 * 1024

export function latin1SliceLoop(buf: Uint8Array, start: number, end: number): string {
  const n = end - start
  if (n <= 32) {
    let s = ''
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i] as number)
    return s
  }
  let s = ''
  for (let i = start; i < end; i += 8192) {
    s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + 8192)) as unknown as number[])
  }
  return s
}

/** Arguments up to this long are made in JS: cheaper than a call into the platform's slice. */
const SHORT = 16
const fcc = String.fromCharCode

/** A byte string of `len` ≤ SHORT bytes from `buf` at `s`, made in one `fromCharCode`. */
function shortLatin1(b: Uint8Array, s: number, len: number): string {
  const at = (i: number): number => b[s + i] as number
  switch (len) {
    case 0: return ''
    case 1: return fcc(at(0))
    case 2: return fcc(at(0), at(1))
    case 3: return fcc(at(0), at(1), at(2))
    case 4: return fcc(at(0), at(1), at(2), at(3))
    case 5: return fcc(at(0), at(1), at(2), at(3), at(4))
    case 6: return fcc(at(0), at(1), at(2), at(3), at(4), at(5))
    case 7: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6))
    case 8: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7))
    case 9: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8))
    case 10: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9))
    case 11: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9), at(10))
    case 12: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9), at(10), at(11))
    case 13: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9), at(10), at(11), at(12))
    case 14: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9), at(10), at(11), at(12), at(13))
    case 15: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9), at(10), at(11), at(12), at(13), at(14))
    default: return fcc(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9), at(10), at(11), at(12), at(13), at(14), at(15))
  }
}

/** Parses digits as C's string2ll does: no sign but '-', no leading zero, no overflow. NaN when invalid. */
export function parseLongLongBytes(buf: Uint8Array, start: number, end: number): number {
  const len = end - start
  if (len <= 0 || len > 20) return NaN
  let p = start
  let neg = false
  if (len === 1 && buf[p] === 48) return 0
  if (buf[p] === 45) {
    neg = true
    p++
    if (p === end) return NaN
  }
  const first = buf[p] as number
  if (first < 49 || first > 57) return NaN
  let v = 0
  for (; p < end; p++) {
    const c = buf[p] as number
    if (c < 48 || c > 57) return NaN
    v = v * 10 + (c - 48)
  }
  if (v >= 9223372036854775807) {
    // the double is inexact here; decide overflow exactly
    let s = ''
    for (let i = neg ? start + 1 : start; i < end; i++) s += String.fromCharCode(buf[i] as number)
    const b = BigInt(s)
    if (neg ? b > 9223372036854775808n : b > 9223372036854775807n) return NaN
  }
  return neg ? -v : v
}

export class CommandDecoder {
  private buf: Uint8Array = new Uint8Array(0)
  private pos = 0
  private readonly queue: Uint8Array[] = []
  private queued = 0
  private argv: string[] | null = null
  private remaining = 0
  private bulkLen = -1
  private big: Uint8Array | null = null
  private bigFilled = 0
  /** Length of the pending big argument with its CRLF. */
  private bigNeed = 0
  /** Bytes after `pos` known not to hold the byte being searched for; -1 after a NUL. */
  private scanned = 0
  private lastName = ''
  private readonly slice: Latin1Slicer
  private readonly alloc: (size: number) => Uint8Array
  private readonly maxBulkLen: () => number
  private readonly maxQueryBuffer: () => number
  private readonly authenticated: () => boolean

  constructor(options: DecoderOptions = {}) {
    this.slice = options.latin1Slice ?? latin1SliceLoop
    this.alloc = options.alloc ?? ((n) => new Uint8Array(n))
    this.maxBulkLen = options.maxBulkLen ?? (() => DEFAULT_MAX_BULK)
    this.maxQueryBuffer = options.maxQueryBuffer ?? (() => DEFAULT_MAX_QUERY)
    this.authenticated = options.authenticated ?? (() => true)
  }

  /** Bytes received and not yet decoded. */
  get buffered(): number {
    return this.buf.length - this.pos + this.queued + this.bigFilled
  }

  /** Adds received bytes. Throws `query-buffer-limit` when the client sent too much. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    if (this.big !== null && this.pos === this.buf.length && this.queue.length === 0) {
      chunk = this.fillBig(chunk)
      if (chunk.length === 0) return this.checkLimit()
    }
    if (this.pos === this.buf.length && this.queue.length === 0) {
      this.buf = chunk
      this.pos = 0
      this.scanned = 0
    } else {
      this.queue.push(chunk)
      this.queued += chunk.length
    }
    this.checkLimit()
  }

  private checkLimit(): void {
    if (this.buffered > this.maxQueryBuffer()) throw new ProtocolError('query-buffer-limit')
  }

  /** Copies bytes into the pending big argument, growing its buffer; returns what is left over. */
  private fillBig(chunk: Uint8Array): Uint8Array {
    let big = this.big as Uint8Array
    const need = this.bigNeed - this.bigFilled
    const n = Math.min(need, chunk.length)
    if (this.bigFilled + n > big.length) {
      const grown = this.alloc(Math.min(this.bigNeed, Math.max(big.length * 2, this.bigFilled + n)))
      grown.set(big.subarray(0, this.bigFilled), 0)
      this.big = big = grown
    }
    big.set(chunk.subarray(0, n), this.bigFilled)
    this.bigFilled += n
    return chunk.subarray(n)
  }

  /** Makes `n` bytes contiguous at `pos` by joining queued chunks; false if they have not all arrived. */
  private need(n: number): boolean {
    const have = this.buf.length - this.pos
    if (have >= n) return true
    if (have + this.queued < n) return false
    let size = have
    let k = 0
    while (size < n) size += (this.queue[k++] as Uint8Array).length
    const joined = this.alloc(size)
    joined.set(this.buf.subarray(this.pos), 0)
    let off = have
    for (let i = 0; i < k; i++) {
      const c = this.queue[i] as Uint8Array
      joined.set(c, off)
      off += c.length
      this.queued -= c.length
    }
    this.queue.splice(0, k)
    this.buf = joined
    this.pos = 0
    return true
  }

  /** Moves on to the next queued chunk once the current one is used up. */
  private advance(): boolean {
    if (this.pos < this.buf.length) return true
    const next = this.queue.shift()
    if (next === undefined) return false
    this.queued -= next.length
    this.buf = next
    this.pos = 0
    this.scanned = 0
    return true
  }

  /** Consumes bytes up to `to` in the current buffer. */
  private consume(to: number): void {
    this.pos = to
    this.scanned = 0
  }

  /**
   * Offset from `pos` of byte `c`, scanning queued chunks too, stopping at a NUL
   * as strchr does; -1 when not (yet) found. Bytes already scanned are not
   * scanned again, so a line that trickles in costs linear time.
   */
  private find(c: number): number {
    if (this.scanned < 0) return -1
    let base = 0
    let chunk = this.buf
    let from = this.pos
    let k = 0
    for (;;) {
      const len = chunk.length - from
      if (this.scanned < base + len) {
        for (let i = from + Math.max(0, this.scanned - base); i < chunk.length; i++) {
          const b = chunk[i]
          if (b === c) {
            this.scanned = i - from + base
            return this.scanned
          }
          if (b === 0) {
            this.scanned = -1
            return -1
          }
        }
      }
      base += len
      if (k >= this.queue.length) break
      chunk = this.queue[k++] as Uint8Array
      from = 0
    }
    this.scanned = base
    return -1
  }

  /** The next complete command, or null when more bytes are needed. Throws ProtocolError. */
  next(): string[] | null {
    for (;;) {
      if (this.argv === null) {
        if (!this.advance()) return null
        if (this.buf[this.pos] !== 42 /* * */) {
          const cmd = this.inline()
          if (cmd === null) return null
          if (cmd.length === 0) continue
          return cmd
        }
        const whole = this.frame()
        if (whole !== null) return whole
        const off = this.find(13)
        if (off < 0) {
          if (this.buffered > INLINE_MAX) throw new ProtocolError('too-big-mbulk-count')
          return null
        }
        if (!this.need(off + 2)) return null
        const ll = parseLongLongBytes(this.buf, this.pos + 1, this.pos + off)
        if (!(ll <= MAX_MULTIBULK)) throw new ProtocolError('invalid-mbulk-length')
        if (ll > UNAUTH_MULTIBULK && !this.authenticated()) throw new ProtocolError('unauthenticated-mbulk')
        this.consume(this.pos + off + 2)
        if (ll <= 0) continue
        this.argv = []
        this.remaining = ll
        this.bulkLen = -1
      }
      if (!this.bulks()) return null
      const argv = this.argv as string[]
      this.argv = null
      return argv
    }
  }

  /**
   * The common case in one pass: a whole multibulk of short arguments inside the
   * current chunk. Anything else (a frame split across chunks, a long, empty or
   * odd header, a limit) returns null having consumed nothing, and the general
   * path decodes it byte for byte as before.
   */
  private frame(): string[] | null {
    const buf = this.buf
    const end = buf.length
    let p = this.pos + 1
    let c = p < end ? (buf[p] as number) : 0
    if (c < 49 || c > 57) return null
    let n = c - 48
    for (;;) {
      if (++p >= end) return null
      c = buf[p] as number
      if (c === 13) break
      if (c < 48 || c > 57 || n > FRAME_MAX_ARGS) return null
      n = n * 10 + c - 48
    }
    if (n > FRAME_MAX_ARGS || (n > UNAUTH_MULTIBULK && !this.authenticated())) return null
    // the byte after CR is skipped unchecked, as Redis does
    p += 2
    let maxBulk = -1
    const argv = new Array<string>(n)
    for (let i = 0; i < n; i++) {
      if (p >= end || buf[p] !== 36 /* $ */) return null
      c = ++p < end ? (buf[p] as number) : 0
      let len = 0
      if (c !== 48) {
        if (c < 49 || c > 57) return null
        len = c - 48
        for (;;) {
          if (++p >= end) return null
          c = buf[p] as number
          if (c === 13) break
          if (c < 48 || c > 57) return null
          len = len * 10 + c - 48
          if (len >= BIG_ARG) return null
        }
      } else if (++p >= end || buf[p] !== 13) return null
      const start = p + 2
      const stop = start + len
      if (stop + 2 > end) return null
      if (len > UNAUTH_BULK && !this.authenticated()) return null
      if (maxBulk < 0) maxBulk = this.maxBulkLen()
      if (len > maxBulk) return null
      argv[i] = i === 0 ? this.commandName(buf, start, stop) : len <= SHORT ? shortLatin1(buf, start, len) : this.slice(buf, start, stop)
      p = stop + 2
    }
    this.consume(p)
    return argv
  }

  /** A command name: the previous one again when its bytes repeat, so a run of one command makes no new strings. */
  private commandName(buf: Uint8Array, start: number, stop: number): string {
    const last = this.lastName
    const len = stop - start
    if (last.length === len) {
      let i = 0
      while (i < len && last.charCodeAt(i) === buf[start + i]) i++
      if (i === len) return last
    }
    const name = this.slice(buf, start, stop)
    this.lastName = name
    return name
  }

  /** Reads bulk arguments of the current multibulk; true when all have arrived. */
  private bulks(): boolean {
    const argv = this.argv as string[]
    while (this.remaining > 0) {
      if (this.big !== null) {
        while (this.bigFilled < this.bigNeed && this.advance()) {
          const rest = this.fillBig(this.buf.subarray(this.pos))
          this.consume(this.buf.length - rest.length)
        }
        if (this.bigFilled < this.bigNeed) return false
        argv.push(this.slice(this.big, 0, this.bigNeed - 2))
        this.big = null
        this.bigFilled = 0
        this.remaining--
        continue
      }
      if (this.bulkLen === -1) {
        if (!this.advance()) return false
        const off = this.find(13)
        if (off < 0) {
          if (this.buffered > INLINE_MAX) throw new ProtocolError('too-big-bulk-count')
          return false
        }
        if (!this.need(off + 2)) return false
        const first = this.buf[this.pos] as number
        if (first !== 36 /* $ */) throw new ProtocolError('expected-dollar', first)
        const ll = parseLongLongBytes(this.buf, this.pos + 1, this.pos + off)
        if (!(ll >= 0) || ll > this.maxBulkLen()) throw new ProtocolError('invalid-bulk-length')
        if (ll > UNAUTH_BULK && !this.authenticated()) throw new ProtocolError('unauthenticated-bulk')
        this.consume(this.pos + off + 2)
        const available = this.buf.length - this.pos + this.queued
        if (ll >= BIG_ARG && available < ll + 2) {
          this.bigNeed = ll + 2
          this.big = this.alloc(Math.min(this.bigNeed, Math.max(BIG_INITIAL, available)))
          this.bigFilled = 0
          continue
        }
        this.bulkLen = ll
      }
      const total = this.bulkLen + 2
      if (!this.need(total)) return false
      argv.push(this.slice(this.buf, this.pos, this.pos + this.bulkLen))
      this.consume(this.pos + total)
      this.bulkLen = -1
      this.remaining--
    }
    return true
  }

  /** One inline command; [] for an empty line, null when the line is incomplete. */
  private inline(): string[] | null {
    const off = this.find(10)
    if (off < 0) {
      if (this.buffered > INLINE_MAX) throw new ProtocolError('too-big-inline')
      return null
    }
    this.need(off + 1)
    const nl = this.pos + off
    let end = nl
    if (end > this.pos && this.buf[end - 1] === 13) end--
    const args = splitArgs(this.buf, this.pos, end)
    if (args === null) throw new ProtocolError('unbalanced-quotes')
    this.consume(nl + 1)
    // quoted empty strings ("") are arguments too
    return args
  }
}
