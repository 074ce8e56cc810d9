import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { SortedSetValue } from '../../../src/core/values/sorted-set.js'
import { ZsetTree } from '../../../src/core/values/zset-tree.js'
import { encodingLimits } from '../../helpers/limits.js'

const LIMITS = encodingLimits()

type Pair = [string, number]

function cmp(a: Pair, b: Pair): number {
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0
}

/** A model: a Map, sorted on demand. */
function sortedModel(m: Map<string, number>): Pair[] {
  return [...m].sort(cmp)
}

function contents(z: SortedSetValue): Pair[] {
  return [...z.entries()]
}

const member = fc.oneof(
  fc.integer({ min: 0, max: 3000 }).map((n) => `m${n}`),
  fc.constantFrom('', 'a', 'b', '\x00', '\xff', 'ab'),
)
const score = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constantFrom(0.5, -0.25, Infinity, -Infinity, 1e300))

type Op =
  | { op: 'set'; m: string; s: number; times: number; step: number }
  | { op: 'del'; m: string; times: number }
  | { op: 'popMin' | 'popMax'; n: number }
  | { op: 'delRange'; a: number; b: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), m: member, s: score, times: fc.integer({ min: 1, max: 400 }), step: fc.constantFrom(0, 1, -1) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('del' as const), m: member, times: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('popMin' as const, 'popMax' as const), n: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delRange' as const), a: fc.nat(2000), b: fc.nat(2000) }) },
)

function apply(z: SortedSetValue, model: Map<string, number>, o: Op): void {
  switch (o.op) {
    case 'set':
      for (let i = 0; i < o.times; i++) {
        const m = o.times === 1 ? o.m : `${o.m}:${i}`
        const s = o.s + i * o.step
        z.set(m, s, LIMITS)
        model.set(m, s === 0 && z.isListpack ? 0 : s)
      }
      break
    case 'del':
      for (let i = 0; i < o.times; i++) {
        const m = o.times === 1 ? o.m : `${o.m}:${i}`
        expect(z.delete(m)).toBe(model.delete(m))
      }
      break
    case 'popMin':
    case 'popMax':
      for (let i = 0; i < o.n && z.size > 0; i++) {
        const sorted = sortedModel(model)
        const want = (o.op === 'popMin' ? sorted[0] : sorted[sorted.length - 1]) as Pair
        expect(z.deleteAt(o.op === 'popMin' ? 0 : z.size - 1)).toEqual(want)
        model.delete(want[0])
      }
      break
    case 'delRange': {
      const lo = Math.min(o.a, o.b, z.size - 1)
      const hi = Math.min(Math.max(o.a, o.b), z.size - 1)
      if (z.size === 0) break
      const sorted = sortedModel(model)
      expect(z.deleteRange(lo, hi)).toBe(hi - lo + 1)
      for (const [m] of sorted.slice(lo, hi + 1)) model.delete(m)
      break
    }
  }
}

describe('SortedSetValue against a model', () => {
  test('random operations keep order, ranks, counts and invariants', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.array(fc.tuple(score, fc.boolean()), { maxLength: 6 }), (ops, probes) => {
        const z = new SortedSetValue()
        const model = new Map<string, number>()
        for (const o of ops) {
          apply(z, model, o)
          z.check()
        }
        const sorted = sortedModel(model)
        expect(contents(z)).toEqual(sorted)
        expect(z.size).toBe(sorted.length)
        for (let i = 0; i < sorted.length; i += 7) {
          const [m, s] = sorted[i] as Pair
          expect(z.rank(m)).toBe(i)
          expect(z.rank(m, true)).toBe(sorted.length - 1 - i)
          expect(z.at(i)).toEqual([m, s])
          expect(z.score(m)).toBe(s)
        }
        for (const [x, orEqual] of probes) {
          expect(z.countByScore(x, orEqual)).toBe(sorted.filter(([, s]) => (orEqual ? s <= x : s < x)).length)
        }
        const walked: Pair[] = []
        z.walk(sorted.length - 1, sorted.length, true, (m, s) => walked.push([m, s]))
        expect(walked).toEqual([...sorted].reverse())
      }),
      { numRuns: 150 },
    )
  })

  test('lexicographical counts with equal scores', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 4 }), { maxLength: 600 }), fc.array(fc.tuple(fc.string({ maxLength: 3 }), fc.boolean())), (ms, probes) => {
        const z = new SortedSetValue()
        for (const m of ms) z.set(m, 0, LIMITS)
        const sorted = [...ms].sort()
        for (const [x, orEqual] of probes) expect(z.countByMember(x, orEqual)).toBe(sorted.filter((m) => (orEqual ? m <= x : m < x)).length)
      }),
    )
  })

  test('countWhile counts from a rank in either direction until a member fails', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ maxLength: 3 }), fc.integer({ min: -3, max: 3 })), { selector: (p) => p[0], maxLength: 400 }),
        fc.nat(),
        fc.boolean(),
        fc.integer({ min: 0, max: 500 }),
        fc.string({ maxLength: 2 }),
        (pairs, at, reverse, max, pivot) => {
          const z = new SortedSetValue()
          for (const [m, s] of pairs) z.set(m, s, LIMITS)
          const ms = [...z.members()]
          const rank = ms.length === 0 ? 0 : at % ms.length
          const test = (m: string): boolean => m >= pivot
          let want = 0
          for (let i = rank; i >= 0 && i < ms.length && want < max && test(ms[i] as string); i += reverse ? -1 : 1) want++
          expect(z.countWhile(rank, reverse, max, test)).toBe(want)
        },
      ),
    )
  })

  test('ties are ordered by member bytes', () => {
    const z = new SortedSetValue()
    for (const m of ['b', 'a', '\xff', '\x00', 'ab', '']) z.set(m, 1, LIMITS)
    expect([...z.members()]).toEqual(['', '\x00', 'a', 'ab', 'b', '\xff'])
  })
})

