/**
 * The in-process messaging surface: subscriptions (callbacks and async
 * iterators), the promise client with real blocking, and transactions.
 */
import { afterEach, describe, expect, test } from 'vitest'
import { startServer, type RunningServer } from '../../adapters/node-tcp/index.js'
import {
  ClientClosedError,
  ExecAbortError,
  ManualClock,
  Redlet,
  RedletAsync,
  ReplyError,
  type PubSubMessage,
} from '../../adapters/inprocess/index.js'
import { RespClient } from '../helpers/resp-client.js'

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('Subscription', () => {
  test('listeners get messages after the publishing command', async () => {
    const r = new Redlet()
    const sub = r.pubsub()
    const got: PubSubMessage[] = []
    sub.on((m) => got.push(m))
    expect(sub.subscribe('news', 'sport')).toBe(2)
    expect(sub.psubscribe('n*')).toBe(3)
    expect(r.publish('news', 'héllo')).toBe(2)
    expect(got).toEqual([])
    await tick()
    expect(got).toEqual([
      { type: 'message', channel: 'news', message: 'héllo' },
      { type: 'pmessage', pattern: 'n*', channel: 'news', message: 'héllo' },
    ])
    expect(sub.subscriptions).toEqual({ channels: ['news', 'sport'], patterns: ['n*'], shardChannels: [] })
    expect(sub.unsubscribe()).toBe(1)
    expect(sub.punsubscribe('n*')).toBe(0)
    expect(r.publish('news', 'x')).toBe(0)
  })

  test('shard channels', async () => {
    const r = new Redlet()
    const sub = r.pubsub()
    const got: PubSubMessage[] = []
    sub.on((m) => got.push(m))
    expect(sub.ssubscribe('s1')).toBe(1)
    expect(r.call('SPUBLISH', 's1', 'm')).toBe(1)
    await tick()
    expect(got).toEqual([{ type: 'smessage', channel: 's1', message: 'm' }])
    expect(sub.sunsubscribe()).toBe(0)
  })

  test('a listener may run commands, and removing it stops delivery', async () => {
    const r = new Redlet()
    const sub = r.pubsub()
    const off = sub.on((m) => {
      r.call('RPUSH', 'log', String(m.message))
      r.set('last', String(m.message))
    })
    sub.subscribe('ch')
    r.publish('ch', 'one')
    await tick()
    expect(r.get('last')).toBe('one')
    off()
    r.publish('ch', 'two')
    await tick()
    expect(r.get('last')).toBe('one')
  })

  test('an async iterator yields messages in order and ends on close', async () => {
    const r = new Redlet()
    const sub = r.pubsub()
    sub.subscribe('ch')
    const it = sub[Symbol.asyncIterator]()
    r.publish('ch', '1')
    r.publish('ch', '2')
    expect((await it.next()).value).toEqual({ type: 'message', channel: 'ch', message: '1' })
    expect((await it.next()).value).toEqual({ type: 'message', channel: 'ch', message: '2' })
    const pending = it.next()
    sub.close()
    expect(await pending).toEqual({ value: undefined, done: true })
    expect(r.publish('ch', '3')).toBe(0)
  })

  test('for await, with break', async () => {
    const r = new Redlet()
    const sub = r.pubsub()
    sub.psubscribe('news.*')
    setTimeout(() => {
      r.publish('news.a', 'x')
      r.publish('news.b', 'y')
    }, 1)
    const seen: string[] = []
    for await (const m of sub) {
      seen.push(`${m.channel}=${String(m.message)}`)
      if (seen.length === 2) break
    }
    expect(seen).toEqual(['news.a=x', 'news.b=y'])
  })

  test('payloads as bytes', async () => {
    const r = new Redlet()
    const sub = r.pubsub({ bytes: true })
    const got: PubSubMessage[] = []
    sub.on((m) => got.push(m))
    sub.subscribe('b')
    r.publish('b', new Uint8Array([0, 255]))
    await tick()
    expect(got[0]?.message).toEqual(new Uint8Array([0, 255]))
  })

  test('a subscriber runs other commands while subscribed (RESP3)', () => {
    const r = new Redlet()
    const sub = r.pubsub()
    sub.subscribe('x')
    r.set('k', 'v')
    expect(sub.call('GET', 'k')).toBe('v')
    expect(sub.call('PING')).toBe('PONG')
  })

  test('keyspace notifications through a subscription', async () => {
    const r = new Redlet({ config: { 'notify-keyspace-events': 'KEA' } })
    const sub = r.pubsub()
    const got: string[] = []
    sub.on((m) => got.push(`${m.channel} ${String(m.message)}`))
    sub.psubscribe('__key*__:*')
    r.set('k', 'v')
    r.del('k')
    await tick()
    expect(got).toEqual(['__keyspace@0__:k set', '__keyevent@0__:set k', '__keyspace@0__:k del', '__keyevent@0__:del k'])
  })

  test("a client's own messages inside EXEC reach its listeners, not the EXEC result", async () => {
    const r = new Redlet({ protocol: 3 })
    const got: PubSubMessage[] = []
    r.messages.on((m) => got.push(m))
    r.call('SUBSCRIBE', 'me')
    expect(r.multi().publish('me', 'hi').set('a', '1').exec()).toEqual([1, 'OK'])
    await tick()
    expect(got).toEqual([{ type: 'message', channel: 'me', message: 'hi' }])
  })
})

