import { describe, expect, test } from 'vitest'
import { testEngine, T0, type TestEngine } from '../../helpers/engine.js'
import { arity, bulk, err, int, NIL, NOT_INT, OK, SYNTAX } from '../../helpers/resp-text.js'

function logOf(t: TestEngine): string[] {
  const log: string[] = []
  t.engine.onPropagate((argv, db) => log.push((db !== 0 ? `@${db} ` : '') + argv.join(' ')))
  return log
}

/** A client subscribed to every keyspace event; `events()` lists `event key` since the last call. */
function eventsOf(t: TestEngine): () => string[] {
  const sub = t.client({ proto: 3 })
  sub('PSUBSCRIBE', '__keyevent@*__:*')
  return () => {
    const out: string[] = []
    const re = /__keyevent@(\d+)__:([a-z_]+)\r\n\$\d+\r\n([^\r]*)\r\n/g
    for (const m of sub.pending().matchAll(re)) out.push(`${m[1] !== '0' ? `@${m[1]} ` : ''}${m[2]} ${m[3]}`)
    return out
  }
}

const keys = (...ks: string[]): string => `*${ks.length}\r\n${ks.map(bulk).join('')}`

describe('DEL and UNLINK', () => {
  test('count the keys removed', () => {
    const c = testEngine().client()
    c('MSET', 'a', 1, 'b', 2, 'c', 3)
    expect(c('DEL', 'a', 'b', 'x')).toBe(int(2))
    expect(c('UNLINK', 'c', 'c')).toBe(int(1))
    expect(c('DEL', 'a')).toBe(int(0))
    expect(c('DEL')).toBe(arity('del'))
    expect(c('UNLINK')).toBe(arity('unlink'))
  })

  test('an expired key is not counted; del events and argv propagation', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const events = eventsOf(t)
    const log = logOf(t)
    const c = t.client()
    c('SET', 'a', 1, 'PX', 10)
    c('SET', 'b', 1)
    t.clock.advance(11)
    events()
    expect(c('DEL', 'a', 'b')).toBe(int(1))
    expect(events()).toEqual(['expired a', 'del b'])
    expect(log.slice(-2)).toEqual(['del a', 'DEL a b'])
    expect(c('DEL', 'nothing')).toBe(int(0))
    expect(log.at(-1)).toBe('DEL a b')
  })
})

describe('EXISTS', () => {
  test('counts repeats; does not see expired keys', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'a', 1)
    c('SET', 'e', 1, 'PX', 5)
    expect(c('EXISTS', 'a', 'a', 'b')).toBe(int(2))
    t.clock.advance(6)
    expect(c('EXISTS', 'e')).toBe(int(0))
    expect(c('EXISTS')).toBe(arity('exists'))
  })
})

describe('TYPE', () => {
  test('names each type', () => {
    const c = testEngine().client()
    c('SET', 's', 1)
    c('LPUSH', 'l', 1)
    expect(c('TYPE', 's')).toBe('+string\r\n')
    expect(c('TYPE', 'l')).toBe('+list\r\n')
    expect(c('TYPE', 'none')).toBe('+none\r\n')
    expect(c('TYPE')).toBe(arity('type'))
  })
})

describe('RENAME and RENAMENX', () => {
  test('moves the value and TTL, replacing the target', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const events = eventsOf(t)
    const c = t.client()
    c('SET', 'a', 'x', 'EX', 100)
    c('SET', 'b', 'y')
    events()
    expect(c('RENAME', 'a', 'b')).toBe(OK)
    expect(events()).toEqual(['rename_from a', 'rename_to b'])
    expect(c('GET', 'b')).toBe(bulk('x'))
    expect(c('TTL', 'b')).toBe(int(100))
    expect(c('EXISTS', 'a')).toBe(int(0))
    c('APPEND', 'b', '')
    c('RENAME', 'b', 'c')
    expect(c('OBJECT', 'ENCODING', 'c')).toBe(bulk('raw'))
  })

  test('the same name, missing keys, NX', () => {
    const c = testEngine().client()
    expect(c('RENAME', 'a', 'b')).toBe(err('ERR no such key'))
    expect(c('RENAMENX', 'a', 'b')).toBe(err('ERR no such key'))
    expect(c('RENAME', 'a', 'a')).toBe(err('ERR no such key'))
    c('SET', 'a', 1)
    expect(c('RENAME', 'a', 'a')).toBe(OK)
    expect(c('RENAMENX', 'a', 'a')).toBe(int(0))
    c('SET', 'b', 2)
    expect(c('RENAMENX', 'a', 'b')).toBe(int(0))
    expect(c('RENAMENX', 'a', 'c')).toBe(int(1))
    expect(c('GET', 'c')).toBe(bulk('1'))
    expect(c('RENAME', 'a')).toBe(arity('rename'))
    expect(c('RENAMENX', 'a')).toBe(arity('renamenx'))
  })

  test('an expired source is missing', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'a', 1, 'PX', 1)
    t.clock.advance(2)
    expect(c('RENAME', 'a', 'b')).toBe(err('ERR no such key'))
  })
})

