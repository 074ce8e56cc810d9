/**
 * The synchronous in-process client: the reply mapping on its fast path and
 * the general one, several replies of one command, EXEC with pushes, the
 * housekeeping ticker, and the promise client's connection end (QUIT, kill).
 */
import { afterEach, describe, expect, test, vi } from 'vitest'
import { Engine, ManualClock, Redlet, RedletAsync, ReplyError, Ticker, tickerFor } from '../../adapters/inprocess/index.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('Redlet replies', () => {
  test('bulk, status, integer, nil and error on the fast path; UTF-8 both ways', () => {
    const r = new Redlet()
    expect(r.set('k', 'naïve ✓ — long enough for the regex path')).toBe('OK')
    expect(r.get('k')).toBe('naïve ✓ — long enough for the regex path')
    expect(r.call('STRLEN', 'k')).toBe(45)
    expect(r.set('s', 'é')).toBe('OK')
    expect(r.get('s')).toBe('é')
    expect(r.get('none')).toBeNull()
    expect(r.incr('n')).toBe(1)
    expect(() => r.hget('k', 'f')).toThrow(ReplyError)
    expect(r.call('INCRBY', 'big', '9007199254740993')).toBe(9007199254740993n)
    expect(r.call('PING')).toBe('PONG')
  })

  test('bytes option and callBuffer give Uint8Array; arrays and RESP3 types convert', () => {
    const r = new Redlet({ bytes: true })
    r.call('SET', 'b', new Uint8Array([0, 200, 13]))
    expect(r.call('GET', 'b')).toEqual(new Uint8Array([0, 200, 13]))
    const t = r.client({ bytes: false })
    expect(t.callBuffer('GET', 'b')).toEqual(new Uint8Array([0, 200, 13]))
    t.call('ZADD', 'z', '1.5', 'a')
    expect(t.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(['a', '1.5'])
    const r3 = t.client({ protocol: 3 })
    expect(r3.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual([['a', 1.5]])
    r3.call('HSET', 'h', 'f', 'v')
    expect(r3.call('HGETALL', 'h')).toEqual(new Map([['f', 'v']]))
  })

  test('a command with several replies returns them all; raw() gives the Reply objects', () => {
    const r = new Redlet()
    expect(r.call('SUBSCRIBE', 'a', 'b')).toEqual([
      ['subscribe', 'a', 1],
      ['subscribe', 'b', 2],
    ])
    expect(r.raw('UNSUBSCRIBE')).toHaveLength(2)
    expect(r.raw('GET', 'x')).toEqual([{ t: 'null', arr: false }])
  })

  test('EXEC through call(): messages published to itself inside the transaction reach its listeners', async () => {
    const r = new Redlet({ protocol: 3 })
    const got: unknown[] = []
    r.messages.on((m) => got.push(m))
    r.call('SUBSCRIBE', 'ch')
    r.call('MULTI')
    r.call('PUBLISH', 'ch', 'inside')
    r.call('SET', 'k', 'v')
    expect(r.call('EXEC')).toEqual([1, 'OK'])
    await Promise.resolve()
    expect(got).toEqual([{ type: 'message', channel: 'ch', message: 'inside' }])
  })
})

describe('the ticker', () => {
  test('active expiry runs from timers without any access to the key', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const r = new Redlet()
    r.set('a', '1', 'PX', 50)
    r.set('b', '2')
    expect(r.call('DBSIZE')).toBe(2)
    await vi.advanceTimersByTimeAsync(400)
    expect(r.engine.dbs[0]?.size).toBe(1)
  })

  test('a manual clock runs the timed work when it moves; one ticker per engine', () => {
    const clock = new ManualClock(1000)
    const engine = new Engine({ clock })
    const r = new Redlet({ engine })
    expect(tickerFor(engine)).toBeInstanceOf(Ticker)
    expect(tickerFor(engine)).toBe(tickerFor(engine))
    r.set('a', '1', 'PX', 10)
    clock.advance(20)
    expect(engine.dbs[0]?.size).toBe(0)
  })
})

describe('RedletAsync connection end', () => {
  test('QUIT replies OK, then the client is closed', async () => {
    const a = new RedletAsync()
    expect(await a.call('QUIT')).toBe('OK')
    await Promise.resolve()
    await Promise.resolve()
    await expect(a.get('k')).rejects.toThrow('Connection is closed.')
  })

  test('CLIENT KILL from another client closes it, and its waiting pop rejects', async () => {
    const r = new Redlet()
    const a = new RedletAsync({ engine: r.engine })
    a.call('CLIENT', 'SETNAME', 'victim')
    const waiting = a.blpop('q', 0)
    const id = await new RedletAsync({ engine: r.engine }).call('CLIENT', 'ID')
    expect(typeof id).toBe('number')
    expect(r.call('CLIENT', 'KILL', 'ID', String(a.session.id))).toBe(1)
    await expect(waiting).rejects.toThrow('Connection is closed.')
  })
})
