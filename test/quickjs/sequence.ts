/**
 * One command sequence, run on the bundle in QuickJS and on the same code in
 * Node: written as plain JavaScript over the bundle's exports (`m`, and `io`
 * for the ioredis client), returning JSON-able data (bytes as arrays, bigints
 * and Maps spelled out).
 */
type Mod = typeof import('../../adapters/inprocess/index.js')
type Io = typeof import('../../adapters/inprocess/ioredis/index.js')

export async function sequence(m: Mod, io: Io): Promise<unknown> {
  const plain = (v: unknown): unknown => {
    if (typeof v === 'bigint') return { bigint: v.toString() }
    if (v instanceof Uint8Array) return { bytes: Array.from(v) }
    if (v instanceof Map) return { map: Array.from(v.entries()).map(([k, x]) => [plain(k), plain(x)]) }
    if (v instanceof Set) return { set: Array.from(v).map(plain) }
    if (Array.isArray(v)) return v.map(plain)
    if (v instanceof Error) return { error: v.name + ': ' + v.message }
    if (v !== null && typeof v === 'object') {
      const o: Record<string, unknown> = {}
      for (const k of Object.keys(v)) o[k] = plain((v as Record<string, unknown>)[k])
      return o
    }
    return v
  }
  const out: unknown[] = []
  const at = (f: () => unknown): void => {
    try {
      out.push(plain(f()))
    } catch (e) {
      out.push(plain(e))
    }
  }
  const clock = new m.ManualClock(1_700_000_000_000)
  const r = new m.Redlet({ clock })
  at(() => r.set('greeting', 'héllo wörld ✓'))
  at(() => r.get('greeting'))
  at(() => r.call('STRLEN', 'greeting'))
  at(() => r.call('SET', 'bin', new Uint8Array([0, 1, 254, 255])))
  at(() => r.callBuffer('GET', 'bin'))
  at(() => r.call('GETRANGE', 'bin', 1, 2))
  at(() => r.incrby('big', 9007199254740993n))
  at(() => r.call('INCRBYFLOAT', 'f', '0.1'))
  at(() => r.call('ZADD', 'z', '0.1', 'a', '2.5', 'b', 'inf', 'c'))
  at(() => r.call('ZRANGE', 'z', 0, -1, 'WITHSCORES'))
  at(() => r.call('ZINCRBY', 'z', '1e3', 'a'))
  at(() => r.hset('h', 'f1', 'v1', 'f2', '2'))
  at(() => r.hgetall('h'))
  at(() => r.call('HINCRBYFLOAT', 'h', 'f2', '1.25'))
  at(() => r.rpush('l', 'a', 'b', 'c'))
  at(() => r.call('LPOS', 'l', 'b'))
  at(() => r.call('SADD', 's', '3', '1', '2'))
  at(() => r.call('SMEMBERS', 's'))
  at(() => r.call('SINTERCARD', 2, 's', 'nos'))
  at(() => r.call('HGET', 'greeting', 'x'))
  at(() => r.call('NOSUCH'))
  at(() => r.set('ttl', 'v', 'PX', 1500))
  clock.advance(1000)
  at(() => r.call('PTTL', 'ttl'))
  clock.advance(600)
  at(() => r.get('ttl'))
  at(() => r.multi().incr('n').incr('n').call('LPUSH', 'greeting', 'x').exec())
  at(() => r.call('OBJECT', 'ENCODING', 'big'))
  at(() => r.call('DBSIZE'))
  const snap = r.engine.snapshot()
  const copy = new m.Redlet({ clock })
  at(() => copy.engine.restore(snap))
  at(() => [copy.get('greeting'), copy.call('ZSCORE', 'z', 'b'), copy.hgetall('h'), copy.call('LRANGE', 'l', 0, -1)])
  const r3 = new m.Redlet({ engine: r.engine, protocol: 3 })
  at(() => r3.call('HGETALL', 'h'))
  at(() => r3.call('ZSCORE', 'z', 'b'))
  at(() => r3.call('SMEMBERS', 's'))
  // pub/sub and blocking on the promise clients, time from the manual clock
  const sub = r.pubsub()
  const got: unknown[] = []
  sub.on((msg: unknown) => got.push(msg))
  at(() => sub.subscribe('news'))
  at(() => r.publish('news', 'hello'))
  await Promise.resolve()
  await Promise.resolve()
  out.push(plain(got))
  const worker = new m.RedletAsync({ engine: r.engine, autoTick: false })
  const served = worker.brpop('jobs', 5)
  r.call('LPUSH', 'jobs', 'j1')
  out.push(plain(await served))
  const timed = worker.blpop('none', 2)
  clock.advance(2001)
  out.push(plain(await timed))
  // the ioredis client
  const redis = new io.Redis({ port: 9, clock })
  const sub2 = redis.duplicate()
  const log: unknown[] = []
  sub2.on('message', (c: string, msg: string) => log.push([c, msg]))
  out.push(plain(await sub2.subscribe('ch')))
  out.push(plain(await redis.publish('ch', 'm1')))
  out.push(plain(await redis.set('k', 'v', 'EX', 10)))
  out.push(plain(await redis.getBuffer('k')))
  out.push(plain(await redis.hset('hh', { a: 1, b: 'two' })))
  out.push(plain(await redis.hgetall('hh')))
  out.push(plain(await redis.pipeline().incr('c').incr('c').hget('k', 'x').exec()))
  out.push(plain(await redis.multi().set('m', '1').get('m').exec()))
  const waiter = redis.duplicate()
  await waiter.ping()
  const blocked = waiter.blpop('q', 3)
  clock.advance(3001)
  out.push(plain(await blocked))
  clock.advance(7000)
  out.push(plain(await redis.get('k')))
  out.push(plain(log))
  out.push(typeof (globalThis as { TextEncoder?: unknown }).TextEncoder)
  return out
}