describe('COPY', () => {
  test('copies strings and collections deeply, with the TTL', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const events = eventsOf(t)
    const c = t.client()
    c('SET', 's', 'v', 'EX', 100)
    c('RPUSH', 'l', 'a', 'b')
    events()
    expect(c('COPY', 's', 's2')).toBe(int(1))
    expect(events()).toEqual(['copy_to s2'])
    expect(c('TTL', 's2')).toBe(int(100))
    expect(c('COPY', 'l', 'l2')).toBe(int(1))
    c('RPUSH', 'l2', 'c')
    expect(c('LRANGE', 'l', 0, -1)).toBe(keys('a', 'b'))
    expect(c('LRANGE', 'l2', 0, -1)).toBe(keys('a', 'b', 'c'))
  })

  test('REPLACE and DB', () => {
    const c = testEngine().client()
    c('SET', 'a', 1)
    c('SET', 'b', 2)
    expect(c('COPY', 'a', 'b')).toBe(int(0))
    expect(c('COPY', 'a', 'b', 'REPLACE')).toBe(int(1))
    expect(c('GET', 'b')).toBe(bulk('1'))
    expect(c('COPY', 'a', 'a', 'DB', 1)).toBe(int(1))
    expect(c('COPY', 'a', 'a', 'db', 1)).toBe(int(0))
    expect(c('COPY', 'a', 'a', 'DB', 1, 'REPLACE', 'REPLACE')).toBe(int(1))
    expect(c('COPY', 'missing', 'x')).toBe(int(0))
    c('SELECT', 1)
    expect(c('GET', 'a')).toBe(bulk('1'))
  })

  test('a copied small integer is no longer shared', () => {
    const c = testEngine().client()
    c('SET', 'a', 5)
    expect(c('OBJECT', 'REFCOUNT', 'a')).toBe(int(2147483647))
    c('COPY', 'a', 'b')
    expect(c('OBJECT', 'ENCODING', 'b')).toBe(bulk('int'))
    expect(c('OBJECT', 'REFCOUNT', 'b')).toBe(int(1))
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 'a', 1)
    expect(c('COPY', 'a', 'a')).toBe(err('ERR source and destination objects are the same'))
    expect(c('COPY', 'a', 'a', 'DB', 0)).toBe(err('ERR source and destination objects are the same'))
    expect(c('COPY', 'a', 'b', 'DB')).toBe(SYNTAX)
    expect(c('COPY', 'a', 'b', 'FOO')).toBe(SYNTAX)
    expect(c('COPY', 'a', 'b', 'DB', 16)).toBe(err('ERR DB index is out of range'))
    expect(c('COPY', 'a', 'b', 'DB', -1)).toBe(err('ERR DB index is out of range'))
    expect(c('COPY', 'a', 'b', 'DB', 'x')).toBe(NOT_INT)
    expect(c('COPY', 'a', 'b', 'DB', '99999999999')).toBe(err('ERR value is out of range, value must between -2147483648 and 2147483647'))
    expect(c('COPY', 'a')).toBe(arity('copy'))
  })
})

