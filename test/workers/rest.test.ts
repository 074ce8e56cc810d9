/** The Upstash REST protocol (Miniflare): the unmodified @upstash/redis client, raw requests, tokens, CORS, SSE. */
import { Redis } from '@upstash/redis'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { rest, RO_TOKEN, startWorker, TOKEN, WsClient, type RunningWorker } from './harness.js'

let w: RunningWorker
let redis: Redis
beforeAll(async () => {
  w = await startWorker()
  redis = new Redis({ url: w.url, token: TOKEN, enableTelemetry: false, retry: false })
})
afterAll(async () => {
  await w?.close()
})

describe('@upstash/redis against the Worker', () => {
  test('strings', async () => {
    expect(await redis.set('s1', 'hello')).toBe('OK')
    expect(await redis.get('s1')).toBe('hello')
    expect(await redis.set('s2', { a: 1 })).toBe('OK')
    expect(await redis.get('s2')).toEqual({ a: 1 })
    expect(await redis.incr('n')).toBe(1)
    expect(await redis.incrby('n', 41)).toBe(42)
    expect(await redis.mget('s1', 'missing', 'n')).toEqual(['hello', null, 42])
    expect(await redis.set('ttl', 'x', { ex: 100 })).toBe('OK')
    expect(await redis.ttl('ttl')).toBe(100)
    expect(await redis.append('s1', ' world')).toBe(11)
    expect(await redis.getrange('s1', 0, 4)).toBe('hello')
  })

  test('hashes', async () => {
    expect(await redis.hset('h', { name: 'ada', age: 36 })).toBe(2)
    expect(await redis.hget('h', 'name')).toBe('ada')
    expect(await redis.hgetall('h')).toEqual({ name: 'ada', age: 36 })
    expect(await redis.hincrby('h', 'age', 1)).toBe(37)
    expect(await redis.hkeys('h')).toEqual(['name', 'age'])
    expect(await redis.hdel('h', 'age')).toBe(1)
    expect(await redis.hlen('h')).toBe(1)
  })

  test('lists', async () => {
    expect(await redis.rpush('l', 'a', 'b', 'c')).toBe(3)
    expect(await redis.lpush('l', 'z')).toBe(4)
    expect(await redis.lrange('l', 0, -1)).toEqual(['z', 'a', 'b', 'c'])
    expect(await redis.lpop('l')).toBe('z')
    expect(await redis.rpop('l')).toBe('c')
    expect(await redis.llen('l')).toBe(2)
  })

  test('sets', async () => {
    expect(await redis.sadd('set', 'a', 'b', 'c')).toBe(3)
    expect(await redis.sismember('set', 'b')).toBe(1)
    expect((await redis.smembers('set')).sort()).toEqual(['a', 'b', 'c'])
    expect(await redis.srem('set', 'a')).toBe(1)
    expect(await redis.scard('set')).toBe(2)
  })

  test('sorted sets', async () => {
    expect(await redis.zadd('z', { score: 1, member: 'one' }, { score: 2.5, member: 'two' })).toBe(2)
    expect(await redis.zscore('z', 'two')).toBe(2.5)
    expect(await redis.zrange('z', 0, -1, { withScores: true })).toEqual(['one', 1, 'two', 2.5])
    expect(await redis.zincrby('z', 10, 'one')).toBe(11)
    expect(await redis.zrank('z', 'one')).toBe(1)
    expect(await redis.zcard('z')).toBe(2)
  })

  test('auto-pipelining sends concurrent commands together', async () => {
    const results = await Promise.all([redis.set('ap1', 'v1'), redis.incr('apn'), redis.get('ap1'), redis.incr('apn')])
    expect(results).toEqual(['OK', 1, 'v1', 2])
    expect(redis.pipelineCounter).toBeGreaterThan(0)
  })

  test('explicit pipelines and multi-exec', async () => {
    const p = redis.pipeline()
    p.set('p1', 'a')
    p.incr('p2')
    p.get('p1')
    expect(await p.exec()).toEqual(['OK', 1, 'a'])
    const tx = redis.multi()
    tx.set('t1', 'x')
    tx.incr('t2')
    tx.incr('t2')
    expect(await tx.exec()).toEqual(['OK', 1, 2])
    const bad = redis.pipeline()
    bad.set('p3', 'a')
    bad.hget('p3', 'f')
    await expect(bad.exec()).rejects.toThrow('WRONGTYPE')
  })

  test('the script helper: EVALSHA, falling back to EVAL once', async () => {
    const script = redis.createScript<string>("return 'got ' .. ARGV[1]")
    expect(await script.exec([], ['one'])).toBe('got one')
    expect(await script.exec([], ['two'])).toBe('got two')
    expect(await redis.scriptExists(script.sha1)).toEqual([1])
  })

  test('base64-encoded binary and non-ASCII values round-trip', async () => {
    const text = 'grüße, 世界 🎉 \u0000 end'
    expect(await redis.set('uni', text)).toBe('OK')
    expect(await redis.get('uni')).toBe(text)
    expect(await redis.hset('uh', { 'clé': 'välue' })).toBe(1)
    expect(await redis.hgetall('uh')).toEqual({ 'clé': 'välue' })
  })
})

