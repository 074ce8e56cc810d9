/**
 * Sorted-set algebra against redis-server: ZUNION, ZINTER, ZDIFF and their STORE
 * forms with WEIGHTS, AGGREGATE and WITHSCORES, sets as inputs, ZINTERCARD.
 */
import { test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'
import { keyeventSubscriber, resp3 } from '../helpers/differential-checks.js'

describeDiff('sorted-set algebra against redis-server', () => {
  const d = useDifferential()

  async function fixture(): Promise<void> {
    await d.same('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c')
    await d.same('ZADD', 'y', '10', 'b', '20', 'c', '30', 'd')
    await d.same('ZADD', 'w', 'inf', 'a', '-inf', 'b', '0.1', 'c')
    await d.same('SADD', 'st', 'a', 'b', 'x')
    await d.same('SADD', 'ints', '1', '2', '3')
    await d.same('SET', 's', 'v')
  }

  test('ZUNION and ZUNIONSTORE', async () => {
    await fixture()
    await d.same('ZUNION', '2', 'z', 'y')
    await d.same('ZUNION', '2', 'z', 'y', 'WITHSCORES')
    await d.same('ZUNION', '2', 'z', 'y', 'WEIGHTS', '2', '3', 'WITHSCORES')
    await d.same('ZUNION', '2', 'z', 'y', 'AGGREGATE', 'MIN', 'WITHSCORES')
    await d.same('ZUNION', '2', 'z', 'y', 'aggregate', 'max', 'withscores')
    await d.same('ZUNION', '2', 'z', 'y', 'WITHSCORES', 'AGGREGATE', 'SUM', 'WEIGHTS', '1', '1')
    await d.same('ZUNION', '2', 'z', 'y', 'WEIGHTS', '1', '2', 'WEIGHTS', '3', '4', 'WITHSCORES')
    await d.same('ZUNION', '2', 'z', 'y', 'AGGREGATE', 'MIN', 'AGGREGATE', 'MAX', 'WITHSCORES')
    await d.same('ZUNION', '3', 'z', 'z', 'z', 'WITHSCORES')
    await d.same('ZUNION', '2', 'z', 'st', 'WITHSCORES')
    await d.same('ZUNION', '2', 'z', 'st', 'WEIGHTS', '2', '5', 'WITHSCORES')
    await d.same('ZUNION', '2', 'ints', 'st', 'WITHSCORES')
    await d.same('ZUNION', '2', 'z', 'w', 'WITHSCORES')
    await d.same('ZUNION', '2', 'w', 'w', 'WEIGHTS', 'inf', '-inf', 'WITHSCORES')
    await d.same('ZUNION', '1', 'w', 'WEIGHTS', '0', 'WITHSCORES')
    await d.same('ZUNION', '1', 'z', 'WEIGHTS', '-1', 'WITHSCORES')
    await d.same('ZUNION', '1', 'z', 'WEIGHTS', '0.1', 'WITHSCORES')
    await d.same('ZUNION', '2', 'nope', 'nope2')
    await d.same('ZUNION', '1', 'nope', 'WITHSCORES')
    await d.same('ZUNIONSTORE', 'dst', '2', 'z', 'y')
    await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES')
    await d.same('ZUNIONSTORE', 'dst', '2', 'z', 'y', 'WEIGHTS', '1', '-1', 'AGGREGATE', 'MAX')
    await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES')
    await d.same('ZUNIONSTORE', 's', '1', 'z')
    await d.same('TYPE', 's')
    await d.same('ZUNIONSTORE', 'st2', '1', 'st')
    await d.same('ZRANGE', 'st2', '0', '-1', 'WITHSCORES')
    await d.same('ZUNIONSTORE', 'z', '2', 'z', 'y')
    await d.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES')
    await d.same('ZUNIONSTORE', 'dst', '1', 'nope')
    await d.same('EXISTS', 'dst')
    await d.same('ZUNIONSTORE', 'dst', '1', 'nope')
  })

  test('ZINTER, ZINTERSTORE and ZINTERCARD', async () => {
    await fixture()
    await d.same('ZINTER', '2', 'z', 'y')
    await d.same('ZINTER', '2', 'z', 'y', 'WITHSCORES')
    await d.same('ZINTER', '2', 'z', 'y', 'AGGREGATE', 'MAX', 'WITHSCORES')
    await d.same('ZINTER', '2', 'z', 'y', 'AGGREGATE', 'MIN', 'WITHSCORES')
    await d.same('ZINTER', '2', 'z', 'y', 'WEIGHTS', '1', '-1', 'WITHSCORES')
    await d.same('ZINTER', '2', 'z', 'st', 'WITHSCORES')
    await d.same('ZINTER', '2', 'st', 'z', 'WITHSCORES')
    await d.same('ZINTER', '2', 'z', 'z', 'AGGREGATE', 'MAX', 'WITHSCORES')
    await d.same('ZINTER', '2', 'w', 'w', 'WITHSCORES')
    await d.same('ZINTER', '2', 'w', 'z', 'WEIGHTS', '0', '1', 'AGGREGATE', 'MIN', 'WITHSCORES')
    await d.same('ZINTER', '3', 'w', 'z', 'y', 'WITHSCORES')
    await d.same('ZINTER', '2', 'z', 'nope')
    await d.same('ZINTERSTORE', 'dst', '2', 'z', 'y', 'WEIGHTS', '2', '0.5')
    await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES')
    await d.same('ZINTERSTORE', 'dst', '2', 'z', 'nope')
    await d.same('EXISTS', 'dst')
    await d.same('ZINTERSTORE', 'z', '2', 'z', 'y')
    await d.same('ZRANGE', 'z', '0', '-1', 'WITHSCORES')
    await d.same('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c')
    await d.same('ZINTERCARD', '2', 'z', 'y')
    await d.same('ZINTERCARD', '2', 'z', 'y', 'LIMIT', '1')
    await d.same('ZINTERCARD', '2', 'z', 'y', 'limit', '0')
    await d.same('ZINTERCARD', '2', 'z', 'y', 'LIMIT', '1', 'LIMIT', '0')
    await d.same('ZINTERCARD', '2', 'z', 'st')
    await d.same('ZINTERCARD', '1', 'nope')
    await d.same('ZINTERCARD', '1', 'z', 'LIMIT', '2')
  })

  test('ZDIFF and ZDIFFSTORE', async () => {
    await fixture()
    await d.same('ZDIFF', '2', 'z', 'y')
    await d.same('ZDIFF', '2', 'z', 'y', 'WITHSCORES')
    await d.same('ZDIFF', '1', 'z', 'WITHSCORES')
    await d.same('ZDIFF', '2', 'st', 'z', 'WITHSCORES')
    await d.same('ZDIFF', '3', 'z', 'nope', 'st', 'WITHSCORES')
    await d.same('ZDIFF', '2', 'nope', 'z')
    await d.same('ZDIFFSTORE', 'dst', '2', 'y', 'z')
    await d.same('ZRANGE', 'dst', '0', '-1', 'WITHSCORES')
    await d.same('ZDIFFSTORE', 'dst', '2', 'nope', 'z')
    await d.same('EXISTS', 'dst')
    await d.same('ZDIFFSTORE', 'z', '2', 'z', 'z')
    await d.same('EXISTS', 'z')
  })

  test('errors', async () => {
    await fixture()
    for (const cmd of ['ZUNION', 'ZINTER', 'ZDIFF']) {
      await d.sameError(cmd, '0', 'z')
      await d.sameError(cmd, '-1', 'z')
      await d.sameError(cmd, 'x', 'z')
      await d.sameError(cmd, '3', 'z', 'y')
      await d.sameError(cmd, '99999999999', 'z')
      await d.sameError(cmd, '2', 'z', 's')
      await d.sameError(cmd, '2', 'z', 's', 'foo')
      await d.sameError(cmd, '2', 'z', 'y', 'foo')
      await d.sameError(cmd, '1')
    }
    for (const cmd of ['ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE']) {
      await d.sameError(cmd, 'dst', '0', 'z')
      await d.sameError(cmd, 'dst', '3', 'z', 'y')
      await d.sameError(cmd, 'dst', '2', 'z', 's')
      await d.sameError(cmd, 'dst', '2', 'z', 'y', 'WITHSCORES')
      await d.sameError(cmd, 'dst', '1')
    }
    await d.sameError('ZUNION', '2', 'z', 'y', 'WEIGHTS', '1')
    await d.sameError('ZUNION', '2', 'z', 'y', 'WEIGHTS', '1', 'x')
    await d.sameError('ZUNION', '2', 'z', 'y', 'WEIGHTS', 'nan', '1')
    await d.sameError('ZUNION', '2', 'z', 'y', 'WEIGHTS', '1', '2', '3')
    await d.sameError('ZUNION', '2', 'z', 'y', 'AGGREGATE', 'foo')
    await d.sameError('ZUNION', '2', 'z', 'y', 'AGGREGATE')
    await d.sameError('ZUNION', '2', 'z', 's', 'WEIGHTS', 'x')
    await d.sameError('ZINTER', '2', 'z', 'y', 'WEIGHTS', '1', '2', 'AGGREGATE', 'avg')
    await d.sameError('ZDIFF', '2', 'z', 'y', 'WEIGHTS', '1', '2')
    await d.sameError('ZDIFF', '2', 'z', 'y', 'AGGREGATE', 'SUM')
    await d.sameError('ZUNIONSTORE', 'dst', '2', 'z', 'y', 'WEIGHTS', '1', 'x')
    await d.sameError('ZINTERSTORE', 'dst', '2', 'z', 'y', 'AGGREGATE', 'foo')
    await d.sameError('ZDIFFSTORE', 'dst', '2', 'z', 'y', 'AGGREGATE', 'SUM')
    await d.sameError('ZINTERCARD', '0', 'z')
    await d.sameError('ZINTERCARD', 'x', 'z')
    await d.sameError('ZINTERCARD', '3', 'z', 'y')
    await d.sameError('ZINTERCARD', '2', 'z', 's')
    await d.sameError('ZINTERCARD', '2', 'z', 'y', 'LIMIT', '-1')
    await d.sameError('ZINTERCARD', '2', 'z', 'y', 'LIMIT', 'x')
    await d.sameError('ZINTERCARD', '2', 'z', 'y', 'LIMIT')
    await d.sameError('ZINTERCARD', '2', 'z', 'y', 'foo')
    await d.sameError('ZINTERCARD', '2', 'z', 'y', 'WEIGHTS', '1', '1')
    await d.sameError('ZINTERCARD', '2', 'z', 'y', 'WITHSCORES')
    await d.sameError('ZINTERCARD', '2', 'z', 'y', 'AGGREGATE', 'SUM')
  })

  test('destination encodings', async () => {
    const big: string[] = []
    for (let i = 0; i < 130; i++) big.push(String(i), `m${i}`)
    await d.same('ZADD', 'big', ...big)
    await d.same('ZADD', 'long', '1', 'a', '2', 'x'.repeat(65))
    await d.same('ZADD', 'small', '1', 'a', '2', 'b')
    for (const [cmd, keys] of [
      ['ZUNIONSTORE', ['big']],
      ['ZUNIONSTORE', ['small']],
      ['ZUNIONSTORE', ['long']],
      ['ZINTERSTORE', ['long', 'small']],
      ['ZINTERSTORE', ['long', 'long']],
      ['ZDIFFSTORE', ['big', 'small']],
      ['ZDIFFSTORE', ['long', 'small']],
    ] as const) {
      await d.same(cmd, 'dst', String(keys.length), ...keys)
      await d.same('OBJECT', 'ENCODING', 'dst')
    }
    await d.same('ZREMRANGEBYRANK', 'big', '0', '-4')
    await d.same('ZUNIONSTORE', 'dst', '1', 'big')
    await d.same('OBJECT', 'ENCODING', 'dst')
    await d.same('ZUNIONSTORE', 'neg', '1', 'small', 'WEIGHTS', '0')
    await d.same('ZUNIONSTORE', 'neg', '1', 'small', 'WEIGHTS', '-0')
    await d.same('ZRANGE', 'neg', '0', '-1', 'WITHSCORES')
    await d.same('ZUNION', '1', 'small', 'WEIGHTS', '-0', 'WITHSCORES')
  })

  test('COMMAND GETKEYS', async () => {
    await d.same('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'dst', '2', 'a', 'b', 'WEIGHTS', '1', '2')
    await d.same('COMMAND', 'GETKEYS', 'ZINTER', '3', 'a', 'b', 'c', 'WITHSCORES')
    await d.same('COMMAND', 'GETKEYS', 'ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1')
    await d.same('COMMAND', 'GETKEYS', 'ZDIFFSTORE', 'dst', '1', 'a')
    await d.same('COMMAND', 'GETKEYS', 'ZRANGESTORE', 'dst', 'src', '0', '-1')
  })

  test('RESP3 shapes', async () => {
    await fixture()
    const p = await d.connect()
    await resp3(p)
    await p.same('ZUNION', '2', 'z', 'y', 'WITHSCORES')
    await p.same('ZINTER', '2', 'z', 'y')
    await p.same('ZINTER', '2', 'z', 'y', 'WITHSCORES')
    await p.same('ZDIFF', '2', 'z', 'y', 'WITHSCORES')
    await p.same('ZDIFF', '2', 'nope', 'y', 'WITHSCORES')
    await p.same('ZINTERCARD', '2', 'z', 'y')
    await p.same('ZUNIONSTORE', 'dst', '2', 'z', 'y')
  })

  test('keyspace events', async () => {
    await fixture()
    await d.same('SET', 'dst', 'x')
    const { next } = await keyeventSubscriber(d)
    await d.same('ZUNIONSTORE', 'dst', '1', 'z')
    await next()
    await d.same('ZINTERSTORE', 'dst', '1', 'z')
    await next()
    await d.same('ZDIFFSTORE', 'dst', '1', 'z')
    await next()
    await d.same('ZDIFFSTORE', 'dst', '1', 'nope')
    await next()
    await d.same('ZUNIONSTORE', 'dst', '1', 'nope')
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', '')
  })
})
