/**
 * RDB primitives over byte strings: lengths (6/14/32/64-bit), strings with
 * their integer and LZF encodings, and doubles. The reader throws RdbError on
 * anything malformed; RESTORE turns that into "Bad data format".
 */
import { lzfCompress, lzfDecompress } from './lzf.js'

export class RdbError extends Error {}

export function fail(why: string): never {
  throw new RdbError(why)
}

/** `v` as `n` little-endian bytes (two's complement for negative values). */
export function le(v: bigint, n: number): string {
  let b = BigInt.asUintN(8 * n, v)
  let out = ''
  for (let i = 0; i < n; i++) {
    out += String.fromCharCode(Number(b & 0xffn))
    b >>= 8n
  }
  return out
}

const ENC_INT8 = 0
const ENC_INT16 = 1
const ENC_INT32 = 2
const ENC_LZF = 3

/** Reads a payload; bytes at and after `end` are off limits. */
export class RdbReader {
  pos = 0
  constructor(
    readonly s: string,
    readonly end = s.length,
  ) {}

  get left(): number {
    return this.end - this.pos
  }

  byte(): number {
    if (this.pos >= this.end) fail('truncated')
    return this.s.charCodeAt(this.pos++)
  }

  raw(n: number): string {
    if (n < 0 || this.pos + n > this.end) fail('truncated')
    const r = this.s.slice(this.pos, this.pos + n)
    this.pos += n
    return r
  }

  /** An RDB length; `encoded` receives the special-encoding code instead when the length is one. */
  lengthOrEnc(): { len: number; enc: number } {
    const b = this.byte()
    const kind = b >> 6
    if (kind === 0) return { len: b & 0x3f, enc: -1 }
    if (kind === 1) return { len: ((b & 0x3f) << 8) | this.byte(), enc: -1 }
    if (kind === 3) return { len: 0, enc: b & 0x3f }
    if (b === 0x80) return { len: this.uintBE(4), enc: -1 }
    if (b === 0x81) return { len: this.uintBE(8), enc: -1 }
    return fail('bad length')
  }

  /** A plain length (never an encoded value). */
  length(): number {
    const { len, enc } = this.lengthOrEnc()
    if (enc >= 0) fail('unexpected encoded length')
    return len
  }

  /** A 64-bit length (stream IDs and counters): a number below 2^53, else a bigint. */
  u64(): number | bigint {
    if (this.pos < this.end && this.s.charCodeAt(this.pos) === 0x81) {
      this.pos++
      let v = 0n
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(this.byte())
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v
    }
    return this.length()
  }

  /** A count of items that each take at least `min` bytes, checked against what is left. */
  count(min = 1): number {
    const n = this.length()
    if (n * min > this.left) fail('count beyond payload')
    return n
  }

  private uintBE(n: number): number {
    let v = 0
    for (let i = 0; i < n; i++) v = v * 256 + this.byte()
    if (v > Number.MAX_SAFE_INTEGER) fail('length too large')
    return v
  }

  /** A little-endian unsigned integer of `n` bytes (exact as a number below 2^53, else a bigint). */
  uintLE(n: number): number | bigint {
    let v = 0n
    for (let i = 0; i < n; i++) v |= BigInt(this.byte()) << BigInt(8 * i)
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v
  }

  /** A signed 64-bit little-endian millisecond time, as a number. */
  millis(): number {
    let v = 0n
    for (let i = 0; i < 8; i++) v |= BigInt(this.byte()) << BigInt(8 * i)
    return Number(BigInt.asIntN(64, v))
  }

