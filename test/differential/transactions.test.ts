/**
 * MULTI/EXEC/DISCARD/WATCH against the real redis-server, over several
 * connections per server: queue-time and run-time errors, WATCH races, expiry,
 * and blocked clients woken by a transaction.
 */
import { afterEach, expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'

async function next(p: DiffPair): Promise<string> {
  const [a, b] = await Promise.all([p.redis.read(), p.redlet.read()])
  expect(JSON.stringify(b.toString('latin1'))).toBe(JSON.stringify(a.toString('latin1')))
  return a.toString('latin1')
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describeDiff('transactions', () => {
  const d = useDifferential()
  // a failed test must not leave the main pair inside MULTI or subscribed
  afterEach(async () => {
    await d.both('RESET')
  })

  test('MULTI queues, EXEC runs in order', async () => {
    await d.same('MULTI')
    await d.same('SET', 'a', '1')
    await d.same('INCR', 'a')
    await d.same('GET', 'a')
    await d.same('EXEC')
    await d.same('MULTI')
    await d.same('EXEC')
  })

  test('run-time errors inside the EXEC array', async () => {
    await d.same('SET', 's', 'abc')
    await d.same('MULTI')
    await d.same('INCR', 's')
    await d.same('SET', 'b', '1')
    await d.same('INCRBYFLOAT', 's', 'x')
    await d.same('EXEC')
    await d.same('GET', 'b')
  })

  test('queue-time errors: EXECABORT, nothing run', async () => {
    await d.same('MULTI')
    await d.same('SET', 'a', '1')
    await d.sameError('NOSUCHCOMMAND', 'x')
    await d.sameError('GET')
    await d.sameError('EXEC')
    await d.same('GET', 'a')
    await d.sameError('EXEC')
    await d.sameError('DISCARD')
  })

  test('refusing EXEC itself aborts and drops the transaction', async () => {
    await d.sameError('EXEC', 'x')
    await d.same('MULTI')
    await d.same('SET', 'a', '1')
    await d.sameError('EXEC', 'x')
    await d.sameError('EXEC')
    await d.same('GET', 'a')
  })

  test('MULTI nesting and WATCH inside MULTI do not abort', async () => {
    await d.same('MULTI')
    await d.sameError('MULTI')
    await d.sameError('WATCH', 'x')
    await d.same('SET', 'a', '1')
    await d.same('EXEC')
    await d.sameError('MULTI', 'x')
  })

  test('DISCARD', async () => {
    await d.same('MULTI')
    await d.same('SET', 'a', '1')
    await d.same('DISCARD')
    await d.same('GET', 'a')
    await d.sameError('DISCARD')
    await d.same('MULTI')
    await d.sameError('DISCARD', 'x')
    await d.sameError('EXEC')
  })

  test('WATCH: a write from another connection fails EXEC', async () => {
    const other = await d.connect()
    await d.same('WATCH', 'k', 'j')
    await other.same('SET', 'k', 'v')
    await d.same('MULTI')
    await d.same('SET', 'a', '1')
    await d.same('EXEC')
    await d.same('GET', 'a')
    // EXEC forgot the watches
    await other.same('SET', 'k', 'w')
    await d.same('MULTI')
    await d.same('SET', 'a', '2')
    await d.same('EXEC')
    await d.sameError('WATCH')
  })

  test('WATCH race: the first EXEC wins', async () => {
    const a = await d.connect()
    const b = await d.connect()
    await d.same('SET', 'counter', '10')
    await a.same('WATCH', 'counter')
    await b.same('WATCH', 'counter')
    await a.same('GET', 'counter')
    await b.same('GET', 'counter')
    await a.same('MULTI')
    await b.same('MULTI')
    await a.same('SET', 'counter', '11')
    await b.same('SET', 'counter', '12')
    await a.same('EXEC')
    await b.same('EXEC')
    await d.same('GET', 'counter')
  })

  test('WATCH: deleting a missing key is no change; writes to other dbs are not seen', async () => {
    const other = await d.connect()
    await d.same('WATCH', 'k')
    await other.same('DEL', 'k')
    await other.same('SELECT', '1')
    await other.same('SET', 'k', 'v')
    await d.same('MULTI')
    await d.same('EXEC')
  })

  test('UNWATCH', async () => {
    const other = await d.connect()
    await d.same('WATCH', 'k')
    await other.same('SET', 'k', 'v')
    await d.same('UNWATCH')
    await d.same('MULTI')
    await d.same('EXEC')
    await d.sameError('UNWATCH', 'x')
  })

  test('WATCH and FLUSHALL / FLUSHDB', async () => {
    const other = await d.connect()
    await d.same('WATCH', 'missing')
    await other.same('FLUSHALL')
    await d.same('MULTI')
    await d.same('EXEC')
    await d.same('SET', 'k', 'v')
    await d.same('WATCH', 'k')
    await other.same('FLUSHALL')
    await d.same('MULTI')
    await d.same('EXEC')
    await d.same('SET', 'k', 'v')
    await d.same('WATCH', 'k')
    await other.same('FLUSHDB')
    await d.same('MULTI')
    await d.same('EXEC')
  })

  test('WATCH and SWAPDB, RENAME', async () => {
    const other = await d.connect()
    await d.same('SELECT', '0')
    await other.same('SELECT', '1')
    await other.same('SET', 'k', 'in db1')
    await d.same('WATCH', 'k')
    await other.same('SWAPDB', '0', '1')
    await d.same('MULTI')
    await d.same('EXEC')
    await d.same('SET', 'src', 'v')
    await d.same('WATCH', 'dst')
    await other.same('SELECT', '0')
    await other.same('RENAME', 'src', 'dst')
    await d.same('MULTI')
    await d.same('EXEC')
  })

  test('WATCH and expiry', async () => {
    // live when watched, expired by EXEC: fails
    await d.same('SET', 'k', 'v', 'PX', '100')
    await d.same('WATCH', 'k')
    await sleep(150)
    await d.same('MULTI')
    await d.same('EXEC')
    // live when watched, read after expiry: fails
    await d.same('SET', 'k', 'v', 'PX', '100')
    await d.same('WATCH', 'k')
    await sleep(150)
    await d.same('GET', 'k')
    await d.same('MULTI')
    await d.same('EXEC')
    // already expired when watched, then read: runs
    await d.same('SET', 'k', 'v', 'PX', '50')
    await sleep(100)
    await d.same('WATCH', 'k')
    await d.same('GET', 'k')
    await d.same('MULTI')
    await d.same('EXEC')
    // already expired when watched, then written: fails
    await d.same('SET', 'k', 'v', 'PX', '50')
    await sleep(100)
    await d.same('WATCH', 'k')
    await d.same('SET', 'k', 'new')
    await d.same('MULTI')
    await d.same('EXEC')
  })

  test('RESP3 spellings', async () => {
    const other = await d.connect()
    const [a, b] = await d.both('HELLO', '3')
    expect(b[0]).toBe(a[0])
    await d.same('WATCH', 'k')
    await other.same('SET', 'k', 'v')
    await d.same('MULTI')
    await d.same('HSET', 'h', 'f', 'v')
    await d.same('HGETALL', 'h')
    await d.same('EXEC')
    await d.same('MULTI')
    await d.same('SET', 'x', '1.5')
    await d.same('INCRBYFLOAT', 'x', '1')
    await d.same('EXEC')
    await d.same('RESET')
  })

  test('SELECT inside MULTI', async () => {
    await d.same('MULTI')
    await d.same('SELECT', '2')
    await d.same('SET', 'in2', 'v')
    await d.same('EXEC')
    await d.same('GET', 'in2')
    await d.same('SELECT', '0')
    await d.same('GET', 'in2')
  })

  test('blocking commands inside MULTI do not block', async () => {
    await d.same('MULTI')
    await d.same('BLPOP', 'nolist', '0')
    await d.same('BRPOP', 'nolist', '0')
    await d.same('BZPOPMIN', 'nozset', '0')
    await d.same('EXEC')
  })

  test('a transaction wakes blocked clients after EXEC', async () => {
    const w1 = await d.connect()
    const w2 = await d.connect()
    w1.redis.send('BLPOP', 'q', '0')
    w1.redlet.send('BLPOP', 'q', '0')
    await sleep(30)
    w2.redis.send('BLPOP', 'q', '0')
    w2.redlet.send('BLPOP', 'q', '0')
    await sleep(30)
    await d.same('MULTI')
    await d.same('RPUSH', 'q', 'a')
    await d.same('LPUSH', 'q', 'b')
    await d.same('RPUSH', 'q', 'c')
    await d.same('EXEC')
    await next(w1)
    await next(w2)
    await d.same('LRANGE', 'q', '0', '-1')
  })

  test('blocked clients are served first come, first served', async () => {
    const ws = [await d.connect(), await d.connect(), await d.connect()]
    for (const w of ws) {
      w.redis.send('BRPOP', 'fifo', '0')
      w.redlet.send('BRPOP', 'fifo', '0')
      await sleep(20)
    }
    await d.same('LPUSH', 'fifo', '1', '2')
    await next(ws[0] as DiffPair)
    await next(ws[1] as DiffPair)
    expect(await (ws[2] as DiffPair).redlet.silentFor(50)).toBe(true)
    await d.same('LPUSH', 'fifo', '3')
    await next(ws[2] as DiffPair)
  })
})
