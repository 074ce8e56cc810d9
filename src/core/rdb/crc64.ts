/**
 * CRC-64/Jones as Redis checksums RDB files and DUMP payloads: reflected
 * polynomial 0xad93d23594c935a9, initial value 0, no final xor. Computed in two
 * 32-bit halves with one 256-entry table per half, so no BigInt per byte.
 */
const POLY_LO = 0xac4bc9b5 // 0x95ac9329ac4bc9b5 is the polynomial bit-reversed
const POLY_HI = 0x95ac9329

const T_LO = new Uint32Array(256)
const T_HI = new Uint32Array(256)
for (let i = 0; i < 256; i++) {
  let lo = i
  let hi = 0
  for (let k = 0; k < 8; k++) {
    const bit = lo & 1
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0
    hi = hi >>> 1
    if (bit) {
      lo = (lo ^ POLY_LO) >>> 0
      hi = (hi ^ POLY_HI) >>> 0
    }
  }
  T_LO[i] = lo
  T_HI[i] = hi
}

/** The CRC of bytes s[start, end) as 8 little-endian bytes (the DUMP footer's layout). */
export function crc64(s: string, start = 0, end = s.length): string {
  let lo = 0
  let hi = 0
  for (let i = start; i < end; i++) {
    const idx = (lo ^ s.charCodeAt(i)) & 0xff
    lo = ((lo >>> 8) | ((hi & 0xff) << 24)) ^ (T_LO[idx] as number)
    hi = (hi >>> 8) ^ (T_HI[idx] as number)
  }
  let out = ''
  for (let k = 0; k < 4; k++) out += String.fromCharCode((lo >>> (8 * k)) & 0xff)
  for (let k = 0; k < 4; k++) out += String.fromCharCode((hi >>> (8 * k)) & 0xff)
  return out
}
