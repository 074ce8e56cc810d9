/**
 * FUNCTION DUMP / RESTORE payloads in Redis 7.0's own format, so payloads move
 * between redlet and Redis both ways: per library the RDB_OPCODE_FUNCTION2 byte
 * (245) and its code as an RDB string, then the RDB version (10) as two bytes
 * and a CRC-64 (Jones, reflected) of all that, little-endian. We write strings
 * uncompressed; we read LZF-compressed ones, which Redis writes for long code.
 */

const OPCODE_FUNCTION2 = 245
const RDB_VERSION = 10

const CRC_TABLE: bigint[] = (() => {
  const poly = 0x95ac9329ac4bc9b5n // 0xad93d23594c935a9 reflected
  const t: bigint[] = []
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i)
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n
    t.push(c)
  }
  return t
})()

/** CRC-64/Jones of a byte string, as Redis checksums DUMP payloads. */
export function crc64(s: string, crc = 0n): bigint {
  for (let i = 0; i < s.length; i++) {
    crc = (CRC_TABLE[Number((crc ^ BigInt(s.charCodeAt(i) & 0xff)) & 0xffn)] as bigint) ^ (crc >> 8n)
  }
  return crc
}

function u64le(v: bigint): string {
  let out = ''
  for (let i = 0; i < 8; i++) out += String.fromCharCode(Number((v >> BigInt(i * 8)) & 0xffn))
  return out
}

/** An RDB length: 6 bits, 14 bits, or a 32/64-bit big-endian value. */
function rdbLength(n: number): string {
  if (n < 64) return String.fromCharCode(n)
  if (n < 16384) return String.fromCharCode(0x40 | (n >> 8), n & 0xff)
  if (n <= 0xffffffff) return String.fromCharCode(0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
  let out = String.fromCharCode(0x81)
  for (let i = 7; i >= 0; i--) out += String.fromCharCode(Math.floor(n / 2 ** (i * 8)) & 0xff)
  return out
}

export function dumpFunctions(codes: readonly string[]): string {
  let body = ''
  for (const code of codes) body += String.fromCharCode(OPCODE_FUNCTION2) + rdbLength(code.length) + code
  body += String.fromCharCode(RDB_VERSION & 0xff, RDB_VERSION >> 8)
  return body + u64le(crc64(body))
}

class Reader {
  pos = 0
  constructor(private readonly s: string, private readonly end: number) {}

  byte(): number {
    if (this.pos >= this.end) throw new RangeError('truncated')
    return this.s.charCodeAt(this.pos++)
  }

  bytes(n: number): string {
    if (this.pos + n > this.end) throw new RangeError('truncated')
    const out = this.s.slice(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  get done(): boolean {
    return this.pos >= this.end
  }

  /** A length, or a special encoding (int or LZF string) as `{ enc }`. */
  length(): number | { enc: number } {
    const b = this.byte()
    const type = b >> 6
    if (type === 0) return b & 0x3f
    if (type === 1) return ((b & 0x3f) << 8) | this.byte()
    if (type === 3) return { enc: b & 0x3f }
    let n = 0
    const width = b === 0x80 ? 4 : b === 0x81 ? 8 : -1
    if (width < 0) throw new RangeError('bad length')
    for (let i = 0; i < width; i++) n = n * 256 + this.byte()
    return n
  }

  plainLength(): number {
    const n = this.length()
    if (typeof n !== 'number') throw new RangeError('bad length')
    return n
  }

  string(): string {
    const n = this.length()
    if (typeof n === 'number') return this.bytes(n)
    let v: number
    switch (n.enc) {
      case 0:
        v = (this.byte() << 24) >> 24
        return String(v)
      case 1:
        v = this.byte() | (this.byte() << 8)
        return String((v << 16) >> 16)
      case 2:
        v = this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24)
        return String(v)
      case 3: {
        const clen = this.plainLength()
        const len = this.plainLength()
        return lzfDecompress(this.bytes(clen), len)
      }
      default:
        throw new RangeError('bad encoding')
    }
  }
}

/** LZF decompression (liblzf's format). */
export function lzfDecompress(input: string, outLen: number): string {
  const out: number[] = []
  let i = 0
  while (i < input.length) {
    const ctrl = input.charCodeAt(i++)
    if (ctrl < 32) {
      for (let k = 0; k <= ctrl; k++) {
        if (i >= input.length) throw new RangeError('lzf')
        out.push(input.charCodeAt(i++))
      }
    } else {
      let len = ctrl >> 5
      if (len === 7) len += input.charCodeAt(i++)
      let ref = out.length - ((ctrl & 0x1f) << 8) - 1 - input.charCodeAt(i++)
      if (ref < 0 || i > input.length) throw new RangeError('lzf')
      for (let k = 0; k < len + 2; k++) out.push(out[ref++] as number)
    }
  }
  if (out.length !== outLen) throw new RangeError('lzf')
  let s = ''
  for (let k = 0; k < out.length; k += 8192) s += String.fromCharCode(...out.slice(k, k + 8192))
  return s
}

export type RestoreResult = { codes: string[] } | { error: 'payload' | 'type' }

/** The library codes of a payload, or which error applies. */
export function parseFunctionDump(payload: string): RestoreResult {
  if (payload.length < 10) return { error: 'payload' }
  const end = payload.length - 10
  const version = payload.charCodeAt(end) | (payload.charCodeAt(end + 1) << 8)
  const crc = crc64(payload.slice(0, end + 2))
  if (version > RDB_VERSION || u64le(crc) !== payload.slice(end + 2)) return { error: 'payload' }
  const r = new Reader(payload, end)
  const codes: string[] = []
  try {
    while (!r.done) {
      const op = r.byte()
      if (op !== OPCODE_FUNCTION2) return { error: 'type' }
      codes.push(r.string())
    }
  } catch {
    return { error: 'payload' }
  }
  return { codes }
}