describe('MOVE', () => {
  test('moves a key with its TTL; not over an existing key', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const events = eventsOf(t)
    const c = t.client()
    c('SET', 'a', 1, 'EX', 50)
    events()
    expect(c('MOVE', 'a', 1)).toBe(int(1))
    expect(events()).toEqual(['move_from a', '@1 move_to a'])
    expect(c('EXISTS', 'a')).toBe(int(0))
    c('SET', 'a', 2)
    expect(c('MOVE', 'a', 1)).toBe(int(0))
    expect(c('MOVE', 'missing', 1)).toBe(int(0))
    c('SELECT', 1)
    expect(c('GET', 'a')).toBe(bulk('1'))
    expect(c('TTL', 'a')).toBe(int(50))
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('MOVE', 'a', 0)).toBe(err('ERR source and destination objects are the same'))
    expect(c('MOVE', 'a', 16)).toBe(err('ERR DB index is out of range'))
    expect(c('MOVE', 'a', 'x')).toBe(NOT_INT)
    expect(c('MOVE', 'a', '2147483648')).toBe(err('ERR value is out of range, value must between -2147483648 and 2147483647'))
    expect(c('MOVE', 'a')).toBe(arity('move'))
  })
})

describe('KEYS', () => {
  test('glob patterns with classes and escapes; expired keys skipped', () => {
    const t = testEngine()
    const c = t.client()
    c('MSET', 'hello', 1, 'hallo', 1, 'hxllo', 1, 'hllo', 1, 'heeeello', 1, 'a*b', 1, 'a[b', 1)
    c('SET', 'gone', 1, 'PX', 1)
    t.clock.advance(2)
    const sorted = (r: string): string[] => r.split('\r\n').filter((l, i) => i > 0 && !l.startsWith('$') && l !== '').sort()
    expect(sorted(c('KEYS', 'h?llo'))).toEqual(['hallo', 'hello', 'hxllo'])
    expect(sorted(c('KEYS', 'h*llo'))).toEqual(['hallo', 'heeeello', 'hello', 'hllo', 'hxllo'])
    expect(sorted(c('KEYS', 'h[ae]llo'))).toEqual(['hallo', 'hello'])
    expect(sorted(c('KEYS', 'h[^e]llo'))).toEqual(['hallo', 'hxllo'])
    expect(sorted(c('KEYS', 'h[a-b]llo'))).toEqual(['hallo'])
    expect(sorted(c('KEYS', 'a\\*b'))).toEqual(['a*b'])
    expect(sorted(c('KEYS', 'a\\[b'))).toEqual(['a[b'])
    expect(c('KEYS', 'gone')).toBe('*0\r\n')
    expect(c('KEYS')).toBe(arity('keys'))
  })
})

describe('SCAN', () => {
  /** Runs a whole SCAN iteration; `between` runs after each call. */
  function scanAll(c: (...a: (string | number)[]) => string, extra: (string | number)[] = [], between?: (round: number) => void): string[] {
    const seen: string[] = []
    let cursor = '0'
    let round = 0
    do {
      const r = c('SCAN', cursor, ...extra)
      const lines = r.split('\r\n')
      cursor = lines[2] as string
      for (let i = 5; i < lines.length; i += 2) if (lines[i] !== undefined && lines[i] !== '') seen.push(lines[i] as string)
      between?.(round++)
    } while (cursor !== '0')
    return seen
  }

  test('MATCH, COUNT and TYPE', () => {
    const c = testEngine().client()
    for (let i = 0; i < 50; i++) c('SET', `k${i}`, i)
    c('RPUSH', 'list', 'a')
    expect(new Set(scanAll(c)).size).toBe(51)
    expect(scanAll(c, ['MATCH', 'k1*']).sort()).toEqual(['k1', ...Array.from({ length: 10 }, (_, i) => `k1${i}`)].sort())
    expect(scanAll(c, ['TYPE', 'list'])).toEqual(['list'])
    expect(scanAll(c, ['TYPE', 'LIST'])).toEqual(['list'])
    expect(scanAll(c, ['TYPE', 'nosuchtype'])).toEqual([])
    expect(c('SCAN', 0, 'COUNT', 100).split('\r\n')[2]).toBe('0')
    expect(c('SCAN', 0, 'COUNT', 5).split('\r\n')[3]).toBe('*5')
  })

  test('every key present throughout is returned while others come and go', () => {
    const c = testEngine().client()
    const stable: string[] = []
    for (let i = 0; i < 300; i++) {
      c('SET', `stable:${i}`, i)
      stable.push(`stable:${i}`)
      c('SET', `temp:${i}`, i)
    }
    let n = 0
    const seen = scanAll(c, ['COUNT', 7], (round) => {
      // delete some, add some, re-add deleted ones between calls
      for (let j = 0; j < 5; j++) c('DEL', `temp:${(round * 5 + j) % 300}`)
      for (let j = 0; j < 8; j++) c('SET', `new:${n++}`, 1)
      if (round % 3 === 0) c('SET', `temp:${round % 300}`, 1)
    })
    const got = new Set(seen)
    for (const k of stable) expect(got.has(k), k).toBe(true)
  })

  test('invalid cursors and options', () => {
    const c = testEngine().client()
    const bad = ['abc', ' 1', '1 ', '1.5', '0x1', '0x10', '18446744073709551616', '-18446744073709551616', '99999999999999999999999', '-', '+', '--1']
    for (const cur of bad) expect(c('SCAN', cur)).toBe(err('ERR invalid cursor'))
    const good = ['-1', '+1', '-0', '18446744073709551615', '-18446744073709551615', '00000000000000000000001', '']
    for (const cur of good) expect(c('SCAN', cur)).toBe('*2\r\n$1\r\n0\r\n*0\r\n')
    expect(c('SCAN', 0, 'COUNT', 0)).toBe(SYNTAX)
    expect(c('SCAN', 0, 'COUNT', 'x')).toBe(NOT_INT)
    expect(c('SCAN', 0, 'MATCH')).toBe(SYNTAX)
    expect(c('SCAN', 0, 'FOO', 'bar')).toBe(SYNTAX)
    expect(c('SCAN')).toBe(arity('scan'))
  })

  test('expired keys are skipped and deleted', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'a', 1, 'PX', 1)
    c('SET', 'b', 1)
    t.clock.advance(2)
    expect(c('SCAN', 0)).toBe(`*2\r\n$1\r\n0\r\n${keys('b')}`)
    expect(c('DBSIZE')).toBe(int(1))
  })
})

