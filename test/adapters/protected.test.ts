/**
 * Protected mode: while the default user has no password, a server bound to
 * more than the loopback interface refuses clients from elsewhere with Redis's
 * DENIED message. Exercised from a non-loopback address of this host when it
 * has one; the decision itself is tested everywhere.
 */
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startServer, type RunningServer } from '../../adapters/node-tcp/index.js'
import { Engine } from '../../src/engine.js'
import { hasRedis, startOracle, type Oracle } from '../helpers/servers.js'

/** A non-loopback IPv4 address of this host, if any. */
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address

/**
 * What the server writes to a client connecting from `local` to `host`, and whether it then closes.
 * A refused client is told at once and closed: PING goes out only if nothing came first, since a
 * write to a socket the server already closed draws a reset that can discard the refusal unread.
 */
function greet(port: number, host: string, local: string): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const sock = connect({ port, host, localAddress: local }, () => {
      setTimeout(() => {
        if (text === '' && !closed) sock.write('PING\r\n')
      }, 100)
    })
    let text = ''
    let closed = false
    sock.on('data', (d) => (text += d.toString('latin1')))
    sock.on('error', reject)
    sock.on('close', () => {
      closed = true
      resolve({ text, closed })
    })
    setTimeout(() => {
      sock.destroy()
      if (!closed) resolve({ text, closed: false })
    }, 500)
  })
}

const DENIED = /^-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user\./

describe('the decision', () => {
  test('only 127.0.0.1 and ::1 pass while the default user has no password', () => {
    const e = new Engine()
    const refuses = (ip: string, on = true): boolean => e.acl.protectedModeRefuses(on, ip)
    expect(refuses('127.0.0.1')).toBe(false)
    expect(refuses('::1')).toBe(false)
    expect(refuses('::ffff:127.0.0.1')).toBe(false)
    expect(refuses('127.0.0.2')).toBe(true)
    expect(refuses('10.1.2.3')).toBe(true)
    expect(refuses('10.1.2.3', false)).toBe(false)
    e.config.set('requirepass', 'pw')
    expect(refuses('10.1.2.3')).toBe(false)
    e.config.set('requirepass', '')
    expect(refuses('10.1.2.3')).toBe(true)
    e.acl.default.nopass = false
    e.acl.changed()
    expect(refuses('10.1.2.3')).toBe(false)
  })
})

describe.skipIf(external === undefined)('a server bound to every interface', () => {
  let server: RunningServer
  let oracle: Oracle | null = null

  beforeAll(async () => {
    server = await startServer({ port: 0, host: '0.0.0.0', persistence: false })
    if (hasRedis) oracle = await startOracle(['--bind', '0.0.0.0'])
  })

  afterAll(async () => {
    await server?.close()
    await oracle?.stop()
  })

  test('refuses an outside client with DENIED and closes; loopback clients are served', async () => {
    const out = await greet(server.port, external as string, external as string)
    expect(out.text).toMatch(DENIED)
    expect(out.closed).toBe(true)
    expect(await greet(server.port, '127.0.0.1', '127.0.0.1')).toEqual({ text: '+PONG\r\n', closed: false })
    expect(server.engine.stats.rejectedConnections).toBeGreaterThan(0)
  })

  test.skipIf(!hasRedis)('the refusal is byte for byte redis-server’s', async () => {
    const ours = await greet(server.port, external as string, external as string)
    const theirs = await greet((oracle as Oracle).port, external as string, external as string)
    expect(ours).toEqual(theirs)
  })

  test('a password for the default user, or protected-mode no, lets outside clients in', async () => {
    server.engine.config.set('requirepass', 'pw')
    expect(await greet(server.port, external as string, external as string)).toEqual({ text: '-NOAUTH Authentication required.\r\n', closed: false })
    server.engine.config.set('requirepass', '')
    server.engine.config.set('protected-mode', 'no')
    expect(await greet(server.port, external as string, external as string)).toEqual({ text: '+PONG\r\n', closed: false })
    server.engine.config.set('protected-mode', 'yes')
    expect((await greet(server.port, external as string, external as string)).text).toMatch(DENIED)
  })
})
