import { formatDouble } from './format.js'
import type { Protocol, Reply } from './types.js'

/** Writes a byte string into `buf` at `offset`; returns the bytes written. */
export type Latin1Writer = (buf: Uint8Array, str: string, offset: number) => number

export interface ReplyWriterOptions {
  /** A faster writer for long byte strings, injected by an adapter whose platform has one. */
  writeLatin1?: Latin1Writer
  /** Allocates output buffers (an adapter may inject its platform's unzeroed allocation). */
  alloc?: (size: number) => Uint8Array
  /** Initial buffer size. */
  size?: number
}

const CRLF0 = 13
const CRLF1 = 10
const LONG_STRING = 48
/** A buffer grown larger than this is not kept for the next batch. */
const KEEP_MAX = 256 * 1024

const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
/** Common replies, encoded once. */
const OK_BYTES = bytesOf('+OK\r\n')
const NIL_BULK_BYTES = bytesOf('$-1\r\n')
const NIL_ARRAY_BYTES = bytesOf('*-1\r\n')
const NULL3_BYTES = bytesOf('_\r\n')
/** `:n\r\n` for n in -1..SMALL_INT_MAX. */
const SMALL_INT_MAX = 1024
const SMALL_INT_BYTES: Uint8Array[] = []
for (let i = -1; i <= SMALL_INT_MAX; i++) SMALL_INT_BYTES.push(bytesOf(`:${i}\r\n`))

/** Copies a short byte string into `buf` at `p`; returns the new position. */
function putShort(buf: Uint8Array, p: number, s: string): number {
  const n = s.length
  for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i)
  return p
}

function writeLatin1Loop(buf: Uint8Array, str: string, offset: number): number {
  const n = str.length
  for (let i = 0; i < n; i++) buf[offset + i] = str.charCodeAt(i)
  return n
}

/**
 * Encodes replies into one growing buffer, so that a batch of pipelined replies
 * leaves in one write. `take()` hands out what was written since the last take;
 * the bytes handed out are never overwritten, unless `recycle()` says they were used up.
 */
export class ReplyWriter {
  private buf: Uint8Array
  private pos = 0
  private start = 0
  private readonly alloc: (size: number) => Uint8Array
  private readonly writeLongLatin1: Latin1Writer
  private readonly size: number

  constructor(options: ReplyWriterOptions = {}) {
    this.alloc = options.alloc ?? ((n) => new Uint8Array(n))
    this.writeLongLatin1 = options.writeLatin1 ?? writeLatin1Loop
    this.size = options.size ?? 16384
    this.buf = this.alloc(this.size)
  }

  /** Bytes written and not yet taken. */
  get pending(): number {
    return this.pos - this.start
  }

  /** Returns the bytes written since the last call, or null when there are none. */
  take(): Uint8Array | null {
    if (this.pos === this.start) return null
    const out = this.buf.subarray(this.start, this.pos)
    this.start = this.pos
    if (this.buf.length - this.pos < 1024) {
      // a buffer that grew for big replies is replaced by one as big (up to KEEP_MAX)
      this.buf = this.alloc(this.buf.length > KEEP_MAX ? this.size : this.buf.length)
      this.pos = this.start = 0
    }
    return out
  }

  /**
   * Everything taken so far was used up (a socket wrote it out at once): the
   * buffer is written over from its start again. One grown for batches of big
   * replies is kept while they last, up to KEEP_MAX.
   */
  recycle(): void {
    if (this.pos !== this.start) return
    const len = this.buf.length
    if (len > this.size && (len > KEEP_MAX || this.pos * 8 < len)) this.buf = this.alloc(this.size)
    this.pos = this.start = 0
  }

  /** Drops everything not yet taken. */
  discard(): void {
    this.pos = this.start
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const used = this.pos - this.start
    const next = this.alloc(Math.max(this.size, (used + n) * 2))
    next.set(this.buf.subarray(this.start, this.pos), 0)
    this.buf = next
    this.start = 0
    this.pos = used
  }

  private byte(c: number): void {
    this.buf[this.pos++] = c
  }

  private crlf(): void {
    this.buf[this.pos++] = CRLF0
    this.buf[this.pos++] = CRLF1
  }