describe('RANDOMKEY', () => {
  test('a key, nil when empty, never an expired one', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('RANDOMKEY')).toBe(NIL)
    c('SET', 'a', 1)
    expect(c('RANDOMKEY')).toBe(bulk('a'))
    for (let i = 0; i < 20; i++) c('SET', `e${i}`, 1, 'PX', 1)
    t.clock.advance(2)
    for (let i = 0; i < 10; i++) expect(c('RANDOMKEY')).toBe(bulk('a'))
    c('DEL', 'a')
    expect(c('RANDOMKEY')).toBe(NIL)
    expect(c('RANDOMKEY', 'x')).toBe(arity('randomkey'))
  })
})

describe('EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT', () => {
  test('set TTLs, logged as PEXPIREAT', () => {
    const t = testEngine()
    const log = logOf(t)
    const c = t.client()
    c('SET', 'k', 'v')
    expect(c('EXPIRE', 'k', 100)).toBe(int(1))
    expect(c('TTL', 'k')).toBe(int(100))
    expect(c('PEXPIRE', 'k', 1500)).toBe(int(1))
    expect(c('PTTL', 'k')).toBe(int(1500))
    expect(c('EXPIREAT', 'k', Math.floor(T0 / 1000) + 60)).toBe(int(1))
    expect(c('TTL', 'k')).toBe(int(60))
    expect(c('PEXPIREAT', 'k', T0 + 900)).toBe(int(1))
    expect(c('PTTL', 'k')).toBe(int(900))
    expect(c('EXPIRE', 'missing', 10)).toBe(int(0))
    expect(log.slice(1)).toEqual([`pexpireat k ${T0 + 100000}`, `pexpireat k ${T0 + 1500}`, `pexpireat k ${T0 + 60000}`, `pexpireat k ${T0 + 900}`])
    t.clock.advance(901)
    expect(c('GET', 'k')).toBe(NIL)
    expect(log.at(-1)).toBe('del k')
  })

  test('NX, XX, GT, LT; no TTL counts as infinite', () => {
    const c = testEngine().client()
    c('SET', 'k', 'v')
    expect(c('EXPIRE', 'k', 100, 'XX')).toBe(int(0))
    expect(c('EXPIRE', 'k', 100, 'GT')).toBe(int(0))
    expect(c('EXPIRE', 'k', 100, 'LT')).toBe(int(1))
    expect(c('EXPIRE', 'k', 50, 'NX')).toBe(int(0))
    expect(c('EXPIRE', 'k', 50, 'GT')).toBe(int(0))
    expect(c('EXPIRE', 'k', 200, 'GT')).toBe(int(1))
    expect(c('EXPIRE', 'k', 300, 'LT')).toBe(int(0))
    expect(c('EXPIRE', 'k', 150, 'XX', 'LT')).toBe(int(1))
    expect(c('TTL', 'k')).toBe(int(150))
    expect(c('PERSIST', 'k')).toBe(int(1))
    expect(c('EXPIRE', 'k', 50, 'NX', 'NX')).toBe(int(1))
    expect(c('EXPIRE', 'k', 50, 'gt', 'gt')).toBe(int(0))
  })

  test('a past time deletes the key: del event, logged as DEL', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const events = eventsOf(t)
    const log = logOf(t)
    const c = t.client()
    for (const [cmd, arg] of [['EXPIRE', -1], ['PEXPIRE', 0], ['EXPIREAT', 1], ['PEXPIREAT', T0]] as const) {
      c('SET', 'k', 'v')
      events()
      expect(c(cmd, 'k', arg)).toBe(int(1))
      expect(events()).toEqual(['del k'])
      expect(log.at(-1)).toBe('del k')
      expect(c('EXISTS', 'k')).toBe(int(0))
    }
    c('SET', 'k', 'v')
    expect(c('PEXPIRE', 'k', '-9223372036854775808')).toBe(int(1))
    events()
    c('SET', 'k', 'v')
    c('EXPIRE', 'k', 10)
    expect(events()).toEqual(['set k', 'expire k'])
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 'k', 'v')
    expect(c('EXPIRE', 'k', 10, 'NX', 'XX')).toBe(err('ERR NX and XX, GT or LT options at the same time are not compatible'))
    expect(c('EXPIRE', 'k', 10, 'NX', 'GT')).toBe(err('ERR NX and XX, GT or LT options at the same time are not compatible'))
    expect(c('EXPIRE', 'k', 10, 'GT', 'LT')).toBe(err('ERR GT and LT options at the same time are not compatible'))
    expect(c('PEXPIRE', 'k', 10, 'bogus')).toBe(err('ERR Unsupported option bogus'))
    expect(c('EXPIRE', 'k', 'abc', 'foo')).toBe(err('ERR Unsupported option foo'))
    expect(c('EXPIRE', 'k', 'abc', 'NX', 'XX')).toBe(err('ERR NX and XX, GT or LT options at the same time are not compatible'))
    expect(c('EXPIRE', 'k', 'abc')).toBe(NOT_INT)
    expect(c('EXPIRE', 'k', '9223372036854775')).toBe(err("ERR invalid expire time in 'expire' command"))
    expect(c('EXPIRE', 'k', '-9223372036854775808')).toBe(err("ERR invalid expire time in 'expire' command"))
    expect(c('PEXPIRE', 'k', '9223372036854775807')).toBe(err("ERR invalid expire time in 'pexpire' command"))
    expect(c('EXPIREAT', 'k', '9223372036854775807')).toBe(err("ERR invalid expire time in 'expireat' command"))
    expect(c('PEXPIREAT', 'k', '9223372036854775807')).toBe(int(1))
    expect(c('EXPIRE', 'k')).toBe(arity('expire'))
    expect(c('PEXPIRE', 'k')).toBe(arity('pexpire'))
    expect(c('EXPIREAT', 'k')).toBe(arity('expireat'))
    expect(c('PEXPIREAT', 'k')).toBe(arity('pexpireat'))
  })
})

