import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { sha1Hex } from '../../../src/core/sha1.js'

describe('sha1Hex', () => {
  test('known vectors', () => {
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709')
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d')
    expect(sha1Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1')
    expect(sha1Hex('The quick brown fox jumps over the lazy dog')).toBe('2fd4e1c67a2d28fced849ee1bb76e7391b93eb12')
    expect(sha1Hex('a'.repeat(1_000_000))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f')
    // the digest of a script EVALSHA uses
    expect(sha1Hex('return 1')).toBe('e0e1f9fabfc9d4800c877a703b823ac0578ff8db')
  })

  test('every length around the block boundaries, and binary bytes, match node:crypto', () => {
    for (let n = 0; n < 200; n++) {
      let s = ''
      for (let i = 0; i < n; i++) s += String.fromCharCode((i * 131 + n * 7) & 0xff)
      expect(sha1Hex(s), `length ${n}`).toBe(createHash('sha1').update(Buffer.from(s, 'latin1')).digest('hex'))
    }
  })
})
