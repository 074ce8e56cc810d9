import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { ListValue } from '../../../src/core/values/list.js'

/** A value of varied length: short, around the 128-byte varint edge, or large (kept unpacked). */
const value = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'c', '', 'x\x00y', '\xff\x80') },
  { weight: 1, arbitrary: fc.integer({ min: 120, max: 20000 }).map((n) => String.fromCharCode(n % 256).repeat(n)) },
)

type Op =
  | { op: 'pushHead' | 'pushTail'; v: string; times: number }
  | { op: 'popHead' | 'popTail'; times: number }
  | { op: 'set'; i: number; v: string }
  | { op: 'insert'; pivot: string; v: string; after: boolean }
  | { op: 'remove'; v: string; limit: number; fromTail: boolean }
  | { op: 'trim'; start: number; end: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constantFrom('pushHead' as const, 'pushTail' as const), v: value, times: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('popHead' as const, 'popTail' as const), times: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('set' as const), i: fc.nat(), v: value }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), pivot: value, v: value, after: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), v: value, limit: fc.integer({ min: 0, max: 50 }), fromTail: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('trim' as const), start: fc.nat(), end: fc.nat() }) },
)

function apply(l: ListValue, m: string[], o: Op): void {
  switch (o.op) {
    case 'pushHead':
      for (let i = 0; i < o.times; i++) {
        l.pushHead(o.v + i)
        m.unshift(o.v + i)
      }
      break
    case 'pushTail':
      for (let i = 0; i < o.times; i++) {
        l.pushTail(o.v + i)
        m.push(o.v + i)
      }
      break
    case 'popHead':
      for (let i = 0; i < o.times; i++) expect(l.popHead()).toBe(m.shift())
      break
    case 'popTail':
      for (let i = 0; i < o.times; i++) expect(l.popTail()).toBe(m.pop())
      break
    case 'set':
      if (m.length === 0) break
      l.set(o.i % m.length, o.v)
      m[o.i % m.length] = o.v
      break
    case 'insert': {
      const pivot = m.length !== 0 && o.pivot.length < 100 ? (m[o.pivot.length % m.length] as string) : o.pivot
      const at = m.indexOf(pivot)
      expect(l.insert(pivot, o.v, o.after)).toBe(at < 0 ? -1 : m.length + 1)
      if (at >= 0) m.splice(o.after ? at + 1 : at, 0, o.v)
      break
    }
    case 'remove': {
      const v = m.length !== 0 && o.v.length < 100 ? (m[o.v.length % m.length] as string) : o.v
      let n = 0
      const idx = m.map((x, i) => (x === v ? i : -1)).filter((i) => i >= 0)
      const drop = new Set(o.fromTail ? idx.reverse().slice(0, o.limit || undefined) : idx.slice(0, o.limit || undefined))
      n = drop.size
      expect(l.remove(v, o.limit, o.fromTail)).toBe(n)
      const keep = m.filter((_, i) => !drop.has(i))
      m.splice(0, m.length, ...keep)
      break
    }
    case 'trim': {
      if (m.length === 0) break
      const s = o.start % m.length
      const e = s + (o.end % (m.length - s))
      l.trim(s, e)
      m.splice(0, m.length, ...m.slice(s, e + 1))
      break
    }
  }
}

function check(l: ListValue, m: string[]): void {
  expect(l.size).toBe(m.length)
  expect([...l.values()]).toEqual(m)
  if (m.length === 0) return
  expect(l.range(0, m.length - 1)).toEqual(m)
  const mid = m.length >> 1
  expect(l.range(mid, m.length - 1)).toEqual(m.slice(mid))
  for (const i of [0, mid, m.length - 1]) expect(l.at(i)).toBe(m[i])
  const fwd: string[] = []
  l.scan(false, (v) => (fwd.push(v), true))
  expect(fwd).toEqual(m)
  const back: string[] = []
  l.scan(true, (v) => (back.push(v), true))
  expect(back).toEqual([...m].reverse())
  const c = l.clone()
  expect([...c.values()]).toEqual(m)
}

describe('ListValue', () => {
  test('behaves like an array under random operations', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const l = new ListValue()
        const m: string[] = []
        for (const o of ops) {
          apply(l, m, o)
          check(l, m)
        }
      }),
      { numRuns: 300, reporter: (r) => { if (r.failed) throw new Error(`seed ${r.seed} path ${r.counterexamplePath}: ${String(r.errorInstance).slice(0, 500)}`) } },
    )
  })

  test('queue and stack patterns across many nodes', () => {
    const l = new ListValue()
    for (let i = 0; i < 10000; i++) l.pushTail('v' + i)
    for (let i = 0; i < 5000; i++) expect(l.popHead()).toBe('v' + i)
    for (let i = 0; i < 1000; i++) l.pushHead('h' + i)
    expect(l.size).toBe(6000)
    expect(l.at(0)).toBe('h999')
    expect(l.at(1000)).toBe('v5000')
    expect(l.at(5999)).toBe('v9999')
    expect(l.range(998, 1001)).toEqual(['h1', 'h0', 'v5000', 'v5001'])
    for (let i = 9999; i >= 5000; i--) expect(l.popTail()).toBe('v' + i)
    for (let i = 0; i < 1000; i++) expect(l.popTail()).toBe('h' + i)
    expect(l.size).toBe(0)
    expect(l.popHead()).toBeUndefined()
  })

  test('a long-running queue stays small', () => {
    const l = new ListValue()
    for (let i = 0; i < 100000; i++) {
      l.pushTail('x' + i)
      if (i >= 10) expect(l.popHead()).toBe('x' + (i - 10))
    }
    expect(l.size).toBe(10)
    expect([...l.values()]).toEqual(Array.from({ length: 10 }, (_, i) => 'x' + (99990 + i)))
  })

  test('reports quicklist and builds from values', () => {
    const l = ListValue.from(['a', 'b', 'c'])
    expect(l.encoding()).toBe('quicklist')
    expect(l.type).toBe('list')
    expect([...l.values()]).toEqual(['a', 'b', 'c'])
  })
})