describe('PERSIST', () => {
  test('removes a TTL', () => {
    const t = testEngine()
    const log = logOf(t)
    const c = t.client()
    c('SET', 'k', 'v', 'EX', 10)
    expect(c('PERSIST', 'k')).toBe(int(1))
    expect(c('PERSIST', 'k')).toBe(int(0))
    expect(c('PERSIST', 'missing')).toBe(int(0))
    expect(c('TTL', 'k')).toBe(int(-1))
    expect(log).toEqual([`set k v PXAT ${T0 + 10000}`, 'PERSIST k'])
    expect(c('PERSIST')).toBe(arity('persist'))
  })
})

describe('TTL, PTTL, EXPIRETIME, PEXPIRETIME', () => {
  test('-2, -1, rounding of seconds', () => {
    const t = testEngine()
    const c = t.client()
    for (const cmd of ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']) expect(c(cmd, 'missing')).toBe(int(-2))
    c('SET', 'k', 'v')
    for (const cmd of ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']) expect(c(cmd, 'k')).toBe(int(-1))
    c('PEXPIRE', 'k', 1499)
    expect(c('TTL', 'k')).toBe(int(1))
    c('PEXPIRE', 'k', 1500)
    expect(c('TTL', 'k')).toBe(int(2))
    c('PEXPIREAT', 'k', 99999999999400)
    expect(c('EXPIRETIME', 'k')).toBe(int(99999999999))
    expect(c('PEXPIRETIME', 'k')).toBe(int(99999999999400))
    c('PEXPIREAT', 'k', 99999999999500)
    expect(c('EXPIRETIME', 'k')).toBe(int(100000000000))
    expect(c('TTL')).toBe(arity('ttl'))
    expect(c('PTTL')).toBe(arity('pttl'))
    expect(c('EXPIRETIME')).toBe(arity('expiretime'))
    expect(c('PEXPIRETIME')).toBe(arity('pexpiretime'))
  })
})

describe('TOUCH', () => {
  test('counts existing keys and resets idle time', () => {
    const t = testEngine()
    const c = t.client()
    c('MSET', 'a', 1, 'b', 2)
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(int(0))
    t.clock.advance(10_000)
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(int(10))
    expect(c('TOUCH', 'a', 'x')).toBe(int(1))
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(int(0))
    expect(c('OBJECT', 'IDLETIME', 'b')).toBe(int(10))
    expect(c('TOUCH')).toBe(arity('touch'))
  })

  test('CLIENT NO-TOUCH: reads leave the idle time, TOUCH still resets it', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'a', 1)
    c('OBJECT', 'IDLETIME', 'a')
    t.clock.advance(5_000)
    c.session.noTouch = true
    c('GET', 'a')
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(int(5))
    c('TOUCH', 'a')
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(int(0))
    t.clock.advance(3_000)
    c.session.noTouch = false
    c('GET', 'a')
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(int(0))
  })
})

