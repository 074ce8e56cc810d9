/**
 * Random and mutated RESP at a live redlet server over TCP. Each case is a
 * new connection that logs in as a user confined by ACL (its own keys, no
 * dangerous, admin, scripting or blocking commands, none that allocate what an
 * argument asks), sends its bytes in chunks and goes. The server must not crash
 * (it runs strict: an internal error fails the test) or hang, a steady client
 * keeps getting right answers, and the canary keys stay as they were.
 */
import fc from 'fast-check'
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startServer, type RunningServer } from '../../adapters/node-tcp/index.js'
import { encodeCommand } from '../../src/resp/encoder.js'
import { RespClient } from '../helpers/resp-client.js'

const PASSWORD = 'canary-password-9f3a7c1e5b2d4068'
const FUZZ_RULES = [
  'on', '>fuzz', '~fz:*', '&fz*', '+@all', '-@dangerous', '-@admin', '-@scripting', '-@blocking',
  '-setrange', '-setbit', '-bitfield', '-append', '-srandmember', '-hrandfield', '-zrandmember', '-lpos',
]
const CANARY: [string, string][] = Array.from({ length: 20 }, (_, i) => [`canary:${i}`, `value-${i}-${'x'.repeat(i * 10)}`])

let server: RunningServer
let admin: RespClient

async function canaryIntact(c: RespClient): Promise<void> {
  for (const [k, v] of CANARY) expect((await c.call('GET', k)).toString('latin1'), k).toBe(`$${v.length}\r\n${v}\r\n`)
  expect((await c.call('LRANGE', 'canary:list', '0', '-1')).toString('latin1')).toBe('*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n')
}

/** Sends a case's chunks on a fresh connection, reads whatever comes back for a moment, then closes it. */
function fuzzConnection(port: number, chunks: Uint8Array[]): Promise<void> {
  return new Promise((resolve) => {
    const sock: Socket = connect({ port, host: '127.0.0.1' })
    const done = (): void => {
      sock.destroy()
      resolve()
    }
    sock.on('error', () => {})
    sock.on('data', () => {})
    sock.on('close', () => resolve())
    sock.on('connect', () => {
      sock.write(encodeCommand(['AUTH', 'fuzzer', 'fuzz']))
      for (const c of chunks) sock.write(c)
      setTimeout(done, 5)
    })
  })
}

const SEEDS: string[][] = [
  ['SET', 'fz:a', '1'],
  ['GET', 'fz:a'],
  ['INCR', 'fz:n'],
  ['RPUSH', 'fz:l', 'x', 'y'],
  ['LRANGE', 'fz:l', '0', '-1'],
  ['HSET', 'fz:h', 'f', 'v'],
  ['HGETALL', 'fz:h'],
  ['SADD', 'fz:s', 'm'],
  ['ZADD', 'fz:z', '1', 'm'],
  ['ZRANGE', 'fz:z', '0', '-1', 'WITHSCORES'],
  ['PING'],
  ['ECHO', 'hello'],
  ['MULTI'],
  ['EXEC'],
  ['SUBSCRIBE', 'fz1'],
  ['PUBLISH', 'fz1', 'm'],
  ['HELLO', '3'],
  ['DEL', 'fz:a', 'canary:1'],
  ['GET', 'canary:2'],
  ['EXPIRE', 'fz:a', '100'],
  ['SCAN', '0'],
  ['XADD', 'fz:x', '*', 'f', 'v'],
]

const seedCommand = fc.constantFrom(...SEEDS)
const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom('flip', 'insert', 'delete', 'dup'), byte: fc.integer({ min: 0, max: 255 }) })
/** Encoded seed commands with a few byte mutations, or inline text, or plain random bytes. */
const fuzzInput = fc.oneof(
  fc.tuple(fc.array(seedCommand, { minLength: 1, maxLength: 6 }), fc.array(mutation, { maxLength: 4 })).map(([cmds, muts]) => {
    const bytes: number[] = []
    for (const c of cmds) bytes.push(...encodeCommand(c))
    for (const m of muts) {
      const at = m.at % (bytes.length + 1)
      if (m.op === 'flip' && at < bytes.length) bytes[at] = m.byte
      else if (m.op === 'insert') bytes.splice(at, 0, m.byte)
      else if (m.op === 'delete') bytes.splice(at, 1)
      else bytes.splice(at, 0, ...bytes.slice(at, at + 16))
    }
    return Uint8Array.from(bytes)
  }),
  fc.array(seedCommand, { minLength: 1, maxLength: 4 }).map((cmds) => Uint8Array.from(cmds.map((c) => c.join(' ')).join('\r\n') + '\r\n', (ch) => ch.charCodeAt(0))),
  fc.uint8Array({ maxLength: 300 }),
)

describe('RESP fuzzing a live server', () => {
  beforeAll(async () => {
    server = await startServer({ port: 0, strict: true, persistence: false, config: { requirepass: PASSWORD } })
    admin = await RespClient.connect(server.port)
    await admin.call('AUTH', PASSWORD)
    await admin.call('ACL', 'SETUSER', 'fuzzer', ...FUZZ_RULES)
    for (const [k, v] of CANARY) await admin.call('SET', k, v)
    await admin.call('RPUSH', 'canary:list', 'a', 'b', 'c')
  })

  afterAll(async () => {
    admin?.close()
    await server?.close()
  })

  test('no crash, no hang; other clients and the data are unaffected', async () => {
    const steady = await RespClient.connect(server.port)
    await steady.call('AUTH', PASSWORD)
    let round = 0
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzInput, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 3 }), async (inputs, cuts) => {
        round++
        await Promise.all(
          inputs.map((bytes) => {
            const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
            const chunks: Uint8Array[] = []
            let prev = 0
            for (const p of points) {
              chunks.push(bytes.subarray(prev, p))
              prev = p
            }
            chunks.push(bytes.subarray(prev))
            return fuzzConnection(server.port, chunks)
          }),
        )
        // a steady client is served, promptly and correctly, between cases
        const v = `steady-${round}`
        expect((await steady.call('SET', 'steady', v)).toString('latin1')).toBe('+OK\r\n')
        expect((await steady.call('GET', 'steady')).toString('latin1')).toBe(`$${v.length}\r\n${v}\r\n`)
      }),
      { numRuns: 400 },
    )
    await canaryIntact(admin)
    // the cases did run commands: some keys of their own exist, and many commands were refused or failed
    expect(Number((await admin.call('DBSIZE')).toString('latin1').slice(1))).toBeGreaterThan(CANARY.length + 1)
    expect((await admin.call('INFO', 'errorstats')).toString('latin1')).toMatch(/errorstat_NOPERM:count=\d+/)
    const info = (await admin.call('INFO', 'clients')).toString('latin1')
    // the fuzz connections are gone; the admin and steady ones remain
    expect(Number(/connected_clients:(\d+)/.exec(info)?.[1])).toBeLessThanOrEqual(3)
    steady.close()
  }, 60000)
})