  /** A short pre-encoded reply, copied byte by byte (cheaper than a typed-array copy at this size). */
  private encoded(bytes: Uint8Array): void {
    this.ensure(bytes.length)
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < bytes.length; i++) buf[p++] = bytes[i] as number
    this.pos = p
  }

  /** Writes the decimal digits of a non-negative safe integer at `p`; returns the new position. */
  private digits(buf: Uint8Array, p: number, n: number): number {
    if (n < 10) {
      buf[p] = 48 + n
      return p + 1
    }
    if (n < 100) {
      const tens = (n / 10) | 0
      buf[p] = 48 + tens
      buf[p + 1] = 48 + n - tens * 10
      return p + 2
    }
    return putShort(buf, p, String(n))
  }

  /** Writes an ASCII/byte string with no framing; the caller ensured room. */
  private raw(s: string): void {
    if (s.length > LONG_STRING) this.pos += this.writeLongLatin1(this.buf, s, this.pos)
    else this.pos = putShort(this.buf, this.pos, s)
  }

  /** `<type><text>\r\n` for a short line of text. */
  private line(type: number, text: string): void {
    this.ensure(text.length + 3)
    this.byte(type)
    this.raw(text)
    this.crlf()
  }

  private header(type: number, n: number): void {
    this.line(type, String(n))
  }

  writeBulk(s: string): void {
    const len = s.length
    this.ensure(len + 24)
    const buf = this.buf
    let p = this.digits(buf, this.pos + 1, len)
    buf[this.pos] = 36 /* $ */
    buf[p++] = CRLF0
    buf[p++] = CRLF1
    p = len > LONG_STRING ? p + this.writeLongLatin1(buf, s, p) : putShort(buf, p, s)
    buf[p++] = CRLF0
    buf[p++] = CRLF1
    this.pos = p
  }

  /** An array of bulk strings (nil for null): sized once, then written in one pass. */
  private writeBulks(v: readonly (string | null)[], proto: Protocol): void {
    const n = v.length
    let size = 24
    for (let i = 0; i < n; i++) size += (v[i]?.length ?? 0) + 24
    this.ensure(size)
    const buf = this.buf
    buf[this.pos] = 42 /* * */
    let p = this.digits(buf, this.pos + 1, n)
    buf[p++] = CRLF0
    buf[p++] = CRLF1
    for (let i = 0; i < n; i++) {
      const s = v[i]
      if (s === null || s === undefined) {
        const nil = proto === 3 ? NULL3_BYTES : NIL_BULK_BYTES
        for (let k = 0; k < nil.length; k++) buf[p++] = nil[k] as number
        continue
      }
      const len = s.length
      buf[p] = 36 /* $ */
      p = this.digits(buf, p + 1, len)
      buf[p++] = CRLF0
      buf[p++] = CRLF1
      p = len > LONG_STRING ? p + this.writeLongLatin1(buf, s, p) : putShort(buf, p, s)
      buf[p++] = CRLF0
      buf[p++] = CRLF1
    }
    this.pos = p
  }

  private writeInt(v: number | bigint): void {
    if (typeof v === 'number' && v >= -1 && v <= SMALL_INT_MAX && (v | 0) === v) return this.encoded(SMALL_INT_BYTES[v + 1] as Uint8Array)
    this.line(58 /* : */, String(v))
  }

  /** Writes raw, already framed bytes (a pre-encoded reply). */
  writeBytes(bytes: Uint8Array): void {
    this.ensure(bytes.length)
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
  }

  write(r: Reply, proto: Protocol): void {
    switch (r.t) {
      case 'simple':
        if (r.v === 'OK') return this.encoded(OK_BYTES)
        return this.line(43 /* + */, r.v)
      case 'error':
        return this.line(45 /* - */, r.v)
      case 'int':
        return this.writeInt(r.v)
      case 'bulk':
        return this.writeBulk(r.v)
      case 'null':
        return this.encoded(proto === 3 ? NULL3_BYTES : r.arr ? NIL_ARRAY_BYTES : NIL_BULK_BYTES)
      case 'double':
        if (proto === 3) return this.line(44 /* , */, r.text ?? formatDouble(r.v))
        return this.writeBulk(r.text ?? formatDouble(r.v))
      case 'bool':
        if (proto === 3) return this.line(35 /* # */, r.v ? 't' : 'f')
        return this.line(58, r.v ? '1' : '0')
      case 'bignum':
        if (proto === 3) return this.line(40 /* ( */, r.v)
        return this.writeBulk(r.v)
      case 'verbatim':
        if (proto === 3) {
          const body = r.fmt + ':' + r.v
          this.ensure(body.length + 16)
          this.byte(61 /* = */)
          this.raw(String(body.length))
          this.crlf()
          this.raw(body)
          this.crlf()
          return
        }
        return this.writeBulk(r.v)
      case 'bulks':
        return this.writeBulks(r.v, proto)
      case 'array':
        this.header(42 /* * */, r.v.length)
        return this.items(r.v, proto)
      case 'map':
        if (proto === 3) this.header(37 /* % */, r.v.length / 2)
        else this.header(42, r.v.length)
        return this.items(r.v, proto)
      case 'set':
        this.header(proto === 3 ? 126 /* ~ */ : 42, r.v.length)
        return this.items(r.v, proto)
      case 'push':
        this.header(proto === 3 ? 62 /* > */ : 42, r.v.length)
        return this.items(r.v, proto)
    }
  }

  private items(v: readonly Reply[], proto: Protocol): void {
    for (let i = 0; i < v.length; i++) this.write(v[i] as Reply, proto)
  }
}

/** Encodes one command as a RESP multibulk of byte strings. */
export function encodeCommand(argv: readonly string[]): Uint8Array {
  let size = 16
  for (const a of argv) size += a.length + 16
  const w = new ReplyWriter({ size })
  w.write({ t: 'bulks', v: argv }, 2)
  return w.take() ?? new Uint8Array(0)
}

/** Encodes a single reply. */
export function encodeReply(r: Reply, proto: Protocol): Uint8Array {
  const w = new ReplyWriter({ size: 256 })
  w.write(r, proto)
  return w.take() ?? new Uint8Array(0)
}
