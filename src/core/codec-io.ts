/**
 * Byte-level reading and writing for the value codec: unsigned LEB128 varints,
 * length-prefixed byte strings and little-endian float64s.
 */
import { CodecError } from './codec-error.js'

export class ByteWriter {
  private buf: Uint8Array
  private view: DataView
  pos = 0

  constructor(size = 256) {
    this.buf = new Uint8Array(size)
    this.view = new DataView(this.buf.buffer)
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  byte(b: number): void {
    this.ensure(1)
    this.buf[this.pos++] = b
  }

  /** A non-negative integer below 2^53. */
  varint(n: number): void {
    this.ensure(8)
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 0x80) | 0x80
      n = Math.floor(n / 0x80)
    }
    this.buf[this.pos++] = n
  }

  f64(d: number): void {
    this.ensure(8)
    this.view.setFloat64(this.pos, d, true)
    this.pos += 8
  }

  u32(n: number): void {
    this.ensure(4)
    this.view.setUint32(this.pos, n >>> 0, true)
    this.pos += 4
  }

  /** A byte string, length first. */
  str(s: string): void {
    const n = s.length
    this.varint(n)
    this.ensure(n)
    const buf = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i)
    this.pos = p
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos)
  }
}

export class ByteReader {
  private readonly view: DataView
  pos: number

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    this.pos = start
  }

  get done(): boolean {
    return this.pos >= this.end
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new CodecError('truncated data')
  }

  byte(): number {
    this.need(1)
    return this.buf[this.pos++] as number
  }

  varint(): number {
    let n = 0
    let mul = 1
    for (let i = 0; i < 8; i++) {
      const b = this.byte()
      n += (b & 0x7f) * mul
      if (b < 0x80) return n
      mul *= 0x80
    }
    throw new CodecError('bad length')
  }

  f64(): number {
    this.need(8)
    const d = this.view.getFloat64(this.pos, true)
    this.pos += 8
    return d
  }

  u32(): number {
    this.need(4)
    const n = this.view.getUint32(this.pos, true)
    this.pos += 4
    return n
  }

  str(): string {
    const n = this.varint()
    this.need(n)
    const buf = this.buf
    const start = this.pos
    this.pos += n
    if (n <= 64) {
      let s = ''
      for (let i = start; i < start + n; i++) s += String.fromCharCode(buf[i] as number)
      return s
    }
    let s = ''
    for (let i = start; i < start + n; i += 8192) {
      s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(start + n, i + 8192)) as unknown as number[])
    }
    return s
  }
}
