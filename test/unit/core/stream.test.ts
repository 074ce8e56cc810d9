import { describe, expect, test } from 'vitest'
import { cmpId, decrId, formatId, incrId, MAX_ID, MIN_ID, parseStreamId, parseU64, type StreamId } from '../../../src/core/stream-id.js'
import { IdList, type Nack } from '../../../src/core/values/stream-group.js'
import { lpIntSize, lpStringSize, StreamNode } from '../../../src/core/values/stream-node.js'
import { Stream } from '../../../src/core/values/stream.js'
import { seeded } from '../../helpers/engine.js'

const LIMITS = { maxBytes: 4096, maxEntries: 100 }
const id = (ms: number, seq: number): StreamId => ({ ms, seq })

describe('stream IDs', () => {
  test('parseU64 follows string2ull', () => {
    expect(parseU64('0')).toBe(0)
    expect(parseU64('18446744073709551615')).toBe(18446744073709551615n)
    expect(parseU64('18446744073709551616')).toBe(null)
    expect(parseU64('9007199254740993')).toBe(9007199254740993n)
    expect(parseU64('9007199254740991')).toBe(9007199254740991)
    expect(parseU64('-1')).toBe(null)
    expect(parseU64('-0')).toBe(0)
    expect(parseU64('-05')).toBe(18446744073709551611n)
    expect(parseU64(' 7')).toBe(7)
    expect(parseU64('+7')).toBe(7)
    expect(parseU64('007')).toBe(7)
    expect(parseU64('7 ')).toBe(null)
    expect(parseU64('')).toBe(null)
    expect(parseU64('-')).toBe(null)
    expect(parseU64('0x1')).toBe(null)
  })

  test('parseStreamId forms', () => {
    expect(parseStreamId('5', true, 0)).toEqual({ id: id(5, 0), seqGiven: true })
    expect(parseStreamId('5', true, 18446744073709551615n)?.id.seq).toBe(18446744073709551615n)
    expect(parseStreamId('5-*', true, 0, true)).toEqual({ id: id(5, 0), seqGiven: false })
    expect(parseStreamId('5-*', true, 0)).toBe(null)
    expect(parseStreamId('-', true, 0)).toBe(null)
    expect(parseStreamId('-', false, 0)?.id).toEqual(MIN_ID)
    expect(parseStreamId('+', false, 0)?.id).toEqual(MAX_ID)
    expect(parseStreamId('1-2\0xyz', true, 0)?.id).toEqual(id(1, 2))
    expect(parseStreamId('1'.repeat(128), true, 0)).toBe(null)
  })

  test('increment, decrement and compare across the 2^53 boundary', () => {
    expect(incrId(id(1, 9007199254740991))).toEqual({ ms: 1, seq: 9007199254740992n })
    expect(decrId({ ms: 1, seq: 9007199254740992n })).toEqual(id(1, 9007199254740991))
    expect(incrId({ ms: 3, seq: 18446744073709551615n })).toEqual(id(4, 0))
    expect(incrId(MAX_ID)).toBe(null)
    expect(decrId(MIN_ID)).toBe(null)
    expect(decrId(id(4, 0))).toEqual({ ms: 3, seq: 18446744073709551615n })
    expect(cmpId({ ms: 9007199254740993n, seq: 0 }, id(9007199254740991, 5))).toBe(1)
    expect(formatId({ ms: 18446744073709551615n, seq: 0 })).toBe('18446744073709551615-0')
  })
})

describe('listpack sizes', () => {
  test('integers and strings', () => {
    expect(lpIntSize(0)).toBe(2)
    expect(lpIntSize(127)).toBe(2)
    expect(lpIntSize(128)).toBe(3)
    expect(lpIntSize(-4096)).toBe(3)
    expect(lpIntSize(4096)).toBe(4)
    expect(lpIntSize(2147483648)).toBe(10)
    expect(lpStringSize('abc')).toBe(5)
    expect(lpStringSize('12')).toBe(2)
    expect(lpStringSize('012')).toBe(5)
    expect(lpStringSize('x'.repeat(63))).toBe(65)
    expect(lpStringSize('x'.repeat(64))).toBe(67)
    expect(lpStringSize('x'.repeat(4096))).toBe(4101 + 2)
  })

  test('a node counts its master entry and each entry', () => {
    const n = new StreamNode(['a'])
    expect(n.bytes).toBe(7 + 2 + 2 + 2 + 3 + 2)
    n.append(id(1, 1), ['a', 'xyz'])
    // flags, ms and seq deltas, the value, lp-count
    expect(n.bytes).toBe(18 + 2 + 2 + 2 + 5 + 2)
    n.append(id(1, 2), ['b', '1'])
    expect(n.fieldValues(0)).toEqual(['a', 'xyz'])
    expect(n.fieldValues(1)).toEqual(['b', '1'])
  })
})

