import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { HashValue } from '../../../src/core/values/hash.js'
import type { EncodingLimits } from '../../../src/core/values/types.js'
import { seeded } from '../../helpers/engine.js'
import { encodingLimits } from '../../helpers/limits.js'

const limits = (entries: number, value: number): EncodingLimits => encodingLimits({ hashMaxListpackEntries: entries, hashMaxListpackValue: value })

type Op = { op: 'set'; f: string; v: string } | { op: 'del'; f: string }

const field = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'long-field-name', '\x00', '')
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('set' as const), f: field, v: fc.string({ maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('del' as const), f: field }) },
)

describe('HashValue', () => {
  test('behaves as an insertion-ordered map; listpack until a limit is crossed, never back', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 10 }), (ops, maxEntries, maxValue) => {
        const lim = limits(maxEntries, maxValue)
        const h = new HashValue()
        const model = new Map<string, string>()
        let listpack = true
        for (const o of ops) {
          if (o.op === 'set') {
            const isNew = !model.has(o.f)
            expect(h.set(o.f, o.v, lim)).toBe(isNew)
            model.set(o.f, o.v)
            if (o.f.length > maxValue || o.v.length > maxValue || model.size > maxEntries) listpack = false
          } else {
            expect(h.delete(o.f)).toBe(model.delete(o.f))
          }
          expect(h.encoding()).toBe(listpack ? 'listpack' : 'hashtable')
        }
        expect([...h.entries()]).toEqual([...model.entries()])
        expect(h.size).toBe(model.size)
        const copy = h.clone()
        expect([...copy.entries()]).toEqual([...model.entries()])
        expect(copy.encoding()).toBe(h.encoding())
      }),
    )
  })

  test('fromEntries picks the encoding from the contents', () => {
    const small = HashValue.fromEntries([['a', '1'], ['b', '2']], limits(512, 64))
    expect(small.encoding()).toBe('listpack')
    expect([...small.entries()]).toEqual([['a', '1'], ['b', '2']])
    expect(HashValue.fromEntries([['a', 'x'.repeat(65)]], limits(512, 64)).encoding()).toBe('hashtable')
    expect(HashValue.fromEntries([['a', '1'], ['b', '2']], limits(1, 64)).encoding()).toBe('hashtable')
  })

  test('random fields: members, distinct when asked', () => {
    const h = new HashValue()
    const lim = limits(8, 64)
    for (let i = 0; i < 20; i++) h.set(`f${i}`, 'v', lim)
    const random = seeded(7)
    for (let i = 0; i < 50; i++) expect(h.has(h.randomField(random))).toBe(true)
    for (const n of [1, 3, 6, 7, 19]) {
      const got = h.randomFields(n, random)
      expect(got.length).toBe(n)
      expect(new Set(got).size).toBe(n)
      for (const f of got) expect(h.has(f)).toBe(true)
    }
    // picks stay valid as the hash changes under the cached key array
    for (let i = 0; i < 15; i++) h.delete(`f${i}`)
    for (let i = 0; i < 30; i++) expect(h.has(h.randomField(random))).toBe(true)
  })

  test('scan returns every field present throughout, despite changes between calls', () => {
    const lim = limits(4, 64)
    const h = new HashValue()
    for (let i = 0; i < 200; i++) h.set(`f${i}`, String(i), lim)
    const seen = new Set<string>()
    let cursor = 0
    let step = 0
    do {
      cursor = h.scan(cursor, 10, (f, v) => {
        expect(h.get(f)).toBe(v)
        seen.add(f)
      })
      // churn: delete some early fields, add new ones
      h.delete(`f${step}`)
      h.set(`new${step}`, 'x', lim)
      step++
    } while (cursor !== 0)
    for (let i = step; i < 200; i++) expect(seen.has(`f${i}`)).toBe(true)
  })

  test('a listpack scans whole whatever the cursor', () => {
    const h = new HashValue()
    h.set('a', '1', limits(512, 64))
    h.set('b', '2', limits(512, 64))
    const got: string[] = []
    expect(h.scan(12345, 1, (f, v) => got.push(f, v))).toBe(0)
    expect(got).toEqual(['a', '1', 'b', '2'])
  })
})
