/**
 * The minified bundles in a real browser (headless Chromium): the synchronous
 * client, binary values, time on a manual clock, pub/sub, blocking pops, the
 * ioredis client without Node's Buffer, snapshots and IndexedDB persistence.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { requireChromium, serve, type Served } from './harness.js'

// what the page's globals hold (the bundles' exports)
type Bundle = typeof import('../../adapters/inprocess/index.js')
type IoBundle = typeof import('../../adapters/inprocess/ioredis/index.js')

const enabled = requireChromium()
let served: Served

describe.skipIf(!enabled)('in Chromium', () => {
  beforeAll(async () => {
    served = await serve()
  }, 120000)

  afterAll(async () => {
    await served?.close()
  })

  test('the bundle runs commands; binary values round-trip; TTLs follow a manual clock', async () => {
    const page = await served.page()
    const out = await page.evaluate(async () => {
      const m = (window as unknown as { redlet: Bundle }).redlet
      const clock = new m.ManualClock(1_700_000_000_000)
      const r = new m.Redlet({ clock })
      const res: unknown[] = []
      res.push(r.set('greeting', 'héllo ✓'), r.get('greeting'), r.call('STRLEN', 'greeting'))
      r.call('SET', 'bin', new Uint8Array([0, 255, 10, 13]))
      const bytes = r.callBuffer('GET', 'bin') as Uint8Array
      res.push(bytes instanceof Uint8Array, Array.from(bytes), typeof (globalThis as { Buffer?: unknown }).Buffer)
      res.push(r.call('ZADD', 'z', '0.1', 'a'), r.call('ZSCORE', 'z', 'a'), r.hset('h', 'f', 'v'), r.hgetall('h'))
      r.set('session', 'x', 'PX', 1500)
      res.push(r.call('PTTL', 'session'))
      clock.advance(1000)
      res.push(r.call('PTTL', 'session'), r.get('session'))
      clock.advance(501)
      res.push(r.get('session'), r.call('DBSIZE'))
      try {
        r.call('HGET', 'greeting', 'f')
      } catch (e) {
        res.push(String((e as Error).name), (e as Error).message)
      }
      return res
    })
    expect(out).toEqual([
      'OK',
      'héllo ✓',
      10,
      true,
      [0, 255, 10, 13],
      'undefined',
      1,
      '0.10000000000000001',
      1,
      { f: 'v' },
      1500,
      500,
      'x',
      null,
      4,
      'ReplyError',
      'WRONGTYPE Operation against a key holding the wrong kind of value',
    ])
    await page.close()
  })

  test('pub/sub and a blocking pop served by another client', async () => {
    const page = await served.page()
    const out = await page.evaluate(async () => {
      const m = (window as unknown as { redlet: Bundle }).redlet
      const r = new m.Redlet()
      const sub = r.pubsub()
      const got: unknown[] = []
      sub.on((msg: unknown) => got.push(msg))
      sub.subscribe('news')
      sub.psubscribe('n*')
      const receivers = r.publish('news', 'hello')
      await new Promise((res) => setTimeout(res, 0))
      const worker = new m.RedletAsync({ engine: r.engine })
      const job = worker.brpop('jobs', 5)
      setTimeout(() => r.call('LPUSH', 'jobs', 'resize:42'), 10)
      const served = await job
      const t0 = Date.now()
      const timedOut = await worker.blpop('empty', 0.1)
      return { receivers, got, served, timedOut, waited: Date.now() - t0 >= 90 }
    })
    expect(out).toEqual({
      receivers: 2,
      got: [
        { type: 'message', channel: 'news', message: 'hello' },
        { type: 'pmessage', pattern: 'n*', channel: 'news', message: 'hello' },
      ],
      served: ['jobs', 'resize:42'],
      timedOut: null,
      waited: true,
    })
    await page.close()
  })

  test('the ioredis client: Uint8Array for Buffer methods, events, pipelines, blocking', async () => {
    const page = await served.page()
    const out = await page.evaluate(async () => {
      const m = (window as unknown as { ioredis: IoBundle }).ioredis
      const Redis = m.default
      const redis = new Redis()
      const sub = new Redis()
      const log: unknown[] = []
      sub.on('message', (c: string, msg: string) => log.push(['message', c, msg]))
      sub.on('messageBuffer', (c: Uint8Array, msg: Uint8Array) => log.push(['messageBuffer', c instanceof Uint8Array, Array.from(msg)]))
      const res: unknown[] = []
      res.push(await sub.subscribe('ch'))
      res.push(await redis.publish('ch', 'hi'))
      await new Promise((r) => setTimeout(r, 0))
      res.push(await redis.set('k', new Uint8Array([1, 2, 3])))
      const b = await redis.getBuffer('k')
      res.push(b instanceof Uint8Array, Array.from(b as Uint8Array))
      res.push(await redis.hset('h', { a: 1, b: 'x' }), await redis.hgetall('h'))
      res.push(await redis.pipeline().incr('n').incr('n').get('n').exec())
      res.push(await redis.multi().set('m', '1').get('m').exec())
      const other = redis.duplicate()
      const waiting = other.blpop('q', 1)
      setTimeout(() => redis.rpush('q', 'job'), 5)
      res.push(await waiting)
      res.push(redis.status)
      return { res, log }
    })
    expect(out).toEqual({
      res: [1, 1, 'OK', true, [1, 2, 3], 2, { a: '1', b: 'x' }, [[null, 1], [null, 2], [null, '2']], [[null, 'OK'], [null, '1']], ['q', 'job'], 'ready'],
      log: [
        ['message', 'ch', 'hi'],
        ['messageBuffer', true, [104, 105]],
      ],
    })
    await page.close()
  })

  test('snapshot and restore', async () => {
    const page = await served.page()
    const out = await page.evaluate(async () => {
      const m = (window as unknown as { redlet: Bundle }).redlet
      const a = new m.Redlet()
      a.set('s', 'v', 'EX', 100)
      a.call('RPUSH', 'l', '1', '2', '3')
      a.call('ZADD', 'z', '1', 'a', '2', 'b')
      a.call('SADD', 's2', 'x', 'y')
      a.call('HSET', 'h', 'f', 'v')
      const bytes = a.engine.snapshot()
      const b = new m.Redlet()
      const loaded = b.engine.restore(bytes)
      let bad = ''
      try {
        b.engine.restore(bytes.slice(0, 10))
      } catch (e) {
        bad = (e as Error).name
      }
      return [bytes instanceof Uint8Array, loaded, b.get('s'), (b.call('TTL', 's') as number) > 98, b.call('LRANGE', 'l', 0, -1), b.call('ZRANGE', 'z', 0, -1, 'WITHSCORES'), (b.call('SMEMBERS', 's2') as string[]).sort(), b.hgetall('h'), bad, b.call('DBSIZE')]
    })
    expect(out).toEqual([true, 5, 'v', true, ['1', '2', '3'], ['a', '1', 'b', '2'], ['x', 'y'], { f: 'v' }, 'CodecError', 5])
    await page.close()
  })

  test('IndexedDB persistence survives a reload', async () => {
    const page = await served.page()
    await page.evaluate(async () => {
      const m = (window as unknown as { redlet: Bundle }).redlet
      const r = new m.Redlet()
      const store = await m.persistToIndexedDB(r.engine, { database: 'redlet-test', debounceMs: 10 })
      r.incr('visits')
      r.set('name', 'ada', 'EX', 1000)
      r.call('RPUSH', 'list', 'a', 'b')
      await new Promise((res) => setTimeout(res, 50))
      await store.close()
    })
    await page.reload()
    await page.waitForFunction(() => (window as unknown as { bundlesLoaded?: boolean }).bundlesLoaded === true)
    const out = await page.evaluate(async () => {
      const m = (window as unknown as { redlet: Bundle }).redlet
      const r = new m.Redlet()
      const store = await m.IndexedDbPersistence.open(r.engine, { database: 'redlet-test' })
      const loaded = await store.load()
      const res = [loaded, r.get('visits'), r.get('name'), (r.call('TTL', 'name') as number) > 990, r.call('LRANGE', 'list', 0, -1)]
      await store.clear()
      res.push(await store.load())
      await store.close()
      return res
    })
    expect(out).toEqual([3, '1', 'ada', true, ['a', 'b'], null])
    await page.close()
  })
})