describe('raw REST requests', () => {
  test('replies, errors (400) and base64 encoding', async () => {
    expect(await rest(w.url, '/', ['SET', 'raw', 'OK'])).toEqual({ status: 200, json: { result: 'OK' } })
    expect(await rest(w.url, '/', ['GET', 'raw'], TOKEN, { 'Upstash-Encoding': 'base64' })).toEqual({ status: 200, json: { result: 'OK' } })
    expect(await rest(w.url, '/', ['ECHO', 'hi'], TOKEN, { 'Upstash-Encoding': 'base64' })).toEqual({ status: 200, json: { result: btoa('hi') } })
    expect(await rest(w.url, '/', ['PING'], TOKEN, { 'Upstash-Encoding': 'base64' })).toEqual({ status: 200, json: { result: btoa('PONG') } })
    expect(await rest(w.url, '/', ['NOPE'])).toEqual({ status: 400, json: { error: "ERR unknown command 'NOPE', with args beginning with: " } })
    expect(await rest(w.url, '/', 'not a command')).toEqual({ status: 400, json: { error: 'ERR the request body must be a JSON array of command arguments' } })
    expect(await rest(w.url, '/pipeline', [['SET', 'a', 1], ['LPUSH', 'a', 'x']])).toEqual({
      status: 200,
      json: [{ result: 'OK' }, { error: 'WRONGTYPE Operation against a key holding the wrong kind of value' }],
    })
    expect(await rest(w.url, '/multi-exec', [['SET', 'm', 1], ['NOPE']])).toEqual({
      status: 400,
      json: { error: 'EXECABORT Transaction discarded because of previous errors.' },
    })
  })

  test('binary values written over RESP come back base64-encoded, byte for byte', async () => {
    const c = await WsClient.connect(w.url)
    const bytes = Buffer.from([0xff, 0x00, 0xfe, 0x41])
    await c.call('SET', 'rawbin', bytes)
    await c.close()
    const r = await rest(w.url, '/', ['GET', 'rawbin'], TOKEN, { 'Upstash-Encoding': 'base64' })
    expect(r.json).toEqual({ result: bytes.toString('base64') })
  })

  test('path-style commands', async () => {
    const h = { Authorization: `Bearer ${TOKEN}` }
    expect(await (await fetch(`${w.url}/set/pathkey/path%20value`, { headers: h })).json()).toEqual({ result: 'OK' })
    expect(await (await fetch(`${w.url}/get/pathkey`, { headers: h })).json()).toEqual({ result: 'path value' })
    expect(await (await fetch(`${w.url}/set/bodykey`, { method: 'POST', headers: h, body: 'from the body' })).json()).toEqual({ result: 'OK' })
    expect(await (await fetch(`${w.url}/db/default/get/bodykey`, { headers: h })).json()).toEqual({ result: 'from the body' })
  })

  test('named databases are separate objects', async () => {
    expect(await rest(w.url, '/db/other/', ['SET', 'only-here', '1'])).toEqual({ status: 200, json: { result: 'OK' } })
    expect(await rest(w.url, '/', ['EXISTS', 'only-here'])).toEqual({ status: 200, json: { result: 0 } })
    expect(await rest(w.url, '/db/other/', ['EXISTS', 'only-here'])).toEqual({ status: 200, json: { result: 1 } })
  })
})

