/**
 * ioredis 6 and node-redis 6 (both on RESP3) against redlet and redis-server:
 * pub/sub events, MULTI/EXEC, WATCH and a blocking pop woken by another
 * client. Each scenario's outcomes must deep-equal the oracle's.
 */
import Redis from 'ioredis'
import { createClient } from 'redis'
import { expect, test } from 'vitest'
import { describeDiff } from '../helpers/differential.js'
import { useServerPair } from '../helpers/servers.js'

async function settle<T>(p: Promise<T>): Promise<unknown> {
  try {
    return { ok: await p }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms
  while (!cond() && Date.now() < end) await sleep(5)
}

async function ioredisScenario(port: number): Promise<unknown[]> {
  const opts = { port, host: '127.0.0.1', lazyConnect: true }
  const [sub, pub, other] = [new Redis(opts), new Redis(opts), new Redis(opts)]
  await Promise.all([sub.connect(), pub.connect(), other.connect()])
  const out: unknown[] = []
  const events: unknown[] = []
  sub.on('message', (channel: string, message: string) => events.push(['message', channel, message]))
  sub.on('pmessage', (pattern: string, channel: string, message: string) => events.push(['pmessage', pattern, channel, message]))
  sub.on('messageBuffer', (channel: Buffer, message: Buffer) => events.push(['messageBuffer', channel.toString('hex'), message.toString('hex')]))
  try {
    out.push(await settle(sub.subscribe('fm97.5', 'fm80.5')))
    out.push(await settle(sub.psubscribe('fm7*')))
    out.push(await settle(pub.publish('fm97.5', 'first')))
    out.push(await settle(pub.publish('fm77.5', 'second')))
    out.push(await settle(pub.publish('am1', 'nobody')))
    out.push(await settle(pub.publish('fm80.5', Buffer.from([0, 255, 10]))))
    await until(() => events.length >= 5)
    out.push(await settle(sub.ping()))
    out.push(await settle(pub.pubsub('NUMSUB', 'fm97.5', 'fm80.5', 'fm77.5')))
    out.push(await settle(pub.pubsub('NUMPAT')))
    out.push(await settle(sub.unsubscribe('fm97.5')))
    out.push(await settle(sub.punsubscribe('fm7*')))
    out.push(await settle(pub.publish('fm97.5', 'after')))
    out.push(await settle(sub.unsubscribe('fm80.5')))
    out.push(await settle(sub.get('x')))

    out.push(await settle(pub.multi().set('k', 'v').incr('n').get('k').lpush('k', 'x').exec()))
    out.push(await settle(pub.multi().set('k', 'v').call('NOSUCH').exec()))
    await pub.watch('w')
    await other.set('w', 'theirs')
    out.push(await settle(pub.multi().set('w', 'mine').exec()))
    out.push(await settle(pub.get('w')))

    const popped = settle(other.blpop('jobs', 5))
    await sleep(100)
    out.push(await settle(pub.rpush('jobs', 'job-1')))
    out.push(await popped)
    out.push(await settle(other.brpop('jobs', 0.1)))
  } finally {
    sub.disconnect()
    pub.disconnect()
    other.disconnect()
  }
  out.push(events)
  return out
}

async function nodeRedisScenario(port: number): Promise<unknown[]> {
  const c = createClient({ url: `redis://127.0.0.1:${port}`, RESP: 3 })
  c.on('error', () => {})
  const sub = c.duplicate()
  const other = c.duplicate()
  await Promise.all([c.connect(), sub.connect(), other.connect()])
  const out: unknown[] = []
  const events: unknown[] = []
  try {
    out.push(await settle(sub.subscribe(['fm97.5', 'fm80.5'], (message, channel) => events.push(['message', channel, message]))))
    out.push(await settle(sub.pSubscribe('fm7*', (message, channel) => events.push(['pmessage', channel, message]))))
    out.push(await settle(c.publish('fm97.5', 'first')))
    out.push(await settle(c.publish('fm77.5', 'second')))
    out.push(await settle(c.publish('am1', 'nobody')))
    await until(() => events.length >= 2)
    out.push(await settle(c.pubSubNumSub(['fm97.5', 'fm77.5'])))
    out.push(await settle(c.pubSubNumPat()))
    out.push(await settle(c.pubSubChannels('fm9*')))
    out.push(await settle(sub.unsubscribe('fm97.5')))
    out.push(await settle(sub.pUnsubscribe()))
    out.push(await settle(c.publish('fm97.5', 'after')))
    out.push(await settle(sub.sSubscribe('shard', (message, channel) => events.push(['smessage', channel, message]))))
    out.push(await settle(c.sPublish('shard', 'sharded')))
    await until(() => events.length >= 3)

    out.push(await settle(c.multi().set('k', 'v').incr('n').get('k').lPush('k', 'x').exec()))
    out.push(await settle(c.multi().set('k', 'v').addCommand(['NOSUCH']).exec()))
    await c.watch('w')
    await other.set('w', 'theirs')
    out.push(await settle(c.multi().set('w', 'mine').exec()))
    out.push(await settle(c.get('w')))

    const popped = settle(other.blPop('jobs', 5))
    await sleep(100)
    out.push(await settle(c.rPush('jobs', 'job-1')))
    out.push(await popped)
    out.push(await settle(other.brPop('jobs', 0.1)))
  } finally {
    c.destroy()
    sub.destroy()
    other.destroy()
  }
  out.push(events)
  return out
}

describeDiff('Node clients: pub/sub and transactions over RESP3', () => {
  const servers = useServerPair()

  test('ioredis 6', async () => {
    const expected = await ioredisScenario(servers.oracle.port)
    expect(JSON.stringify(expected)).toContain('first')
    const actual = await ioredisScenario(servers.redlet.port)
    expect(actual).toEqual(expected)
  })

  test('node-redis 6', async () => {
    const expected = await nodeRedisScenario(servers.oracle.port)
    expect(JSON.stringify(expected)).toContain('first')
    const actual = await nodeRedisScenario(servers.redlet.port)
    expect(actual).toEqual(expected)
  })
})
