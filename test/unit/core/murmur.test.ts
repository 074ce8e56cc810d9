import { describe, expect, test } from 'vitest'
import { murmurHash64A } from '../../../src/core/murmur.js'
import { seeded } from '../../helpers/engine.js'

const M = 0xc6a4a7935bd1e995n
const MASK = (1n << 64n) - 1n

/** MurmurHash64A on BigInt, straight from the algorithm's definition: the reference. */
function reference(s: string, seed: bigint): bigint {
  let h = (seed ^ (BigInt(s.length) * M)) & MASK
  const blocks = s.length - (s.length & 7)
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(s.charCodeAt(i + j))
    k = (k * M) & MASK
    k ^= k >> 47n
    k = (k * M) & MASK
    h ^= k
    h = (h * M) & MASK
  }
  const rest = s.length & 7
  if (rest !== 0) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(s.charCodeAt(blocks + j)) << BigInt(8 * j)
    h = (h * M) & MASK
  }
  h ^= h >> 47n
  h = (h * M) & MASK
  h ^= h >> 47n
  return h
}

const asBig = (h: { hi: number; lo: number }): bigint => (BigInt(h.hi) << 32n) | BigInt(h.lo)

describe('murmurHash64A', () => {
  test('equals the 64-bit reference for every tail length and binary input', () => {
    const rand = seeded(99)
    for (let n = 0; n < 3000; n++) {
      let s = ''
      const len = n % 41
      for (let i = 0; i < len; i++) s += String.fromCharCode(Math.floor(rand() * 256))
      expect(asBig(murmurHash64A(s, 0xadc83b19))).toBe(reference(s, 0xadc83b19n))
    }
  })

  test('known values with Redis’s seed', () => {
    // "a" lands in register 12711 with a run of 2 (PFADD h a on redis-server)
    const h = murmurHash64A('a', 0xadc83b19)
    expect(h.lo & 0x3fff).toBe(12711)
    expect(asBig(murmurHash64A('', 0))).toBe(0n)
    expect(asBig(murmurHash64A('hello world', 0))).toBe(reference('hello world', 0n))
  })

  test('writes into a given result object', () => {
    const out = { hi: 0, lo: 0 }
    expect(murmurHash64A('x', 1, out)).toBe(out)
  })
})
