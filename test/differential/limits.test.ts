/**
 * Client limits against redis-server: what a client that goes past one gets
 * (the error, or nothing) and that its connection closes, while others carry on.
 */
import { connect } from 'node:net'
import { afterEach, expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply, RespClient } from '../helpers/resp-client.js'

const MB = 1024 * 1024

/** A subscriber that stops reading once subscribed (a slow consumer). */
async function stalledSubscriber(port: number): Promise<{ closedAfterDrain(): Promise<boolean> }> {
  const sock = connect({ port, host: '127.0.0.1' })
  await new Promise<void>((resolve) => sock.once('connect', () => resolve()))
  sock.write('*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nfeed\r\n')
  await new Promise<void>((resolve) => sock.once('data', () => resolve()))
  sock.pause()
  let closed = false
  sock.on('close', () => void (closed = true))
  sock.on('error', () => {})
  return {
    // reads what got through, then tells whether the server closed the connection
    closedAfterDrain: async () => {
      sock.on('data', () => {})
      sock.resume()
      for (let i = 0; i < 40 && !closed; i++) await new Promise((r) => setTimeout(r, 50))
      sock.destroy()
      return closed
    },
  }
}

describeDiff('client limits', () => {
  const d = useDifferential()

  afterEach(async () => {
    await d.same('CONFIG', 'SET', 'maxclients', '10000')
    await d.same('CONFIG', 'SET', 'timeout', '0')
    await d.same('CONFIG', 'SET', 'proto-max-bulk-len', '512mb')
    await d.same('CONFIG', 'SET', 'client-query-buffer-limit', '1gb')
    await d.same('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0 pubsub 32mb 8mb 60')
  })

  /** Whether both connections of a pair closed within `ms`. */
  async function bothClose(p: DiffPair, ms = 3000): Promise<[boolean, boolean]> {
    return Promise.all([p.redis.waitClosed(ms), p.redlet.waitClosed(ms)])
  }

  test('maxclients: the next client is told and dropped; rejected_connections counts it', async () => {
    const [a, b] = await d.both('INFO', 'clients')
    const count = (buf: Buffer): string => /connected_clients:(\d+)/.exec(buf.toString('latin1'))?.[1] ?? '0'
    await Promise.all([d.redis.call('CONFIG', 'SET', 'maxclients', count(a)), d.redlet.call('CONFIG', 'SET', 'maxclients', count(b))])
    const [ra, rb] = await Promise.all([RespClient.connect(d.oracle.port), RespClient.connect(d.server.port)])
    const [ma, mb] = await Promise.all([ra.read(), rb.read()])
    expect(mb.toString('latin1')).toBe(ma.toString('latin1'))
    expect(ma.toString('latin1')).toBe('-ERR max number of clients reached\r\n')
    expect(await Promise.all([ra.waitClosed(), rb.waitClosed()])).toEqual([true, true])
    const stat = (buf: Buffer): string | undefined => /rejected_connections:\d+/.exec(buf.toString('latin1'))?.[0]
    const [sa, sb] = await d.both('INFO', 'stats')
    expect(stat(sb)).toBe(stat(sa))
    await d.same('PING')
  })

  test('timeout: an idle client is dropped; subscribers and blocked clients are not', async () => {
    const idle = await d.connect()
    const sub = await d.connect()
    const blocked = await d.connect()
    await sub.same('SUBSCRIBE', 'ch')
    blocked.redis.send('BLPOP', 'nolist', '0')
    blocked.redlet.send('BLPOP', 'nolist', '0')
    await d.same('CONFIG', 'SET', 'timeout', '1')
    // the test's own connections stay busy meanwhile
    for (let i = 0; i < 20 && !(idle.redis.closed && idle.redlet.closed); i++) {
      await new Promise((r) => setTimeout(r, 250))
      await d.same('PING')
    }
    expect([idle.redis.closed, idle.redlet.closed]).toEqual([true, true])
    expect([sub.redis.closed, sub.redlet.closed, blocked.redis.closed, blocked.redlet.closed]).toEqual([false, false, false, false])
    await d.same('CONFIG', 'SET', 'timeout', '0')
    await d.same('RPUSH', 'nolist', 'x')
    const [a, b] = await Promise.all([blocked.redis.read(), blocked.redlet.read()])
    expect(b.toString('latin1')).toBe(a.toString('latin1'))
  }, 15000)

  test('proto-max-bulk-len: a longer bulk is a protocol error', async () => {
    await d.same('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')
    await d.same('CONFIG', 'GET', 'proto-max-bulk-len')
    await d.sameError('CONFIG', 'SET', 'proto-max-bulk-len', '1000')
    const p = await d.connect()
    await p.sameRaw(`*2\r\n$4\r\nECHO\r\n$${MB + 1}\r\n`)
    expect(await bothClose(p)).toEqual([true, true])
    const ok = await d.connect()
    await ok.same('ECHO', 'x'.repeat(MB))
  })

  test('client-query-buffer-limit: a client sending more than it may is dropped without a reply', async () => {
    await d.same('CONFIG', 'SET', 'client-query-buffer-limit', '1mb')
    await d.sameError('CONFIG', 'SET', 'client-query-buffer-limit', '100')
    const p = await d.connect()
    const big = Buffer.alloc(2 * MB, 'x')
    for (const c of [p.redis, p.redlet]) c.writeRaw(Buffer.concat([Buffer.from(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${big.length}\r\n`), big]))
    expect(await bothClose(p)).toEqual([true, true])
    await d.same('EXISTS', 'k')
  })

  test('client-output-buffer-limit for normal clients: a reply past the hard limit drops the client', async () => {
    await d.same('SET', 'big', 'x'.repeat(2 * MB))
    await d.same('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 0 0')
    await d.same('CONFIG', 'GET', 'client-output-buffer-limit')
    const p = await d.connect()
    await p.same('GET', 'nothing')
    p.redis.send('GET', 'big')
    p.redlet.send('GET', 'big')
    expect(await bothClose(p)).toEqual([true, true])
    await d.sameError('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 0')
    await d.sameError('CONFIG', 'SET', 'client-output-buffer-limit', 'nosuch 1mb 0 0')
    await d.sameError('CONFIG', 'SET', 'client-output-buffer-limit', 'normal x 0 0')
  })

  test('client-output-buffer-limit for subscribers: one that does not read is dropped, PUBLISH goes on', async () => {
    await d.same('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 0 0')
    const subs = await Promise.all([stalledSubscriber(d.oracle.port), stalledSubscriber(d.server.port)])
    const msg = 'm'.repeat(256 * 1024)
    const counts: [unknown, unknown][] = []
    for (let i = 0; i < 120; i++) {
      const [a, b] = await d.both('PUBLISH', 'feed', msg)
      counts.push([parseReply(a), parseReply(b)])
    }
    // each stops counting the subscriber at some point: it was dropped
    expect(counts[counts.length - 1]).toEqual([0, 0])
    expect(await Promise.all(subs.map((s) => s.closedAfterDrain()))).toEqual([true, true])
    await d.same('PUBLISH', 'feed', 'after')
  })

  test('multibulk headers: counts and lengths are checked before anything is allocated', async () => {
    for (const raw of ['*2147483648\r\n', '*3\r\n$99999999999999999999\r\n', '*1\r\n$-5\r\n', '*1\r\nx\r\n']) {
      const p = await d.connect()
      await p.sameRaw(raw)
      expect(await bothClose(p)).toEqual([true, true])
    }
    // a huge count that is never filled costs nothing: the client may still close it, others carry on
    const p = await d.connect()
    p.redis.writeRaw('*2147483647\r\n$4\r\nPING\r\n')
    p.redlet.writeRaw('*2147483647\r\n$4\r\nPING\r\n')
    expect(await Promise.all([p.redis.silentFor(200), p.redlet.silentFor(200)])).toEqual([true, true])
    await d.same('PING')
  })

  test('before AUTH, headers are limited', async () => {
    await d.same('CONFIG', 'SET', 'requirepass', 'pw')
    try {
      for (const raw of ['*11\r\n', '*2\r\n$4\r\nAUTH\r\n$16385\r\n']) {
        const [ra, rb] = await Promise.all([RespClient.connect(d.oracle.port), RespClient.connect(d.server.port)])
        const pair = { redis: ra, redlet: rb } as DiffPair
        const [a, b] = await Promise.all([ra.read(), rb.read(), ra.writeRaw(raw), rb.writeRaw(raw)])
        expect(b.toString('latin1')).toBe(a.toString('latin1'))
        expect(await bothClose(pair)).toEqual([true, true])
      }
    } finally {
      await Promise.all([d.redis.call('AUTH', 'pw'), d.redlet.call('AUTH', 'pw')])
      await d.same('CONFIG', 'SET', 'requirepass', '')
    }
  })
})
