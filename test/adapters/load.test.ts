/**
 * Load: 1,000 concurrent connections (fewer if `ulimit -n` cannot hold both
 * ends of each in this process) run pipelined writes and reads against one
 * server while a publisher floods a channel whose only subscriber never reads.
 * The server stays up, every reply to the well-behaved clients is exactly
 * right, the stalled subscriber is dropped by the pubsub output limit, and
 * memory stays bounded. Bounded to well under a minute.
 */
import { spawnSync } from 'node:child_process'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startServer, type RunningServer } from '../../adapters/node-tcp/index.js'
import { clientIo } from '../../src/commands/client-info.js'
import { encodeCommand } from '../../src/resp/encoder.js'
import { RespClient } from '../helpers/resp-client.js'

const fdLimit = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim()) || 1024
/** Both ends of every connection live in this process, plus some headroom. */
const CLIENTS = Math.max(10, Math.min(1000, Math.floor((fdLimit - 200) / 2)))
const ROUNDS = 30
const SETS_PER_ROUND = 4

let server: RunningServer
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** One client's pipelined rounds; returns how many replies were wrong. */
async function worker(id: number): Promise<number> {
  const c = await RespClient.connect(server.port)
  let wrong = 0
  let counter = 0
  let listLen = 0
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const expected: string[] = []
      const batch: Uint8Array[] = []
      const send = (argv: string[], reply: string): void => {
        batch.push(encodeCommand(argv))
        expected.push(reply)
      }
      for (let j = 0; j < SETS_PER_ROUND; j++) {
        const key = `k:${id}:${r}:${j}`
        const value = `value-${id}-${r}-${j}`
        send(['SET', key, value], '+OK\r\n')
        send(['GET', key], `$${value.length}\r\n${value}\r\n`)
        send(['INCR', `ctr:${id}`], `:${++counter}\r\n`)
        send(['RPUSH', `list:${id}`, value], `:${++listLen}\r\n`)
        send(['GET', `missing:${id}`], '$-1\r\n')
      }
      send(['LLEN', `list:${id}`], `:${listLen}\r\n`)
      send(['PING'], '+PONG\r\n')
      const replies = expected.map(() => c.read(20000))
      c.writeRaw(Buffer.concat(batch))
      const got = await Promise.all(replies)
      got.forEach((b, i) => {
        if (b.toString('latin1') !== expected[i]) wrong++
      })
    }
  } finally {
    c.close()
  }
  return wrong
}

describe(`load: ${CLIENTS} concurrent clients`, () => {
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      strict: true,
      persistence: false,
      config: { 'client-output-buffer-limit': 'pubsub 4mb 1mb 5', 'tcp-backlog': 2048 },
    })
  })

  afterAll(async () => {
    await server?.close()
  })

  test('correct replies, the server up, the stalled subscriber dropped, memory bounded', async () => {
    const mem0 = process.memoryUsage()
    let peak = 0
    let maxBacklog = 0
    const sampler = setInterval(() => {
      const m = process.memoryUsage()
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - (mem0.heapUsed + mem0.arrayBuffers))
      // what the server holds for any one client, waiting to be sent
      for (const s of server.engine.sessions.values()) maxBacklog = Math.max(maxBacklog, clientIo(s).outputMemory + clientIo(s).outputBuffer)
    }, 20)

    // a subscriber that never reads its messages
    const stalled = connect({ port: server.port, host: '127.0.0.1' })
    stalled.on('error', () => {})
    await new Promise<void>((r) => stalled.once('connect', () => r()))
    stalled.write(encodeCommand(['SUBSCRIBE', 'firehose']))
    await sleep(50)
    stalled.pause()

    // a publisher flooding its channel while the load runs
    const publisher = await RespClient.connect(server.port)
    let publishing = true
    let published = 0
    let reached: number[] = []
    const flood = (async () => {
      const msg = 'p'.repeat(32 * 1024)
      while (publishing) {
        // eight at a time, so the flood outpaces what the subscriber may hold
        const rs = await Promise.all(Array.from({ length: 8 }, () => publisher.call('PUBLISH', 'firehose', msg)))
        for (const r of rs) reached.push(Number(r.toString('latin1').slice(1)))
        published += 8 * msg.length
        if (published > 256 * 1024 * 1024) break
      }
    })()

    const started = Date.now()
    const results: Promise<number>[] = []
    for (let i = 0; i < CLIENTS; i++) {
      results.push(worker(i))
      // connect in waves, as a real fleet of clients would
      if (i % 100 === 99) await sleep(10)
    }
    const wrong = (await Promise.all(results)).reduce((a, b) => a + b, 0)
    publishing = false
    await flood
    clearInterval(sampler)
    const elapsed = Date.now() - started

    expect(wrong).toBe(0)
    expect(elapsed).toBeLessThan(50_000)
    // the subscriber was counted, then dropped: PUBLISH stopped reaching it
    expect(reached[0]).toBe(1)
    expect(reached[reached.length - 1]).toBe(0)
    expect((await publisher.call('PUBLISH', 'firehose', 'x')).toString('latin1')).toBe(':0\r\n')
    // it was dropped at its hard limit (4mb), long before the flood could pile up in memory
    expect(published).toBeGreaterThan(16 * 1024 * 1024)
    expect(maxBacklog).toBeLessThan(4 * 1024 * 1024 + 64 * 1024)
    expect(peak).toBeLessThan(512 * 1024 * 1024)
    // the server is up and its data is all there
    const admin = await RespClient.connect(server.port)
    expect((await admin.call('PING')).toString('latin1')).toBe('+PONG\r\n')
    expect((await admin.call('DBSIZE')).toString('latin1')).toBe(`:${CLIENTS * (ROUNDS * SETS_PER_ROUND + 2)}\r\n`)
    const total = String(ROUNDS * SETS_PER_ROUND)
    expect((await admin.call('GET', `ctr:${CLIENTS - 1}`)).toString('latin1')).toBe(`$${total.length}\r\n${total}\r\n`)
    admin.close()
    publisher.close()
    stalled.destroy()
    reached = []
  }, 60000)
})
