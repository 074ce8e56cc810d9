import { describe, expect, test } from 'vitest'
import { ScanCursors } from '../../../src/core/scan.js'

function walk(c: ScanCursors<string>, m: Map<string, number>, count: number, between: (round: number) => void = () => {}): { seen: Set<string>; calls: number } {
  const seen = new Set<string>()
  let cursor = 0
  let calls = 0
  do {
    cursor = c.scan(() => m.keys(), cursor, count, (k) => seen.add(k), m.size)
    between(calls++)
  } while (cursor !== 0 && calls < 100000)
  return { seen, calls }
}

describe('ScanCursors', () => {
  test('a full walk sees every key once and ends with cursor 0', () => {
    const m = new Map<string, number>()
    for (let i = 0; i < 95; i++) m.set(`k${i}`, i)
    const { seen, calls } = walk(new ScanCursors(), m, 10)
    expect(seen.size).toBe(95)
    expect(calls).toBe(10)
  })

  test('an empty collection ends at once', () => {
    expect(new ScanCursors<string>().scan(() => new Map<string, number>().keys(), 0, 10, () => {}, 0)).toBe(0)
  })

  test('keys present throughout are seen despite deletions and insertions', () => {
    const m = new Map<string, number>()
    for (let i = 0; i < 500; i++) m.set(`stay${i}`, i)
    for (let i = 0; i < 500; i++) m.set(`go${i}`, i)
    const { seen } = walk(new ScanCursors(), m, 3, (r) => {
      m.delete(`go${r}`)
      m.set(`new${r}`, r)
      m.set(`new${r}b`, r)
    })
    for (let i = 0; i < 500; i++) expect(seen.has(`stay${i}`)).toBe(true)
  })

  test('a walk ends even when keys are added faster than it reads', () => {
    const m = new Map<string, number>()
    for (let i = 0; i < 100; i++) m.set(`k${i}`, i)
    let n = 0
    const { calls, seen } = walk(new ScanCursors(), m, 5, () => {
      for (let j = 0; j < 50; j++) m.set(`n${n++}`, 0)
    })
    expect(calls).toBe(20)
    for (let i = 0; i < 100; i++) expect(seen.has(`k${i}`)).toBe(true)
  })

  test('a forgotten or replayed cursor resumes by position', () => {
    const m = new Map<string, number>()
    for (let i = 0; i < 30; i++) m.set(`k${i}`, i)
    const c = new ScanCursors<string>()
    const first: string[] = []
    const cur = c.scan(() => m.keys(), 0, 10, (k) => first.push(k), m.size)
    const a: string[] = []
    const b: string[] = []
    const next1 = c.scan(() => m.keys(), cur, 10, (k) => a.push(k), m.size)
    // the same cursor again: its iterator is gone, a fresh one skips ahead
    const next2 = c.scan(() => m.keys(), cur, 10, (k) => b.push(k), m.size)
    expect(a).toEqual(b)
    expect(a[0]).toBe('k10')
    expect(next1).not.toBe(0)
    expect(next2).not.toBe(0)
    c.reset()
    const rest: string[] = []
    expect(c.scan(() => m.keys(), next1, 100, (k) => rest.push(k), m.size)).toBe(0)
    expect(rest[0]).toBe('k20')
  })
})
