/** Sharded mode (REDLET_SHARDS=4): keys spread over objects by hash slot, Redis Cluster's rules, pub/sub across shards. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { keySlot, shardOfSlot } from '../../adapters/workers/slots.js'
import { rest, rpc, startWorker, WsClient, type RunningWorker } from './harness.js'

const SHARDS = 4
const CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot"

let w: RunningWorker
beforeAll(async () => {
  w = await startWorker({ shards: SHARDS })
})
afterAll(async () => {
  await w?.close()
})

/** A key whose slot belongs to `shard`. */
function keyOn(shard: number, prefix = 'k'): string {
  for (let i = 0; ; i++) if (shardOfSlot(keySlot(`${prefix}${i}`), SHARDS) === shard) return `${prefix}${i}`
}

describe('hash slots', () => {
  test('CRC16 slots as Redis Cluster computes them', () => {
    expect(keySlot('foo')).toBe(12182)
    expect(keySlot('{user1}:a')).toBe(8106)
    expect(keySlot('{user1}:b')).toBe(keySlot('user1'))
    expect(keySlot('{}x')).toBe(keySlot('{}x'))
    expect(keySlot('a{}{b}')).not.toBe(keySlot('b'))
  })
})

describe('sharded REST', () => {
  test('keys spread over several objects; DBSIZE, KEYS and SCAN see them all', async () => {
    const cmds = []
    for (let i = 0; i < 200; i++) cmds.push(['SET', `key:${i}`, String(i)])
    const r = await rest(w.url, '/pipeline', cmds)
    expect((r.json as unknown[]).every((x) => JSON.stringify(x) === '{"result":"OK"}')).toBe(true)
    const sizes: number[] = []
    for (let i = 0; i < SHARDS; i++) sizes.push((await rpc(w, 'command', [['DBSIZE']], `default#${i}/${SHARDS}`)).ok as number)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(200)
    expect(sizes.filter((n) => n > 20).length).toBe(SHARDS)
    expect((await rest(w.url, '/', ['DBSIZE'])).json).toEqual({ result: 200 })
    expect(((await rest(w.url, '/', ['KEYS', 'key:*'])).json as { result: string[] }).result.length).toBe(200)
    const seen = new Set<string>()
    let cursor = '0'
    do {
      const [next, keys] = ((await rest(w.url, '/', ['SCAN', cursor, 'MATCH', 'key:*', 'COUNT', '50'])).json as { result: [string, string[]] }).result
      for (const k of keys) seen.add(k)
      cursor = next
    } while (cursor !== '0')
    expect(seen.size).toBe(200)
    expect((await rest(w.url, '/', ['GET', 'key:123'])).json).toEqual({ result: '123' })
  })

  test('multi-key commands within one slot work; across slots they get CROSSSLOT', async () => {
    expect(await rest(w.url, '/', ['MSET', 'a', '1', 'b', '2'])).toEqual({ status: 400, json: { error: CROSSSLOT } })
    expect(await rest(w.url, '/', ['MSET', '{u}a', '1', '{u}b', '2'])).toEqual({ status: 200, json: { result: 'OK' } })
    expect(await rest(w.url, '/', ['MGET', '{u}a', '{u}b'])).toEqual({ status: 200, json: { result: ['1', '2'] } })
    expect(await rest(w.url, '/multi-exec', [['INCR', '{u}a'], ['INCR', '{u}b']])).toEqual({ status: 200, json: [{ result: 2 }, { result: 3 }] })
    expect(await rest(w.url, '/multi-exec', [['INCR', 'a'], ['INCR', 'b']])).toEqual({ status: 400, json: { error: CROSSSLOT } })
    expect(await rest(w.url, '/', ['SELECT', '1'])).toEqual({ status: 400, json: { error: 'ERR SELECT is not allowed in cluster mode' } })
    expect(await rest(w.url, '/', ['SELECT', '0'])).toEqual({ status: 200, json: { result: 'OK' } })
    expect(await rest(w.url, '/', ['MOVE', 'a', '1'])).toEqual({ status: 400, json: { error: 'ERR MOVE is not allowed in cluster mode' } })
    expect(await rest(w.url, '/', ['SWAPDB', '0', '1'])).toEqual({ status: 400, json: { error: 'ERR SWAPDB is not allowed in cluster mode' } })
    expect(await rest(w.url, '/', ['COPY', '{u}a', '{u}c', 'DB', '1'])).toEqual({ status: 400, json: { error: 'ERR Copying to another database is not allowed in cluster mode' } })
    expect(await rest(w.url, '/', ['EVAL', "return redis.call('get', KEYS[1])", '1', '{u}a'])).toEqual({ status: 200, json: { result: '2' } })
  })
})