describe('multi()', () => {
  test('runs the queue atomically and returns the replies', () => {
    const r = new Redlet()
    const m = r.multi().set('a', '1').incr('a').call('GET', 'a')
    expect(m.length).toBe(3)
    expect(m.exec()).toEqual(['OK', 2, '2'])
  })

  test('errors of single commands are ReplyError values in place', () => {
    const r = new Redlet()
    r.set('s', 'abc')
    const out = r.multi().incr('s').set('b', '1').exec()
    expect(out?.[0]).toBeInstanceOf(ReplyError)
    expect((out?.[0] as ReplyError).message).toBe('ERR value is not an integer or out of range')
    expect(out?.[1]).toBe('OK')
  })

  test('a command that cannot be queued aborts with ExecAbortError', () => {
    const r = new Redlet()
    let caught: unknown
    try {
      r.multi().set('a', '1').call('NOSUCH').call('GET').exec()
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(ExecAbortError)
    const e = caught as ExecAbortError
    expect(e.message).toBe('EXECABORT Transaction discarded because of previous errors.')
    expect(e.previousErrors.map((x) => x.message)).toEqual([
      "ERR unknown command 'NOSUCH', with args beginning with: ",
      "ERR wrong number of arguments for 'get' command",
    ])
    expect(r.get('a')).toBeNull()
  })

  test('WATCH: null when a watched key changed', () => {
    const r = new Redlet()
    const other = r.client()
    r.watch('k')
    other.set('k', 'changed')
    expect(r.multi().set('k', 'mine').exec()).toBeNull()
    expect(r.get('k')).toBe('changed')
    r.watch('k')
    r.unwatch()
    other.set('k', 'again')
    expect(r.multi().set('k', 'mine').exec()).toEqual(['OK'])
  })

  test('discard() empties the builder', () => {
    const r = new Redlet()
    const m = r.multi().set('a', '1')
    m.discard()
    expect(m.exec()).toEqual([])
    expect(r.get('a')).toBeNull()
  })

  test('the synchronous client does not block inside or outside MULTI', () => {
    const r = new Redlet()
    expect(r.call('BLPOP', 'nolist', 0)).toBeNull()
    expect(r.multi().call('BLPOP', 'nolist', 0).exec()).toEqual([null])
  })
})

describe('RedletAsync', () => {
  const closers: (() => unknown)[] = []
  afterEach(async () => {
    for (const c of closers.splice(0)) await c()
  })

  test('commands resolve in order', async () => {
    const a = new RedletAsync()
    const p1 = a.set('k', 'v')
    const p2 = a.get('k')
    expect(await Promise.all([p1, p2])).toEqual(['OK', 'v'])
    await expect(a.call('INCR', 'k')).rejects.toThrow('ERR value is not an integer or out of range')
  })

  test('BLPOP waits for a push from a synchronous client', async () => {
    const r = new Redlet()
    const a = new RedletAsync({ engine: r.engine })
    const popped = a.blpop('q', 0)
    let settled = false
    void popped.then(() => (settled = true))
    await tick()
    expect(settled).toBe(false)
    expect(r.rpush('q', 'job1')).toBe(1)
    expect(await popped).toEqual(['q', 'job1'])
    expect(r.call('LLEN', 'q')).toBe(0)
  })

  test('a blocked command holds back the commands after it', async () => {
    const r = new Redlet()
    const a = new RedletAsync({ engine: r.engine })
    const order: string[] = []
    const p1 = a.brpop('q', 0).then((v) => order.push(`brpop ${String(v)}`))
    const p2 = a.set('after', '1').then(() => order.push('set'))
    await tick()
    expect(r.get('after')).toBeNull()
    r.lpush('q', 'x')
    await Promise.all([p1, p2])
    expect(order).toEqual(['brpop q,x', 'set'])
    expect(r.get('after')).toBe('1')
  })

  test('waiters are served first come, first served', async () => {
    const r = new Redlet()
    const w1 = new RedletAsync({ engine: r.engine })
    const w2 = new RedletAsync({ engine: r.engine })
    const p1 = w1.blpop('q', 0)
    const p2 = w2.blpop('q', 0)
    r.rpush('q', 'a', 'b')
    expect(await p1).toEqual(['q', 'a'])
    expect(await p2).toEqual(['q', 'b'])
  })

  test('timeouts on a manual clock', async () => {
    const clock = new ManualClock(1_000_000)
    const r = new Redlet({ clock })
    const a = new RedletAsync({ engine: r.engine })
    const popped = a.blpop('q', 1.5)
    clock.advance(1000)
    await tick()
    let settled = false
    void popped.then(() => (settled = true))
    await tick()
    expect(settled).toBe(false)
    clock.advance(600)
    expect(await popped).toBeNull()
  })

  test('timeouts on the system clock', async () => {
    const a = new RedletAsync()
    const t0 = Date.now()
    expect(await a.brpop('q', 0.05)).toBeNull()
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45)
  })

  test('BZPOPMIN and BLMOVE wait too', async () => {
    const r = new Redlet()
    const a = new RedletAsync({ engine: r.engine })
    const z = a.bzpopmin('z', 0)
    const m = a.blmove('src', 'dst', 'LEFT', 'RIGHT', 0)
    r.zadd('z', 1, 'one')
    expect(await z).toEqual(['z', 'one', '1'])
    r.rpush('src', 'v')
    expect(await m).toBe('v')
    expect(r.lrange('dst', 0, -1)).toEqual(['v'])
  })

  test('a push over TCP wakes an in-process waiter, and the reverse', async () => {
    const r = new Redlet()
    const server: RunningServer = await startServer({ port: 0, engine: r.engine })
    closers.push(() => server.close())
    const a = new RedletAsync({ engine: r.engine })
    const tcp = await RespClient.connect(server.port)
    closers.push(() => tcp.close())
    const popped = a.brpop('q', 0)
    expect(await tcp.cmd('LPUSH', 'q', 'from-tcp')).toBe(':1\r\n')
    expect(await popped).toEqual(['q', 'from-tcp'])
    const reply = tcp.read()
    tcp.send('BLPOP', 'q2', '0')
    await new Promise((res) => setTimeout(res, 20))
    r.rpush('q2', 'from-inprocess')
    expect((await reply).toString('latin1')).toBe('*2\r\n$2\r\nq2\r\n$14\r\nfrom-inprocess\r\n')
  })

  test('a TCP publisher reaches an in-process subscriber', async () => {
    const r = new Redlet()
    const server = await startServer({ port: 0, engine: r.engine })
    closers.push(() => server.close())
    const sub = r.pubsub()
    sub.subscribe('ch')
    const it = sub.messages()
    const tcp = await RespClient.connect(server.port)
    closers.push(() => tcp.close())
    expect(await tcp.cmd('PUBLISH', 'ch', 'over tcp')).toBe(':1\r\n')
    expect((await it.next()).value).toEqual({ type: 'message', channel: 'ch', message: 'over tcp' })
  })

  test('multi() returns a promise; blocking commands inside do not block', async () => {
    const a = new RedletAsync()
    expect(await a.multi().set('a', '1').incr('a').call('BLPOP', 'nolist', 0).exec()).toEqual(['OK', 2, null])
    await expect(a.multi().call('NOSUCH').exec()).rejects.toBeInstanceOf(ExecAbortError)
  })

  test('close() rejects what still waits', async () => {
    const a = new RedletAsync()
    const popped = a.blpop('q', 0)
    const later = a.get('x')
    a.close()
    await expect(popped).rejects.toBeInstanceOf(ClientClosedError)
    await expect(later).rejects.toBeInstanceOf(ClientClosedError)
    await expect(a.get('x')).rejects.toBeInstanceOf(ClientClosedError)
  })

  test('a wrong password throws at construction', () => {
    const engine = new Redlet({ config: { requirepass: 'pw' } }).engine
    expect(() => new RedletAsync({ engine, password: 'nope' })).toThrow('WRONGPASS')
    const ok = new RedletAsync({ engine, password: 'pw' })
    expect(ok.client()).toBeInstanceOf(RedletAsync)
  })
})
