/**
 * Sorted-set pops against redis-server: ZPOPMIN, ZPOPMAX, ZMPOP, and the
 * blocking BZPOPMIN, BZPOPMAX, BZMPOP served across connections, timing out,
 * and inside MULTI.
 */
import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'

async function resp3(p: DiffPair): Promise<void> {
  const [a, b] = await p.both('HELLO', '3')
  expect(b[0]).toBe(a[0])
}

/** Sends a command on both sides without waiting (a blocking call). */
function send(p: DiffPair, ...args: string[]): void {
  p.redis.send(...args)
  p.redlet.send(...args)
}

/** The next reply on each side of a pair must be identical. */
async function next(p: DiffPair): Promise<string> {
  const [a, b] = await Promise.all([p.redis.read(), p.redlet.read()])
  expect(JSON.stringify(b.toString('latin1'))).toBe(JSON.stringify(a.toString('latin1')))
  return a.toString('latin1')
}

/** Both sides are still waiting. */
async function stillBlocked(p: DiffPair): Promise<void> {
  const [a, b] = await Promise.all([p.redis.silentFor(50), p.redlet.silentFor(50)])
  expect([a, b]).toEqual([true, true])
}

const FIVE = ['1', 'a', '2', 'b', '3', 'c', '4', 'd', '0.1', 'e']

