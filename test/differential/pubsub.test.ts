/**
 * Pub/sub against the real redis-server: confirmation and message frames in
 * RESP2 and RESP3, the subscribed context, PUBSUB introspection, over several
 * connections per server.
 */
import { connect, type Socket } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply, RespClient } from '../helpers/resp-client.js'

/** The next frame on each connection of a pair must be identical. */
async function next(p: DiffPair): Promise<string> {
  const [a, b] = await Promise.all([p.redis.read(), p.redlet.read()])
  expect(JSON.stringify(b.toString('latin1'))).toBe(JSON.stringify(a.toString('latin1')))
  return a.toString('latin1')
}

/** Switches both connections to RESP3 (HELLO's reply holds the client id, which may differ). */
async function resp3(p: DiffPair): Promise<void> {
  const [a, b] = await p.both('HELLO', '3')
  expect(b[0]).toBe(a[0])
}

/**
 * Reads `n` frames from each side where Redis's order is its hash table's (random
 * per process): the same frames as a set, and the same counts in the same order.
 */
async function unordered(p: DiffPair, n: number): Promise<void> {
  const a: unknown[][] = []
  const b: unknown[][] = []
  for (let i = 0; i < n; i++) {
    const [x, y] = await Promise.all([p.redis.read(), p.redlet.read()])
    expect(y[0], 'frame type').toBe(x[0])
    a.push(parseReply(x) as unknown[])
    b.push(parseReply(y) as unknown[])
  }
  expect(b.map((f) => f[2])).toEqual(a.map((f) => f[2]))
  expect(b.map((f) => `${f[0]} ${f[1]}`).sort()).toEqual(a.map((f) => `${f[0]} ${f[1]}`).sort())
}

