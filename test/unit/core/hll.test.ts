import { describe, expect, test } from 'vitest'
import { estimate, hashElement, Hll, HLL_DENSE, HLL_DENSE_SIZE, HLL_REGISTERS, HLL_SPARSE, isHllString, rawHistogram } from '../../../src/core/values/hll.js'
import { seeded } from '../../helpers/engine.js'

const hex = (s: string): string => Buffer.from(s, 'hex').toString('latin1')
const toHex = (s: string): string => Buffer.from(s, 'latin1').toString('hex')

describe('Hll', () => {
  test('an empty value is one XZERO run with a valid cache', () => {
    const h = Hll.empty()
    expect(toHex(h.toString())).toBe('48594c4c010000000000000000000000' + '7fff')
    expect(h.cachedCard()).toBe(0)
    h.invalidateCache()
    expect(h.cachedCard()).toBe(null)
    expect(toHex(h.toString())).toBe('48594c4c010000000000000000000080' + '7fff')
  })

  test('adding "a" splits the run as Redis does', () => {
    const h = Hll.empty()
    expect(hashElement('a')).toEqual([12711, 2])
    expect(h.add('a', 3000)).toBe(1)
    expect(h.add('a', 3000)).toBe(0)
    expect(toHex(h.toString()).slice(32)).toBe('71a6844e57')
    expect(h.count()).toBe(1)
    expect(h.decode()).toBe('Z:12711 v:2,1 Z:3672')
  })

  test('adjacent equal values merge into one VAL opcode', () => {
    const h = Hll.empty()
    h.set(10, 3, 3000)
    h.set(11, 3, 3000)
    h.set(12, 3, 3000)
    expect(h.decode()).toBe('z:10 v:3,3 Z:16371')
    h.set(11, 5, 3000)
    expect(h.decode()).toBe('z:10 v:3,1 v:5,1 v:3,1 Z:16371')
  })

  test('a register above 32 or a value past the sparse limit turns dense', () => {
    const h = Hll.empty()
    h.set(5, 33, 3000)
    expect(h.encoding).toBe(HLL_DENSE)
    expect(h.toString().length).toBe(HLL_DENSE_SIZE)
    expect(h.registers()[5]).toBe(33)
    const s = Hll.empty()
    for (let i = 0; i < 40; i++) s.set(i * 100, 1 + (i % 4), 30)
    expect(s.encoding).toBe(HLL_DENSE)
    const regs = s.registers()
    for (let i = 0; i < 40; i++) expect(regs[i * 100]).toBe(1 + (i % 4))
  })

  test('sparse and dense agree on registers and counts', () => {
    const rand = seeded(4)
    const a = Hll.empty()
    const b = Hll.empty()
    b.toDense()
    for (let i = 0; i < 5000; i++) {
      const e = `e${Math.floor(rand() * 1e9)}`
      a.add(e, 1 << 30)
      b.add(e, 0)
    }
    expect(a.encoding).toBe(HLL_SPARSE)
    expect(a.count()).toBe(b.count())
    const max = new Uint8Array(HLL_REGISTERS)
    expect(a.mergeInto(max)).toBe(true)
    expect(estimate(rawHistogram(max))).toBe(b.count())
    a.toDense()
    expect(a.toString()).toBe(b.toString())
  })

  test('the estimate is close for large sets', () => {
    const h = Hll.empty()
    for (let i = 0; i < 100000; i++) h.add(`x${i}`, 3000)
    const c = h.count() as number
    expect(Math.abs(c - 100000) / 100000).toBeLessThan(0.02)
  })

  test('the cache round-trips', () => {
    const h = Hll.empty()
    h.setCache(123456789)
    expect(h.cachedCard()).toBe(123456789)
  })

  test('corrupt sparse values are detected', () => {
    const short = Hll.from(hex('48594c4c01000000000000000000008' + '07ffe'))
    expect(short.count()).toBe(null)
    expect(short.toDense()).toBe(false)
    const over = Hll.from(hex('48594c4c010000000000000000000080' + '7fff80'))
    expect(over.mergeInto(new Uint8Array(HLL_REGISTERS))).toBe(false)
  })

  test('isHllString', () => {
    expect(isHllString(Hll.empty().toString())).toBe(true)
    expect(isHllString('HYLL')).toBe(false)
    expect(isHllString(hex('48594c4c02000000000000000000000000'))).toBe(false)
    expect(isHllString(hex('48594c4c00000000000000000000000000'))).toBe(false)
    expect(isHllString(hex('48594d4c010000000000000000000000'))).toBe(false)
  })
})