describe('tokens and CORS', () => {
  test('a missing or wrong token gets 401', async () => {
    const unauthorized = { error: 'Unauthorized: a missing or wrong token (send Authorization: Bearer <REDLET_TOKEN>)' }
    expect(await rest(w.url, '/', ['PING'], null)).toEqual({ status: 401, json: unauthorized })
    expect(await rest(w.url, '/', ['PING'], 'wrong')).toEqual({ status: 401, json: unauthorized })
    expect((await fetch(`${w.url}/get/x?_token=${TOKEN}`)).status).toBe(200)
  })

  test('the read-only token reads, and refuses writes, KEYS and SCAN', async () => {
    await rest(w.url, '/', ['SET', 'rokey', 'v'])
    expect(await rest(w.url, '/', ['GET', 'rokey'], RO_TOKEN)).toEqual({ status: 200, json: { result: 'v' } })
    for (const cmd of [['SET', 'rokey', 'x'], ['KEYS', '*'], ['SCAN', '0'], ['FLUSHALL'], ['EVAL', 'return 1', '0']]) {
      const r = await rest(w.url, '/', cmd, RO_TOKEN)
      expect(r.status).toBe(400)
      expect((r.json as { error: string }).error).toMatch(/^NOPERM the read-only token may not run the '[a-z]+' command/)
    }
    expect(await rest(w.url, '/', ['EVAL_RO', "return redis.call('get', KEYS[1])", '1', 'rokey'], RO_TOKEN)).toEqual({ status: 200, json: { result: 'v' } })
    expect(await rest(w.url, '/multi-exec', [['GET', 'rokey'], ['DEL', 'rokey']], RO_TOKEN)).toEqual({
      status: 400,
      json: { error: "NOPERM the read-only token may not run the 'del' command (it refuses writes, KEYS and SCAN)" },
    })
    const ro = new Redis({ url: w.url, token: RO_TOKEN, enableTelemetry: false, retry: false })
    expect(await ro.get('rokey')).toBe('v')
    await expect(ro.set('rokey', 'y')).rejects.toThrow('NOPERM')
  })

  test('with no token configured, the Worker refuses to serve and says why', async () => {
    const bare = await startWorker({ token: null })
    try {
      const r = await rest(bare.url, '/', ['PING'], 'anything')
      expect(r.status).toBe(503)
      expect((r.json as { error: string }).error).toMatch(/^redlet refuses to serve: REDLET_TOKEN is not configured/)
    } finally {
      await bare.close()
    }
  })

  test('a CORS preflight allows browser use', async () => {
    const res = await fetch(w.url + '/', {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type, upstash-encoding' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type, upstash-encoding')
    const r = await fetch(w.url + '/', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, body: '["PING"]' })
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('server-sent events', () => {
  test('/subscribe streams confirmations and messages', async () => {
    const ac = new AbortController()
    const res = await fetch(`${w.url}/subscribe/sse-news,sse-sport`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'text/event-stream' }, signal: ac.signal })
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    const until = async (s: string): Promise<void> => {
      while (!text.includes(s)) {
        const { value, done } = await reader.read()
        if (done) throw new Error('stream ended')
        text += new TextDecoder().decode(value)
      }
    }
    await until('subscribe,sse-sport,2')
    expect((await rest(w.url, '/', ['PUBLISH', 'sse-news', 'line one\nline two'])).json).toEqual({ result: 1 })
    await until('line two')
    expect(text).toBe('data: subscribe,sse-news,1\n\ndata: subscribe,sse-sport,2\n\ndata: message,sse-news,line one\ndata: line two\n\n')
    ac.abort()
  })

  test('@upstash/redis subscribe and psubscribe', async () => {
    const got: unknown[] = []
    const sub = redis.subscribe(['up-chan'])
    sub.on('message', (m) => got.push(['message', m.channel, m.message]))
    const psub = redis.psubscribe(['up-*'])
    psub.on('pmessage', (m) => got.push(['pmessage', m.pattern, m.channel, m.message]))
    for (let i = 0; i < 50 && (await redis.publish('up-chan', { hi: 1 })) < 2; i++) await new Promise((r) => setTimeout(r, 50))
    for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 50))
    expect(got).toContainEqual(['message', 'up-chan', { hi: 1 }])
    expect(got).toContainEqual(['pmessage', 'up-*', 'up-chan', { hi: 1 }])
    await sub.unsubscribe()
    await psub.unsubscribe()
  })
})