describe('IdList', () => {
  test('stays sorted through random inserts and removals', () => {
    const rnd = seeded(7)
    const list = new IdList<{ ms: number; seq: number }>()
    const model = new Map<string, { ms: number; seq: number }>()
    for (let i = 0; i < 5000; i++) {
      const ms = Math.floor(rnd() * 500)
      const seq = Math.floor(rnd() * 3)
      const k = `${ms}-${seq}`
      if (rnd() < 0.6) {
        if (!model.has(k)) {
          const item = { ms, seq }
          model.set(k, item)
          list.insert(item)
        }
      } else {
        expect(list.remove(ms, seq)).toBe(model.get(k))
        model.delete(k)
      }
    }
    const sorted = [...model.values()].sort((a, b) => cmpId(a, b))
    expect([...list]).toEqual(sorted)
    expect(list.size).toBe(sorted.length)
    expect(list.first()).toEqual(sorted[0])
    expect(list.last()).toEqual(sorted[sorted.length - 1])
    const from = sorted.filter((x) => cmpId(x, id(250, 1)) >= 0)
    expect([...list.from(250, 1)]).toEqual(from)
    for (const x of sorted.slice(0, 50)) expect(list.find(x.ms, x.seq)).toBe(x)
  })
})

describe('Stream', () => {
  function build(n: number, limits = LIMITS): Stream {
    const s = new Stream()
    for (let i = 1; i <= n; i++) s.append(id(i, 0), ['f', String(i)], limits)
    return s
  }

  function idsOf(s: Stream, start = MIN_ID, end = MAX_ID, rev = false): string[] {
    const out: string[] = []
    s.range(start, end, rev, (node, i) => {
      out.push(formatId(node.id(i)))
    })
    return out
  }

  test('ranges match a plain model after random deletions', () => {
    const rnd = seeded(3)
    const s = build(1000, { maxBytes: 4096, maxEntries: 7 })
    const live = new Set<number>()
    for (let i = 1; i <= 1000; i++) live.add(i)
    for (let k = 0; k < 600; k++) {
      const x = 1 + Math.floor(rnd() * 1000)
      expect(s.delete(id(x, 0))).toBe(live.delete(x))
    }
    expect(s.length).toBe(live.size)
    for (let k = 0; k < 50; k++) {
      const a = Math.floor(rnd() * 1100)
      const b = a + Math.floor(rnd() * 300)
      const want = [...live].filter((x) => x >= a && x <= b).sort((p, q) => p - q).map((x) => `${x}-0`)
      expect(idsOf(s, id(a, 0), id(b, 0))).toEqual(want)
      expect(idsOf(s, id(a, 0), id(b, 0), true)).toEqual([...want].reverse())
    }
  })

  test('nodes fill by entry count and the radix tree counts its nodes', () => {
    const s = build(250)
    expect(s.nodes.length).toBe(3)
    expect(new Stream().radixTreeNodes()).toBe(1)
    expect(build(1).radixTreeNodes()).toBe(2)
    // keys 1-0, 101-0 and 201-0 share 7 bytes and then fork three ways
    expect(s.radixTreeNodes()).toBe(1 + 1 + 3 * 2)
  })

  test('trims by whole nodes when approximate, by entries when exact', () => {
    const s = build(250)
    expect(s.trim({ strategy: 'maxlen', maxlen: 120, minid: MIN_ID, approx: true, limit: 10000 })).toBe(100)
    expect(s.trim({ strategy: 'maxlen', maxlen: 120, minid: MIN_ID, approx: false, limit: 0 })).toBe(30)
    expect(s.length).toBe(120)
    expect(formatId(s.firstId)).toBe('131-0')
    expect(s.trim({ strategy: 'minid', maxlen: 0, minid: id(200, 0), approx: false, limit: 0 })).toBe(69)
    expect(formatId(s.firstId)).toBe('200-0')
  })

  test('clone and the codec data round-trip', () => {
    const s = build(5)
    s.delete(id(2, 0))
    s.maxDeletedId = id(2, 0)
    const g = s.createGroup('g', id(3, 0), 3)
    if (!g) throw new Error('group')
    const c = g.createConsumer('c', 1000)
    g.assign(undefined, id(1, 0), c, 2000, 4)
    g.assign(undefined, id(3, 0), c, 3000, 1)
    g.createConsumer('idle', 500)
    const copy = s.clone()
    copy.append(id(9, 0), ['x', 'y'], LIMITS)
    expect(s.length).toBe(4)
    const back = Stream.fromData(s.entries(), s.toData(), LIMITS)
    expect([...back.entries()]).toEqual([...s.entries()])
    expect(back.toData()).toEqual(s.toData())
    const pel: Nack[] = [...(back.group('g')?.pel ?? [])]
    expect(pel.map((n) => [n.ms, n.seq, n.consumer.name, n.time, n.deliveries])).toEqual([
      [1, 0, 'c', 2000, 4],
      [3, 0, 'c', 3000, 1],
    ])
  })

  test('entries-read estimates and lag', () => {
    const s = build(3)
    const g = s.createGroup('g', id(0, 0), -1)
    if (!g) throw new Error('group')
    expect(s.lag(g)).toBe(3)
    s.advanceGroup(g, id(1, 0))
    expect(g.entriesRead).toBe(1)
    s.delete(id(3, 0))
    s.maxDeletedId = id(3, 0)
    expect(s.lag(g)).toBe(null)
    expect(s.estimateEntriesRead(id(3, 0))).toBe(3)
  })
})
