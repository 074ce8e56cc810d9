/** RESP over the Worker's WebSocket (Miniflare): pipelining, pub/sub, blocking, session commands. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RO_TOKEN, startWorker, WsClient, type RunningWorker } from './harness.js'

let w: RunningWorker
beforeAll(async () => {
  w = await startWorker()
})
afterAll(async () => {
  await w?.close()
})

describe('RESP over WebSocket', () => {
  test('pipelined commands in one message are answered in order', async () => {
    const c = await WsClient.connect(w.url)
    c.sendRaw('*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$2\r\np1\r\n$2\r\nv1\r\n*2\r\n$4\r\nINCR\r\n$2\r\np2\r\n*2\r\n$3\r\nGET\r\n$2\r\np1\r\n')
    expect([await c.next(), await c.next(), await c.next(), await c.next()]).toEqual(['+PONG\r\n', '+OK\r\n', ':1\r\n', '$2\r\nv1\r\n'])
    await c.close()
  })

  test('a command spanning messages, and inline commands', async () => {
    const c = await WsClient.connect(w.url)
    c.sendRaw('*3\r\n$3\r\nSET\r\n$4\r\nspan\r\n$5\r\nab')
    expect(await c.quiet(100)).toBe(true)
    c.sendRaw('cde\r\nGET span\r\n')
    expect([await c.next(), await c.next()]).toEqual(['+OK\r\n', '$5\r\nabcde\r\n'])
    await c.close()
  })

  test('binary values and a reply larger than one WebSocket message', async () => {
    const c = await WsClient.connect(w.url)
    const bin = Buffer.from([0, 1, 0xff, 0x80, 13, 10, 0xc3])
    expect(await c.call('SET', 'bin', bin)).toBe('+OK\r\n')
    expect(await c.call('GET', 'bin')).toBe('$7\r\n' + bin.toString('latin1') + '\r\n')
    const big = 'x'.repeat(1536 * 1024)
    expect(await c.call('SET', 'big', big)).toBe('+OK\r\n')
    expect(await c.call('GET', 'big')).toBe(`$${big.length}\r\n${big}\r\n`)
    await c.close()
  })

  test('session state: SELECT, HELLO 3, CLIENT SETNAME', async () => {
    const c = await WsClient.connect(w.url)
    expect(await c.call('SELECT', '5')).toBe('+OK\r\n')
    await c.call('SET', 'in5', 'yes')
    expect(await c.call('HELLO', '3')).toMatch(/^%7\r\n/)
    expect(await c.call('CLIENT', 'SETNAME', 'wsclient')).toBe('+OK\r\n')
    expect(await c.call('CLIENT', 'GETNAME')).toBe('$8\r\nwsclient\r\n')
    expect(await c.call('HGETALL', 'nothing')).toBe('%0\r\n')
    const other = await WsClient.connect(w.url)
    expect(await other.call('GET', 'in5')).toBe('_\r\n'.replace('_', '$-1'))
    expect(await other.call('SELECT', '5')).toBe('+OK\r\n')
    expect(await other.call('GET', 'in5')).toBe('$3\r\nyes\r\n')
    await Promise.all([c.close(), other.close()])
  })

  test('AUTH with the token succeeds, a wrong password does not', async () => {
    const c = await WsClient.connect(w.url)
    expect(await c.call('AUTH', 'test-token')).toBe('+OK\r\n')
    expect(await c.call('AUTH', 'nope')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n')
    await c.close()
  })

  test('pub/sub: subscribers get messages, patterns too', async () => {
    const sub = await WsClient.connect(w.url)
    sub.send('SUBSCRIBE', 'news', 'sport')
    expect(await sub.next()).toBe('*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n')
    expect(await sub.next()).toBe('*3\r\n$9\r\nsubscribe\r\n$5\r\nsport\r\n:2\r\n')
    const psub = await WsClient.connect(w.url)
    expect(await psub.call('PSUBSCRIBE', 'n*')).toBe('*3\r\n$10\r\npsubscribe\r\n$2\r\nn*\r\n:1\r\n')
    const pub = await WsClient.connect(w.url)
    expect(await pub.call('PUBLISH', 'news', 'hello')).toBe(':2\r\n')
    expect(await sub.next()).toBe('*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n')
    expect(await psub.next()).toBe('*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n')
    expect(await sub.call('PING')).toBe('*2\r\n$4\r\npong\r\n$0\r\n\r\n')
    expect(await sub.call('GET', 'x')).toBe("-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n")
    await Promise.all([sub.close(), psub.close(), pub.close()])
  })

  test('blocking pop: served by another client, and a timeout', async () => {
    const a = await WsClient.connect(w.url)
    const b = await WsClient.connect(w.url)
    a.send('BLPOP', 'queue', '0')
    a.send('GET', 'after-block')
    expect(await a.quiet(200)).toBe(true)
    expect(await b.call('RPUSH', 'queue', 'job1')).toBe(':1\r\n')
    expect(await a.next()).toBe('*2\r\n$5\r\nqueue\r\n$4\r\njob1\r\n')
    expect(await a.next()).toBe('$-1\r\n')
    const t0 = Date.now()
    expect(await a.call('BLPOP', 'empty', '0.3')).toBe('*-1\r\n')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250)
    await Promise.all([a.close(), b.close()])
  })

  test('MULTI/EXEC and WATCH', async () => {
    const a = await WsClient.connect(w.url)
    const b = await WsClient.connect(w.url)
    expect(await a.call('WATCH', 'wk')).toBe('+OK\r\n')
    expect(await a.call('MULTI')).toBe('+OK\r\n')
    expect(await a.call('SET', 'wk', '1')).toBe('+QUEUED\r\n')
    expect(await b.call('SET', 'wk', 'other')).toBe('+OK\r\n')
    expect(await a.call('EXEC')).toBe('*-1\r\n')
    expect(await a.call('MULTI')).toBe('+OK\r\n')
    await a.call('INCR', 'ctr')
    await a.call('INCR', 'ctr')
    expect(await a.call('EXEC')).toBe('*2\r\n:1\r\n:2\r\n')
    await Promise.all([a.close(), b.close()])
  })

  test('QUIT closes after its reply; a close without a code is answered with 1000', async () => {
    const a = await WsClient.connect(w.url)
    expect(await a.call('QUIT')).toBe('+OK\r\n')
    expect(await a.closed).toBe(1000)
    // the client's close carries no code (1005): the object answers 1000, and the close completes
    const b = await WsClient.connect(w.url)
    expect(await b.close()).toBe(1000)
    const c = await WsClient.connect(w.url)
    expect(await c.close(1000)).toBe(1000)
  })

  test('a protocol error is answered, then the socket closes', async () => {
    const c = await WsClient.connect(w.url)
    c.sendRaw('*1\r\n$x\r\n')
    expect(await c.next()).toBe("-ERR Protocol error: invalid bulk length\r\n")
    expect(await c.closed).toBe(1000)
  })

  test('the read-only token reads, and refuses writes, KEYS and SCAN', async () => {
    const rw = await WsClient.connect(w.url)
    await rw.call('SET', 'ro-key', 'v')
    const ro = await WsClient.connect(w.url, RO_TOKEN)
    expect(await ro.call('GET', 'ro-key')).toBe('$1\r\nv\r\n')
    expect(await ro.call('SET', 'ro-key', 'x')).toBe("-NOPERM the read-only token may not run the 'set' command (it refuses writes, KEYS and SCAN)\r\n")
    expect(await ro.call('KEYS', '*')).toBe("-NOPERM the read-only token may not run the 'keys' command (it refuses writes, KEYS and SCAN)\r\n")
    expect(await ro.call('SCAN', '0')).toBe("-NOPERM the read-only token may not run the 'scan' command (it refuses writes, KEYS and SCAN)\r\n")
    expect(await ro.call('CONFIG', 'GET', 'requirepass')).toBe("-NOPERM the read-only token may not run the 'config|get' command (it refuses writes, KEYS and SCAN)\r\n")
    expect(await ro.call('MULTI')).toBe('+OK\r\n')
    await ro.call('DEL', 'ro-key')
    expect(await ro.call('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n')
    expect(await rw.call('GET', 'ro-key')).toBe('$1\r\nv\r\n')
    await Promise.all([rw.close(), ro.close()])
  })

  test('a wrong token gets no socket', async () => {
    await expect(WsClient.connect(w.url, 'wrong')).rejects.toThrow('HTTP 401')
  })
})