  string(): string {
    const { len, enc } = this.lengthOrEnc()
    if (enc < 0) return this.raw(len)
    if (enc === ENC_INT8) return String((this.byte() << 24) >> 24)
    if (enc === ENC_INT16) {
      const v = this.byte() | (this.byte() << 8)
      return String((v << 16) >> 16)
    }
    if (enc === ENC_INT32) {
      const v = this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)
      return String(v | 0)
    }
    if (enc === ENC_LZF) {
      const clen = this.length()
      const len = this.length()
      // a 3-byte back reference expands to at most 264 bytes
      if (clen > this.left || len > clen * 88 + 32) fail('bad lzf lengths')
      const out = lzfDecompress(this.raw(clen), len)
      if (out === null) fail('bad lzf data')
      return out
    }
    return fail('unknown string encoding')
  }

  /** RDB_TYPE_ZSET's text double: a length byte (253 nan, 254 inf, 255 -inf) and the digits. */
  textDouble(): number {
    const n = this.byte()
    if (n === 253) return NaN
    if (n === 254) return Infinity
    if (n === 255) return -Infinity
    const t = this.raw(n)
    const v = Number(t.trim())
    if (t.trim() === '' || Number.isNaN(v)) {
      if (/^\s*[+-]?inf(inity)?\s*$/i.test(t)) return t.includes('-') ? -Infinity : Infinity
      fail('bad double')
    }
    return v
  }

  binaryDouble(): number {
    const b = new Uint8Array(8)
    for (let i = 0; i < 8; i++) b[i] = this.byte()
    return new DataView(b.buffer).getFloat64(0, true)
  }
}

/** Builds a payload from string parts. */
export class RdbWriter {
  private parts: string[] = []

  raw(s: string): void {
    this.parts.push(s)
  }

  byte(b: number): void {
    this.parts.push(String.fromCharCode(b))
  }

  length(n: number): void {
    this.parts.push(rdbLength(n))
  }

  /** rdbSaveRawString: small integers encoded, longer strings LZF-compressed when that saves 4+ bytes. */
  string(s: string): void {
    const n = s.length
    if (n <= 11) {
      const enc = intEncoding(s)
      if (enc !== null) {
        this.parts.push(enc)
        return
      }
    }
    if (n > 20) {
      const c = lzfCompress(s, n - 4)
      if (c !== null) {
        this.parts.push(String.fromCharCode(0xc0 | ENC_LZF), rdbLength(c.length), rdbLength(n), c)
        return
      }
    }
    this.parts.push(rdbLength(n), s)
  }

  /** A length that may need 64 bits (negative values as their two's complement). */
  u64(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v <= 0xffffffff) {
      this.length(v)
      return
    }
    let b = BigInt.asUintN(64, BigInt(v))
    let out = ''
    for (let i = 0; i < 8; i++) {
      out = String.fromCharCode(Number(b & 0xffn)) + out
      b >>= 8n
    }
    this.parts.push('\x81' + out)
  }

  uintLE(v: number | bigint, n: number): void {
    this.parts.push(le(BigInt(v), n))
  }

  binaryDouble(d: number): void {
    const b = new Uint8Array(8)
    new DataView(b.buffer).setFloat64(0, d, true)
    this.parts.push(String.fromCharCode(...b))
  }

  done(): string {
    return this.parts.join('')
  }
}

export function rdbLength(n: number): string {
  if (n < 64) return String.fromCharCode(n)
  if (n < 16384) return String.fromCharCode(0x40 | (n >> 8), n & 0xff)
  if (n <= 0xffffffff) return String.fromCharCode(0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
  let out = String.fromCharCode(0x81)
  for (let i = 7; i >= 0; i--) out += String.fromCharCode(Math.floor(n / 2 ** (i * 8)) % 256)
  return out
}

/** rdbTryIntegerEncoding: a canonical decimal that fits 8, 16 or 32 bits. */
function intEncoding(s: string): string | null {
  const v = Number(s)
  if (!Number.isInteger(v) || String(v) !== s || v < -2147483648 || v > 2147483647) return null
  if (v >= -128 && v <= 127) return String.fromCharCode(0xc0 | ENC_INT8, v & 0xff)
  if (v >= -32768 && v <= 32767) return String.fromCharCode(0xc0 | ENC_INT16, v & 0xff, (v >> 8) & 0xff)
  return String.fromCharCode(0xc0 | ENC_INT32, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff)
}
