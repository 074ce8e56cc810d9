/**
 * Listpacks (Redis 7.0 listpack.c layout): a 4-byte total size and 2-byte
 * element count (65535 = unknown), entries, then 0xFF. Each entry is its
 * encoding and data followed by a back-length of 1-5 bytes. Strings that read
 * as canonical int64s are stored as integers, as lpAppend does.
 */
import { parseInt64, parseLL } from '../numbers.js'
import { fail, le } from './rdb-io.js'

const EOF = 0xff


function backlen(l: number): string {
  if (l <= 127) return String.fromCharCode(l)
  if (l < 16383) return String.fromCharCode(l >> 7, (l & 127) | 128)
  if (l < 2097151) return String.fromCharCode(l >> 14, ((l >> 7) & 127) | 128, (l & 127) | 128)
  if (l < 268435455) return String.fromCharCode(l >>> 21, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128)
  return String.fromCharCode(l >>> 28, ((l >>> 21) & 127) | 128, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128)
}

/** The encoding and data of an integer entry. */
function intBody(v: bigint): string {
  if (v >= 0n && v <= 127n) return String.fromCharCode(Number(v))
  if (v >= -4096n && v <= 4095n) {
    const u = Number(BigInt.asUintN(13, v))
    return String.fromCharCode(0xc0 | (u >> 8), u & 0xff)
  }
  if (v >= -32768n && v <= 32767n) return '\xf1' + le(BigInt.asUintN(16, v), 2)
  if (v >= -8388608n && v <= 8388607n) return '\xf2' + le(BigInt.asUintN(24, v), 3)
  if (v >= -2147483648n && v <= 2147483647n) return '\xf3' + le(BigInt.asUintN(32, v), 4)
  return '\xf4' + le(BigInt.asUintN(64, v), 8)
}

function strBody(s: string): string {
  const n = s.length
  if (n < 64) return String.fromCharCode(0x80 | n) + s
  if (n < 4096) return String.fromCharCode(0xe0 | (n >> 8), n & 0xff) + s
  return '\xf0' + le(BigInt(n), 4) + s
}

/** One entry (encoding, data, back-length) for a string or an integer. */
export function lpEntry(v: string | number | bigint): string {
  let body: string
  if (typeof v === 'string') {
    const small = parseLL(v)
    if (small === null) body = strBody(v)
    else body = intBody(Number.isSafeInteger(small) ? BigInt(small) : (parseInt64(v) as bigint))
  } else body = intBody(BigInt(v))
  return body + backlen(body.length)
}

/** A whole listpack from encoded entries. */
export function lpBuild(entries: readonly string[]): string {
  const body = entries.join('')
  const total = body.length + 7
  const count = entries.length < 65535 ? entries.length : 65535
  return le(BigInt(total), 4) + le(BigInt(count), 2) + body + '\xff'
}

/** Bytes an entry for `v` takes (quicklist's fill checks). */
export function lpEntrySize(v: string): number {
  return lpEntry(v).length
}

/** Every element of a listpack blob as a string (integers in decimal); throws RdbError when malformed. */
export function lpDecode(lp: string): string[] {
  const n = lp.length
  if (n < 7) fail('listpack too short')
  const total = lp.charCodeAt(0) | (lp.charCodeAt(1) << 8) | (lp.charCodeAt(2) << 16) | (lp.charCodeAt(3) * 0x1000000)
  if (total !== n || lp.charCodeAt(n - 1) !== EOF) fail('listpack header')
  const declared = lp.charCodeAt(4) | (lp.charCodeAt(5) << 8)
  const out: string[] = []
  let p = 6
  const u = (i: number): number => {
    if (i >= n - 1) fail('listpack entry overflows')
    return lp.charCodeAt(i)
  }
  const leInt = (at: number, bytes: number): bigint => {
    let v = 0n
    for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(u(at + i))
    return v
  }
  while (p < n - 1) {
    const b = u(p)
    let len: number
    if (b < 0x80) {
      out.push(String(b))
      len = 1
    } else if (b < 0xc0) {
      const sl = b & 0x3f
      len = 1 + sl
      out.push(lp.slice(p + 1, p + 1 + sl))
    } else if (b < 0xe0) {
      const v = ((b & 0x1f) << 8) | u(p + 1)
      out.push(String(v >= 4096 ? v - 8192 : v))
      len = 2
    } else if (b < 0xf0) {
      const sl = ((b & 0x0f) << 8) | u(p + 1)
      len = 2 + sl
      out.push(lp.slice(p + 2, p + 2 + sl))
    } else if (b === 0xf0) {
      const sl = Number(leInt(p + 1, 4))
      len = 5 + sl
      if (p + len >= n - 1) fail('listpack entry overflows')
      out.push(lp.slice(p + 5, p + 5 + sl))
    } else if (b >= 0xf1 && b <= 0xf4) {
      const bytes = b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : 8
      out.push(String(BigInt.asIntN(bytes * 8, leInt(p + 1, bytes))))
      len = 1 + bytes
    } else return fail('listpack bad encoding')
    if (p + len > n - 1) fail('listpack entry overflows')
    const bl = backlen(len)
    for (let i = 0; i < bl.length; i++) if (u(p + len + i) !== bl.charCodeAt(i)) fail('listpack bad backlen')
    p += len + bl.length
  }
  if (p !== n - 1) fail('listpack trailing bytes')
  if (declared !== 65535 && declared !== out.length) fail('listpack count')
  return out
}