describe('sharded WebSocket', () => {
  test('commands reach the shard owning their keys, whichever object holds the socket', async () => {
    const c = await WsClient.connect(w.url)
    for (let shard = 0; shard < SHARDS; shard++) {
      const k = keyOn(shard, 'ws')
      expect(await c.call('SET', k, `on${shard}`)).toBe('+OK\r\n')
      expect(await c.call('GET', k)).toBe(`$3\r\non${shard}\r\n`)
      expect((await rpc(w, 'command', [['GET', k]], `default#${shard}/${SHARDS}`)).ok).toBe(`on${shard}`)
    }
    expect(await c.call('MSET', 'x', '1', 'y', '2')).toBe(`-${CROSSSLOT}\r\n`)
    expect(await c.call('SELECT', '2')).toBe('-ERR SELECT is not allowed in cluster mode\r\n')
    expect(await c.call('HELLO', '3')).toMatch(/^%7/)
    expect(await c.call('HGETALL', `{${keyOn(3, 'h')}}`)).toBe('%0\r\n')
    await c.close()
  })

  test('MULTI/EXEC within one slot on any shard; across slots EXEC gets CROSSSLOT', async () => {
    const c = await WsClient.connect(w.url)
    for (let shard = 0; shard < SHARDS; shard++) {
      const tag = `{${keyOn(shard, 't')}}`
      expect(await c.call('MULTI')).toBe('+OK\r\n')
      expect(await c.call('SET', `${tag}a`, '1')).toBe('+QUEUED\r\n')
      expect(await c.call('INCR', `${tag}a`)).toBe('+QUEUED\r\n')
      expect(await c.call('EXEC')).toBe('*2\r\n+OK\r\n:2\r\n')
    }
    expect(await c.call('MULTI')).toBe('+OK\r\n')
    await c.call('SET', keyOn(0), '1')
    await c.call('SET', keyOn(1), '1')
    expect(await c.call('EXEC')).toBe(`-${CROSSSLOT}\r\n`)
    expect(await c.call('EXEC')).toBe('-ERR EXEC without MULTI\r\n')
    await c.close()
  })

  test('WATCH on another shard’s key: a change by another client aborts EXEC', async () => {
    for (let shard = 0; shard < SHARDS; shard++) {
      const key = keyOn(shard, 'watched')
      const a = await WsClient.connect(w.url)
      const b = await WsClient.connect(w.url)
      expect(await a.call('WATCH', key)).toBe('+OK\r\n')
      expect(await a.call('MULTI')).toBe('+OK\r\n')
      expect(await a.call('SET', key, 'mine')).toBe('+QUEUED\r\n')
      expect(await b.call('SET', key, 'theirs')).toBe('+OK\r\n')
      expect(await a.call('EXEC')).toBe('*-1\r\n')
      expect(await a.call('WATCH', key)).toBe('+OK\r\n')
      expect(await a.call('MULTI')).toBe('+OK\r\n')
      expect(await a.call('SET', key, 'mine')).toBe('+QUEUED\r\n')
      expect(await a.call('EXEC')).toBe('*1\r\n+OK\r\n')
      expect(await b.call('GET', key)).toBe('$4\r\nmine\r\n')
      await Promise.all([a.close(), b.close()])
    }
  })

  test('a blocking pop waits on the shard owning its key', async () => {
    for (let shard = 0; shard < SHARDS; shard++) {
      const key = keyOn(shard, 'queue')
      const c = await WsClient.connect(w.url)
      c.send('BLPOP', key, '0')
      c.send('PING')
      expect(await c.quiet(150)).toBe(true)
      expect((await rest(w.url, '/', ['RPUSH', key, 'job'])).json).toEqual({ result: 1 })
      expect(await c.next()).toBe(`*2\r\n$${key.length}\r\n${key}\r\n$3\r\njob\r\n`)
      expect(await c.next()).toBe('+PONG\r\n')
      expect(await c.call('BLPOP', key, '0.1')).toBe('*-1\r\n')
      await c.close()
    }
  })

  test('PUBLISH reaches subscribers on every shard', async () => {
    const subs: WsClient[] = []
    for (let i = 0; i < 12; i++) {
      const s = await WsClient.connect(w.url)
      expect(await s.call('SUBSCRIBE', 'everywhere')).toBe('*3\r\n$9\r\nsubscribe\r\n$10\r\neverywhere\r\n:1\r\n')
      subs.push(s)
    }
    const p = await WsClient.connect(w.url)
    expect(await p.call('PSUBSCRIBE', 'every*')).toMatch(/^\*3/)
    const pub = await WsClient.connect(w.url)
    expect(await pub.call('PUBLISH', 'everywhere', 'hi')).toBe(':13\r\n')
    for (const s of subs) expect(await s.next()).toBe('*3\r\n$7\r\nmessage\r\n$10\r\neverywhere\r\n$2\r\nhi\r\n')
    expect(await p.next()).toBe('*4\r\n$8\r\npmessage\r\n$6\r\nevery*\r\n$10\r\neverywhere\r\n$2\r\nhi\r\n')
    expect((await rest(w.url, '/', ['PUBLISH', 'everywhere', 'again'])).json).toEqual({ result: 13 })
    for (const s of subs) expect(await s.next()).toBe('*3\r\n$7\r\nmessage\r\n$10\r\neverywhere\r\n$5\r\nagain\r\n')
    await Promise.all([...subs, p, pub].map((c) => c.close()))
  })
})
