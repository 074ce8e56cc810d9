/**
 * ioredis 6 and node-redis 6 (both open with HELLO 3) against redlet and
 * redis-server: the same scenario through each client, results deep-equal.
 */
import Redis from 'ioredis'
import { createClient } from 'redis'
import { expect, test } from 'vitest'
import { describeDiff } from '../helpers/differential.js'
import { useServerPair } from '../helpers/servers.js'

type Outcome = unknown

async function settle<T>(p: Promise<T>): Promise<Outcome> {
  try {
    return { ok: await p }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

async function ioredisScenario(port: number): Promise<Outcome[]> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true })
  await r.connect()
  const out: Outcome[] = []
  try {
    out.push(await settle(r.flushall()))
    out.push(await settle(r.set('k', 'v')))
    out.push(await settle(r.get('k')))
    out.push(await settle(r.set('k', 'v2', 'EX', 100, 'GET')))
    out.push(await settle(r.ttl('k')))
    out.push(await settle(r.incr('n')))
    out.push(await settle(r.incrby('n', 41)))
    out.push(await settle(r.mset('a', '1', 'b', '2')))
    out.push(await settle(r.mget('a', 'b', 'nope')))
    out.push(await settle(r.set('bin', Buffer.from([0, 255, 13, 10, 0xc3]))))
    out.push(await settle(r.getBuffer('bin').then((b) => b && [...b])))
    out.push(await settle(r.exists('a', 'b', 'nope')))
    out.push(await settle(r.del('a', 'nope')))
    out.push(await settle(r.type('k')))
    out.push(await settle(r.call('SET', 'k')))
    out.push(await settle(r.incr('k')))
    out.push(await settle(r.call('NOSUCHCOMMAND', 'x')))
    out.push(await settle(r.echo('héllo')))
    out.push(await settle(r.ping()))
    out.push(await settle(r.dbsize()))
    out.push(await settle(r.call('HELLO', '3').then((m) => (m as unknown[]).filter((_, i) => i % 2 === 0))))
  } finally {
    r.disconnect()
  }
  return out
}

async function nodeRedisScenario(port: number): Promise<Outcome[]> {
  const c = createClient({ url: `redis://127.0.0.1:${port}`, RESP: 3 })
  c.on('error', () => {})
  await c.connect()
  const out: Outcome[] = []
  try {
    out.push(await settle(c.flushAll()))
    out.push(await settle(c.set('k', 'v')))
    out.push(await settle(c.get('k')))
    out.push(await settle(c.set('k', 'v2', { expiration: { type: 'EX', value: 100 }, GET: true } as never)))
    out.push(await settle(c.ttl('k')))
    out.push(await settle(c.incr('n')))
    out.push(await settle(c.mSet(['a', '1', 'b', '2'])))
    out.push(await settle(c.mGet(['a', 'b', 'nope'])))
    out.push(await settle(c.exists(['a', 'b', 'nope'])))
    out.push(await settle(c.sendCommand(['SET', 'k'])))
    out.push(await settle(c.sendCommand(['INCR', 'k'])))
    out.push(await settle(c.sendCommand(['ECHO', 'héllo'])))
    out.push(await settle(c.ping()))
    out.push(await settle(c.dbSize()))
  } finally {
    c.destroy()
  }
  return out
}

describeDiff('Node clients over RESP3', () => {
  const servers = useServerPair()

  test('ioredis 6', async () => {
    const expected = await ioredisScenario(servers.oracle.port)
    const actual = await ioredisScenario(servers.redlet.port)
    expect(actual).toEqual(expected)
  })

  test('node-redis 6', async () => {
    const expected = await nodeRedisScenario(servers.oracle.port)
    const actual = await nodeRedisScenario(servers.redlet.port)
    expect(actual).toEqual(expected)
  })
})
