import { describe, expect, test } from 'vitest'
import { onUnpause, postponeUntil } from '../../../src/commands/client-pause.js'
import { testEngine, T0 } from '../../helpers/engine.js'

/** The fields of a CLIENT LIST / INFO line as a map. */
function fields(line: string): Map<string, string> {
  return new Map(line.trim().split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]))
}

/** The text of a bulk reply. */
function bulkText(reply: string): string {
  const nl = reply.indexOf('\r\n')
  return reply.slice(nl + 2, reply.length - 2)
}

const FIELD_ORDER =
  'id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp'

describe('CLIENT ID', () => {
  test('returns the session id, distinct per client', () => {
    const t = testEngine()
    const a = t.client()
    const b = t.client()
    expect(a('CLIENT', 'ID')).toBe(`:${a.session.id}\r\n`)
    expect(b('CLIENT', 'ID')).toBe(`:${b.session.id}\r\n`)
    expect(a.session.id).not.toBe(b.session.id)
    expect(a('CLIENT', 'ID', 'x')).toBe("-ERR wrong number of arguments for 'client|id' command\r\n")
  })
})

describe('CLIENT SETNAME and GETNAME', () => {
  test('sets, clears and validates the name', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'GETNAME')).toBe('$-1\r\n')
    expect(c('CLIENT', 'SETNAME', 'worker-1')).toBe('+OK\r\n')
    expect(c('CLIENT', 'GETNAME')).toBe('$8\r\nworker-1\r\n')
    expect(c('CLIENT', 'SETNAME', '')).toBe('+OK\r\n')
    expect(c('CLIENT', 'GETNAME')).toBe('$-1\r\n')
    for (const bad of ['a b', 'a\nb', 'caf\xc3\xa9', '\x7f']) {
      expect(c('CLIENT', 'SETNAME', bad)).toBe('-ERR Client names cannot contain spaces, newlines or special characters.\r\n')
    }
    expect(c('CLIENT', 'SETNAME')).toBe("-ERR wrong number of arguments for 'client|setname' command\r\n")
    expect(c('CLIENT', 'GETNAME', 'x')).toBe("-ERR wrong number of arguments for 'client|getname' command\r\n")
  })
})

describe('CLIENT INFO and CLIENT LIST', () => {
  test('fields in Redis 7.0 order, with honest values', () => {
    const t = testEngine()
    const c = t.client()
    c('CLIENT', 'SETNAME', 'me')
    c('SELECT', '2')
    const text = bulkText(c('CLIENT', 'INFO'))
    expect(text.endsWith('\n')).toBe(true)
    const f = fields(text)
    expect([...f.keys()].join(' ')).toBe(FIELD_ORDER)
    expect(f.get('id')).toBe(String(c.session.id))
    expect(f.get('name')).toBe('me')
    expect(f.get('db')).toBe('2')
    expect(f.get('flags')).toBe('N')
    expect(f.get('multi')).toBe('-1')
    expect(f.get('cmd')).toBe('client|info')
    expect(f.get('argv-mem')).toBe('10')
    expect(f.get('user')).toBe('default')
    expect(f.get('resp')).toBe('2')
    t.clock.advance(5000)
    expect(fields(bulkText(c('CLIENT', 'INFO'))).get('age')).toBe('5')
  })

  test('RESP3 gets verbatim text', () => {
    const c = testEngine().client({ proto: 3 })
    expect(c('CLIENT', 'INFO')).toMatch(/^=\d+\r\ntxt:id=/)
    expect(c('CLIENT', 'LIST', 'ID', '999')).toBe('=4\r\ntxt:\r\n')
  })

  test('flags, multi, sub and idle of other clients', () => {
    const t = testEngine()
    const a = t.client()
    const b = t.client()
    a('MULTI')
    a('SET', 'k', 'vv')
    a('SET', 'k2', 'v')
    t.clock.advance(3000)
    const line = fields(bulkText(b('CLIENT', 'LIST', 'ID', String(a.session.id))))
    expect(line.get('flags')).toBe('x')
    expect(line.get('multi')).toBe('2')
    // queued argv bytes plus 8 per argument, as Redis counts them
    expect(line.get('multi-mem')).toBe(String(6 + 24 + 6 + 24))
    expect(line.get('idle')).toBe('3')
    expect(line.get('argv-mem')).toBe('0')
    a('DISCARD')
    a('CLIENT', 'NO-EVICT', 'on')
    expect(fields(bulkText(b('CLIENT', 'LIST', 'ID', String(a.session.id)))).get('flags')).toBe('e')
  })

  test('TYPE and ID filters', () => {
    const t = testEngine()
    const a = t.client()
    const b = t.client()
    b.session.channels = new Set(['ch'])
    const ids = (reply: string): string[] =>
      bulkText(reply)
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => fields(l).get('id') as string)
    expect(ids(a('CLIENT', 'LIST'))).toEqual([String(a.session.id), String(b.session.id)])
    expect(ids(a('CLIENT', 'LIST', 'TYPE', 'normal'))).toEqual([String(a.session.id)])
    expect(ids(a('CLIENT', 'LIST', 'TYPE', 'PUBSUB'))).toEqual([String(b.session.id)])
    expect(fields(bulkText(a('CLIENT', 'LIST', 'TYPE', 'pubsub'))).get('sub')).toBe('1')
    expect(a('CLIENT', 'LIST', 'TYPE', 'master')).toBe('$0\r\n\r\n')
    expect(a('CLIENT', 'LIST', 'TYPE', 'replica')).toBe('$0\r\n\r\n')
    expect(a('CLIENT', 'LIST', 'TYPE', 'slave')).toBe('$0\r\n\r\n')
    expect(ids(a('CLIENT', 'LIST', 'ID', String(b.session.id), '0', '-5', String(a.session.id)))).toEqual([
      String(a.session.id),
      String(b.session.id),
    ])
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'LIST', 'TYPE', 'foo')).toBe("-ERR Unknown client type 'foo'\r\n")
    expect(c('CLIENT', 'LIST', 'TYPE')).toBe('-ERR syntax error\r\n')
    expect(c('CLIENT', 'LIST', 'ID')).toBe('-ERR syntax error\r\n')
    expect(c('CLIENT', 'LIST', 'ID', 'abc')).toBe('-ERR Invalid client ID\r\n')
    expect(c('CLIENT', 'LIST', 'TYPE', 'normal', 'ID', '1')).toBe('-ERR syntax error\r\n')
    expect(c('CLIENT', 'LIST', 'FOO')).toBe('-ERR syntax error\r\n')
    expect(c('CLIENT', 'INFO', 'x')).toBe("-ERR wrong number of arguments for 'client|info' command\r\n")
  })
})

