/**
 * Sorted sets against redis-server: ZADD and its options, scores and their
 * formatting, ranks, ZREM, ZRANDMEMBER, ZSCAN, encodings and keyspace events.
 * Ranges, algebra and pops have their own files.
 */
import { expect, test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'
import { keyeventSubscriber, resp3 } from '../helpers/differential-checks.js'
import { parseReply } from '../helpers/resp-client.js'

/** `n` pairs `score member` for ZADD. */
function pairs(n: number, member = (i: number) => `m${i}`, score = (i: number) => String(i)): string[] {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(score(i), member(i))
  return out
}

describeDiff('sorted sets against redis-server', () => {
  const d = useDifferential()

  test('ZADD: plain, CH, NX, XX, GT, LT and INCR', async () => {
    await d.same('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c')
    await d.same('ZADD', 'z', '1', 'a', '5', 'b', '0', 'd')
    await d.same('ZADD', 'z', 'CH', '1', 'a', '6', 'b', '0', 'e')
    await d.same('ZADD', 'z', 'NX', '100', 'a', '7', 'f')
    await d.same('ZADD', 'z', 'XX', 'CH', '100', 'a', '7', 'g')
    await d.same('ZADD', 'z', 'GT', 'CH', '50', 'a', '200', 'b', '1', 'h')
    await d.same('ZADD', 'z', 'LT', 'CH', '60', 'a', '1', 'b')
    await d.same('ZADD', 'z', 'XX', 'GT', '1000', 'a', '1', 'nope')
    await d.same('ZADD', 'z', 'nx', 'ch', '1', 'q')
    await d.same('ZADD', 'z', 'incr', 'incr', '2.5', 'a')
    await d.same('ZADD', 'z', 'INCR', 'NX', '1', 'a')
    await d.same('ZADD', 'z', 'INCR', 'XX', '1', 'zz')
    await d.same('ZADD', 'z', 'INCR', 'GT', '-5', 'a')
    await d.same('ZADD', 'z', 'INCR', 'LT', '-5', 'a')
    await d.same('ZADD', 'z', 'INCR', 'GT', '0', 'a')
    await d.same('ZADD', 'z', 'INCR', '0', 'a')
    await d.same('ZADD', 'z', 'CH', 'INCR', '0.1', 'a')
    await d.same('ZADD', 'missing', 'XX', '1', 'a')
    await d.same('ZADD', 'missing', 'XX', 'INCR', '1', 'a')
    await d.same('EXISTS', 'missing')
    await d.same('ZADD', 'new', 'GT', '1', 'a')
    await d.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES')
  })

  test('ZADD errors and their order', async () => {
    await d.same('ZADD', 'z', '1', 'a')
    await d.same('SET', 's', 'v')
    await d.sameError('ZADD', 'z', 'NX', 'XX', '1', 'a')
    await d.sameError('ZADD', 'z', 'GT', 'LT', '1', 'a')
    await d.sameError('ZADD', 'z', 'NX', 'GT', '1', 'a')
    await d.sameError('ZADD', 'z', 'NX', 'LT', '1', 'a')
    await d.sameError('ZADD', 'z', 'INCR', '1', 'a', '2', 'b')
    await d.sameError('ZADD', 'z', '1')
    await d.sameError('ZADD', 'z', '1', 'a', '2')
    await d.sameError('ZADD', 'z', 'CH', 'CH')
    await d.sameError('ZADD', 'z', 'x', 'a')
    await d.sameError('ZADD', 'z', 'nan', 'a')
    await d.sameError('ZADD', 'z', '1', 'a', 'NX')
    await d.sameError('ZADD', 's', '1', 'a')
    await d.sameError('ZADD', 's', 'x', 'a')
    await d.sameError('ZADD', 's', '1', 'a', '2')
    await d.sameError('ZADD', 's', 'NX', 'XX', '1', 'a')
    await d.sameError('ZADD', 'z', 'NX', 'XX', '1', 'a', '2')
    await d.sameError('ZADD', 'z', 'NX', 'XX', 'GT', 'INCR', '1', 'a', '2', 'b')
    await d.sameError('ZADD', 'z', 'INCR', '1', 'a', 'x', 'b')
    await d.same('ZADD', 'z', '+inf', 'a')
    await d.sameError('ZADD', 'z', 'INCR', '-inf', 'a')
    await d.sameError('ZINCRBY', 'z', '-inf', 'a')
    await d.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES')
  })

  test('score parsing and %.17g formatting', async () => {
    const scores = ['0.1', '1e20', '1.5e-7', '-0', '+5', '.5', '5.', '0x10', 'inf', '-inf', 'Infinity', '-infinity', '1e+2', '123456789012345678', '3.141592653589793', '-1e-300', '2.5e-310', '4.9406564584124654e-324']
    for (const [i, s] of scores.entries()) await d.same('ZADD', 'z', s, `m${i}`)
    await d.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES')
    for (const bad of ['', ' 1', '1 ', '1e500', '1e-400', '0x1p-2000', 'nan', '-nan', '1_0', '0x', '1e', '   ']) await d.sameError('ZADD', 'z', bad, 'x')
    await d.same('ZSCORE', 'z', 'm0')
    await d.same('ZSCORE', 'z', 'm3')
  })

  test('ZINCRBY', async () => {
    await d.same('ZINCRBY', 'z', '1', 'a')
    await d.same('ZINCRBY', 'z', '0.1', 'a')
    await d.same('ZINCRBY', 'z', '-1.1', 'a')
    await d.same('ZINCRBY', 'z', '1e308', 'b')
    await d.same('ZINCRBY', 'z', '1e308', 'b')
    await d.same('ZSCORE', 'z', 'b')
    await d.same('ZINCRBY', 'z', '0', 'b')
    await d.sameError('ZINCRBY', 'z', 'x', 'a')
    await d.sameError('ZINCRBY', 'z', 'nx', 'a')
    await d.sameError('ZINCRBY', 'z', 'incr', 'a')
    await d.sameError('ZINCRBY', 'z', '-inf', 'b')
    await d.sameError('ZINCRBY', 'z', '1')
    await d.same('SET', 's', 'v')
    await d.sameError('ZINCRBY', 's', '1', 'a')
    await d.sameError('ZINCRBY', 's', 'x', 'a')
  })

  test('ZSCORE, ZMSCORE, ZCARD', async () => {
    await d.same('ZADD', 'z', '1', 'a', '2.5', 'b')
    await d.same('ZSCORE', 'z', 'a')
    await d.same('ZSCORE', 'z', 'x')
    await d.same('ZSCORE', 'nope', 'x')
    await d.same('ZMSCORE', 'z', 'a', 'x', 'b')
    await d.same('ZMSCORE', 'nope', 'a', 'b')
    await d.same('ZCARD', 'z')
    await d.same('ZCARD', 'nope')
    await d.same('SET', 's', 'v')
    await d.sameError('ZSCORE', 's', 'a')
    await d.sameError('ZMSCORE', 's', 'a')
    await d.sameError('ZCARD', 's')
    await d.sameError('ZSCORE', 'z')
    await d.sameError('ZMSCORE', 'z')
    await d.sameError('ZCARD', 'z', 'x')
  })

  test('ZRANK and ZREVRANK', async () => {
    await d.same('ZADD', 'z', '1', 'a', '2', 'b', '2', 'c', '3', 'd')
    for (const m of ['a', 'b', 'c', 'd', 'x']) {
      await d.same('ZRANK', 'z', m)
      await d.same('ZREVRANK', 'z', m)
    }
    await d.same('ZRANK', 'nope', 'a')
    await d.same('ZREVRANK', 'nope', 'a')
    await d.same('SET', 's', 'v')
    await d.sameError('ZRANK', 's', 'a')
    await d.sameError('ZREVRANK', 's', 'a')
    await d.sameError('ZRANK', 'z')
    await d.sameError('ZREVRANK', 'z')
  })

  test('ZREM deletes the key when it empties', async () => {
    await d.same('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c')
    await d.same('ZREM', 'z', 'a', 'x', 'a')
    await d.same('ZREM', 'z', 'nope')
    await d.same('ZREM', 'z', 'b', 'c')
    await d.same('EXISTS', 'z')
    await d.same('ZREM', 'z', 'a')
    await d.same('SET', 's', 'v')
    await d.sameError('ZREM', 's', 'a')
    await d.sameError('ZREM', 'z')
  })

  test('RESP3 shapes of scores', async () => {
    const p = await d.connect()
    await resp3(p)
    await p.same('ZADD', 'z', '1', 'a', '2.5', 'b', '0.1', 'c', 'inf', 'd', '-inf', 'e')
    await p.same('ZSCORE', 'z', 'c')
    await p.same('ZSCORE', 'z', 'd')
    await p.same('ZSCORE', 'z', 'x')
    await p.same('ZMSCORE', 'z', 'a', 'x', 'e')
    await p.same('ZADD', 'z', 'INCR', '1', 'a')
    await p.same('ZADD', 'z', 'NX', 'INCR', '1', 'a')
    await p.same('ZINCRBY', 'z', '1', 'a')
    await p.same('ZRANK', 'z', 'a')
    await p.same('ZRANK', 'z', 'x')
    await p.same('ZREVRANK', 'z', 'x')
    await p.same('ZRANDMEMBER', 'nope')
    await p.sameShape('ZRANDMEMBER', 'z', '-3', 'WITHSCORES')
    await p.same('ZRANDMEMBER', 'z', '10', 'WITHSCORES')
    await p.same('ZSCAN', 'z', '0')
  })

  test('ZRANDMEMBER with large negative counts', async () => {
    // Redis 7.0 builds the whole reply, however large (redlet caps it: core/values/random-picks.ts)
    await d.same('ZADD', 'z', '1', 'a', '2.5', 'b')
    const [theirs, ours] = await d.sameShape('ZRANDMEMBER', 'z', '-100000', 'WITHSCORES')
    for (const got of [theirs, ours] as string[][]) {
      expect(got.length).toBe(200000)
      for (let i = 0; i < got.length; i += 2) expect(`${got[i]}${got[i + 1]}`).toMatch(/^(a1|b2\.5)$/)
    }
    await d.sameShape('ZRANDMEMBER', 'z', '-100000')
    // a missing key answers before the count matters
    await d.same('ZRANDMEMBER', 'none', '-9223372036854775807')
    await d.same('ZRANDMEMBER', 'none', '-4611686018427387903', 'WITHSCORES')
  })

  test('ZRANDMEMBER', async () => {
    await d.same('ZRANDMEMBER', 'nope')
    await d.same('ZRANDMEMBER', 'nope', '5')
    await d.same('ZRANDMEMBER', 'nope', '5', 'WITHSCORES')
    await d.same('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '0.1', 'd')
    await d.sameShape('ZRANDMEMBER', 'z')
    await d.same('ZRANDMEMBER', 'z', '0')
    await d.same('ZRANDMEMBER', 'z', '4')
    await d.same('ZRANDMEMBER', 'z', '10', 'WITHSCORES')
    await d.sameShape('ZRANDMEMBER', 'z', '3')
    await d.sameShape('ZRANDMEMBER', 'z', '1', 'withscores')
    await d.sameShape('ZRANDMEMBER', 'z', '-10')
    await d.sameShape('ZRANDMEMBER', 'z', '-10', 'WITHSCORES')
    const [picks] = await d.sameShape('ZRANDMEMBER', 'z', '-50')
    expect(new Set(picks as string[]).size).toBeLessThanOrEqual(4)
    await d.same('ZADD', 'big', ...pairs(300))
    const [, ours] = await d.sameShape('ZRANDMEMBER', 'big', '20')
    expect(new Set(ours as string[]).size).toBe(20)
    const [, ours2] = await d.sameShape('ZRANDMEMBER', 'big', '250', 'WITHSCORES')
    expect(new Set((ours2 as string[]).filter((_, i) => i % 2 === 0)).size).toBe(250)
    await d.same('SET', 's', 'v')
    await d.sameError('ZRANDMEMBER', 's')
    await d.sameError('ZRANDMEMBER', 's', '0')
    await d.sameError('ZRANDMEMBER', 's', '-1', 'WITHSCORES')
    await d.sameError('ZRANDMEMBER', 'z', 'x')
    await d.sameError('ZRANDMEMBER', 'nope', 'x')
    await d.sameError('ZRANDMEMBER', 'z', '1', 'withscores', 'x')
    await d.sameError('ZRANDMEMBER', 'z', '1', 'foo')
    await d.sameError('ZRANDMEMBER', 'z', '-9223372036854775808')
    await d.sameError('ZRANDMEMBER', 'z', '-9223372036854775807', 'WITHSCORES')
    await d.sameError('ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES')
    await d.sameError('ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES')
  })

  test('ZSCAN ends on a sorted set growing faster than it reads, with every member present throughout', async () => {
    const stable = Array.from({ length: 300 }, (_, i) => `m${i}`)
    for (const c of [d.redis, d.redlet]) {
      await c.call('ZADD', 'g', ...stable.flatMap((m, i) => [String(i), m]), '0', 'gone')
      const seen = new Set<string>()
      let cursor = '0'
      let calls = 0
      let n = 0
      do {
        const [next, items] = parseReply(await c.call('ZSCAN', 'g', cursor, 'COUNT', '10')) as [string, string[]]
        for (let i = 0; i < items.length; i += 2) seen.add(items[i] as string)
        cursor = next
        await c.call('ZADD', 'g', ...Array.from({ length: 30 }, (_, j) => [String(j % 2 === 0 ? -n : 1000 + n), `new${n++}`]).flat())
        await c.call('ZINCRBY', 'g', '5000', 'm7')
        if (calls === 3) await c.call('ZREM', 'g', 'gone')
        calls++
      } while (cursor !== '0' && calls < 5000)
      expect(cursor).toBe('0')
      for (const m of stable) expect(seen.has(m), m).toBe(true)
    }
  })

  test('ZSCAN: a listpack in one call, a skiplist over several', async () => {
    await d.same('ZADD', 'z', '1', 'a', '2', 'b', '0.1', 'c', '1e20', 'e')
    await d.same('ZSCAN', 'z', '0')
    await d.same('ZSCAN', 'z', '0', 'COUNT', '1')
    await d.same('ZSCAN', 'z', '0', 'MATCH', '[ab]')
    await d.same('ZSCAN', 'z', '0', 'match', 'x*', 'count', '100')
    await d.same('ZSCAN', 'z', '-1')
    await d.same('ZSCAN', 'z', '18446744073709551615')
    await d.same('ZSCAN', 'nope', '0')
    await d.same('ZSCAN', 'nope', '0', 'COUNT', '0')
    await d.same('SET', 's', 'v')
    await d.sameError('ZSCAN', 's', '0')
    await d.sameError('ZSCAN', 's', 'x')
    await d.sameError('ZSCAN', 'z', 'x')
    await d.sameError('ZSCAN', 'z', '18446744073709551616')
    await d.sameError('ZSCAN', 'z', '0', 'COUNT', '0')
    await d.sameError('ZSCAN', 'z', '0', 'COUNT', 'x')
    await d.sameError('ZSCAN', 'z', '0', 'MATCH')
    await d.sameError('ZSCAN', 'z', '0', 'TYPE', 'zset')
    await d.sameError('ZSCAN', 'z', '0', 'NOVALUES')
    await d.sameError('ZSCAN', 'z')
    // a skiplist: cursors differ, but a full iteration returns every pair once or more
    await d.same('ZADD', 'big', ...pairs(500, (i) => `k${i}`, (i) => `${i}.5`))
    for (const side of ['redis', 'redlet'] as const) {
      const seen = new Map<string, string>()
      let cursor = '0'
      do {
        const r = parseReply(await d[side].call('ZSCAN', 'big', cursor, 'COUNT', '37')) as [string, string[]]
        cursor = r[0]
        for (let i = 0; i < r[1].length; i += 2) seen.set(r[1][i] as string, r[1][i + 1] as string)
      } while (cursor !== '0')
      expect(seen.size, side).toBe(500)
      expect(seen.get('k7'), side).toBe('7.5')
    }
  })

  test('encodings follow zset-max-listpack-*', async () => {
    await d.same('ZADD', 'dups', ...pairs(129, () => 'a'))
    await d.same('OBJECT', 'ENCODING', 'dups')
    await d.same('ZADD', 'z', ...pairs(128))
    await d.same('OBJECT', 'ENCODING', 'z')
    await d.same('ZADD', 'z', '1', 'm1')
    await d.same('OBJECT', 'ENCODING', 'z')
    await d.same('ZADD', 'z', '1', 'one-more')
    await d.same('OBJECT', 'ENCODING', 'z')
    await d.same('ZREM', 'z', 'one-more', 'm1', 'm2')
    await d.same('OBJECT', 'ENCODING', 'z')
    await d.same('ZADD', 'long', '1', 'x'.repeat(64))
    await d.same('OBJECT', 'ENCODING', 'long')
    await d.same('ZADD', 'long', '1', 'y'.repeat(65))
    await d.same('OBJECT', 'ENCODING', 'long')
    await d.same('ZINCRBY', 'long2', '1', 'y'.repeat(65))
    await d.same('OBJECT', 'ENCODING', 'long2')
    await d.same('CONFIG', 'SET', 'zset-max-listpack-entries', '0')
    await d.same('ZADD', 'none', '1', 'a')
    await d.same('OBJECT', 'ENCODING', 'none')
    await d.same('CONFIG', 'SET', 'zset-max-listpack-entries', '128')
  })

  test('-0 is 0 in a listpack and -0 in a skiplist', async () => {
    await d.same('ZADD', 'small', '-0', 'a')
    await d.same('ZSCORE', 'small', 'a')
    await d.same('ZADD', 'big', ...pairs(130))
    await d.same('ZADD', 'big', '-0', 'a')
    await d.same('ZSCORE', 'big', 'a')
    await d.same('ZADD', 'big', '0', 'a')
    await d.same('ZINCRBY', 'big', '-0', 'a')
    await d.same('ZMSCORE', 'big', 'a')
    await d.same('ZRANGEBYSCORE', 'big', '-1', '0', 'WITHSCORES')
  })

  test('keyspace events', async () => {
    const { sub, next } = await keyeventSubscriber(d)
    await d.same('ZADD', 'z', '1', 'a', '2', 'b')
    await next()
    await d.same('ZADD', 'z', 'NX', '1', 'a')
    await d.same('ZADD', 'z', 'INCR', '0', 'a')
    await d.same('ZADD', 'z', 'INCR', '1', 'a')
    await next()
    await d.same('ZINCRBY', 'z', '1', 'b')
    await next()
    await d.same('ZREM', 'z', 'x')
    await d.same('ZREM', 'z', 'a', 'b')
    await next()
    await next()
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', '')
    expect(await sub.redlet.silentFor(50)).toBe(true)
  })
})
