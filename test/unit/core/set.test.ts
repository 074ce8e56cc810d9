import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { isIntsetMember, SetValue } from '../../../src/core/values/set.js'
import type { EncodingLimits } from '../../../src/core/values/types.js'
import { seeded } from '../../helpers/engine.js'
import { encodingLimits } from '../../helpers/limits.js'

const limits = (intsetEntries: number): EncodingLimits => encodingLimits({ setMaxIntsetEntries: intsetEntries })

const member = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -20, max: 20 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('a', '-0', '007', '+1', '9223372036854775808', '') },
)

type Op = { op: 'add' | 'del'; m: string }
const op: fc.Arbitrary<Op> = fc.record({ op: fc.constantFrom('add' as const, 'add' as const, 'del' as const), m: member })

const numeric = (a: string, b: string): number => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0)

describe('isIntsetMember', () => {
  test('canonical int64 only', () => {
    for (const m of ['0', '-1', '9223372036854775807', '-9223372036854775808']) expect(isIntsetMember(m)).toBe(true)
    for (const m of ['-0', '01', '+1', ' 1', '1 ', '9223372036854775808', '', '1.0', 'a']) expect(isIntsetMember(m)).toBe(false)
  })
})

describe('SetValue', () => {
  test('behaves as a set; intset (ascending) while all members are integers within the limit', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 0, max: 8 }), (ops, max) => {
        const lim = limits(max)
        const s = new SetValue()
        const model = new Set<string>()
        let intset = true
        for (const o of ops) {
          if (o.op === 'add') {
            const isNew = !model.has(o.m)
            expect(s.add(o.m, lim)).toBe(isNew)
            model.add(o.m)
            if (isNew && (!isIntsetMember(o.m) || model.size > max)) intset = false
          } else expect(s.delete(o.m)).toBe(model.delete(o.m))
          expect(s.encoding()).toBe(intset ? 'intset' : 'hashtable')
        }
        const members = [...s.members()]
        if (intset) expect(members).toEqual([...model].sort(numeric))
        else expect(members).toEqual([...model])
        expect(s.size).toBe(model.size)
        expect([...s.clone().members()]).toEqual(members)
      }),
    )
  })

  test('fromMembers picks the encoding from the contents', () => {
    expect(SetValue.fromMembers(['3', '1'], limits(512)).encoding()).toBe('intset')
    expect([...SetValue.fromMembers(['3', '1'], limits(512)).members()]).toEqual(['1', '3'])
    expect(SetValue.fromMembers(['3', 'x'], limits(512)).encoding()).toBe('hashtable')
    expect(SetValue.fromMembers(['3', '1'], limits(1)).encoding()).toBe('hashtable')
  })

  test('random members: members, distinct when asked', () => {
    const s = new SetValue()
    for (let i = 0; i < 30; i++) s.add(`m${i}`, limits(512))
    const random = seeded(3)
    for (let i = 0; i < 50; i++) expect(s.has(s.randomMember(random))).toBe(true)
    for (const n of [1, 5, 9, 11, 29]) {
      const got = s.randomMembers(n, random)
      expect(new Set(got).size).toBe(n)
      for (const m of got) expect(s.has(m)).toBe(true)
    }
    // popping everything one by one through the cached key array
    const popped = new Set<string>()
    while (s.size > 0) {
      const m = s.randomMember(random)
      expect(s.delete(m)).toBe(true)
      popped.add(m)
    }
    expect(popped.size).toBe(30)
  })

  test('single picks stay uniform as members come and go', () => {
    const s = new SetValue()
    const lim = limits(512)
    for (const m of ['a', 'b', 'c']) s.add(m, lim)
    const random = seeded(11)
    s.randomMember(random)
    s.add('d', lim)
    s.delete('a')
    s.add('a', lim)
    const counts = new Map<string, number>()
    for (let i = 0; i < 8000; i++) {
      const m = s.randomMember(random)
      counts.set(m, (counts.get(m) ?? 0) + 1)
    }
    for (const m of ['a', 'b', 'c', 'd']) expect(Math.abs((counts.get(m) ?? 0) - 2000), m).toBeLessThan(250)
    // a large set: new members are drawn at once, dead slots are skipped
    const big = new SetValue()
    for (let i = 0; i < 5000; i++) big.add(`m${i}`, lim)
    big.randomMember(random)
    for (let i = 0; i < 2000; i++) big.delete(`m${i}`)
    big.add('new', lim)
    let seenNew = false
    for (let i = 0; i < 30000 && !seenNew; i++) {
      const m = big.randomMember(random)
      expect(big.has(m)).toBe(true)
      if (m === 'new') seenNew = true
    }
    expect(seenNew).toBe(true)
  })

  test('scan by cursor returns every member present throughout', () => {
    const s = new SetValue()
    for (let i = 0; i < 150; i++) s.add(`m${i}`, limits(512))
    const seen = new Set<string>()
    let cursor = 0
    let step = 0
    do {
      cursor = s.scan(cursor, 7, (m) => seen.add(m))
      s.add(`late${step}`, limits(512))
      s.delete(`m${step}`)
      step++
    } while (cursor !== 0)
    for (let i = step; i < 150; i++) expect(seen.has(`m${i}`)).toBe(true)
  })
})