describe('OBJECT', () => {
  test('ENCODING of strings and collections; nil for a missing key', () => {
    const c = testEngine().client()
    c('SET', 's', 'abc')
    c('RPUSH', 'l', 'a')
    expect(c('OBJECT', 'ENCODING', 's')).toBe(bulk('embstr'))
    expect(c('OBJECT', 'ENCODING', 'l')).toBe(bulk('quicklist'))
    expect(c('OBJECT', 'ENCODING', 'missing')).toBe(NIL)
    c('INCRBYFLOAT', 'f', 1)
    expect(c('OBJECT', 'ENCODING', 'f')).toBe(bulk('embstr'))
  })

  test('REFCOUNT: shared small integers, unless maxmemory with an LRU/LFU policy', () => {
    const c = testEngine().client()
    c('SET', 'a', 5)
    c('SET', 'b', 50000)
    c('SET', 'c', 'x')
    expect(c('OBJECT', 'REFCOUNT', 'a')).toBe(int(2147483647))
    expect(c('OBJECT', 'REFCOUNT', 'b')).toBe(int(1))
    expect(c('OBJECT', 'REFCOUNT', 'c')).toBe(int(1))
    expect(c('OBJECT', 'REFCOUNT', 'missing')).toBe(NIL)
    c('CONFIG', 'SET', 'maxmemory', '100mb')
    c('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru')
    expect(c('OBJECT', 'REFCOUNT', 'a')).toBe(int(1))
  })

  test('IDLETIME on the manual clock; an error under an LFU policy', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'a', 1)
    t.clock.advance(3_000)
    // tracking starts with the first question
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(int(0))
    t.clock.advance(4_000)
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(int(4))
    c('GET', 'a')
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(int(0))
    expect(c('OBJECT', 'IDLETIME', 'missing')).toBe(NIL)
    c('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu')
    expect(c('OBJECT', 'IDLETIME', 'a')).toBe(
      err(
        'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      ),
    )
  })

  test('FREQ under an LFU policy: starts at 5, grows logarithmically, decays per minute', () => {
    const t = testEngine({ config: { 'maxmemory-policy': 'allkeys-lfu' } })
    const c = t.client()
    c('SET', 'a', 1)
    expect(c('OBJECT', 'FREQ', 'a')).toBe(int(5))
    c('GET', 'a')
    expect(c('OBJECT', 'FREQ', 'a')).toBe(int(6))
    for (let i = 0; i < 1000; i++) c('GET', 'a')
    const f = Number(c('OBJECT', 'FREQ', 'a').slice(1))
    expect(f).toBeGreaterThan(10)
    expect(f).toBeLessThan(60)
    t.clock.advance(3 * 60_000)
    expect(c('OBJECT', 'FREQ', 'a')).toBe(int(f - 3))
    expect(c('OBJECT', 'FREQ', 'missing')).toBe(NIL)
  })

  test('FREQ without an LFU policy is an error', () => {
    const c = testEngine().client()
    c('SET', 'a', 1)
    expect(c('OBJECT', 'FREQ', 'a')).toBe(
      err(
        'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      ),
    )
  })

  test('HELP and errors', () => {
    const c = testEngine().client()
    const help = c('OBJECT', 'HELP')
    expect(help.startsWith('*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n')).toBe(true)
    expect(help.endsWith('+HELP\r\n+    Prints this help.\r\n')).toBe(true)
    expect(c('OBJECT', 'FOO')).toBe(err("ERR unknown subcommand 'FOO'. Try OBJECT HELP."))
    expect(c('OBJECT')).toBe(arity('object'))
    expect(c('OBJECT', 'ENCODING')).toBe(arity('object|encoding'))
    expect(c('OBJECT', 'IDLETIME', 'a', 'b')).toBe(arity('object|idletime'))
    expect(c('OBJECT', 'REFCOUNT')).toBe(arity('object|refcount'))
    expect(c('OBJECT', 'FREQ')).toBe(arity('object|freq'))
    expect(c('OBJECT', 'HELP', 'x')).toBe(arity('object|help'))
  })
})

