/**
 * Scenarios beyond single calls, each written once against the ioredis API and
 * run on both clients: pipelines, transactions, pub/sub, duplicate(), blocking
 * commands, scan streams, scripts, key prefixes and the connection lifecycle.
 * Each returns what it observed (replies, errors, events) for deep comparison.
 */
import type IORedis from 'ioredis'

type R = IORedis
type Anyish = Record<string, (...args: unknown[]) => unknown>

/** Resolves once `check` holds (or after 2 s), polling on timers. */
export async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 5))
}

const err = (e: unknown): unknown => (e instanceof Error ? { error: `${e.name}: ${e.message}` } : e)

export const scenarios: Record<string, (c: R) => Promise<unknown>> = {
  async pipeline(c) {
    await c.flushall()
    const cb: unknown[] = []
    const results = await c
      .pipeline()
      .set('a', '1')
      .incr('a')
      .get('a')
      .hget('a', 'f')
      .hgetall('nohash')
      .lpush('l', ['x', 'y'])
      .lrange('l', 0, -1, (e, r) => cb.push([e?.message ?? null, r]))
      .getBuffer('a')
      .call('nosuchcommand', 'x')
      .exec()
    const batch = await c.pipeline([
      ['set', 'b', '2'],
      ['mget', 'a', 'b', 'c'],
    ]).exec()
    const empty = await c.pipeline().exec()
    const length = c.pipeline().get('a').get('b').length
    return { results, cb, batch, empty, length }
  },

  async multi(c) {
    await c.flushall()
    const ok = await c.multi().set('a', '1').incr('a').hgetall('h').getBuffer('a').exec()
    let abort: unknown
    try {
      await c.multi().set('a').get('a').exec()
    } catch (e) {
      abort = { ...(err(e) as object), previous: ((e as { previousErrors?: Error[] }).previousErrors ?? []).map(err) }
    }
    const inner = await c.multi().set('s', 'x').incr('s').get('s').exec()
    const batch = await c.multi([
      ['set', 'm', '1'],
      ['get', 'm'],
    ]).exec()
    const other = c.duplicate()
    await c.watch('w')
    await other.set('w', 'changed')
    const watched = await c.multi().get('w').exec()
    other.disconnect()
    const started = await c.multi({ pipeline: false })
    const queued = await c.set('q', '1')
    const direct = await c.exec()
    const nested = await (c.pipeline() as unknown as Anyish & { exec(): Promise<unknown> }).multi!().set('n', '1').get('n').exec().get('n').exec()
    return { ok, abort, inner, batch, watched, started, queued, direct, nested }
  },

  async pubsub(c) {
    await c.flushall()
    const sub = c.duplicate()
    const log: unknown[] = []
    for (const e of ['message', 'messageBuffer', 'pmessage', 'pmessageBuffer']) sub.on(e, (...args: unknown[]) => log.push([e, ...args]))
    const counts: unknown[] = []
    counts.push(await sub.subscribe('ch1', 'ch2'))
    counts.push(await sub.psubscribe('ch*'))
    counts.push(await c.publish('ch1', 'hello'))
    counts.push(await c.publish('other', 'nobody'))
    await until(() => log.length >= 4)
    // RESP3 (ioredis 6's default): a subscribed client still runs other commands
    counts.push(await sub.set('k', 'v').catch(err))
    counts.push(await sub.unsubscribe('ch1'))
    // no arguments here would never settle on ioredis 6 while channels remain (it waits for a count of 0)
    counts.push(await sub.punsubscribe('ch*'))
    counts.push(await c.publish('ch2', Buffer.from([0xff, 0x00, 0x61])))
    await until(() => log.length >= 6)
    counts.push(await sub.unsubscribe())
    counts.push(await c.publish('ch2', 'after'))
    sub.disconnect()
    return { counts, log }
  },

  async 'resp2 subscriber mode'(c) {
    await c.flushall()
    const sub = c.duplicate({ protocol: 2 })
    const out: unknown[] = []
    out.push(sub.mode)
    out.push(await sub.subscribe('ch'))
    out.push(sub.mode)
    out.push(await sub.get('k').catch(err))
    out.push(await sub.ping().catch(err))
    out.push(await sub.unsubscribe())
    out.push(sub.mode)
    out.push(await sub.get('k').catch(err))
    sub.disconnect()
    return out
  },

  async duplicate(c) {
    await c.flushall()
    const d = c.duplicate()
    await c.set('dup', '1')
    const seen = await d.get('dup')
    const db2 = c.duplicate({ db: 2 })
    await db2.set('dup', 'two')
    const out = [seen, await c.get('dup'), await db2.get('dup'), d.options.db, db2.options.db]
    d.disconnect()
    db2.disconnect()
    return out
  },

  async blocking(c) {
    await c.flushall()
    const b = c.duplicate()
    const waiting = b.brpop('q', 2)
    await new Promise((r) => setTimeout(r, 20))
    await c.lpush('q', 'job')
    const served = await waiting
    const timedOut = await b.blpop('q', 0.05)
    const moved = b.blmove('src', 'dst', 'LEFT', 'RIGHT', 2)
    await c.rpush('src', 'm')
    const zwait = b.bzpopmin('z', 2)
    await c.zadd('z', 5, 'five')
    const out = [served, timedOut, await moved, await zwait, await c.lrange('dst', 0, -1)]
    b.disconnect()
    return out
  },

  async 'scan streams'(c) {
    await c.flushall()
    await c.mset({ 'u:1': 'a', 'u:2': 'b', 'u:3': 'c', other: 'd' })
    await c.hset('h', { f1: '1', f2: '2' })
    await c.zadd('zs', 1, 'a', 2, 'b')
    await c.sadd('ss', 'x', 'y')
    const keys: string[] = []
    for await (const batch of c.scanStream({ match: 'u:*', count: 1 })) keys.push(...(batch as string[]))
    const hash: string[] = []
    await new Promise<void>((resolve) => {
      const s = c.hscanStream('h')
      s.on('data', (batch: string[]) => hash.push(...batch))
      s.on('end', resolve)
    })
    const z: unknown[] = []
    for await (const batch of c.zscanStream('zs')) z.push(...(batch as unknown[]))
    const s: unknown[] = []
    for await (const batch of c.sscanStream('ss')) s.push(...(batch as unknown[]))
    return [keys.sort(), hash, z, s.sort()]
  },

  async scripts(c) {
    await c.flushall()
    await c.script('FLUSH')
    const d = c as unknown as Anyish
    c.defineCommand('kv', { numberOfKeys: 1, lua: 'return {KEYS[1], ARGV[1]}' })
    c.defineCommand('boom', { numberOfKeys: 0, lua: 'return redis.call("nosuch")' })
    const out: unknown[] = []
    out.push(await d['kv']!('k', 'a'))
    out.push(await d['kv']!('k', 'b'))
    await c.script('FLUSH')
    out.push(await d['kv']!('k', 'c'))
    out.push(await (d['boom']!() as Promise<unknown>).catch(err))
    out.push(await (c.pipeline() as unknown as Anyish & { exec(): Promise<unknown> }).kv!('p', 'q').get('k').exec())
    out.push(await d['kvBuffer']!('k', 'z'))
    return out
  },

  async 'key prefix'(c) {
    await c.flushall()
    const p = c.duplicate({ keyPrefix: 'pre:' })
    await p.set('k', 'v')
    await p.mset({ a: '1', b: '2' })
    await p.rpush('list', '2', '1')
    await p.set('w_1', '10')
    await p.set('w_2', '20')
    const out = [
      await p.get('k'),
      await p.mget('a', 'b', 'zz'),
      await p.sort('list', 'BY', 'w_*', 'GET', 'pre:k', 'GET', '#'),
      (await c.keys('*')).sort(),
      await p.eval('return KEYS[1]', 1, 'x'),
    ]
    p.disconnect()
    return out
  },

  async 'argument forms and reply shapes'(c) {
    await c.flushall()
    const out: unknown[] = []
    out.push(await c.set('bin', Buffer.from([0, 255, 1, 0x61])))
    out.push(await c.getBuffer('bin'))
    out.push(await c.get('bin'))
    out.push(await c.set('n', 42))
    out.push(await c.incrby('n', 9007199254740993))
    out.push(await c.set('big', '9223372036854775807'))
    out.push(await c.incr('big').catch(err))
    out.push(await c.decr('big'))
    out.push(await c.hset('obj', { __proto__: 'p', constructor: 'c', plain: 1 } as unknown as Record<string, string>))
    out.push(await c.hgetall('obj'))
    out.push(await c.hmset('m', new Map<string, unknown>([['x', 1], ['y', null]]) as Map<string, string>))
    out.push(await c.hgetall('m'))
    out.push(await c.hgetallBuffer('m'))
    out.push(await c.mset(new Map([['mk', 'mv']])))
    out.push(await c.del(['n', 'big'], 'mk'))
    out.push(await c.zadd('z', 1.5, 'a', '-inf', 'b'))
    out.push(await c.zrange('z', 0, -1, 'WITHSCORES'))
    out.push(await c.zscore('z', 'b'))
    out.push(await c.set('u', 'héllo wörld ✓'))
    out.push(await c.get('u'))
    out.push(await c.strlen('u'))
    out.push(await (c as unknown as Anyish & { get(...a: unknown[]): Promise<unknown> }).get('a', 'b').catch(err))
    return out
  },

  async callbacks(c) {
    await c.flushall()
    const got: unknown[] = []
    await new Promise<void>((resolve) => {
      c.set('cb', 'v', (e, r) => {
        got.push([e, r])
        c.get('cb', (e2, r2) => {
          got.push([e2, r2])
          ;(c as unknown as Anyish)['get']!('a', 'b', (e3: Error | null, r3: unknown) => {
            got.push([err(e3), r3])
            resolve()
          })
        })
      })
    })
    return got
  },

  async lifecycle(c) {
    const log: unknown[] = []
    const l = c.duplicate({ lazyConnect: true })
    for (const e of ['wait', 'connecting', 'connect', 'ready', 'close', 'reconnecting', 'end']) l.on(e, () => log.push(e))
    log.push(l.status)
    await l.connect()
    log.push(l.status)
    await l.connect().catch((e: Error) => log.push(e.message))
    log.push(await l.quit())
    await until(() => l.status === 'end')
    log.push(l.status)
    log.push(await l.get('x').catch(err))
    const d = c.duplicate()
    const dlog: unknown[] = []
    for (const e of ['connecting', 'connect', 'ready', 'close', 'end']) d.on(e, () => dlog.push(e))
    log.push(await d.ping())
    const pending = d.blpop('never', 0).catch(err)
    await new Promise((r) => setTimeout(r, 20))
    d.disconnect()
    log.push(await pending)
    await until(() => dlog.includes('end'))
    log.push(dlog, d.status)
    return log
  },

  async 'string numbers'(c) {
    await c.flushall()
    const s = c.duplicate({ stringNumbers: true })
    const out = [await s.incr('n'), await s.incrby('n', 5), await s.llen('nolist')]
    s.disconnect()
    return out
  },
}
