/**
 * MurmurHash64A (Austin Appleby's 64-bit hash, public domain) over a byte
 * string, reading 8-byte blocks little-endian as Redis does on x86. The 64-bit
 * arithmetic runs on pairs of 32-bit halves: no BigInt on this hot path.
 */

const M_HI = 0xc6a4a793
const M_LO = 0x5bd1e995

/** The result's halves (unsigned). */
export interface Hash64 {
  hi: number
  lo: number
}

// the running value, as two unsigned halves
let hHi = 0
let hLo = 0
let kHi = 0
let kLo = 0

/** Low 64 bits of (aHi:aLo) * m, into rHi/rLo. */
let rHi = 0
let rLo = 0
function mulM(aHi: number, aLo: number): void {
  // aLo * M_LO as a full 64-bit product, from 16-bit pieces
  const a0 = aLo & 0xffff
  const a1 = aLo >>> 16
  const b0 = M_LO & 0xffff
  const b1 = M_LO >>> 16
  const p00 = a0 * b0
  const p01 = a0 * b1
  const p10 = a1 * b0
  const p11 = a1 * b1
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff)
  rLo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)
  rHi = (carry + Math.imul(aHi, M_LO) + Math.imul(aLo, M_HI)) >>> 0
}

/** MurmurHash64A of the bytes of `s` (chars 0-255) with a 32-bit `seed`. */
export function murmurHash64A(s: string, seed: number, out: Hash64 = { hi: 0, lo: 0 }): Hash64 {
  const len = s.length
  // h = seed ^ (len * m)
  mulM(Math.floor(len / 4294967296) >>> 0, len >>> 0)
  hHi = rHi
  hLo = (rLo ^ seed) >>> 0
  const blocks = len - (len & 7)
  for (let i = 0; i < blocks; i += 8) {
    kLo = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0
    kHi = (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0
    mulM(kHi, kLo)
    // k ^= k >> 47
    kHi = rHi
    kLo = (rLo ^ (rHi >>> 15)) >>> 0
    mulM(kHi, kLo)
    hHi = (hHi ^ rHi) >>> 0
    hLo = (hLo ^ rLo) >>> 0
    mulM(hHi, hLo)
    hHi = rHi
    hLo = rLo
  }
  const rest = len & 7
  if (rest !== 0) {
    for (let j = rest - 1; j >= 0; j--) {
      const b = s.charCodeAt(blocks + j)
      if (j >= 4) hHi = (hHi ^ (b << ((j - 4) * 8))) >>> 0
      else hLo = (hLo ^ (b << (j * 8))) >>> 0
    }
    mulM(hHi, hLo)
    hHi = rHi
    hLo = rLo
  }
  // h ^= h >> 47; h *= m; h ^= h >> 47
  hLo = (hLo ^ (hHi >>> 15)) >>> 0
  mulM(hHi, hLo)
  hHi = rHi
  hLo = (rLo ^ (rHi >>> 15)) >>> 0
  out.hi = hHi
  out.lo = hLo
  return out
}
