import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'

const helloMap = (proto: number, id: number): string =>
  `${proto === 3 ? '%7' : '*14'}\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:${proto}\r\n` +
  `$2\r\nid\r\n:${id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n`

describe('PING', () => {
  test('replies PONG or echoes its message', () => {
    const c = testEngine().client()
    expect(c('PING')).toBe('+PONG\r\n')
    expect(c('PING', 'hi')).toBe('$2\r\nhi\r\n')
    expect(c('ping', '')).toBe('$0\r\n\r\n')
  })

  test('too many arguments', () => {
    const c = testEngine().client()
    expect(c('PING', 'a', 'b')).toBe("-ERR wrong number of arguments for 'ping' command\r\n")
  })

  test('a subscribed RESP2 client gets a pong array; RESP3 a plain reply', () => {
    const t = testEngine()
    const c = t.client()
    c.session.channels = new Set(['ch'])
    expect(c('PING')).toBe('*2\r\n$4\r\npong\r\n$0\r\n\r\n')
    expect(c('PING', 'm')).toBe('*2\r\n$4\r\npong\r\n$1\r\nm\r\n')
    const r3 = t.client({ proto: 3 })
    r3.session.channels = new Set(['ch'])
    expect(r3('PING')).toBe('+PONG\r\n')
  })
})

describe('ECHO', () => {
  test('returns its argument, binary safe', () => {
    const c = testEngine().client()
    expect(c('ECHO', 'a\r\nb\x00')).toBe('$5\r\na\r\nb\x00\r\n')
    expect(c('ECHO')).toBe("-ERR wrong number of arguments for 'echo' command\r\n")
    expect(c('ECHO', 'a', 'b')).toBe("-ERR wrong number of arguments for 'echo' command\r\n")
  })
})

describe('AUTH', () => {
  test('without requirepass', () => {
    const c = testEngine().client()
    expect(c('AUTH', 'x')).toBe(
      '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n',
    )
    expect(c('AUTH', 'default', 'anything')).toBe('+OK\r\n')
    expect(c('AUTH', 'bob', 'x')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n')
    expect(c('AUTH', 'a', 'b', 'c')).toBe('-ERR syntax error\r\n')
    expect(c('AUTH')).toBe("-ERR wrong number of arguments for 'auth' command\r\n")
  })

  test('with requirepass', () => {
    const t = testEngine({ config: { requirepass: 'secret' } })
    const c = t.client()
    expect(c('GET', 'k')).toBe('-NOAUTH Authentication required.\r\n')
    expect(c('AUTH', 'wrong')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n')
    expect(c('AUTH', 'default', 'wrong')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n')
    expect(c('AUTH', 'secret')).toBe('+OK\r\n')
    expect(c('GET', 'k')).toBe('$-1\r\n')
    const d = t.client()
    expect(d('AUTH', 'default', 'secret')).toBe('+OK\r\n')
  })
})

describe('HELLO', () => {
  test('reports the connection and switches protocol', () => {
    const c = testEngine().client()
    const id = c.session.id
    expect(c('HELLO')).toBe(helloMap(2, id))
    expect(c('HELLO', '3')).toBe(helloMap(3, id))
    expect(c.session.proto).toBe(3)
    expect(c('HELLO', '2')).toBe(helloMap(2, id))
  })

  test('protocol errors', () => {
    const c = testEngine().client()
    expect(c('HELLO', '1')).toBe('-NOPROTO unsupported protocol version\r\n')
    expect(c('HELLO', '4')).toBe('-NOPROTO unsupported protocol version\r\n')
    expect(c('HELLO', '2147483648')).toBe('-NOPROTO unsupported protocol version\r\n')
    expect(c('HELLO', 'abc')).toBe('-ERR Protocol version is not an integer or out of range\r\n')
    expect(c('HELLO', '03')).toBe('-ERR Protocol version is not an integer or out of range\r\n')
  })

  test('AUTH and SETNAME options', () => {
    const t = testEngine({ config: { requirepass: 'pw' } })
    const c = t.client()
    expect(c('HELLO', '3')).toBe(
      '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n',
    )
    expect(c('HELLO', '3', 'AUTH', 'default', 'bad')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n')
    expect(c('HELLO', '3', 'AUTH', 'default')).toBe("-ERR Syntax error in HELLO option 'AUTH'\r\n")
    expect(c('HELLO', '2', 'SETNAME')).toBe("-ERR Syntax error in HELLO option 'SETNAME'\r\n")
    expect(c('HELLO', '2', 'FOO')).toBe("-ERR Syntax error in HELLO option 'FOO'\r\n")
    expect(c('HELLO', '3', 'auth', 'default', 'pw', 'setname', 'n1')).toBe(helloMap(3, c.session.id))
    expect(c('CLIENT', 'GETNAME')).toBe('$2\r\nn1\r\n')
    expect(c('HELLO', '2', 'SETNAME', 'a b')).toBe('-ERR Client names cannot contain spaces, newlines or special characters.\r\n')
    expect(c.session.proto).toBe(3)
  })
})

describe('SELECT', () => {
  test('changes the database', () => {
    const c = testEngine().client()
    c('SET', 'k', '0')
    expect(c('SELECT', '15')).toBe('+OK\r\n')
    expect(c('GET', 'k')).toBe('$-1\r\n')
    expect(c('SELECT', '0')).toBe('+OK\r\n')
    expect(c('GET', 'k')).toBe('$1\r\n0\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('SELECT', '16')).toBe('-ERR DB index is out of range\r\n')
    expect(c('SELECT', '-1')).toBe('-ERR DB index is out of range\r\n')
    expect(c('SELECT', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('SELECT', '2147483648')).toBe('-ERR value is out of range, value must between -2147483648 and 2147483647\r\n')
    expect(c('SELECT')).toBe("-ERR wrong number of arguments for 'select' command\r\n")
  })
})

describe('QUIT', () => {
  test('replies OK and marks the session to close', () => {
    const c = testEngine().client()
    expect(c('QUIT')).toBe('+OK\r\n')
    expect(c.session.closing).toBe(true)
    expect(testEngine().client()('QUIT', 'extra')).toBe('+OK\r\n')
  })
})

describe('RESET', () => {
  test('restores the connection defaults', () => {
    const t = testEngine()
    const c = t.client()
    c('HELLO', '3')
    c('SELECT', '3')
    c('CLIENT', 'SETNAME', 'x')
    c('CLIENT', 'NO-EVICT', 'on')
    c('MULTI')
    expect(c('RESET')).toBe('+RESET\r\n')
    expect(c.session.proto).toBe(2)
    expect(c.session.db).toBe(0)
    expect(c.session.multi).toBe(null)
    expect(c.session.noEvict).toBe(false)
    expect(c('CLIENT', 'GETNAME')).toBe('$-1\r\n')
    expect(c('RESET', 'x')).toBe("-ERR wrong number of arguments for 'reset' command\r\n")
  })

  test('requires AUTH again when there is a password', () => {
    const t = testEngine({ config: { requirepass: 'pw' } })
    const c = t.client()
    c('AUTH', 'pw')
    expect(c('PING')).toBe('+PONG\r\n')
    expect(c('RESET')).toBe('+RESET\r\n')
    expect(c('PING')).toBe('-NOAUTH Authentication required.\r\n')
  })
})
