import { test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { blockBoth, sendBoth, served, stillBlocked } from '../helpers/differential-blocking.js'
import type { Arg } from '../helpers/resp-client.js'

describeDiff('blocking list commands against redis-server', () => {
  const d = useDifferential()

  /** Sends a command that blocks, and waits until both servers count one more blocked client. */
  const block = (p: DiffPair, ...args: Arg[]): Promise<void> => blockBoth(d, p, ...args)

  test('timeout argument errors and values', async () => {
    for (const t of ['-1', '-0.5', '-0.0011', 'abc', '', ' 1', '1 ', 'nan', '1e5000', '1.2e4932', 'inf', '-inf', '1e300', '9223372036854775.808']) {
      await d.sameError('BLPOP', 'q', t)
      await d.sameError('BRPOP', 'q', t)
      await d.sameError('BRPOPLPUSH', 'q', 'r', t)
      await d.sameError('BLMOVE', 'q', 'r', 'LEFT', 'RIGHT', t)
      await d.sameError('BLMPOP', t, '1', 'q', 'LEFT')
    }
    // accepted values answer at once inside MULTI
    await d.same('MULTI')
    for (const t of ['0', '0.1', '-0.001', '-0.0001', '0x10', '+1', '.5', '5.', '1e-400', '9223372036854775.807']) await d.same('BLPOP', 'q', t)
    await d.same('EXEC')
  })

  test('syntax and type errors', async () => {
    await d.same('SET', 's', 'x')
    await d.sameError('BLPOP', 's', '0')
    await d.sameError('BRPOP', 'none', 's', '0')
    await d.same('RPUSH', 'l', 'a')
    await d.same('BLPOP', 'l', 's', '0')
    await d.sameError('BRPOPLPUSH', 's', 'l', '0')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('BRPOPLPUSH', 'l', 's', '0')
    await d.sameError('BLMOVE', 'l', 's', 'LEFT', 'LEFT', '0')
    await d.sameError('BLMOVE', 'l', 'x', 'UP', 'LEFT', '0')
    await d.sameError('BLMOVE', 'l', 'x', 'LEFT', 'UP', 'abc')
    await d.sameError('BLMPOP', '0', '0', 'l', 'LEFT')
    await d.sameError('BLMPOP', '0', 'x', 'l', 'LEFT')
    await d.sameError('BLMPOP', '0', '2', 'l', 'LEFT')
    await d.sameError('BLMPOP', '0', '1', 'l', 'UP')
    await d.sameError('BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT', '0')
    await d.sameError('BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT')
    await d.sameError('BLMPOP', '0', '2', 'none', 's', 'LEFT')
    await d.sameError('BLMPOP', '-1', '1', 'l', 'LEFT')
    await d.sameError('BLPOP', 'l')
    await d.sameError('BRPOP', 'l')
    await d.sameError('BRPOPLPUSH', 'l', '0')
    await d.sameError('BLMOVE', 'l', 'x', 'LEFT', '0')
    await d.sameError('BLMPOP', '0', '1', 'l')
    await d.same('BLMPOP', '0', '1', 'l', 'RIGHT', 'COUNT', '3')
    await d.same('BLMOVE', 'none', 's', 'LEFT', 'LEFT', '0.01')
  })

  test('a push by another client wakes a waiter, in RESP2 and RESP3', async () => {
    for (const proto of ['2', '3']) {
      const w = await d.connect()
      await w.both('HELLO', proto)
      await block(w, 'BLPOP', 'q', '0')
      await stillBlocked(w)
      await d.same('RPUSH', 'q', 'hello')
      await served(w)
      await d.same('EXISTS', 'q')
      await block(w, 'BRPOP', 'a', 'b', '0')
      await d.same('LPUSH', 'b', 'x')
      await served(w)
    }
  })

  test('waiters are served first come first served', async () => {
    const w1 = await d.connect()
    const w2 = await d.connect()
    const w3 = await d.connect()
    await block(w1, 'BLPOP', 'q', '0')
    await block(w2, 'BRPOP', 'q', '0')
    await block(w3, 'BLPOP', 'q', '0')
    await d.same('RPUSH', 'q', '1', '2')
    await served(w1, 'first waiter')
    await served(w2, 'second waiter')
    await stillBlocked(w3)
    await d.same('LPUSH', 'q', '3', '4')
    await served(w3, 'third waiter')
    await d.same('LRANGE', 'q', '0', '-1')
  })

  test('a push of several elements serves several waiters from the right end', async () => {
    const w1 = await d.connect()
    const w2 = await d.connect()
    await block(w1, 'BLPOP', 'q', '0')
    await block(w2, 'BRPOP', 'q', '0')
    await d.same('LPUSH', 'q', 'a', 'b', 'c')
    await served(w1)
    await served(w2)
    await d.same('LRANGE', 'q', '0', '-1')
  })

  test('a waiter is served from the key that became ready first', async () => {
    const w = await d.connect()
    await block(w, 'BLPOP', 'a', 'b', '0')
    await d.same('MULTI')
    await d.same('RPUSH', 'b', 'x')
    await d.same('RPUSH', 'a', 'y')
    await d.same('EXEC')
    await served(w)
    await d.same('LRANGE', 'a', '0', '-1')
    // a key pushed and popped within one transaction serves nobody
    await block(w, 'BLPOP', 'c', '0')
    await d.same('MULTI')
    await d.same('RPUSH', 'c', 'x')
    await d.same('LPOP', 'c')
    await d.same('EXEC')
    await stillBlocked(w)
    await d.same('RPUSH', 'c', 'z')
    await served(w)
  })

  test('timeouts: fractional seconds and forever', async () => {
    for (const proto of ['2', '3']) {
      const w = await d.connect()
      await w.both('HELLO', proto)
      sendBoth(w, 'BLPOP', 'q', '0.1')
      await served(w, 'BLPOP timeout')
      sendBoth(w, 'BRPOPLPUSH', 'q', 'r', '0.05')
      await served(w, 'BRPOPLPUSH timeout')
      sendBoth(w, 'BLMOVE', 'q', 'r', 'LEFT', 'RIGHT', '0.05')
      await served(w, 'BLMOVE timeout')
      sendBoth(w, 'BLMPOP', '0.05', '2', 'q', 'r', 'LEFT', 'COUNT', '2')
      await served(w, 'BLMPOP timeout')
      sendBoth(w, 'BRPOP', 'q', '0.0001')
      await served(w, 'sub-millisecond timeout')
    }
    // 0 and tiny negatives (rounded up to 0) wait for ever
    const w = await d.connect()
    for (const t of ['0', '-0.001']) {
      await block(w, 'BLPOP', 'q', t)
      await stillBlocked(w, 250)
      await d.same('RPUSH', 'q', t)
      await served(w)
    }
  })

  test('a timed-out waiter no longer takes elements', async () => {
    const w1 = await d.connect()
    const w2 = await d.connect()
    sendBoth(w1, 'BLPOP', 'q', '0.05')
    await block(w2, 'BLPOP', 'q', '0')
    await served(w1, 'timeout')
    await d.same('RPUSH', 'q', 'v')
    await served(w2)
  })

  test('BLMOVE and BRPOPLPUSH move when served, and chain into other waiters', async () => {
    const w1 = await d.connect()
    const w2 = await d.connect()
    await block(w1, 'BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0')
    await d.same('RPUSH', 'src', 'a', 'b')
    await served(w1)
    await d.same('LRANGE', 'src', '0', '-1')
    await d.same('LRANGE', 'dst', '0', '-1')
    await block(w1, 'BRPOPLPUSH', 'p', 'q', '0')
    await block(w2, 'BLPOP', 'q', '0')
    await d.same('RPUSH', 'p', 'x', 'y')
    await served(w1, 'mover')
    await served(w2, 'waiter on the destination')
    await d.same('LRANGE', 'p', '0', '-1')
    await d.same('EXISTS', 'q')
  })

  test('a served BLMOVE whose destination has another type gets WRONGTYPE', async () => {
    const w1 = await d.connect()
    const w2 = await d.connect()
    await block(w1, 'BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0')
    await block(w2, 'BLPOP', 'src', '0')
    await d.same('SET', 'dst', 'string')
    await d.same('RPUSH', 'src', 'v1')
    await served(w1, 'WRONGTYPE')
    await served(w2, 'next waiter')
    await d.same('EXISTS', 'src')
  })

  test('BLMPOP served with COUNT from the ready key', async () => {
    const w = await d.connect()
    await block(w, 'BLMPOP', '0', '2', 'a', 'b', 'RIGHT', 'COUNT', '2')
    await d.same('RPUSH', 'b', '1', '2', '3')
    await served(w)
    await d.same('LRANGE', 'b', '0', '-1')
  })

  test('a waiter outlives its key changing type', async () => {
    const w = await d.connect()
    await block(w, 'BLPOP', 'k', '0')
    await d.same('SET', 'k', 'string')
    await stillBlocked(w)
    await d.same('DEL', 'k')
    await d.same('RPUSH', 'k', 'v')
    await served(w)
  })

  test('a waiter on the same key twice is served once; its pipelined commands follow', async () => {
    const w = await d.connect()
    await block(w, 'BLPOP', 'k', 'k', '0')
    sendBoth(w, 'PING')
    await stillBlocked(w)
    await d.same('RPUSH', 'k', 'a', 'b')
    await served(w)
    await served(w, 'pipelined PING')
    await d.same('LRANGE', 'k', '0', '-1')
  })
})