describe('CLIENT KILL', () => {
  function withSinks() {
    const t = testEngine()
    const closed: number[] = []
    const open = () => {
      const s = t.engine.createSession({ write: () => {}, close: () => { closed.push(s.id); t.engine.closeSession(s) } }, { kind: 'tcp', addr: `10.0.0.${t.engine.sessions.size + 1}:5000`, laddr: '127.0.0.1:6379' })
      return s
    }
    return { t, closed, open }
  }

  test('the old address form', () => {
    const { t, closed, open } = withSinks()
    const c = t.client()
    const other = open()
    expect(c('CLIENT', 'KILL', other.addr)).toBe('+OK\r\n')
    expect(closed).toEqual([other.id])
    expect(c('CLIENT', 'KILL', other.addr)).toBe('-ERR No such client\r\n')
    expect(c('CLIENT', 'KILL', 'ID')).toBe('-ERR No such client\r\n')
  })

  test('filters: ID, ADDR, LADDR, TYPE, USER, SKIPME', () => {
    const { t, closed, open } = withSinks()
    const c = t.client()
    const a = open()
    const b = open()
    const d = open()
    expect(c('CLIENT', 'KILL', 'ID', String(a.id))).toBe(':1\r\n')
    expect(c('CLIENT', 'KILL', 'ADDR', b.addr)).toBe(':1\r\n')
    expect(c('CLIENT', 'KILL', 'ID', '99999')).toBe(':0\r\n')
    expect(c('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBe(':0\r\n')
    expect(c('CLIENT', 'KILL', 'TYPE', 'master')).toBe(':0\r\n')
    expect(c('CLIENT', 'KILL', 'LADDR', '127.0.0.1:6379', 'USER', 'default')).toBe(':1\r\n')
    expect(closed).toEqual([a.id, b.id, d.id])
    expect(c.session.closing).toBe(false)
    expect(c('CLIENT', 'KILL', 'ID', String(c.session.id))).toBe(':0\r\n')
    expect(c('CLIENT', 'KILL', 'ID', String(c.session.id), 'SKIPME', 'no')).toBe(':1\r\n')
    expect(c.session.closing).toBe(true)
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'KILL')).toBe("-ERR wrong number of arguments for 'client|kill' command\r\n")
    expect(c('CLIENT', 'KILL', 'ID', 'abc')).toBe('-ERR client-id should be greater than 0\r\n')
    expect(c('CLIENT', 'KILL', 'ID', '0')).toBe('-ERR client-id should be greater than 0\r\n')
    expect(c('CLIENT', 'KILL', 'TYPE', 'foo')).toBe("-ERR Unknown client type 'foo'\r\n")
    expect(c('CLIENT', 'KILL', 'USER', 'nobody')).toBe("-ERR No such user 'nobody'\r\n")
    expect(c('CLIENT', 'KILL', 'SKIPME', 'maybe')).toBe('-ERR syntax error\r\n')
    expect(c('CLIENT', 'KILL', 'FOO', 'bar')).toBe('-ERR syntax error\r\n')
    expect(c('CLIENT', 'KILL', 'ID', '1', 'TYPE')).toBe('-ERR syntax error\r\n')
    expect(c('CLIENT', 'KILL', 'MAXAGE', '10')).toBe('-ERR syntax error\r\n')
  })
})

