/**
 * Client limits as the node-tcp adapter enforces them, beyond what the
 * differential suite compares: soft output limits and their seconds, output
 * piling up from pipelined replies, the query buffer filling slowly, idle
 * timeouts only for network clients.
 */
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startServer, type RunningServer } from '../../adapters/node-tcp/index.js'
import { encodeCommand } from '../../src/resp/encoder.js'
import { RespClient } from '../helpers/resp-client.js'

let server: RunningServer
let admin: RespClient

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** A raw client that writes and never reads (its socket is paused). */
async function stalled(): Promise<{ sock: Socket; closed: () => boolean }> {
  const sock = connect({ port: server.port, host: '127.0.0.1' })
  await new Promise<void>((r) => sock.once('connect', () => r()))
  let closed = false
  sock.on('close', () => void (closed = true))
  sock.on('error', () => {})
  return { sock, closed: () => closed }
}

/** The omem of the one client whose last command was `cmd`, from CLIENT LIST. */
async function omemOf(cmd: string): Promise<number | null> {
  const list = (await admin.call('CLIENT', 'LIST')).toString('latin1')
  const line = list.split('\n').find((l) => l.includes(` cmd=${cmd} `))
  return line === undefined ? null : Number(/ omem=(\d+)/.exec(line)?.[1])
}

describe('client limits in node-tcp', () => {
  beforeAll(async () => {
    server = await startServer({ port: 0, strict: true, persistence: false })
    admin = await RespClient.connect(server.port)
  })

  afterAll(async () => {
    admin?.close()
    await server?.close()
  })

  test('pubsub soft limit: dropped only once over it for longer than its seconds', async () => {
    await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 0 256kb 1')
    const sub = await stalled()
    sub.sock.write(encodeCommand(['SUBSCRIBE', 'soft']))
    await sleep(50)
    sub.sock.pause()
    const msg = 's'.repeat(128 * 1024)
    // publish until the backlog the server holds for it passes the soft limit
    for (let i = 0; i < 400; i++) {
      await admin.call('PUBLISH', 'soft', msg)
      if (((await omemOf('subscribe')) ?? 0) > 256 * 1024) break
    }
    expect(await omemOf('subscribe')).toBeGreaterThan(256 * 1024)
    // still there: over the soft limit, but not yet for a second (the server's side tells; the client reads nothing)
    expect(await admin.call('PUBLISH', 'soft', msg)).toEqual(Buffer.from(':1\r\n'))
    await sleep(1200)
    await admin.call('PUBLISH', 'soft', msg)
    expect(await omemOf('subscribe')).toBe(null)
    expect(await admin.call('PUBLISH', 'soft', msg)).toEqual(Buffer.from(':0\r\n'))
    sub.sock.destroy()
    await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0 pubsub 32mb 8mb 60')
  })

  test('normal hard limit: a client pipelining reads it never collects is dropped', async () => {
    await admin.call('SET', 'v64k', 'v'.repeat(64 * 1024))
    await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 0 0')
    const c = await stalled()
    c.sock.pause()
    const get = encodeCommand(['GET', 'v64k'])
    for (let i = 0; i < 2000 && !c.closed(); i++) {
      c.sock.write(get)
      if (i % 100 === 99) await sleep(5)
    }
    for (let i = 0; i < 40 && !c.closed(); i++) await sleep(50)
    expect(c.closed()).toBe(true)
    expect((await admin.call('PING')).toString('latin1')).toBe('+PONG\r\n')
    await admin.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0')
  })

  test('the query buffer limit holds for an argument that trickles in', async () => {
    await admin.call('CONFIG', 'SET', 'client-query-buffer-limit', '1mb')
    const c = await stalled()
    c.sock.write('*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$3000000\r\n')
    const piece = Buffer.alloc(64 * 1024, 'q')
    for (let i = 0; i < 40 && !c.closed(); i++) {
      c.sock.write(piece)
      await sleep(2)
    }
    for (let i = 0; i < 20 && !c.closed(); i++) await sleep(50)
    expect(c.closed()).toBe(true)
    expect((await admin.call('EXISTS', 'q')).toString('latin1')).toBe(':0\r\n')
    await admin.call('CONFIG', 'SET', 'client-query-buffer-limit', '1gb')
  })

  test('timeout drops idle network clients only', async () => {
    const idle = await RespClient.connect(server.port)
    const inproc = server.engine.createSession({ write: () => {} }, { kind: 'inprocess' })
    await admin.call('CONFIG', 'SET', 'timeout', '1')
    for (let i = 0; i < 12 && !idle.closed; i++) {
      await sleep(250)
      await admin.call('PING')
    }
    expect(idle.closed).toBe(true)
    expect(server.engine.sessions.has(inproc.id)).toBe(true)
    await admin.call('CONFIG', 'SET', 'timeout', '0')
    server.engine.closeSession(inproc)
  }, 10000)

  test('maxclients: refused clients leave no session behind', async () => {
    const before = server.engine.sessions.size
    await admin.call('CONFIG', 'SET', 'maxclients', String(before))
    const extra = await Promise.all(Array.from({ length: 5 }, () => RespClient.connect(server.port)))
    const replies = await Promise.all(extra.map((c) => c.read()))
    for (const r of replies) expect(r.toString('latin1')).toBe('-ERR max number of clients reached\r\n')
    expect(await Promise.all(extra.map((c) => c.waitClosed()))).toEqual([true, true, true, true, true])
    expect(server.engine.sessions.size).toBe(before)
    await admin.call('CONFIG', 'SET', 'maxclients', '10000')
  })
})
