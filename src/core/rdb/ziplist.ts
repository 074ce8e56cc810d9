/**
 * Ziplists (read only: RDB version 9 and older payloads, which Redis 7.0 still
 * loads): 4-byte size, 4-byte tail offset, 2-byte count, entries of
 * [prevlen][encoding][data], then 0xFF.
 */
import { fail } from './rdb-io.js'

export function ziplistDecode(zl: string): string[] {
  const n = zl.length
  if (n < 11) fail('ziplist too short')
  const u = (i: number): number => {
    if (i >= n - 1) fail('ziplist entry overflows')
    return zl.charCodeAt(i)
  }
  const rdLE = (at: number, bytes: number): bigint => {
    let v = 0n
    for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(u(at + i))
    return v
  }
  const total = zl.charCodeAt(0) | (zl.charCodeAt(1) << 8) | (zl.charCodeAt(2) << 16) | (zl.charCodeAt(3) * 0x1000000)
  if (total !== n || zl.charCodeAt(n - 1) !== 0xff) fail('ziplist header')
  const out: string[] = []
  let p = 10
  while (p < n - 1) {
    const pl = u(p)
    if (pl === 255) fail('ziplist prevlen')
    p += pl === 254 ? 5 : 1
    const b = u(p)
    const kind = b >> 6
    let header: number
    let len = 0
    let value: string | null = null
    if (kind === 0) {
      header = 1
      len = b & 0x3f
    } else if (kind === 1) {
      header = 2
      len = ((b & 0x3f) << 8) | u(p + 1)
    } else if (b === 0x80) {
      header = 5
      len = u(p + 1) * 0x1000000 + u(p + 2) * 0x10000 + u(p + 3) * 0x100 + u(p + 4) // big-endian here
    } else {
      header = 1
      const ints: Record<number, number> = { 0xc0: 2, 0xd0: 4, 0xe0: 8, 0xf0: 3, 0xfe: 1 }
      const bytes = ints[b]
      if (bytes !== undefined) {
        value = String(BigInt.asIntN(bytes * 8, rdLE(p + 1, bytes)))
        header += bytes
      } else if (b >= 0xf1 && b <= 0xfd) value = String((b & 0x0f) - 1)
      else fail('ziplist bad encoding')
    }
    if (value === null) {
      if (p + header + len > n - 1) fail('ziplist entry overflows')
      value = zl.slice(p + header, p + header + len)
    } else if (p + header > n - 1) fail('ziplist entry overflows')
    out.push(value)
    p += header + len
  }
  if (p !== n - 1) fail('ziplist trailing bytes')
  return out
}

/**
 * Zipmaps (RDB_TYPE_HASH_ZIPMAP, Redis 2.x hashes): a count byte, then per pair
 * [len]key[len][free]value plus `free` unused bytes, then 0xFF. A length is one
 * byte below 254, or 254 and a 4-byte little-endian length.
 */
export function zipmapDecode(zm: string): string[] {
  const n = zm.length
  let p = 1
  const byte = (): number => {
    if (p >= n) fail('zipmap truncated')
    return zm.charCodeAt(p++)
  }
  const len = (): number => {
    const b = byte()
    if (b < 254) return b
    if (b === 255) return -1
    return byte() + byte() * 0x100 + byte() * 0x10000 + byte() * 0x1000000
  }
  const take = (k: number): string => {
    if (p + k > n) fail('zipmap truncated')
    p += k
    return zm.slice(p - k, p)
  }
  if (n < 2) fail('zipmap too short')
  const out: string[] = []
  for (;;) {
    const kl = len()
    if (kl < 0) break
    out.push(take(kl))
    const vl = len()
    if (vl < 0) fail('zipmap value missing')
    const free = byte()
    out.push(take(vl))
    take(free)
  }
  if (p !== n) fail('zipmap trailing bytes')
  return out
}
