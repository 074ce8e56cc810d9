/**
 * Sorted-set ranges against redis-server: ZRANGE by rank, score and member with
 * REV, LIMIT and WITHSCORES, the legacy forms, ZRANGESTORE, ZCOUNT, ZLEXCOUNT
 * and ZREMRANGEBY*.
 */
import fc from 'fast-check'
import { test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'
import { keyeventSubscriber, resp3 } from '../helpers/differential-checks.js'

const FIVE = ['1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e']

/** Members at one score for lexicographical ranges. */
const LEX = ['0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'f', '0', 'g', '0', '', '0', 'ab', '0', '\xff']

describeDiff('sorted-set ranges against redis-server', () => {
  const d = useDifferential()

  test('ZRANGE by rank, ZREVRANGE', async () => {
    await d.same('ZADD', 'z', ...FIVE)
    const spans = [['0', '-1'], ['1', '3'], ['-2', '-1'], ['-100', '100'], ['3', '1'], ['-1', '-2'], ['5', '10'], ['0', '0'], ['-5', '-5'], ['2', '-3'], ['-6', '0']]
    for (const [a, b] of spans) {
      await d.same('ZRANGE', 'z', a as string, b as string)
      await d.same('ZRANGE', 'z', a as string, b as string, 'WITHSCORES')
      await d.same('ZRANGE', 'z', a as string, b as string, 'REV')
      await d.same('ZREVRANGE', 'z', a as string, b as string)
      await d.same('ZREVRANGE', 'z', a as string, b as string, 'WITHSCORES')
    }
    await d.same('ZRANGE', 'z', '0', '-1', 'withscores', 'withscores')
    await d.same('ZRANGE', 'nope', '0', '-1')
    await d.same('ZREVRANGE', 'nope', '0', '-1', 'WITHSCORES')
    await d.same('ZRANGE', 'z', '0', '-1', 'LIMIT', '5', '-1')
  })

  test('ZRANGE option errors', async () => {
    await d.same('ZADD', 'z', ...FIVE)
    await d.same('SET', 's', 'v')
    await d.sameError('ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1')
    await d.sameError('ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES')
    await d.sameError('ZRANGE', 'z', 'a', 'b')
    await d.sameError('ZRANGE', 'z', 'x', '3', 'BYSCORE')
    await d.sameError('ZRANGE', 'z', '1', 'nan', 'BYSCORE')
    await d.sameError('ZRANGE', 'z', 'a', 'c', 'BYLEX')
    await d.sameError('ZRANGE', 'z', '0', '-1', 'BYSCORE', 'BYLEX')
    await d.sameError('ZRANGE', 'z', '0', '-1', 'REV', 'REV')
    await d.sameError('ZRANGE', 'z', '0', '-1', 'foo')
    await d.sameError('ZRANGE', 'z', '0', '-1', 'LIMIT', '0')
    await d.sameError('ZRANGE', 'z', '0', '-1', 'BYSCORE', 'LIMIT', '0', 'x')
    await d.sameError('ZRANGE', 'z', '0', '-1', 'BYSCORE', 'LIMIT', 'x', '1')
    await d.sameError('ZRANGE', 's', '0', '-1')
    await d.sameError('ZRANGE', 's', 'a', 'b')
    await d.sameError('ZRANGE', 's', '0', '1', 'BYSCORE', 'LIMIT', '0')
    await d.sameError('ZRANGE', 's', '(x', '1', 'BYSCORE')
    await d.sameError('ZRANGE', 'z', '0')
    await d.sameError('ZREVRANGE', 'z', '0', '1', 'LIMIT', '0', '1')
    await d.sameError('ZREVRANGE', 'z', '0', '1', 'BYSCORE')
    await d.sameError('ZREVRANGE', 'z', '0', '1', 'REV')
    await d.sameError('ZREVRANGE', 's', '0', '1')
  })

  test('by score: bounds, exclusivity, infinities, REV and LIMIT', async () => {
    await d.same('ZADD', 'z', ...FIVE, '-inf', 'lo', '+inf', 'hi', '2', 'bb')
    const ranges = [
      ['-inf', '+inf'], ['(1', '3'], ['1', '(3'], ['(1', '(2'], ['2', '2'], ['(2', '2'], ['3', '1'], ['-inf', '-inf'],
      ['(-inf', '(+inf'], ['inf', 'inf'], ['', '1'], ['(', '2'], [' 2', '5'], ['0x2', '1e500'], ['1e-400', '1'], ['(inf', '+inf'],
    ]
    for (const [lo, hi] of ranges) {
      await d.same('ZRANGE', 'z', lo as string, hi as string, 'BYSCORE', 'WITHSCORES')
      await d.same('ZRANGE', 'z', hi as string, lo as string, 'BYSCORE', 'REV')
      await d.same('ZRANGEBYSCORE', 'z', lo as string, hi as string)
      await d.same('ZREVRANGEBYSCORE', 'z', hi as string, lo as string, 'WITHSCORES')
      await d.same('ZCOUNT', 'z', lo as string, hi as string)
    }
    for (const [off, n] of [['0', '2'], ['1', '1'], ['2', '-5'], ['10', '1'], ['-1', '2'], ['0', '0'], ['7', '-1'], ['0', '100']]) {
      await d.same('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', off as string, n as string)
      await d.same('ZRANGE', 'z', '+inf', '-inf', 'BYSCORE', 'REV', 'LIMIT', off as string, n as string, 'WITHSCORES')
      await d.same('ZRANGEBYSCORE', 'z', '(1', '5', 'WITHSCORES', 'LIMIT', off as string, n as string)
      await d.same('ZREVRANGEBYSCORE', 'z', '5', '(1', 'LIMIT', off as string, n as string, 'WITHSCORES')
    }
    await d.same('ZRANGE', 'z', '0', '-1', 'BYSCORE', 'LIMIT', '0', '1', 'LIMIT', '1', '1')
    await d.same('ZRANGEBYSCORE', 'nope', '-inf', '+inf')
    await d.same('ZCOUNT', 'nope', '-inf', '+inf')
  })

  test('legacy score and lex forms refuse the new words', async () => {
    await d.same('ZADD', 'z', ...FIVE)
    await d.same('SET', 's', 'v')
    await d.sameError('ZRANGEBYSCORE', 'z', '1', '3', 'REV')
    await d.sameError('ZRANGEBYSCORE', 'z', '1', '3', 'BYSCORE')
    await d.sameError('ZRANGEBYSCORE', 'z', '1', '3', 'LIMIT', '1')
    await d.sameError('ZRANGEBYSCORE', 'z', 'a', '3')
    await d.sameError('ZRANGEBYSCORE', 's', '1', '3')
    await d.sameError('ZREVRANGEBYSCORE', 'z', '3', '1', 'BYLEX')
    await d.sameError('ZREVRANGEBYSCORE', 'z', '3', 'x')
    await d.sameError('ZRANGEBYLEX', 'z', '-', '+', 'WITHSCORES')
    await d.sameError('ZRANGEBYLEX', 'z', '-', '+', 'REV')
    await d.sameError('ZRANGEBYLEX', 'z', 'a', '+')
    await d.sameError('ZRANGEBYLEX', 's', '-', '+')
    await d.sameError('ZREVRANGEBYLEX', 'z', '+', '-', 'WITHSCORES')
    await d.sameError('ZREVRANGEBYLEX', 'z', '+', 'x')
    await d.sameError('ZCOUNT', 'z', 'x', '1')
    await d.sameError('ZCOUNT', 'z', '1 ', '2')
    await d.sameError('ZCOUNT', 's', '1', '2')
    await d.sameError('ZCOUNT', 's', 'x', '2')
    await d.sameError('ZCOUNT', 'z', '1')
    await d.sameError('ZLEXCOUNT', 'z', 'a', '+')
    await d.sameError('ZLEXCOUNT', 'z', '-', '++')
    await d.sameError('ZLEXCOUNT', 's', '-', '+')
    await d.sameError('ZLEXCOUNT', 'z', '-')
  })

  test('by member: bounds, REV and LIMIT', async () => {
    await d.same('ZADD', 'z', ...LEX)
    const ranges = [
      ['-', '+'], ['[b', '[d'], ['(b', '(d'], ['[b', '(b'], ['[b', '[b'], ['+', '-'], ['-', '('], ['[', '+'], ['(', '+'], ['[a', '[ab'],
      ['(a', '[\xff'], ['-', '-'], ['+', '+'], ['[d', '[b'], ['[aa', '(b'], ['[\xff', '+'],
    ]
    for (const [lo, hi] of ranges) {
      await d.same('ZRANGE', 'z', lo as string, hi as string, 'BYLEX')
      await d.same('ZRANGE', 'z', hi as string, lo as string, 'BYLEX', 'REV')
      await d.same('ZRANGEBYLEX', 'z', lo as string, hi as string)
      await d.same('ZREVRANGEBYLEX', 'z', hi as string, lo as string)
      await d.same('ZLEXCOUNT', 'z', lo as string, hi as string)
    }
    for (const [off, n] of [['0', '2'], ['1', '-1'], ['-1', '2'], ['3', '0'], ['20', '1'], ['2', '3']]) {
      await d.same('ZRANGE', 'z', '-', '+', 'BYLEX', 'LIMIT', off as string, n as string)
      await d.same('ZRANGEBYLEX', 'z', '[b', '+', 'LIMIT', off as string, n as string)
      await d.same('ZREVRANGEBYLEX', 'z', '+', '-', 'LIMIT', off as string, n as string)
    }
    await d.same('ZRANGEBYLEX', 'nope', '-', '+')
    await d.same('ZLEXCOUNT', 'nope', '-', '+')
  })

  test('lex ranges over a listpack with mixed scores', async () => {
    // Redis 7.0 walks the listpack whatever the scores (sorted-set-util.ts)
    await d.same('ZADD', 'z', '0', '0', '-1', 'g', '-1', 'a')
    await d.same('OBJECT', 'ENCODING', 'z')
    await d.same('ZRANGEBYLEX', 'z', '(a', '+')
    await d.same('ZLEXCOUNT', 'z', '(a', '+')
    await d.same('ZRANGEBYLEX', 'z', '[a', '+')
    await d.same('ZREVRANGEBYLEX', 'z', '+', '(a')
    await d.same('ZRANGE', 'z', '[g', '-', 'BYLEX', 'REV')
    await d.same('ZADD', 'm', '3', 'a', '1', 'd', '2', 'b', '4', 'c', '0', 'e', '5', 'f')
    for (const [lo, hi] of [['[b', '[d'], ['-', '[c'], ['[c', '+'], ['(a', '(f'], ['[e', '+'], ['-', '(a'], ['[d', '[d']]) {
      await d.same('ZRANGEBYLEX', 'm', lo as string, hi as string)
      await d.same('ZREVRANGEBYLEX', 'm', hi as string, lo as string)
      await d.same('ZLEXCOUNT', 'm', lo as string, hi as string)
      for (const [off, n] of [['1', '-1'], ['2', '2'], ['0', '1']]) {
        await d.same('ZRANGE', 'm', lo as string, hi as string, 'BYLEX', 'LIMIT', off as string, n as string)
        await d.same('ZRANGE', 'm', hi as string, lo as string, 'BYLEX', 'REV', 'LIMIT', off as string, n as string)
      }
    }
    await d.same('ZRANGESTORE', 'dst', 'm', '[b', '[d', 'BYLEX')
    await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES')
    await d.same('ZREMRANGEBYLEX', 'm', '[b', '[e')
    await d.same('ZRANGE', 'm', '0', '-1', 'WITHSCORES')
  })

  test('lex ranges over random small listpacks with mixed scores', async () => {
    const word = fc.constantFrom('', 'a', 'ab', 'b', 'c', 'd', 'e', '0', '1', '12', '\xff')
    const bound = fc.oneof(fc.constantFrom('-', '+'), fc.tuple(fc.constantFrom('[', '('), fc.oneof(word, fc.constant('aa'))).map(([p, w]) => p + w))
    const limit = fc.option(fc.tuple(fc.integer({ min: -1, max: 5 }), fc.integer({ min: -2, max: 5 })), { nil: undefined })
    const members = fc.uniqueArray(fc.tuple(word, fc.constantFrom('-1', '0', '0', '1', '2', '2.5')), { selector: (p) => p[0], minLength: 1, maxLength: 8 })
    const lim = (l: [number, number] | undefined): string[] => (l === undefined ? [] : ['LIMIT', String(l[0]), String(l[1])])
    await fc.assert(
      fc.asyncProperty(members, bound, bound, limit, async (pairs, lo, hi, l) => {
        await d.same('DEL', 'z', 'dst')
        await d.same('ZADD', 'z', ...pairs.flatMap(([m, sc]) => [sc, m]))
        await d.same('ZRANGEBYLEX', 'z', lo, hi, ...lim(l))
        await d.same('ZREVRANGEBYLEX', 'z', hi, lo, ...lim(l))
        await d.same('ZRANGE', 'z', lo, hi, 'BYLEX', ...lim(l))
        await d.same('ZRANGE', 'z', hi, lo, 'BYLEX', 'REV', ...lim(l))
        await d.same('ZLEXCOUNT', 'z', lo, hi)
        await d.same('ZRANGESTORE', 'dst', 'z', hi, lo, 'BYLEX', 'REV', ...lim(l))
        await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES')
        await d.same('ZREMRANGEBYLEX', 'z', lo, hi)
        await d.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES')
      }),
      { numRuns: 300, seed: 7800 },
    )
  })

  test('ranges over a skiplist', async () => {
    const args: string[] = []
    for (let i = 0; i < 1000; i++) args.push(String(i % 97), `m${String(i).padStart(4, '0')}`)
    await d.same('ZADD', 'big', ...args)
    await d.same('OBJECT', 'ENCODING', 'big')
    await d.same('ZRANGE', 'big', '100', '140', 'WITHSCORES')
    await d.same('ZRANGE', 'big', '-30', '-1', 'REV')
    await d.same('ZRANGE', 'big', '(10', '12', 'BYSCORE', 'LIMIT', '3', '10', 'WITHSCORES')
    await d.same('ZRANGE', 'big', '50', '(40', 'BYSCORE', 'REV', 'LIMIT', '5', '7')
    await d.same('ZCOUNT', 'big', '(10', '50')
    await d.same('ZRANK', 'big', 'm0500')
    await d.same('ZREVRANK', 'big', 'm0500')
    const lex: string[] = []
    for (let i = 0; i < 600; i++) lex.push('0', `k${i}`)
    await d.same('ZADD', 'lex', ...lex)
    await d.same('ZRANGEBYLEX', 'lex', '[k10', '(k11', 'LIMIT', '2', '5')
    await d.same('ZREVRANGEBYLEX', 'lex', '[k5', '(k4', 'LIMIT', '1', '4')
    await d.same('ZLEXCOUNT', 'lex', '(k1', '[k3')
  })

  test('ZRANGESTORE', async () => {
    await d.same('ZADD', 'z', ...FIVE)
    await d.same('ZRANGESTORE', 'd', 'z', '1', '3')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('OBJECT', 'ENCODING', 'd')
    await d.same('ZRANGESTORE', 'd', 'z', '(1', '+inf', 'BYSCORE', 'LIMIT', '0', '-1')
    await d.same('ZRANGESTORE', 'd', 'z', '4', '2', 'BYSCORE', 'REV')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('ZRANGESTORE', 'd', 'z', '[b', '[d', 'BYLEX', 'LIMIT', '1', '5')
    await d.same('ZRANGESTORE', 'd', 'z', '0', '-1', 'REV')
    await d.same('ZRANGE', 'd', '0', '-1', 'WITHSCORES')
    await d.same('ZRANGESTORE', 'd', 'z', '5', '6')
    await d.same('EXISTS', 'd')
    await d.same('ZRANGESTORE', 'd', 'nope', '0', '-1')
    await d.same('SET', 's', 'v')
    await d.same('ZRANGESTORE', 's', 'z', '0', '-1')
    await d.same('TYPE', 's')
    await d.same('SET', 't', 'v')
    await d.sameError('ZRANGESTORE', 'd', 't', '0', '-1')
    await d.sameError('ZRANGESTORE', 'd', 'z', '0', '-1', 'WITHSCORES')
    await d.sameError('ZRANGESTORE', 'd', 'z', '0', '-1', 'REV', 'LIMIT', '0', '1')
    await d.sameError('ZRANGESTORE', 'd', 'z', '0')
    // encodings of the destination
    const big: string[] = []
    for (let i = 0; i < 200; i++) big.push(String(i), `m${i}`)
    await d.same('ZADD', 'big', ...big)
    await d.same('ZRANGESTORE', 'd1', 'big', '0', '5')
    await d.same('OBJECT', 'ENCODING', 'd1')
    await d.same('ZRANGESTORE', 'd2', 'big', '0', '-1')
    await d.same('OBJECT', 'ENCODING', 'd2')
    await d.same('ZADD', 'long', '1', 'a', '2', 'x'.repeat(65))
    await d.same('ZRANGESTORE', 'd3', 'long', '0', '0')
    await d.same('OBJECT', 'ENCODING', 'd3')
    await d.same('ZRANGESTORE', 'd4', 'long', '0', '-1')
    await d.same('OBJECT', 'ENCODING', 'd4')
  })

  test('ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX', async () => {
    await d.same('ZADD', 'z', ...FIVE)
    await d.same('ZREMRANGEBYRANK', 'z', '3', '1')
    await d.same('ZREMRANGEBYRANK', 'z', '10', '20')
    await d.same('ZREMRANGEBYRANK', 'z', '-2', '-1')
    await d.same('ZRANGE', 'z', '0', '-1')
    await d.same('ZREMRANGEBYSCORE', 'z', '(1', '2')
    await d.same('ZREMRANGEBYSCORE', 'z', '5', '1')
    await d.same('ZRANGE', 'z', '0', '-1')
    await d.same('ZREMRANGEBYRANK', 'z', '0', '-1')
    await d.same('EXISTS', 'z')
    await d.same('ZADD', 'l', ...LEX)
    await d.same('ZREMRANGEBYLEX', 'l', '(a', '[c')
    await d.same('ZREMRANGEBYLEX', 'l', '+', '-')
    await d.same('ZRANGE', 'l', '0', '-1')
    await d.same('ZREMRANGEBYLEX', 'l', '-', '+')
    await d.same('EXISTS', 'l')
    await d.same('ZREMRANGEBYSCORE', 'nope', '-inf', '+inf')
    await d.same('ZREMRANGEBYRANK', 'nope', '0', '-1')
    await d.same('ZREMRANGEBYLEX', 'nope', '-', '+')
    await d.same('SET', 's', 'v')
    await d.sameError('ZREMRANGEBYRANK', 's', '0', '1')
    await d.sameError('ZREMRANGEBYRANK', 'z', 'a', '1')
    await d.sameError('ZREMRANGEBYRANK', 's', 'a', '1')
    await d.sameError('ZREMRANGEBYSCORE', 's', '0', '1')
    await d.sameError('ZREMRANGEBYSCORE', 'z', 'x', '1')
    await d.sameError('ZREMRANGEBYLEX', 's', '-', '+')
    await d.sameError('ZREMRANGEBYLEX', 'z', 'a', '+')
    await d.sameError('ZREMRANGEBYLEX', 'z', '-', '+', 'x')
    await d.same('ZADD', 'big', ...Array.from({ length: 300 }, (_, i) => [String(i), `m${i}`]).flat())
    await d.same('ZREMRANGEBYSCORE', 'big', '(10', '200')
    await d.same('ZREMRANGEBYRANK', 'big', '5', '-5')
    await d.same('ZRANGE', 'big', '0', '-1', 'WITHSCORES')
    await d.same('OBJECT', 'ENCODING', 'big')
  })

  test('RESP3 shapes of ranges', async () => {
    const p = await d.connect()
    await resp3(p)
    await p.same('ZADD', 'z', ...FIVE, '0.1', 'x')
    await p.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES')
    await p.same('ZRANGE', 'z', '0', '-1')
    await p.same('ZREVRANGE', 'z', '0', '2', 'WITHSCORES')
    await p.same('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', '1', '2')
    await p.same('ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'WITHSCORES')
    await p.same('ZRANGE', 'nope', '0', '-1', 'WITHSCORES')
    await p.same('ZRANGEBYLEX', 'z', '-', '+')
    await p.same('ZRANGESTORE', 'd', 'z', '0', '1')
    await p.same('ZCOUNT', 'z', '-inf', '+inf')
  })

  test('keyspace events of removals and stores', async () => {
    const { next } = await keyeventSubscriber(d)
    await d.same('ZADD', 'z', ...FIVE)
    await next()
    await d.same('ZREMRANGEBYSCORE', 'z', '2', '2')
    await next()
    await d.same('ZREMRANGEBYRANK', 'z', '0', '0')
    await next()
    await d.same('ZREMRANGEBYLEX', 'z', '[c', '[c')
    await next()
    await d.same('ZREMRANGEBYRANK', 'z', '5', '6')
    await d.same('ZRANGESTORE', 'd', 'z', '0', '0')
    await next()
    await d.same('ZRANGESTORE', 'd', 'z', '9', '9')
    await next()
    await d.same('ZREMRANGEBYRANK', 'z', '0', '-1')
    await next()
    await next()
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', '')
  })
})
