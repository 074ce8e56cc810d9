import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { sha256Hex } from '../../../src/core/sha256.js'

describe('sha256Hex', () => {
  test('FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
    expect(sha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0')
  })

  test('the passwords Redis showed for >p and >pw', () => {
    expect(sha256Hex('p')).toBe('148de9c5a7a44d19e56cd9ae1a554bf67847afb0c58f6e12fa29ac7ddfca9940')
    expect(sha256Hex('pw')).toBe('30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4')
  })

  test('every padding boundary and arbitrary bytes agree with node:crypto', () => {
    for (let n = 0; n < 200; n++) {
      const s = 'x'.repeat(n)
      expect(sha256Hex(s), String(n)).toBe(createHash('sha256').update(s, 'latin1').digest('hex'))
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const s = Buffer.from(bytes).toString('latin1')
        return sha256Hex(s) === createHash('sha256').update(Buffer.from(bytes)).digest('hex')
      }),
      { numRuns: 300 },
    )
  })
})
