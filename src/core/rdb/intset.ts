/**
 * Intsets: a 4-byte element width (2, 4 or 8), a 4-byte count, then the
 * members as little-endian signed integers in ascending order.
 */
import { fail, le } from './rdb-io.js'


/** An intset blob of canonical int64 strings, already in ascending order, at least `minWidth` bytes wide. */
export function intsetEncode(members: readonly string[], minWidth = 2): string {
  const vals = members.map((m) => BigInt(m))
  let width = minWidth
  for (const v of vals) {
    if (v < -2147483648n || v > 2147483647n) width = 8
    else if ((v < -32768n || v > 32767n) && width < 4) width = 4
  }
  let out = le(BigInt(width), 4) + le(BigInt(vals.length), 4)
  for (const v of vals) out += le(BigInt.asUintN(width * 8, v), width)
  return out
}

/** The element width of an intset blob (after intsetDecode accepted it). */
export function intsetWidth(blob: string): 2 | 4 | 8 {
  return blob.charCodeAt(0) as 2 | 4 | 8
}

/** The members of an intset blob in decimal; throws RdbError when malformed or out of order. */
export function intsetDecode(blob: string): string[] {
  if (blob.length < 8) fail('intset too short')
  const rd = (at: number, n: number): bigint => {
    let v = 0n
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(blob.charCodeAt(at + i))
    return v
  }
  const width = Number(rd(0, 4))
  const count = Number(rd(4, 4))
  if ((width !== 2 && width !== 4 && width !== 8) || 8 + count * width !== blob.length) fail('intset header')
  const out: string[] = []
  let prev: bigint | null = null
  for (let i = 0; i < count; i++) {
    const v = BigInt.asIntN(width * 8, rd(8 + i * width, width))
    if (prev !== null && v <= prev) fail('intset order')
    prev = v
    out.push(String(v))
  }
  return out
}