describeDiff('sorted-set pops against redis-server', () => {
  const d = useDifferential()

  test('ZPOPMIN and ZPOPMAX', async () => {
    await d.same('ZADD', 'z', ...FIVE)
    await d.same('ZPOPMIN', 'z')
    await d.same('ZPOPMAX', 'z')
    await d.same('ZPOPMIN', 'z', '0')
    await d.same('ZPOPMIN', 'z', '2')
    await d.same('ZPOPMAX', 'z', '10')
    await d.same('EXISTS', 'z')
    await d.same('ZPOPMIN', 'nope')
    await d.same('ZPOPMAX', 'nope', '3')
    await d.same('SET', 's', 'v')
    await d.sameError('ZPOPMIN', 'z', 'x')
    await d.sameError('ZPOPMIN', 'z', '-1')
    await d.sameError('ZPOPMIN', 'z', '1', '2')
    await d.sameError('ZPOPMIN', 's')
    await d.sameError('ZPOPMIN', 's', 'x')
    await d.sameError('ZPOPMAX', 'z', '-5')
    await d.sameError('ZPOPMAX', 's')
    await d.sameError('ZPOPMAX', 'nope', '-1')
    await d.sameError('ZPOPMIN', 's', '0')
    await d.sameError('ZPOPMAX', 's', '0')
    await d.sameError('ZPOPMIN')
  })

  test('ZMPOP', async () => {
    await d.same('ZADD', 'z', ...FIVE)
    await d.same('ZMPOP', '1', 'z', 'MIN')
    await d.same('ZMPOP', '2', 'nope', 'z', 'MAX', 'COUNT', '2')
    await d.same('ZMPOP', '1', 'z', 'min', 'count', '10')
    await d.same('ZMPOP', '1', 'z', 'MIN')
    await d.same('ZMPOP', '2', 'nope', 'nope2', 'MAX')
    await d.same('SET', 's', 'v')
    await d.same('ZADD', 'z', ...FIVE)
    await d.same('ZMPOP', '2', 'z', 's', 'MIN')
    await d.sameError('ZMPOP', '2', 's', 'z', 'MIN')
    await d.sameError('ZMPOP', '2', 'nope', 's', 'MIN')
    await d.sameError('ZMPOP', '0', 'z', 'MIN')
    await d.sameError('ZMPOP', '-1', 'z', 'MIN')
    await d.sameError('ZMPOP', 'x', 'z', 'MIN')
    await d.sameError('ZMPOP', '2', 'z', 'MIN')
    await d.sameError('ZMPOP', '5', 'z', 'MIN')
    await d.sameError('ZMPOP', '1', 'z', 'foo')
    await d.sameError('ZMPOP', '1', 's', 'foo')
    await d.sameError('ZMPOP', '1', 'z', 'MIN', 'COUNT', '0')
    await d.sameError('ZMPOP', '1', 'z', 'MIN', 'COUNT', '-1')
    await d.sameError('ZMPOP', '1', 'z', 'MIN', 'COUNT', 'x')
    await d.sameError('ZMPOP', '1', 'z', 'MIN', 'COUNT')
    await d.sameError('ZMPOP', '1', 'z', 'MIN', 'COUNT', '1', 'COUNT', '2')
    await d.sameError('ZMPOP', '1', 'z', 'MIN', 'foo')
    await d.sameError('ZMPOP', '1', 's', 'MIN', 'COUNT', '0')
    await d.sameError('ZMPOP', '1', 'z')
  })

  test('blocking pops that need not block', async () => {
    await d.same('ZADD', 'z', ...FIVE)
    await d.same('BZPOPMIN', 'nope', 'z', '0')
    await d.same('BZPOPMAX', 'z', 'nope', '0')
    await d.same('BZMPOP', '0', '2', 'nope', 'z', 'MIN', 'COUNT', '2')
    await d.same('BZMPOP', '0', '1', 'z', 'MAX')
    await d.same('BZMPOP', '0.1', '1', 'z', 'max', 'count', '9')
    await d.same('EXISTS', 'z')
    await d.same('SET', 's', 'v')
    await d.sameError('BZPOPMIN', 's', '0')
    await d.sameError('BZPOPMIN', 'nope', 's', '0')
    await d.sameError('BZPOPMIN', 'z', 'x')
    await d.sameError('BZPOPMIN', 'z', '-1')
    await d.sameError('BZPOPMIN', 'z', '1e100')
    await d.sameError('BZPOPMIN', 'z', 'inf')
    await d.sameError('BZPOPMIN', 'z', ' 1')
    await d.sameError('BZPOPMIN', 's', 'x')
    await d.sameError('BZPOPMIN', 'z')
    await d.sameError('BZPOPMAX', 's', 'z', '0')
    await d.sameError('BZPOPMAX', 'z', '-0.5')
    await d.sameError('BZMPOP', '0', '0', 'z', 'MIN')
    await d.sameError('BZMPOP', 'x', '1', 'z', 'MIN')
    await d.sameError('BZMPOP', 'x', '0', 'z', 'MIN')
    await d.sameError('BZMPOP', '-1', '1', 'z', 'MIN')
    await d.sameError('BZMPOP', '0', '1', 'z', 'foo')
    await d.sameError('BZMPOP', 'x', '1', 'z', 'foo')
    await d.sameError('BZMPOP', '0', '1', 's', 'MIN')
    await d.sameError('BZMPOP', 'x', '1', 's', 'MIN')
    await d.sameError('BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '0')
    await d.sameError('BZMPOP', 'x', '1', 'z', 'MIN', 'COUNT', '0')
    await d.sameError('BZMPOP', '0', '2', 'z', 'MIN')
    await d.sameError('BZMPOP', '0', '1', 'z')
  })

  test('timeouts', async () => {
    await d.same('BZPOPMIN', 'nope', '0.05')
    await d.same('BZPOPMAX', 'nope', 'nope2', '0.01')
    await d.same('BZMPOP', '0.05', '1', 'nope', 'MIN')
    await d.same('BZPOPMIN', 'nope', '0.0001')
    const p = await d.connect()
    await resp3(p)
    await p.same('BZPOPMIN', 'nope', '0.02')
    await p.same('BZMPOP', '0.02', '1', 'nope', 'MAX', 'COUNT', '3')
  })

  test('a blocked client is served by a later write on another connection', async () => {
    const a = await d.connect()
    send(a, 'BZPOPMIN', 'k1', 'k2', '0')
    await stillBlocked(a)
    await d.same('ZADD', 'k2', '5', 'x', '3', 'y')
    await next(a)
    await d.same('ZRANGE', 'k2', '0', '-1', 'WITHSCORES')
    send(a, 'BZPOPMAX', 'k1', '10')
    await stillBlocked(a)
    await d.same('ZINCRBY', 'k1', '2', 'm')
    await next(a)
    await d.same('EXISTS', 'k1')
    send(a, 'BZMPOP', '0', '2', 'k3', 'k2', 'MAX', 'COUNT', '5')
    await d.same('ZADD', 'k3', '1', 'a', '2', 'b')
    await next(a)
    await d.same('ZRANGE', 'k3', '0', '-1')
  })

  test('first come, first served; the rest keep waiting', async () => {
    const a = await d.connect()
    const b = await d.connect()
    send(a, 'BZPOPMIN', 'q', '0')
    await stillBlocked(a)
    send(b, 'BZPOPMIN', 'q', '0')
    await stillBlocked(b)
    await d.same('ZADD', 'q', '1', 'only')
    await next(a)
    await stillBlocked(b)
    await d.same('ZADD', 'q', '2', 'second', '3', 'third')
    await next(b)
    await d.same('ZRANGE', 'q', '0', '-1')
  })

  test('the key that became ready serves, and a wrong type keeps the client waiting', async () => {
    const a = await d.connect()
    send(a, 'BZPOPMIN', 'r1', 'r2', '0')
    await stillBlocked(a)
    await d.same('MULTI')
    await d.same('ZADD', 'r2', '1', 'two')
    await d.same('ZADD', 'r1', '1', 'one')
    await d.same('EXEC')
    await next(a)
    await d.same('ZRANGE', 'r1', '0', '-1')
    send(a, 'BZPOPMIN', 'w', '0')
    await stillBlocked(a)
    await d.same('SET', 'w', 'string')
    await d.same('DEL', 'w')
    await d.same('ZADD', 'w', '1', 'x')
    await next(a)
  })

  test('RESP3 replies of served and immediate pops', async () => {
    const a = await d.connect()
    await resp3(a)
    await a.same('ZADD', 'z', ...FIVE)
    await a.same('ZPOPMIN', 'z')
    await a.same('ZPOPMIN', 'z', '1')
    await a.same('ZPOPMAX', 'z', '2')
    await a.same('ZPOPMIN', 'z', '0')
    await a.same('ZPOPMIN', 'nope')
    await a.same('ZMPOP', '1', 'z', 'MIN')
    await a.same('ZMPOP', '1', 'nope', 'MIN')
    await a.same('ZADD', 'z', ...FIVE)
    await a.same('BZPOPMAX', 'z', '0')
    await a.same('BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '2')
    send(a, 'BZPOPMIN', 'later', '0')
    await stillBlocked(a)
    await d.same('ZADD', 'later', '0.1', 'm')
    await next(a)
  })

  test('COMMAND GETKEYS of the pops', async () => {
    await d.same('COMMAND', 'GETKEYS', 'BZPOPMIN', 'a', 'b', '0')
    await d.same('COMMAND', 'GETKEYS', 'BZMPOP', '0', '2', 'a', 'b', 'MIN', 'COUNT', '2')
    await d.same('COMMAND', 'GETKEYS', 'ZMPOP', '3', 'a', 'b', 'c', 'MAX')
    await d.same('COMMAND', 'GETKEYS', 'ZPOPMIN', 'a', '2')
  })

  test('inside MULTI a blocking pop does not block', async () => {
    await d.same('MULTI')
    await d.same('BZPOPMIN', 'nope', '0')
    await d.same('BZMPOP', '0', '1', 'nope', 'MIN')
    await d.same('ZADD', 'm', '1', 'a')
    await d.same('BZPOPMAX', 'm', '0')
    await d.same('EXEC')
  })
})