describeDiff('pub/sub', () => {
  const d = useDifferential()
  // a failed test must not leave the main pair inside MULTI or subscribed
  afterEach(async () => {
    await d.both('RESET')
  })

  test('SUBSCRIBE, PUBLISH and UNSUBSCRIBE in RESP2', async () => {
    const sub = await d.connect()
    await sub.same('SUBSCRIBE', 'a', 'b', 'a')
    await next(sub)
    await next(sub)
    await d.same('PUBLISH', 'a', 'hello')
    await next(sub)
    await d.same('PUBLISH', 'nobody', 'x')
    await d.same('PUBLISH', 'b', Buffer.from([0, 255, 13, 10]))
    await next(sub)
    await sub.same('UNSUBSCRIBE', 'a', 'zz')
    await next(sub)
    await sub.same('UNSUBSCRIBE')
    await sub.same('UNSUBSCRIBE')
    await sub.same('GET', 'x')
  })

  test('the RESP2 subscribed context', async () => {
    const sub = await d.connect()
    await sub.same('SUBSCRIBE', 'a')
    await sub.sameError('GET', 'x')
    await sub.sameError('PUBLISH', 'a', 'x')
    await sub.sameError('PUBSUB', 'NUMPAT')
    await sub.sameError('MULTI')
    await sub.sameError('WATCH', 'x')
    await sub.sameError('EXEC')
    await sub.same('PING')
    await sub.same('PING', 'msg')
    await sub.sameError('PING', 'a', 'b')
    await sub.same('PSUBSCRIBE', 'p*')
    await sub.same('SSUBSCRIBE', 's')
    await sub.same('UNSUBSCRIBE')
    await sub.same('PUNSUBSCRIBE')
    // a shard channel alone keeps the context
    await sub.sameError('GET', 'x')
    await sub.same('SUNSUBSCRIBE')
    await sub.same('GET', 'x')
    await sub.same('SUBSCRIBE', 'a')
    await sub.same('RESET')
    await sub.same('GET', 'x')
  })

  test('unsubscribing from nothing: the nil channel frame', async () => {
    await d.same('UNSUBSCRIBE')
    await d.same('PUNSUBSCRIBE')
    await d.same('SUNSUBSCRIBE')
    await d.same('PSUBSCRIBE', 'x*')
    await d.same('UNSUBSCRIBE')
    await d.same('SUNSUBSCRIBE')
    await d.same('PUNSUBSCRIBE')
    await resp3(d)
    await d.same('UNSUBSCRIBE')
    await d.same('PUNSUBSCRIBE')
    await d.same('SUNSUBSCRIBE')
    await d.same('RESET')
  })

  test('UNSUBSCRIBE with no arguments drops every channel', async () => {
    const sub = await d.connect()
    await sub.same('SUBSCRIBE', 'c1')
    await sub.same('SUBSCRIBE', 'c2')
    await sub.same('SUBSCRIBE', 'c3')
    sub.redis.send('UNSUBSCRIBE')
    sub.redlet.send('UNSUBSCRIBE')
    await unordered(sub, 3)
    await sub.same('PSUBSCRIBE', 'p1', 'p2')
    await next(sub)
    sub.redis.send('PUNSUBSCRIBE')
    sub.redlet.send('PUNSUBSCRIBE')
    await unordered(sub, 2)
    await sub.same('PING')
  })

  test('PSUBSCRIBE: glob patterns and pmessage frames', async () => {
    const sub = await d.connect()
    await sub.same('PSUBSCRIBE', 'news.*', 'h?llo', 'x[a-c]', 'y[^a]', 'esc\\*')
    for (let i = 0; i < 4; i++) await next(sub)
    for (const ch of ['news.tech', 'hello', 'hallo', 'xb', 'xd', 'ya', 'yb', 'esc*', 'escX', 'news']) {
      await d.same('PUBLISH', ch, `to ${ch}`)
    }
    for (let i = 0; i < 6; i++) await next(sub)
    expect(await sub.redlet.silentFor(50)).toBe(true)
    await sub.same('PUNSUBSCRIBE', 'h?llo', 'nothing')
    await next(sub)
    await sub.sameError('PSUBSCRIBE')
  })

  test('a client matching a channel and a pattern gets both; PUBLISH counts both', async () => {
    const sub = await d.connect()
    await sub.same('SUBSCRIBE', 'ch')
    await sub.same('PSUBSCRIBE', 'c*')
    const other = await d.connect()
    await other.same('SUBSCRIBE', 'ch')
    await d.same('PUBLISH', 'ch', 'hi')
    await next(sub)
    await next(sub)
    await next(other)
  })

  test('RESP3: pushes, and full command use while subscribed', async () => {
    const sub = await d.connect()
    await resp3(sub)
    await sub.same('SUBSCRIBE', 'a', 'b')
    await next(sub)
    await sub.same('SET', 'k', 'v')
    await sub.same('PING')
    await d.same('PUBLISH', 'a', 'm1')
    await next(sub)
    await sub.same('PSUBSCRIBE', 'a*')
    await sub.same('PUBLISH', 'a', 'to myself')
    await next(sub)
    await next(sub)
    await sub.same('GET', 'k')
    await sub.same('SSUBSCRIBE', 's')
    await d.same('SPUBLISH', 's', 'shard')
    await next(sub)
    await sub.same('UNSUBSCRIBE', 'a')
    await sub.same('SUNSUBSCRIBE', 's')
    await sub.same('PUNSUBSCRIBE', 'a*')
  })

  test('SSUBSCRIBE, SPUBLISH and SUNSUBSCRIBE', async () => {
    const sub = await d.connect()
    await sub.same('SSUBSCRIBE', 'x', 'y')
    await next(sub)
    await sub.same('SUBSCRIBE', 'z')
    await d.same('SPUBLISH', 'x', 'm')
    await next(sub)
    await d.same('PUBLISH', 'x', 'not a shard message')
    await d.same('SPUBLISH', 'z', 'not a channel message')
    await sub.same('SUNSUBSCRIBE', 'x')
    await sub.same('UNSUBSCRIBE')
    await sub.sameError('GET', 'k')
    await sub.same('SUNSUBSCRIBE')
    await sub.same('SUNSUBSCRIBE')
    await d.sameError('SSUBSCRIBE')
    await d.sameError('SPUBLISH', 'x')
    await d.same('MULTI')
    await d.same('SSUBSCRIBE', 'a')
    await d.same('EXEC')
    await d.same('PUBSUB', 'SHARDNUMSUB', 'a')
  })

  test('PUBSUB CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB', async () => {
    const s1 = await d.connect()
    const s2 = await d.connect()
    await s1.same('SUBSCRIBE', 'news.a')
    await s1.same('SUBSCRIBE', 'news.b')
    await s2.same('SUBSCRIBE', 'news.a')
    await s2.same('SUBSCRIBE', 'other')
    await s1.same('PSUBSCRIBE', 'p*')
    await s2.same('PSUBSCRIBE', 'p*')
    await s2.same('PSUBSCRIBE', 'q*')
    const s3 = await d.connect()
    await s3.same('SSUBSCRIBE', 'sh1')
    await s3.same('SSUBSCRIBE', 'sh2')
    await d.sameSorted('PUBSUB', 'CHANNELS')
    await d.sameSorted('PUBSUB', 'CHANNELS', 'news.*')
    await d.same('PUBSUB', 'CHANNELS', 'nomatch*')
    await d.same('PUBSUB', 'NUMSUB', 'news.a', 'news.b', 'other', 'p*', 'none')
    await d.same('PUBSUB', 'NUMSUB')
    await d.same('PUBSUB', 'NUMPAT')
    await d.sameSorted('PUBSUB', 'SHARDCHANNELS')
    await d.same('PUBSUB', 'SHARDCHANNELS', '*2')
    await d.same('PUBSUB', 'SHARDNUMSUB', 'sh1', 'sh2', 'news.a')
    await d.same('PUBSUB', 'SHARDNUMSUB')
    await resp3(d)
    await d.same('PUBSUB', 'NUMSUB', 'news.a')
    await d.same('PUBSUB', 'CHANNELS', 'other')
    await d.same('PUBSUB', 'HELP')
  })

  test('PUBSUB errors', async () => {
    await d.same('PUBSUB', 'HELP')
    await d.sameError('PUBSUB', 'HELP', 'x')
    await d.sameError('PUBSUB', 'CHANNELS', 'a', 'b')
    await d.sameError('PUBSUB', 'SHARDCHANNELS', 'a', 'b')
    await d.sameError('PUBSUB', 'NUMPAT', 'x')
    await d.sameError('PUBSUB', 'FOO')
    await d.sameError('PUBSUB')
    await d.sameError('PUBLISH', 'a')
    await d.sameError('SUBSCRIBE')
  })

  test('a disconnected subscriber is gone', async () => {
    const sub = await d.connect()
    await sub.same('SUBSCRIBE', 'gone')
    sub.close()
    await new Promise((r) => setTimeout(r, 50))
    await d.same('PUBLISH', 'gone', 'x')
    await d.same('PUBSUB', 'NUMSUB', 'gone')
  })

  test('subscriptions inside MULTI', async () => {
    const c = await d.connect()
    await c.same('MULTI')
    await c.same('SUBSCRIBE', 'x')
    await c.same('PSUBSCRIBE', 'y*')
    await c.same('PUBLISH', 'x', 'self')
    await c.same('PUBSUB', 'NUMSUB', 'x')
    await c.same('EXEC')
    // Redis writes *4, then the frames: two confirmations, the message to itself, and PUBLISH's :1
    await next(c)
    await c.sameError('GET', 'k')
    await c.same('RESET')
  })
})