describe('bulk building', () => {
  test('fromEntries builds a valid tree at every size', () => {
    for (const n of [0, 1, 31, 32, 127, 128, 129, 200, 4095, 8193, 70000]) {
      const entries: Pair[] = []
      for (let i = 0; i < n; i++) entries.push([`k${i}`, (i * 7919) % 1000])
      const z = SortedSetValue.fromEntries(entries, LIMITS)
      z.check()
      expect(z.size).toBe(n)
      expect(contents(z)).toEqual([...entries].sort(cmp))
      expect(z.encoding()).toBe(n <= 128 ? 'listpack' : 'skiplist')
      // and stays valid through deletes down to empty
      for (let i = 0; i < n; i += 3) z.delete(`k${i}`)
      z.check()
    }
  })

  test('sequential inserts fill leaves', () => {
    const t = new ZsetTree()
    for (let i = 0; i < 100000; i++) t.insert(i, 'x')
    t.check()
    for (let i = 0; i < 100000; i++) t.insert(-1 - i, 'x')
    t.check()
    expect(t.size).toBe(200000)
    for (let i = 0; i < 200000; i += 2) t.deleteAt(t.size >> 1)
    t.check()
  })
})

describe('encoding', () => {
  test('listpack until the entries limit, then skiplist for good', () => {
    const z = new SortedSetValue()
    for (let i = 0; i < 128; i++) z.set(`m${i}`, i, LIMITS)
    expect(z.encoding()).toBe('listpack')
    z.set('m0', 5, LIMITS)
    expect(z.encoding()).toBe('listpack')
    z.set('one-more', 0, LIMITS)
    expect(z.encoding()).toBe('skiplist')
    z.delete('one-more')
    z.delete('m1')
    expect(z.encoding()).toBe('skiplist')
    expect(z.clone().encoding()).toBe('skiplist')
  })

  test('a long member converts at once', () => {
    const z = new SortedSetValue()
    z.set('x'.repeat(64), 1, LIMITS)
    expect(z.encoding()).toBe('listpack')
    z.set('x'.repeat(65), 1, LIMITS)
    expect(z.encoding()).toBe('skiplist')
  })

  test('a listpack stores -0 as 0, a skiplist keeps it', () => {
    const z = new SortedSetValue()
    z.set('a', -0, LIMITS)
    expect(Object.is(z.score('a'), 0)).toBe(true)
    const big = new SortedSetValue(false)
    big.set('a', -0, LIMITS)
    expect(Object.is(big.score('a'), -0)).toBe(true)
  })

  test('scan: a listpack in one call, a skiplist in steps that cover every member', () => {
    const small = SortedSetValue.fromEntries([['b', 2], ['a', 1]], LIMITS)
    const seen: string[] = []
    expect(small.scan(0, 1, (m) => seen.push(m))).toBe(0)
    expect(seen).toEqual(['a', 'b'])
    const big = SortedSetValue.fromEntries(Array.from({ length: 1000 }, (_, i): Pair => [`m${i}`, i]), LIMITS)
    const got = new Set<string>()
    let cursor = 0
    do {
      cursor = big.scan(cursor, 10, (m, s) => {
        expect(big.score(m)).toBe(s)
        got.add(m)
      })
      big.delete(`m${999 - got.size}`)
    } while (cursor !== 0)
    for (let i = 0; i < 400; i++) expect(got.has(`m${i}`)).toBe(true)
  })
})