describe('CLIENT REPLY', () => {
  test('ON, OFF and SKIP', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'REPLY', 'ON')).toBe('+OK\r\n')
    expect(c('CLIENT', 'REPLY', 'OFF')).toBe('')
    expect(c('PING')).toBe('')
    expect(c('GET', 'x', 'y')).toBe('')
    expect(c('CLIENT', 'REPLY', 'ON')).toBe('+OK\r\n')
    expect(c('CLIENT', 'REPLY', 'SKIP')).toBe('')
    expect(c('PING')).toBe('')
    expect(c('PING')).toBe('+PONG\r\n')
    expect(c('CLIENT', 'REPLY', 'maybe')).toBe('-ERR syntax error\r\n')
  })

  test('SKIP while OFF stays off', () => {
    const c = testEngine().client()
    c('CLIENT', 'REPLY', 'OFF')
    expect(c('CLIENT', 'REPLY', 'SKIP')).toBe('')
    expect(c('PING')).toBe('')
    expect(c('PING')).toBe('')
  })
})

describe('CLIENT NO-EVICT', () => {
  test('sets the flag', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'NO-EVICT', 'on')).toBe('+OK\r\n')
    expect(c.session.noEvict).toBe(true)
    expect(c('CLIENT', 'NO-EVICT', 'OFF')).toBe('+OK\r\n')
    expect(c.session.noEvict).toBe(false)
    expect(c('CLIENT', 'NO-EVICT', 'maybe')).toBe('-ERR syntax error\r\n')
  })
})

describe('CLIENT NO-TOUCH (7.2)', () => {
  test('sets the flag and shows T', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'NO-TOUCH', 'ON')).toBe('+OK\r\n')
    expect(c.session.noTouch).toBe(true)
    expect(fields(bulkText(c('CLIENT', 'INFO'))).get('flags')).toBe('T')
    expect(c('CLIENT', 'NO-TOUCH', 'off')).toBe('+OK\r\n')
    expect(c('CLIENT', 'NO-TOUCH', 'x')).toBe('-ERR syntax error\r\n')
  })
})

describe('CLIENT SETINFO (7.2)', () => {
  test('stores the library name and version', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'SETINFO', 'LIB-NAME', 'ioredis')).toBe('+OK\r\n')
    expect(c('CLIENT', 'SETINFO', 'lib-ver', '6.0.0')).toBe('+OK\r\n')
    expect(c.session.libName).toBe('ioredis')
    expect(c.session.libVer).toBe('6.0.0')
    expect(c('CLIENT', 'SETINFO', 'LIB-NAME', 'a b')).toBe('-ERR LIB-NAME cannot contain spaces, newlines or special characters.\r\n')
    expect(c('CLIENT', 'SETINFO', 'FOO', 'x')).toBe("-ERR Unrecognized option 'FOO'\r\n")
    expect(c('CLIENT', 'SETINFO', 'LIB-NAME')).toBe("-ERR wrong number of arguments for 'client|setinfo' command\r\n")
  })
})