describe('active expiry', () => {
  test('tick deletes expired keys: expired events, DEL logged', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const events = eventsOf(t)
    const log = logOf(t)
    const c = t.client()
    c('SET', 'a', 1, 'PX', 100)
    c('SET', 'b', 1, 'PX', 100)
    c('SET', 'c', 1, 'EX', 100)
    events()
    t.clock.advance(101)
    t.engine.tick()
    expect(events().sort()).toEqual(['expired a', 'expired b'])
    expect(log.slice(-2).sort()).toEqual(['del a', 'del b'])
    expect(c('DBSIZE')).toBe(int(1))
    expect(t.engine.stats.expiredKeys).toBe(2)
  })

  test('bounded per tick, adaptive, across databases', () => {
    const t = testEngine()
    const c = t.client()
    for (let i = 0; i < 10000; i++) c('SET', `k${i}`, 1, 'PX', 10)
    c('SELECT', 3)
    for (let i = 0; i < 100; i++) c('SET', `k${i}`, 1, 'PX', 10)
    t.clock.advance(11)
    const first = t.engine.activeExpire()
    expect(first).toBeGreaterThan(0)
    expect(first).toBeLessThanOrEqual(2000)
    expect(t.engine.nextDeadline()).toBe(t.clock.now() + 1)
    let ticks = 1
    while (t.engine.dbs[0]!.size + t.engine.dbs[3]!.size > 0 && ticks < 100) {
      t.engine.tick()
      ticks++
    }
    expect(t.engine.dbs[0]!.size + t.engine.dbs[3]!.size).toBe(0)
    expect(ticks).toBeGreaterThan(4)
    expect(t.engine.nextDeadline()).toBe(Infinity)
  })

  test('stops early when few sampled keys have expired', () => {
    const t = testEngine()
    const c = t.client()
    for (let i = 0; i < 5000; i++) c('SET', `live${i}`, 1, 'EX', 1000)
    c('SET', 'dead', 1, 'PX', 1)
    t.clock.advance(2)
    t.engine.activeExpire()
    // one round of 20 keys, all alive: the cycle stops at once
    expect(t.engine.dbs[0]!.size).toBe(5001)
    expect(t.engine.nextDeadline()).toBe(t.clock.now() + 100)
  })
})
