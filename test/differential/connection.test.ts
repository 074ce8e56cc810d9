import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'

/** HELLO and CLIENT ID carry the connection id, which differs between servers: compare with it masked. */
async function sameMaskingId(p: DiffPair, ...args: string[]): Promise<void> {
  const [a, b] = await p.both(...args)
  const mask = (buf: Buffer): string => buf.toString('latin1').replace(/(\$2\r\nid\r\n:)\d+/, '$1N')
  expect(mask(b), args.join(' ')).toBe(mask(a))
}

describeDiff('connection commands against redis-server', () => {
  const d = useDifferential()

  test('PING and ECHO', async () => {
    await d.same('PING')
    await d.same('PING', 'hello')
    await d.same('ping', '')
    await d.sameError('PING', 'a', 'b')
    await d.same('ECHO', 'x\r\ny\x00\xff')
    await d.sameError('ECHO')
    await d.sameError('ECHO', 'a', 'b')
  })

  test('PING inside a subscription, RESP2 and RESP3', async () => {
    const p = await d.connect()
    await p.same('SUBSCRIBE', 'ch')
    await p.same('PING')
    await p.same('PING', 'msg')
    await p.sameError('GET', 'k')
    await p.same('UNSUBSCRIBE')
    await sameMaskingId(p, 'HELLO', '3')
    await p.same('SUBSCRIBE', 'ch')
    await p.same('PING')
    await p.same('RESET')
  })

  test('AUTH without a password configured', async () => {
    await d.sameError('AUTH', 'x')
    await d.same('AUTH', 'default', 'anything')
    await d.sameError('AUTH', 'bob', 'x')
    await d.sameError('AUTH', 'a', 'b', 'c')
    await d.sameError('AUTH')
  })

  test('HELLO and its options', async () => {
    const p = await d.connect()
    await sameMaskingId(p, 'HELLO')
    await sameMaskingId(p, 'HELLO', '3')
    await sameMaskingId(p, 'HELLO', '2')
    await sameMaskingId(p, 'HELLO', '3', 'AUTH', 'default', 'whatever', 'SETNAME', 'n1')
    await p.same('CLIENT', 'GETNAME')
    await sameMaskingId(p, 'HELLO', '2', 'SETNAME', 'n2', 'SETNAME', 'n3')
    await p.same('CLIENT', 'GETNAME')
    await p.sameError('HELLO', '1')
    await p.sameError('HELLO', '4')
    await p.sameError('HELLO', '-1')
    await p.sameError('HELLO', '2147483648')
    await p.sameError('HELLO', 'abc')
    await p.sameError('HELLO', '03')
    await p.sameError('HELLO', '3', 'AUTH')
    await p.sameError('HELLO', '3', 'AUTH', 'default')
    await p.sameError('HELLO', '2', 'SETNAME')
    await p.sameError('HELLO', '2', 'FOO')
    await p.sameError('HELLO', '2', 'SETNAME', 'a b')
    await p.sameError('HELLO', '3', 'AUTH', 'bob', 'x')
    await p.sameError('HELLO', '3', 'SETNAME', 'x', 'AUTH')
  })

  test('SELECT', async () => {
    const p = await d.connect()
    await p.same('SET', 'k', 'zero')
    await p.same('SELECT', '15')
    await p.same('GET', 'k')
    await p.same('SELECT', '0')
    await p.same('GET', 'k')
    await p.sameError('SELECT', '16')
    await p.sameError('SELECT', '-1')
    await p.sameError('SELECT', 'x')
    await p.sameError('SELECT', '2147483648')
    await p.sameError('SELECT', '1.5')
    await p.sameError('SELECT')
  })

  test('QUIT replies then closes', async () => {
    const p = await d.connect()
    await p.same('QUIT')
    const closed = await Promise.all([p.redis.waitClosed(), p.redlet.waitClosed()])
    expect(closed).toEqual([true, true])
    const q = await d.connect()
    await q.same('QUIT', 'extra', 'args')
    expect(await Promise.all([q.redis.waitClosed(), q.redlet.waitClosed()])).toEqual([true, true])
  })

  test('QUIT in a pipeline drops what follows', async () => {
    const p = await d.connect()
    await p.sameRaw('*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n')
    await p.sameRaw('')
    const [a, b] = await Promise.all([p.redis.waitClosed(), p.redlet.waitClosed()])
    expect([a, b]).toEqual([true, true])
  })

  test('RESET', async () => {
    const p = await d.connect()
    await p.same('SELECT', '3')
    await p.same('CLIENT', 'SETNAME', 'x')
    await p.same('MULTI')
    await p.same('SET', 'k', 'v')
    await p.same('RESET')
    await p.same('CLIENT', 'GETNAME')
    await p.same('GET', 'k')
    await p.same('DBSIZE')
    await sameMaskingId(p, 'HELLO', '3')
    await p.same('RESET')
    await p.same('CONFIG', 'GET', 'timeout')
    await p.sameError('RESET', 'x')
  })
})

describeDiff('authentication against redis-server', () => {
  const d = useDifferential({ password: 'secret' })

  test('NOAUTH, AUTH and HELLO AUTH', async () => {
    const p = await d.connect()
    await p.same('RESET')
    await p.sameError('GET', 'k')
    await p.sameError('PING')
    await p.sameError('HELLO', '3')
    await p.sameError('CLIENT', 'ID')
    await p.sameError('FOO')
    await p.sameError('AUTH', 'x')
    await p.sameError('AUTH', 'default', 'x')
    await p.sameError('AUTH', 'bob', 'secret')
    await p.sameError('HELLO', '3', 'AUTH', 'default', 'bad')
    await p.sameError('HELLO', '3', 'SETNAME', 'foo')
    await p.same('AUTH', 'secret')
    await p.same('PING')
    await p.same('RESET')
    await p.sameError('PING')
    await p.same('AUTH', 'default', 'secret')
    await p.same('RESET')
    await sameMaskingId(p, 'HELLO', '3', 'AUTH', 'default', 'secret', 'SETNAME', 'me')
    await p.same('CLIENT', 'GETNAME')
    await p.same('PING')
  })

  test('unauthenticated protocol limits', async () => {
    for (const raw of ['*11\r\n', '*3000000\r\n', '*1\r\n$16385\r\n']) {
      const p = await d.connect()
      await p.same('RESET')
      await p.sameRaw(raw)
      expect(await Promise.all([p.redis.waitClosed(), p.redlet.waitClosed()])).toEqual([true, true])
    }
    const q = await d.connect()
    await q.same('RESET')
    await q.sameRaw('*10\r\n$4\r\nPING\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n')
  })
})