describe('CLIENT UNBLOCK', () => {
  test('ends a block with its timeout reply or an error', () => {
    const t = testEngine()
    const admin = t.client()
    const w = t.client({ blocking: true })
    expect(w('BLPOP', 'q', '0')).toBe('')
    expect(admin('CLIENT', 'UNBLOCK', String(w.session.id))).toBe(':1\r\n')
    expect(w.pending()).toBe('*-1\r\n')
    expect(admin('CLIENT', 'UNBLOCK', String(w.session.id))).toBe(':0\r\n')
    w('BLPOP', 'q', '0')
    expect(admin('CLIENT', 'UNBLOCK', String(w.session.id), 'error')).toBe(':1\r\n')
    expect(w.pending()).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n')
    w('BLPOP', 'q', '0')
    expect(admin('CLIENT', 'UNBLOCK', String(w.session.id), 'TIMEOUT')).toBe(':1\r\n')
    expect(w.pending()).toBe('*-1\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'UNBLOCK', '999')).toBe(':0\r\n')
    expect(c('CLIENT', 'UNBLOCK', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('CLIENT', 'UNBLOCK', '1', 'foo')).toBe('-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n')
    expect(c('CLIENT', 'UNBLOCK', '1', '2', '3')).toBe("-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n")
  })
})

describe('CLIENT PAUSE and UNPAUSE', () => {
  test('WRITE holds back writes only, until the pause ends or UNPAUSE', () => {
    const t = testEngine()
    const c = t.client()
    const unpaused: number[] = []
    onUnpause(t.engine, () => unpaused.push(1))
    expect(c('CLIENT', 'PAUSE', '1000', 'WRITE')).toBe('+OK\r\n')
    const until = T0 + 1000
    expect(postponeUntil(t.engine, c.session, ['SET', 'k', 'v'])).toBe(until)
    expect(postponeUntil(t.engine, c.session, ['GET', 'k'])).toBe(0)
    expect(postponeUntil(t.engine, c.session, ['PUBLISH', 'ch', 'm'])).toBe(until)
    expect(postponeUntil(t.engine, c.session, ['CONFIG', 'GET', 'hz'])).toBe(0)
    c('MULTI')
    c('INCR', 'n')
    expect(postponeUntil(t.engine, c.session, ['EXEC'])).toBe(until)
    c('DISCARD')
    t.clock.advance(1000)
    expect(postponeUntil(t.engine, c.session, ['SET', 'k', 'v'])).toBe(0)
    expect(c('CLIENT', 'PAUSE', '500')).toBe('+OK\r\n')
    expect(postponeUntil(t.engine, c.session, ['GET', 'k'])).toBe(T0 + 1500)
    // a weaker, shorter pause does not shorten or weaken it
    expect(c('CLIENT', 'PAUSE', '10', 'WRITE')).toBe('+OK\r\n')
    expect(postponeUntil(t.engine, c.session, ['GET', 'k'])).toBe(T0 + 1500)
    expect(c('CLIENT', 'UNPAUSE')).toBe('+OK\r\n')
    expect(unpaused).toEqual([1])
    expect(postponeUntil(t.engine, c.session, ['SET', 'k', 'v'])).toBe(0)
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'PAUSE', '1.5')).toBe('-ERR timeout is not an integer or out of range\r\n')
    expect(c('CLIENT', 'PAUSE', '-1')).toBe('-ERR timeout is negative\r\n')
    expect(c('CLIENT', 'PAUSE', 'x', 'foo')).toBe('-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n')
    expect(c('CLIENT', 'PAUSE', '10', 'WRITE', 'x')).toBe("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n")
    expect(c('CLIENT', 'PAUSE')).toBe("-ERR wrong number of arguments for 'client|pause' command\r\n")
    expect(c('CLIENT', 'UNPAUSE', 'x')).toBe("-ERR wrong number of arguments for 'client|unpause' command\r\n")
  })
})

describe('CLIENT tracking queries', () => {
  test('tracking is off', () => {
    const c = testEngine().client()
    expect(c('CLIENT', 'GETREDIR')).toBe(':-1\r\n')
    expect(c('CLIENT', 'TRACKINGINFO')).toBe('*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n')
    expect(c('CLIENT', 'CACHING', 'yes')).toBe(
      '-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n',
    )
  })
})

describe('CLIENT HELP and errors', () => {
  test('help lists the subcommands', () => {
    const c = testEngine().client()
    const help = c('CLIENT', 'HELP')
    expect(help.startsWith('*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n')).toBe(true)
    expect(help.endsWith('+HELP\r\n+    Prints this help.\r\n')).toBe(true)
  })

  test('unknown subcommand and arity', () => {
    const c = testEngine().client()
    expect(c('CLIENT')).toBe("-ERR wrong number of arguments for 'client' command\r\n")
    expect(c('CLIENT', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n")
  })
})