describeDiff('pub/sub before authentication', () => {
  const d = useDifferential({ password: 'pw' })

  test('unsubscribe commands need AUTH too', async () => {
    await d.same('RESET')
    await d.sameError('UNSUBSCRIBE')
    await d.sameError('PUNSUBSCRIBE')
    await d.sameError('SUNSUBSCRIBE', 'x')
    await d.sameError('PUBSUB', 'NUMSUB', 'a')
    await d.sameError('PUBSUB', 'SHARDNUMSUB', 'a')
    await d.sameError('PUBSUB', 'CHANNELS')
    await d.sameError('PUBSUB', 'SHARDCHANNELS')
    await d.sameError('SUBSCRIBE', 'a')
    await d.same('AUTH', 'pw')
  })
})

/**
 * client-output-buffer-limit for pub/sub clients: a subscriber that never reads
 * is dropped once its unsent output passes the hard limit; a subscriber that
 * reads keeps getting every message.
 */
const SIZE = 16 * 1024
const COUNT = 2000

async function slowSubscriber(port: number): Promise<Record<string, unknown>> {
  const open = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' }, () => resolve(s))
      s.once('error', reject)
    })
  const subscribe = async (s: Socket): Promise<void> => {
    const confirmed = new Promise((r) => s.once('data', r))
    s.write('*2\r\n$9\r\nSUBSCRIBE\r\n$3\r\nbig\r\n')
    await confirmed
  }
  const slow = await open()
  slow.on('error', () => {})
  await subscribe(slow)
  slow.pause()
  const fast = await open()
  await subscribe(fast)
  let fastBytes = 0
  fast.on('data', (d: Buffer) => (fastBytes += d.length))
  const pub = await RespClient.connect(port)
  const before = parseReply(await pub.call('PUBSUB', 'NUMSUB', 'big'))
  const payload = Buffer.alloc(SIZE, 120)
  const receivers: unknown[] = []
  for (let i = 0; i < COUNT; i++) receivers.push(parseReply(await pub.call('PUBLISH', 'big', payload)))
  const after = parseReply(await pub.call('PUBSUB', 'NUMSUB', 'big'))
  const frame = SIZE + `*3\r\n$7\r\nmessage\r\n$3\r\nbig\r\n$${SIZE}\r\n\r\n`.length
  for (let i = 0; i < 400 && fastBytes < COUNT * frame; i++) await new Promise((r) => setTimeout(r, 10))
  pub.close()
  fast.destroy()
  slow.destroy()
  return { before, after, lastReceivers: receivers[receivers.length - 1], fastGotAll: fastBytes === COUNT * frame }
}

describeDiff('pub/sub output buffer limit', () => {
  const limit = 'pubsub 262144 131072 60'
  const d = useDifferential({ redisArgs: ['--client-output-buffer-limit', limit], redlet: { config: { 'client-output-buffer-limit': limit } } })

  test('a subscriber that never reads is dropped; the others continue', async () => {
    const [a, b] = await Promise.all([slowSubscriber(d.oracle.port), slowSubscriber(d.server.port)])
    expect(a).toEqual({ before: ['big', 2], after: ['big', 1], lastReceivers: 1, fastGotAll: true })
    expect(b).toEqual(a)
  }, 30000)
})
