import { describe, expect, test } from 'vitest'
import { testEngine, type TestClient } from '../../helpers/engine.js'
import { arr, bulk, SYNTAX, WRONGTYPE } from '../../helpers/resp-text.js'
import { logOf } from '../../helpers/unit.js'

const NOT_FLOAT = '-ERR value is not a valid float\r\n'

/** Events a `__keyevent@*__:*` subscriber got, as `event key`. */
function events(sub: TestClient): string[] {
  const out: string[] = []
  const re = /\$\d+\r\n__keyevent@\d+__:([^\r]*)\r\n\$\d+\r\n([^\r]*)\r\n/g
  for (const m of sub.pending().matchAll(re)) out.push(`${m[1]} ${m[2]}`)
  return out
}

function withEvents() {
  const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
  const sub = t.client()
  sub('PSUBSCRIBE', '__keyevent@*__:*')
  sub.pending()
  const log = logOf(t)
  return { t, sub, c: t.client(), log }
}

describe('ZADD', () => {
  test('adds and updates, counting added members (or changed ones with CH)', () => {
    const c = testEngine().client()
    expect(c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c')).toBe(':3\r\n')
    expect(c('ZADD', 'z', 1, 'a', 5, 'b', 0, 'd')).toBe(':1\r\n')
    expect(c('ZADD', 'z', 'CH', 1, 'a', 6, 'b', 0, 'e')).toBe(':2\r\n')
    expect(c('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toBe(arr('d', '0', 'e', '0', 'a', '1', 'c', '3', 'b', '6'))
  })

  test('NX, XX, GT and LT', () => {
    const c = testEngine().client()
    c('ZADD', 'z', 10, 'a')
    expect(c('ZADD', 'z', 'NX', 1, 'a', 2, 'b')).toBe(':1\r\n')
    expect(c('ZADD', 'z', 'XX', 'CH', 3, 'b', 4, 'c')).toBe(':1\r\n')
    expect(c('ZADD', 'z', 'GT', 'CH', 5, 'a', 20, 'b', 1, 'n')).toBe(':2\r\n')
    expect(c('ZADD', 'z', 'LT', 'CH', 30, 'a', 1, 'b')).toBe(':1\r\n')
    expect(c('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toBe(arr('b', '1', 'n', '1', 'a', '10'))
    expect(c('ZADD', 'missing', 'XX', 1, 'a')).toBe(':0\r\n')
    expect(c('EXISTS', 'missing')).toBe(':0\r\n')
    expect(c('zadd', 'z', 'nx', 'nx', 'ch', 1, 'q')).toBe(':1\r\n')
  })

  test('INCR replies with the new score, or nil when skipped', () => {
    const c = testEngine().client()
    expect(c('ZADD', 'z', 'INCR', 1.5, 'a')).toBe(bulk('1.5'))
    expect(c('ZADD', 'z', 'INCR', 'incr', 0.1, 'a')).toBe(bulk('1.6000000000000001'))
    expect(c('ZADD', 'z', 'INCR', 'NX', 1, 'a')).toBe('$-1\r\n')
    expect(c('ZADD', 'z', 'INCR', 'XX', 1, 'b')).toBe('$-1\r\n')
    expect(c('ZADD', 'z', 'INCR', 'GT', -1, 'a')).toBe('$-1\r\n')
    expect(c('ZADD', 'z', 'INCR', 'GT', 0, 'a')).toBe('$-1\r\n')
    expect(c('ZADD', 'z', 'INCR', 'LT', -1, 'a')).toBe(bulk('0.60000000000000009'))
    expect(c('ZADD', 'z', 'INCR', 0, 'a')).toBe(bulk('0.60000000000000009'))
    expect(c('ZADD', 'missing', 'XX', 'INCR', 1, 'a')).toBe('$-1\r\n')
    const r3 = testEngine().client({ proto: 3 })
    expect(r3('ZADD', 'z', 'INCR', 1, 'a')).toBe(',1\r\n')
    expect(r3('ZADD', 'z', 'NX', 'INCR', 1, 'a')).toBe('_\r\n')
  })

  test('scores: infinities, exponents, hex, and %.17g replies', () => {
    const c = testEngine().client()
    expect(c('ZADD', 'z', '+inf', 'a', '-inf', 'b', '0x10', 'c', '1e20', 'd', '.5', 'e', '1.5e-7', 'f', 'Infinity', 'g')).toBe(':7\r\n')
    expect(c('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toBe(
      arr('b', '-inf', 'f', '1.4999999999999999e-07', 'e', '0.5', 'c', '16', 'd', '1e+20', 'a', 'inf', 'g', 'inf'),
    )
  })

  test('errors, checked before anything changes', () => {
    const c = testEngine().client()
    c('ZADD', 'z', 1, 'a')
    c('SET', 's', 'v')
    expect(c('ZADD', 'z', 'NX', 'XX', 1, 'a')).toBe('-ERR XX and NX options at the same time are not compatible\r\n')
    const gtlt = '-ERR GT, LT, and/or NX options at the same time are not compatible\r\n'
    expect(c('ZADD', 'z', 'GT', 'LT', 1, 'a')).toBe(gtlt)
    expect(c('ZADD', 'z', 'NX', 'GT', 1, 'a')).toBe(gtlt)
    expect(c('ZADD', 'z', 'INCR', 1, 'a', 2, 'b')).toBe('-ERR INCR option supports a single increment-element pair\r\n')
    expect(c('ZADD', 'z', 'NX', 'XX', 1, 'a', 2)).toBe(SYNTAX)
    expect(c('ZADD', 'z', 'INCR', 1, 'a', 'x', 'b')).toBe('-ERR INCR option supports a single increment-element pair\r\n')
    expect(c('ZADD', 'z', 1, 'a', 'x', 'b')).toBe(NOT_FLOAT)
    expect(c('ZADD', 'z', 'nan', 'a')).toBe(NOT_FLOAT)
    expect(c('ZADD', 'z', '1e500', 'a')).toBe(NOT_FLOAT)
    expect(c('ZADD', 'z', ' 1', 'a')).toBe(NOT_FLOAT)
    expect(c('ZADD', 's', 'x', 'a')).toBe(NOT_FLOAT)
    expect(c('ZADD', 's', 1, 'a')).toBe(WRONGTYPE)
    expect(c('ZADD', 'z', 1)).toBe("-ERR wrong number of arguments for 'zadd' command\r\n")
    c('ZADD', 'z', 'inf', 'a')
    expect(c('ZADD', 'z', 'INCR', '-inf', 'a')).toBe('-ERR resulting score is not a number (NaN)\r\n')
    expect(c('ZSCORE', 'z', 'a')).toBe(bulk('inf'))
  })

  test('encoding: listpack up to 128 members of up to 64 bytes, then skiplist for good', () => {
    const c = testEngine().client()
    const args: (string | number)[] = []
    for (let i = 0; i < 128; i++) args.push(i, `m${i}`)
    c('ZADD', 'z', ...args)
    expect(c('OBJECT', 'ENCODING', 'z')).toBe(bulk('listpack'))
    c('ZADD', 'z', 1, 'extra')
    expect(c('OBJECT', 'ENCODING', 'z')).toBe(bulk('skiplist'))
    c('ZREM', 'z', 'extra', 'm1', 'm2')
    expect(c('OBJECT', 'ENCODING', 'z')).toBe(bulk('skiplist'))
    c('ZADD', 'long', 1, 'x'.repeat(65))
    expect(c('OBJECT', 'ENCODING', 'long')).toBe(bulk('skiplist'))
    // the same member 129 times is one member
    const dups: (string | number)[] = []
    for (let i = 0; i < 129; i++) dups.push(i, 'a')
    c('ZADD', 'dups', ...dups)
    expect(c('OBJECT', 'ENCODING', 'dups')).toBe(bulk('listpack'))
  })

  test('-0 reads back as 0 from a listpack and -0 from a skiplist', () => {
    const c = testEngine({ config: { 'zset-max-listpack-entries': 1 } }).client()
    c('ZADD', 'small', '-0', 'a')
    expect(c('ZSCORE', 'small', 'a')).toBe(bulk('0'))
    c('ZADD', 'big', 1, 'x', '-0', 'a')
    expect(c('ZSCORE', 'big', 'a')).toBe(bulk('-0'))
    expect(c('ZADD', 'big', 0, 'a')).toBe(':0\r\n')
    expect(c('ZSCORE', 'big', 'a')).toBe(bulk('-0'))
  })

  test('events, WATCH and propagation only when something changed', () => {
    const { sub, c, log } = withEvents()
    c('ZADD', 'z', 1, 'a')
    c('ZADD', 'z', 'NX', 2, 'a')
    c('ZADD', 'z', 1, 'a')
    c('ZADD', 'z', 'INCR', 0, 'a')
    c('ZADD', 'z', 'INCR', 1, 'a')
    c('ZADD', 'z', 'XX', 'CH', 5, 'a')
    expect(events(sub)).toEqual(['zadd z', 'zincr z', 'zadd z'])
    expect(log).toEqual(['ZADD z 1 a', 'ZADD z INCR 1 a', 'ZADD z XX CH 5 a'])
  })
})

describe('ZINCRBY', () => {
  test('increments, creating the member and the key', () => {
    const c = testEngine().client()
    expect(c('ZINCRBY', 'z', 1, 'a')).toBe(bulk('1'))
    expect(c('ZINCRBY', 'z', 0.1, 'a')).toBe(bulk('1.1000000000000001'))
    expect(c('ZINCRBY', 'z', '1e308', 'b')).toBe(bulk('1e+308'))
    expect(c('ZINCRBY', 'z', '1e308', 'b')).toBe(bulk('inf'))
    const r3 = testEngine().client({ proto: 3 })
    expect(r3('ZINCRBY', 'z', 2.5, 'a')).toBe(',2.5\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    c('ZADD', 'z', 'inf', 'a')
    c('SET', 's', 'v')
    expect(c('ZINCRBY', 'z', '-inf', 'a')).toBe('-ERR resulting score is not a number (NaN)\r\n')
    expect(c('ZINCRBY', 'z', 'x', 'a')).toBe(NOT_FLOAT)
    // option words are read as in ZADD, leaving an odd count
    expect(c('ZINCRBY', 'z', 'nx', 'a')).toBe(SYNTAX)
    expect(c('ZINCRBY', 's', 1, 'a')).toBe(WRONGTYPE)
    expect(c('ZINCRBY', 'z', 1)).toBe("-ERR wrong number of arguments for 'zincrby' command\r\n")
  })

  test('notifies zincr', () => {
    const { sub, c } = withEvents()
    c('ZINCRBY', 'z', 1, 'a')
    c('ZINCRBY', 'z', 0, 'a')
    expect(events(sub)).toEqual(['zincr z'])
  })
})

describe('ZSCORE and ZMSCORE', () => {
  test('RESP2 bulk strings, RESP3 doubles', () => {
    const t = testEngine()
    const c = t.client()
    const r3 = t.client({ proto: 3 })
    c('ZADD', 'z', 0.1, 'a', 2, 'b')
    expect(c('ZSCORE', 'z', 'a')).toBe(bulk('0.10000000000000001'))
    expect(c('ZSCORE', 'z', 'x')).toBe('$-1\r\n')
    expect(c('ZSCORE', 'nope', 'x')).toBe('$-1\r\n')
    expect(r3('ZSCORE', 'z', 'a')).toBe(',0.10000000000000001\r\n')
    expect(r3('ZSCORE', 'z', 'x')).toBe('_\r\n')
    expect(c('ZMSCORE', 'z', 'a', 'x', 'b')).toBe(arr('0.10000000000000001', null, '2'))
    expect(c('ZMSCORE', 'nope', 'a')).toBe(arr(null))
    expect(r3('ZMSCORE', 'z', 'b', 'x')).toBe('*2\r\n,2\r\n_\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 's', 'v')
    expect(c('ZSCORE', 's', 'a')).toBe(WRONGTYPE)
    expect(c('ZMSCORE', 's', 'a')).toBe(WRONGTYPE)
    expect(c('ZSCORE', 'z')).toBe("-ERR wrong number of arguments for 'zscore' command\r\n")
    expect(c('ZMSCORE', 'z')).toBe("-ERR wrong number of arguments for 'zmscore' command\r\n")
  })
})

describe('ZCARD', () => {
  test('counts members', () => {
    const c = testEngine().client()
    expect(c('ZCARD', 'z')).toBe(':0\r\n')
    c('ZADD', 'z', 1, 'a', 2, 'b')
    expect(c('ZCARD', 'z')).toBe(':2\r\n')
    c('SET', 's', 'v')
    expect(c('ZCARD', 's')).toBe(WRONGTYPE)
  })

  test('an expired key counts as missing', () => {
    const t = testEngine()
    const c = t.client()
    c('ZADD', 'z', 1, 'a')
    c('PEXPIRE', 'z', 100)
    t.clock.advance(101)
    expect(c('ZCARD', 'z')).toBe(':0\r\n')
  })
})

describe('ZRANK and ZREVRANK', () => {
  test('ranks from either end, nil when absent', () => {
    const c = testEngine().client()
    c('ZADD', 'z', 1, 'a', 2, 'b', 2, 'c', 3, 'd')
    expect(c('ZRANK', 'z', 'a')).toBe(':0\r\n')
    expect(c('ZRANK', 'z', 'c')).toBe(':2\r\n')
    expect(c('ZREVRANK', 'z', 'a')).toBe(':3\r\n')
    expect(c('ZREVRANK', 'z', 'd')).toBe(':0\r\n')
    expect(c('ZRANK', 'z', 'x')).toBe('$-1\r\n')
    expect(c('ZREVRANK', 'nope', 'x')).toBe('$-1\r\n')
  })

  test('WITHSCORE (Redis 7.2): [rank, score], or a nil array', () => {
    const t = testEngine()
    const c = t.client()
    const r3 = t.client({ proto: 3 })
    c('ZADD', 'z', 1, 'a', 2.5, 'b')
    expect(c('ZRANK', 'z', 'b', 'WITHSCORE')).toBe('*2\r\n:1\r\n$3\r\n2.5\r\n')
    expect(c('ZREVRANK', 'z', 'b', 'withscore')).toBe('*2\r\n:0\r\n$3\r\n2.5\r\n')
    expect(c('ZRANK', 'z', 'x', 'WITHSCORE')).toBe('*-1\r\n')
    expect(c('ZRANK', 'nope', 'x', 'WITHSCORE')).toBe('*-1\r\n')
    expect(r3('ZRANK', 'z', 'a', 'WITHSCORE')).toBe('*2\r\n:0\r\n,1\r\n')
    expect(r3('ZREVRANK', 'z', 'x', 'WITHSCORE')).toBe('_\r\n')
    expect(c('ZRANK', 'z', 'a', 'WITHSCORES')).toBe(SYNTAX)
    expect(c('ZRANK', 'z', 'a', 'WITHSCORE', 'x')).toBe("-ERR wrong number of arguments for 'zrank' command\r\n")
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 's', 'v')
    expect(c('ZRANK', 's', 'a')).toBe(WRONGTYPE)
    expect(c('ZREVRANK', 's', 'a')).toBe(WRONGTYPE)
    expect(c('ZRANK', 'z')).toBe("-ERR wrong number of arguments for 'zrank' command\r\n")
    expect(c('ZREVRANK', 'z')).toBe("-ERR wrong number of arguments for 'zrevrank' command\r\n")
  })
})

describe('ZREM', () => {
  test('removes members and the key once empty', () => {
    const { sub, c, log } = withEvents()
    c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c')
    sub.pending()
    expect(c('ZREM', 'z', 'a', 'x', 'a')).toBe(':1\r\n')
    expect(c('ZREM', 'z', 'nope')).toBe(':0\r\n')
    expect(c('ZREM', 'z', 'b', 'c')).toBe(':2\r\n')
    expect(c('EXISTS', 'z')).toBe(':0\r\n')
    expect(c('ZREM', 'z', 'a')).toBe(':0\r\n')
    expect(events(sub)).toEqual(['zrem z', 'zrem z', 'del z'])
    expect(log).toEqual(['ZADD z 1 a 2 b 3 c', 'ZREM z a x a', 'ZREM z b c'])
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 's', 'v')
    expect(c('ZREM', 's', 'a')).toBe(WRONGTYPE)
    expect(c('ZREM', 'z')).toBe("-ERR wrong number of arguments for 'zrem' command\r\n")
  })
})

describe('ZRANDMEMBER', () => {
  test('one member, or nil', () => {
    const c = testEngine().client()
    expect(c('ZRANDMEMBER', 'z')).toBe('$-1\r\n')
    c('ZADD', 'z', 1, 'a')
    expect(c('ZRANDMEMBER', 'z')).toBe(bulk('a'))
  })

  test('counts: the whole set from the top, distinct picks, repeats for negatives', () => {
    const t = testEngine()
    const c = t.client()
    const r3 = t.client({ proto: 3 })
    expect(c('ZRANDMEMBER', 'z', 5)).toBe('*0\r\n')
    c('ZADD', 'z', 1, 'a', 2, 'b', 3, 'c', 0.5, 'd')
    expect(c('ZRANDMEMBER', 'z', 0)).toBe('*0\r\n')
    expect(c('ZRANDMEMBER', 'z', 4)).toBe(arr('c', 'b', 'a', 'd'))
    expect(c('ZRANDMEMBER', 'z', 9, 'WITHSCORES')).toBe(arr('c', '3', 'b', '2', 'a', '1', 'd', '0.5'))
    expect(r3('ZRANDMEMBER', 'z', 1, 'WITHSCORES')).toMatch(/^\*1\r\n\*2\r\n\$1\r\n[abcd]\r\n,[0-9.]+\r\n$/)
    const distinct = c('ZRANDMEMBER', 'z', 3).match(/\$1\r\n(.)\r\n/g) ?? []
    expect(new Set(distinct).size).toBe(3)
    const repeats = c('ZRANDMEMBER', 'z', -20).match(/\$1\r\n(.)\r\n/g) ?? []
    expect(repeats.length).toBe(20)
    expect(new Set(repeats).size).toBeLessThan(5)
    expect(c('ZRANDMEMBER', 'z', -2, 'WITHSCORES')).toMatch(/^\*4\r\n(\$1\r\n[abcd]\r\n\$\d\r\n[0-9.]+\r\n){2}$/)
  })

  test('distinct picks from a large set', () => {
    const c = testEngine().client()
    const args: (string | number)[] = []
    for (let i = 0; i < 300; i++) args.push(i, `m${i}`)
    c('ZADD', 'z', ...args)
    for (const n of [5, 150, 299]) {
      const got = c('ZRANDMEMBER', 'z', n).match(/m\d+/g) ?? []
      expect(new Set(got).size).toBe(n)
    }
  })

  test('huge negative counts: refused past proto-max-bulk-len instead of building the reply', () => {
    // Redis 7.0 builds any reply; redlet refuses one over proto-max-bulk-len, each element
    // counted as its length + 16, a score as 24 + 16 (core/values/random-picks.ts)
    const OUT = '-ERR value is out of range\r\n'
    const t = testEngine()
    const c = t.client()
    const c3 = t.client({ proto: 3 })
    c('ZADD', 'z', 1, 'a', 2.5, 'b')
    expect(c('ZRANDMEMBER', 'z', '-9223372036854775807')).toBe(OUT)
    expect(c('ZRANDMEMBER', 'z', '-4611686018427387903', 'WITHSCORES')).toBe(OUT)
    expect(c('ZRANDMEMBER', 'nope', '-9223372036854775807')).toBe('*0\r\n')
    expect(c('ZRANDMEMBER', 'z', '-100000', 'WITHSCORES')).toMatch(/^\*200000\r\n/)
    c('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')
    // 1 MiB holds 61680 one-byte picks (17 bytes each), 18396 with their scores (57)
    expect(c('ZRANDMEMBER', 'z', '-61680')).toMatch(/^\*61680\r\n/)
    expect(c('ZRANDMEMBER', 'z', '-61681')).toBe(OUT)
    expect(c('ZRANDMEMBER', 'z', '-18396', 'WITHSCORES')).toMatch(/^\*36792\r\n\$1\r\n[ab]\r\n\$\d\r\n(1|2\.5)\r\n/)
    expect(c('ZRANDMEMBER', 'z', '-18397', 'WITHSCORES')).toBe(OUT)
    expect(c3('ZRANDMEMBER', 'z', '-18396', 'WITHSCORES')).toMatch(/^\*18396\r\n\*2\r\n\$1\r\n[ab]\r\n,(1|2\.5)\r\n/)
    expect(c3('ZRANDMEMBER', 'z', '-18397', 'WITHSCORES')).toBe(OUT)
  })

  test('errors', () => {
    const c = testEngine().client()
    c('ZADD', 'z', 1, 'a')
    c('SET', 's', 'v')
    expect(c('ZRANDMEMBER', 's')).toBe(WRONGTYPE)
    expect(c('ZRANDMEMBER', 'z', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('ZRANDMEMBER', 'z', 1, 'foo')).toBe(SYNTAX)
    expect(c('ZRANDMEMBER', 'z', 1, 'WITHSCORES', 'x')).toBe(SYNTAX)
    expect(c('ZRANDMEMBER', 'z', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    )
    expect(c('ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES')).toBe('-ERR value is out of range\r\n')
    expect(c('ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES')).toBe('-ERR value is out of range\r\n')
  })
})

describe('ZSCAN', () => {
  test('a listpack comes whole with cursor 0, scores as strings in both protocols', () => {
    const t = testEngine()
    const c = t.client()
    const r3 = t.client({ proto: 3 })
    c('ZADD', 'z', 2, 'b', 0.1, 'a')
    const whole = '*2\r\n$1\r\n0\r\n' + arr('a', '0.10000000000000001', 'b', '2')
    expect(c('ZSCAN', 'z', 0)).toBe(whole)
    expect(c('ZSCAN', 'z', 0, 'COUNT', 1)).toBe(whole)
    expect(r3('ZSCAN', 'z', 0)).toBe(whole)
    expect(c('ZSCAN', 'z', 0, 'MATCH', 'b*')).toBe('*2\r\n$1\r\n0\r\n' + arr('b', '2'))
    expect(c('ZSCAN', 'nope', 0, 'COUNT', 0)).toBe('*2\r\n$1\r\n0\r\n*0\r\n')
  })

  test('a skiplist in steps that together return every member', () => {
    const c = testEngine().client()
    const args: (string | number)[] = []
    for (let i = 0; i < 300; i++) args.push(i + 0.5, `m${i}`)
    c('ZADD', 'z', ...args)
    const seen = new Map<string, string>()
    let cursor = '0'
    let calls = 0
    do {
      const out = c('ZSCAN', 'z', cursor, 'COUNT', 20)
      const [, next, body] = /^\*2\r\n\$\d+\r\n(\d+)\r\n([\s\S]*)$/.exec(out) as RegExpExecArray
      cursor = next as string
      const items = [...(body as string).matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((m) => m[1] as string)
      for (let i = 0; i < items.length; i += 2) seen.set(items[i] as string, items[i + 1] as string)
      calls++
    } while (cursor !== '0')
    expect(calls).toBeGreaterThan(10)
    expect(seen.size).toBe(300)
    expect(seen.get('m10')).toBe('10.5')
  })

  test('a scan ends while members are added faster than it reads, with every member present throughout', () => {
    const c = testEngine().client()
    const stable = Array.from({ length: 200 }, (_, i) => `m${i}`)
    c('ZADD', 'z', ...stable.flatMap((m, i) => [i, m]), 0, 'gone')
    const seen = new Set<string>()
    let cursor = '0'
    let calls = 0
    let n = 0
    do {
      const parts = c('ZSCAN', 'z', cursor, 'COUNT', '10').split('\r\n')
      cursor = parts[2] as string
      for (let i = 5; i < parts.length - 1; i += 4) seen.add(parts[i] as string)
      // new members at both ends of the score order, and a score change
      c('ZADD', 'z', ...Array.from({ length: 30 }, (_, j) => [j % 2 === 0 ? -n : 1000 + n, `new${n++}`]).flat())
      c('ZINCRBY', 'z', 5000, 'm7')
      if (calls === 3) c('ZREM', 'z', 'gone')
      calls++
    } while (cursor !== '0' && calls < 1000)
    expect(cursor).toBe('0')
    expect(calls).toBeGreaterThan(5)
    expect(calls).toBeLessThan(30)
    for (const m of stable) expect(seen.has(m), m).toBe(true)
  })

  test('errors', () => {
    const c = testEngine().client()
    c('ZADD', 'z', 1, 'a')
    c('SET', 's', 'v')
    expect(c('ZSCAN', 's', 0)).toBe(WRONGTYPE)
    expect(c('ZSCAN', 'z', 'x')).toBe('-ERR invalid cursor\r\n')
    expect(c('ZSCAN', 's', 'x')).toBe('-ERR invalid cursor\r\n')
    expect(c('ZSCAN', 'z', 0, 'COUNT', 0)).toBe(SYNTAX)
    expect(c('ZSCAN', 'z', 0, 'COUNT', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('ZSCAN', 'z', 0, 'TYPE', 'zset')).toBe(SYNTAX)
    expect(c('ZSCAN', 'z', 0, 'MATCH')).toBe(SYNTAX)
  })
})
