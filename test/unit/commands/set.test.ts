import { describe, expect, test } from 'vitest'
import type { Reply } from '../../../src/resp/types.js'
import { T0, type TestClient } from '../../helpers/engine.js'
import { WRONGTYPE } from '../../helpers/resp-text.js'
import { encoding, keyevents, propagated, setup } from '../../helpers/unit.js'

/** The strings of the last reply (an array, set or bulks reply). */
function strings(c: TestClient): string[] {
  const r = c.last()[0] as Reply
  if (r.t === 'bulks') return r.v.map((s) => s ?? '')
  if (r.t === 'array' || r.t === 'set') return r.v.map((x) => (x.t === 'bulk' ? x.v : ''))
  throw new Error(`not a list reply: ${r.t}`)
}

const bulkList = (items: string[]): string => `*${items.length}\r\n` + items.map((s) => `$${s.length}\r\n${s}\r\n`).join('')

describe('SADD', () => {
  test('counts new members', () => {
    const { c } = setup()
    expect(c('SADD', 's', 'a', 'b', 'a')).toBe(':2\r\n')
    expect(c('SADD', 's', 'b', 'c')).toBe(':1\r\n')
    expect(c('SCARD', 's')).toBe(':3\r\n')
  })

  test('intset while canonical integers within the limit, then hashtable for good', () => {
    const { t, c } = setup({ 'set-max-intset-entries': 3 })
    c('SADD', 'i', '3', '-9223372036854775808', '9223372036854775807')
    expect(encoding(t, 'i')).toBe('intset')
    expect(c('SMEMBERS', 'i')).toBe(bulkList(['-9223372036854775808', '3', '9223372036854775807']))
    c('SADD', 'i', '4')
    expect(encoding(t, 'i')).toBe('hashtable')
    c('SREM', 'i', '4', '3')
    expect(encoding(t, 'i')).toBe('hashtable')
    for (const m of ['-0', '007', '+1', '9223372036854775808', ' 1', 'a']) {
      c('SADD', `k${m}`, m)
      expect(encoding(t, `k${m}`)).toBe('hashtable')
    }
  })

  test('notifies sadd only when something was added', () => {
    const { t, c } = setup()
    const ev = keyevents(t)
    c('SADD', 's', 'a')
    c('SADD', 's', 'a')
    expect(ev()).toEqual(['sadd s'])
  })

  test('errors', () => {
    const { c } = setup()
    c('SET', 'str', 'x')
    expect(c('SADD', 'str', 'a')).toBe(WRONGTYPE)
    expect(c('SADD', 's')).toBe("-ERR wrong number of arguments for 'sadd' command\r\n")
  })
})

describe('SREM', () => {
  test('removes members, deletes the emptied key', () => {
    const { t, c } = setup()
    c('SADD', 's', 'a', 'b', 'c')
    const ev = keyevents(t)
    expect(c('SREM', 's', 'x')).toBe(':0\r\n')
    expect(c('SREM', 's', 'a', 'a', 'x')).toBe(':1\r\n')
    expect(c('SREM', 's', 'b', 'c', 'd')).toBe(':2\r\n')
    expect(c('EXISTS', 's')).toBe(':0\r\n')
    expect(c('SREM', 'nope', 'a')).toBe(':0\r\n')
    expect(ev()).toEqual(['srem s', 'srem s', 'del s'])
    c('SET', 'str', 'x')
    expect(c('SREM', 'str', 'a')).toBe(WRONGTYPE)
    expect(c('SREM', 's')).toBe("-ERR wrong number of arguments for 'srem' command\r\n")
  })
})

describe('SMEMBERS', () => {
  test('a set reply in RESP3, sorted for an intset', () => {
    const { t, c } = setup()
    c('SADD', 's', '10', '2', '-3')
    expect(c('SMEMBERS', 's')).toBe(bulkList(['-3', '2', '10']))
    const c3 = t.client({ proto: 3 })
    expect(c3('SMEMBERS', 's')).toBe('~3\r\n$2\r\n-3\r\n$1\r\n2\r\n$2\r\n10\r\n')
    expect(c3('SMEMBERS', 'nope')).toBe('~0\r\n')
    expect(c('SMEMBERS', 'nope')).toBe('*0\r\n')
    c('SET', 'str', 'x')
    expect(c('SMEMBERS', 'str')).toBe(WRONGTYPE)
    expect(c('SMEMBERS')).toBe("-ERR wrong number of arguments for 'smembers' command\r\n")
  })
})

describe('SCARD, SISMEMBER, SMISMEMBER', () => {
  test('lookups', () => {
    const { c } = setup()
    c('SADD', 's', 'a', '1')
    expect(c('SCARD', 's')).toBe(':2\r\n')
    expect(c('SCARD', 'nope')).toBe(':0\r\n')
    expect(c('SISMEMBER', 's', 'a')).toBe(':1\r\n')
    expect(c('SISMEMBER', 's', 'b')).toBe(':0\r\n')
    expect(c('SISMEMBER', 'nope', 'b')).toBe(':0\r\n')
    expect(c('SMISMEMBER', 's', 'a', 'b', '1')).toBe('*3\r\n:1\r\n:0\r\n:1\r\n')
    expect(c('SMISMEMBER', 'nope', 'a')).toBe('*1\r\n:0\r\n')
    c('SET', 'str', 'x')
    expect(c('SCARD', 'str')).toBe(WRONGTYPE)
    expect(c('SISMEMBER', 'str', 'a')).toBe(WRONGTYPE)
    expect(c('SMISMEMBER', 'str', 'a')).toBe(WRONGTYPE)
    expect(c('SMISMEMBER', 's')).toBe("-ERR wrong number of arguments for 'smismember' command\r\n")
  })
})

describe('SMOVE', () => {
  test('moves, with srem then sadd events, deleting an emptied source', () => {
    const { t, c } = setup()
    c('SADD', 'a', '1', '2')
    c('SADD', 'b', '2')
    const ev = keyevents(t)
    expect(c('SMOVE', 'a', 'b', '1')).toBe(':1\r\n')
    expect(c('SMOVE', 'a', 'b', '2')).toBe(':1\r\n')
    expect(c('EXISTS', 'a')).toBe(':0\r\n')
    expect(c('SMEMBERS', 'b')).toBe(bulkList(['1', '2']))
    expect(ev()).toEqual(['srem a', 'sadd b', 'srem a', 'del a'])
    expect(c('SMOVE', 'b', 'new', 'x')).toBe(':0\r\n')
    expect(c('SMOVE', 'b', 'new', '1')).toBe(':1\r\n')
    expect(encoding(t, 'new')).toBe('intset')
  })

  test('same source and destination, missing source', () => {
    const { c } = setup()
    c('SADD', 'a', 'x')
    expect(c('SMOVE', 'a', 'a', 'x')).toBe(':1\r\n')
    expect(c('SMOVE', 'a', 'a', 'y')).toBe(':0\r\n')
    c('SET', 'str', 'v')
    expect(c('SMOVE', 'nope', 'str', 'x')).toBe(':0\r\n')
    expect(c('SMOVE', 'a', 'str', 'y')).toBe(WRONGTYPE)
    expect(c('SMOVE', 'str', 'a', 'x')).toBe(WRONGTYPE)
    expect(c('SMOVE', 'a', 'b')).toBe("-ERR wrong number of arguments for 'smove' command\r\n")
  })

  test('keeps the TTL of both keys', () => {
    const { t, c } = setup()
    c('SADD', 'a', '1', '2')
    c('SADD', 'b', '3')
    t.engine.dbs[0]?.setExpire('a', T0 + 500)
    t.engine.dbs[0]?.setExpire('b', T0 + 900)
    c('SMOVE', 'a', 'b', '1')
    expect(t.engine.dbs[0]?.getExpire('a')).toBe(T0 + 500)
    expect(t.engine.dbs[0]?.getExpire('b')).toBe(T0 + 900)
  })
})

describe('SPOP', () => {
  test('pops one member, logged as SREM', () => {
    const { t, c } = setup()
    c('SADD', 's', 'a', 'b')
    const log = propagated(t)
    const ev = keyevents(t)
    c('SPOP', 's')
    const first = (c.last()[0] as { v: string }).v
    c('SPOP', 's')
    expect(c('EXISTS', 's')).toBe(':0\r\n')
    expect(log[0]).toEqual(['srem', 's', first])
    expect(ev()).toEqual(['spop s', 'spop s', 'del s'])
    expect(c('SPOP', 's')).toBe('$-1\r\n')
  })

  test('with a count: distinct members, logged as SREM, a set in RESP3', () => {
    const { t, c } = setup()
    const members = Array.from({ length: 100 }, (_, i) => `m${i}`)
    c('SADD', 's', ...members)
    const log = propagated(t)
    c('SPOP', 's', '10')
    const got = strings(c)
    expect(new Set(got).size).toBe(10)
    expect(log).toEqual([['srem', 's', ...got]])
    expect(c('SCARD', 's')).toBe(':90\r\n')
    for (const m of got) expect(c('SISMEMBER', 's', m)).toBe(':0\r\n')
    // most of the set: the rest is rebuilt
    c('SPOP', 's', '85')
    const more = strings(c)
    expect(new Set(more).size).toBe(85)
    for (const m of more) expect(got).not.toContain(m)
    expect(c('SCARD', 's')).toBe(':5\r\n')
    const c3 = t.client({ proto: 3 })
    expect(c3('SPOP', 's', '0')).toBe('~0\r\n')
    expect(c3('SPOP', 'nope', '3')).toBe('~0\r\n')
    expect(c3('SPOP', 's', '1')).toMatch(/^~1\r\n/)
  })

  test('a count reaching the size takes everything and is logged as DEL', () => {
    const { t, c } = setup()
    c('SADD', 's', '3', '1', '2')
    const log = propagated(t)
    const ev = keyevents(t)
    expect(c('SPOP', 's', '5')).toBe(bulkList(['1', '2', '3']))
    expect(c('EXISTS', 's')).toBe(':0\r\n')
    expect(log).toEqual([['del', 's']])
    expect(ev()).toEqual(['spop s', 'del s'])
  })

  test('the rebuilt remainder of a large pop can be an intset again', () => {
    const { t, c } = setup({ 'set-max-intset-entries': 2 })
    c('SADD', 's', '1', '2', '3', '4', '5')
    c('SPOP', 's', '4')
    expect(encoding(t, 's')).toBe('hashtable')
    c('SADD', 's', ...Array.from({ length: 10 }, (_, i) => String(i + 10)))
    expect(encoding(t, 's')).toBe('hashtable')
    t.engine.dbs[0]?.setExpire('s', T0 + 5000)
    c('SPOP', 's', '10')
    expect(encoding(t, 's')).toBe('intset')
    expect(t.engine.dbs[0]?.getExpire('s')).toBe(T0 + 5000)
  })

  test('errors', () => {
    const { c } = setup()
    c('SADD', 's', 'a')
    for (const n of ['-1', 'x', '9223372036854775808']) expect(c('SPOP', 's', n)).toBe('-ERR value is out of range, must be positive\r\n')
    expect(c('SPOP', 's', '1', '2')).toBe('-ERR syntax error\r\n')
    c('SET', 'str', 'x')
    expect(c('SPOP', 'str')).toBe(WRONGTYPE)
    expect(c('SPOP', 'str', '0')).toBe(WRONGTYPE)
    expect(c('SPOP')).toBe("-ERR wrong number of arguments for 'spop' command\r\n")
  })
})

describe('SRANDMEMBER', () => {
  test('single member, nil or empty array for a missing key', () => {
    const { t, c } = setup()
    c('SADD', 's', 'a', 'b')
    expect(c('SRANDMEMBER', 's')).toMatch(/^\$1\r\n[ab]\r\n$/)
    expect(c('SRANDMEMBER', 'nope')).toBe('$-1\r\n')
    expect(c('SRANDMEMBER', 'nope', '2')).toBe('*0\r\n')
    expect(c('SRANDMEMBER', 's', '0')).toBe('*0\r\n')
    const c3 = t.client({ proto: 3 })
    expect(c3('SRANDMEMBER', 's', '5')).toMatch(/^\*2\r\n/)
  })

  test('counts: whole set, distinct, repeats', () => {
    const { c } = setup()
    const members = Array.from({ length: 50 }, (_, i) => String(i))
    c('SADD', 's', ...members)
    c('SRANDMEMBER', 's', '60')
    expect(strings(c)).toEqual(members)
    for (const n of [1, 10, 17, 40, 49]) {
      c('SRANDMEMBER', 's', String(n))
      const got = strings(c)
      expect(got.length).toBe(n)
      expect(new Set(got).size).toBe(n)
      for (const m of got) expect(members).toContain(m)
    }
    c('SRANDMEMBER', 's', '-200')
    const rep = strings(c)
    expect(rep.length).toBe(200)
    expect(new Set(rep).size).toBeLessThanOrEqual(50)
    expect(c('SCARD', 's')).toBe(':50\r\n')
  })

  test('huge negative counts: refused past proto-max-bulk-len instead of building the reply', () => {
    // Redis 7.0 builds any reply (-100000000 sends 1e8 members); redlet refuses one over
    // proto-max-bulk-len, each element counted as its length + 16 (core/values/random-picks.ts)
    const OUT = '-ERR value is out of range\r\n'
    const { c } = setup()
    c('SADD', 's', 'a', 'b', 'c')
    expect(c('SRANDMEMBER', 's', '-9223372036854775807')).toBe(OUT)
    expect(c('SRANDMEMBER', 's', '-100000000')).toBe(OUT)
    expect(c('SRANDMEMBER', 'nope', '-9223372036854775807')).toBe('*0\r\n')
    expect(c('SRANDMEMBER', 's', '-100000')).toMatch(/^\*100000\r\n/)
    c('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')
    // 1 MiB holds 61680 one-byte picks (17 bytes each)
    expect(c('SRANDMEMBER', 's', '-61680')).toMatch(/^\*61680\r\n/)
    expect(c('SRANDMEMBER', 's', '-61681')).toBe(OUT)
    expect(c('SRANDMEMBER', 's', '-65537')).toBe(OUT)
    c('SADD', 'long', 'x'.repeat(1000))
    expect(c('SRANDMEMBER', 'long', '-1032')).toMatch(/^\*1032\r\n/)
    expect(c('SRANDMEMBER', 'long', '-1033')).toBe(OUT)
    // positive counts are bounded by the set
    expect(c('SRANDMEMBER', 's', '9223372036854775807')).toMatch(/^\*3\r\n/)
  })

  test('errors', () => {
    const { c } = setup()
    c('SADD', 's', 'a')
    expect(c('SRANDMEMBER', 's', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('SRANDMEMBER', 's', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    )
    expect(c('SRANDMEMBER', 's', '1', '2')).toBe('-ERR syntax error\r\n')
    c('SET', 'str', 'x')
    expect(c('SRANDMEMBER', 'str')).toBe(WRONGTYPE)
    expect(c('SRANDMEMBER', 'str', '-1')).toBe(WRONGTYPE)
    expect(c('SRANDMEMBER')).toBe("-ERR wrong number of arguments for 'srandmember' command\r\n")
  })
})

describe('SSCAN', () => {
  test('an intset in one sorted call', () => {
    const { c } = setup()
    c('SADD', 's', '5', '1', '12')
    expect(c('SSCAN', 's', '0')).toBe('*2\r\n$1\r\n0\r\n' + bulkList(['1', '5', '12']))
    expect(c('SSCAN', 's', '0', 'MATCH', '1*', 'COUNT', '1')).toBe('*2\r\n$1\r\n0\r\n' + bulkList(['1', '12']))
    expect(c('SSCAN', 'nope', '0')).toBe('*2\r\n$1\r\n0\r\n*0\r\n')
  })

  test('a hashtable by cursor, every member once', () => {
    const { c } = setup()
    const members = Array.from({ length: 100 }, (_, i) => `m${i}`)
    c('SADD', 's', ...members)
    const seen: string[] = []
    let cursor = '0'
    do {
      const parts = c('SSCAN', 's', cursor, 'COUNT', '9').split('\r\n')
      cursor = parts[2] as string
      for (let i = 5; i < parts.length - 1; i += 2) seen.push(parts[i] as string)
    } while (cursor !== '0')
    expect(seen.sort()).toEqual([...members].sort())
  })

  test('a scan ends while members are added faster than it reads, with every member present throughout', () => {
    const { c } = setup()
    const stable = Array.from({ length: 200 }, (_, i) => `m${i}`)
    c('SADD', 's', ...stable, 'gone')
    const seen = new Set<string>()
    let cursor = '0'
    let calls = 0
    let n = 0
    do {
      const parts = c('SSCAN', 's', cursor, 'COUNT', '10').split('\r\n')
      cursor = parts[2] as string
      for (let i = 5; i < parts.length - 1; i += 2) seen.add(parts[i] as string)
      c('SADD', 's', ...Array.from({ length: 30 }, () => `new${n++}`))
      if (calls === 3) c('SREM', 's', 'gone')
      calls++
    } while (cursor !== '0' && calls < 1000)
    expect(cursor).toBe('0')
    expect(calls).toBeGreaterThan(5)
    expect(calls).toBeLessThan(30)
    for (const m of stable) expect(seen.has(m), m).toBe(true)
  })

  test('errors', () => {
    const { c } = setup()
    c('SADD', 's', 'a')
    expect(c('SSCAN', 's', 'x')).toBe('-ERR invalid cursor\r\n')
    expect(c('SSCAN', 's', '0', 'COUNT', '0')).toBe('-ERR syntax error\r\n')
    expect(c('SSCAN', 's', '0', 'FOO', 'bar')).toBe('-ERR syntax error\r\n')
    c('SET', 'str', 'x')
    expect(c('SSCAN', 'str', '0')).toBe(WRONGTYPE)
    expect(c('SSCAN', 's')).toBe("-ERR wrong number of arguments for 'sscan' command\r\n")
  })
})

describe('SINTER and SINTERSTORE', () => {
  test('intersection, smallest set first', () => {
    const { t, c } = setup()
    c('SADD', 'a', '3', '1', '2', '10', '20')
    c('SADD', 'b', '20', '10', '3')
    c('SADD', 'x', 'p', 'q')
    expect(c('SINTER', 'a', 'b')).toBe(bulkList(['3', '10', '20']))
    expect(c('SINTER', 'a', 'x')).toBe('*0\r\n')
    expect(c('SINTER', 'a', 'nope')).toBe('*0\r\n')
    const c3 = t.client({ proto: 3 })
    expect(c3('SINTER', 'a', 'nope')).toBe('~0\r\n')
    expect(c3('SINTER', 'b', 'b')).toBe('~3\r\n$1\r\n3\r\n$2\r\n10\r\n$2\r\n20\r\n')
  })

  test('STORE replaces the destination and its TTL; an empty result deletes it', () => {
    const { t, c } = setup()
    c('SADD', 'a', '1', '2', '3')
    c('SADD', 'b', '2', '3', 'x')
    c('SET', 'd', 'str')
    t.engine.dbs[0]?.setExpire('d', T0 + 1000)
    const ev = keyevents(t)
    expect(c('SINTERSTORE', 'd', 'a', 'b')).toBe(':2\r\n')
    expect(t.engine.dbs[0]?.getExpire('d')).toBe(undefined)
    expect(encoding(t, 'd')).toBe('intset')
    expect(c('SINTERSTORE', 'd', 'a', 'nope')).toBe(':0\r\n')
    expect(c('EXISTS', 'd')).toBe(':0\r\n')
    expect(c('SINTERSTORE', 'd', 'a', 'nope')).toBe(':0\r\n')
    expect(ev()).toEqual(['sinterstore d', 'del d'])
  })

  test('WRONGTYPE wins over a missing key anywhere', () => {
    const { c } = setup()
    c('SET', 'str', 'x')
    expect(c('SINTER', 'nope', 'str')).toBe(WRONGTYPE)
    expect(c('SINTERSTORE', 'd', 'nope', 'str')).toBe(WRONGTYPE)
    expect(c('SINTERSTORE', 'd')).toBe("-ERR wrong number of arguments for 'sinterstore' command\r\n")
  })
})

describe('SINTERCARD', () => {
  test('counts, with LIMIT', () => {
    const { c } = setup()
    c('SADD', 'a', '1', '2', '3')
    c('SADD', 'b', '2', '3', '4')
    expect(c('SINTERCARD', '2', 'a', 'b')).toBe(':2\r\n')
    expect(c('SINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toBe(':1\r\n')
    expect(c('SINTERCARD', '2', 'a', 'b', 'limit', '0')).toBe(':2\r\n')
    expect(c('SINTERCARD', '2', 'a', 'b', 'LIMIT', '1', 'LIMIT', '5')).toBe(':2\r\n')
    expect(c('SINTERCARD', '2', 'a', 'nope')).toBe(':0\r\n')
  })

  test('errors', () => {
    const { c } = setup()
    c('SADD', 'a', '1')
    c('SET', 'str', 'x')
    for (const n of ['0', '-1', 'x']) expect(c('SINTERCARD', n, 'a')).toBe('-ERR numkeys should be greater than 0\r\n')
    expect(c('SINTERCARD', '2', 'a')).toBe("-ERR Number of keys can't be greater than number of args\r\n")
    expect(c('SINTERCARD', '1', 'a', 'LIMIT', '-1')).toBe("-ERR LIMIT can't be negative\r\n")
    expect(c('SINTERCARD', '1', 'a', 'LIMIT')).toBe('-ERR syntax error\r\n')
    expect(c('SINTERCARD', '1', 'a', 'FOO')).toBe('-ERR syntax error\r\n')
    expect(c('SINTERCARD', '2', 'nope', 'str')).toBe(WRONGTYPE)
    expect(c('SINTERCARD', '1')).toBe("-ERR wrong number of arguments for 'sintercard' command\r\n")
  })
})

describe('SUNION and SUNIONSTORE', () => {
  test('union, sorted when the result is an intset', () => {
    const { t, c } = setup()
    c('SADD', 'a', '3', '1')
    c('SADD', 'b', '2', '3')
    expect(c('SUNION', 'a', 'b', 'nope')).toBe(bulkList(['1', '2', '3']))
    const c3 = t.client({ proto: 3 })
    expect(c3('SUNION', 'nope')).toBe('~0\r\n')
    c('SADD', 'x', 'z')
    c('SUNION', 'a', 'x')
    expect(strings(c).sort()).toEqual(['1', '3', 'z'])
  })

  test('STORE, with del and WATCH touch on an empty result', () => {
    const { t, c } = setup()
    c('SADD', 'a', '1')
    c('SET', 'd', 'x')
    const ev = keyevents(t)
    expect(c('SUNIONSTORE', 'd', 'a', 'a')).toBe(':1\r\n')
    expect(c('SUNIONSTORE', 'd', 'nope')).toBe(':0\r\n')
    expect(c('EXISTS', 'd')).toBe(':0\r\n')
    const dirty = t.engine.dirty
    expect(c('SUNIONSTORE', 'd', 'nope')).toBe(':0\r\n')
    expect(t.engine.dirty).toBe(dirty + 1)
    expect(ev()).toEqual(['sunionstore d', 'del d'])
    c('SET', 'str', 'x')
    expect(c('SUNION', 'nope', 'str')).toBe(WRONGTYPE)
    expect(c('SUNIONSTORE', 'd', 'str')).toBe(WRONGTYPE)
    expect(c('SUNION')).toBe("-ERR wrong number of arguments for 'sunion' command\r\n")
  })
})

describe('SDIFF and SDIFFSTORE', () => {
  test('difference', () => {
    const { c } = setup()
    c('SADD', 'a', '1', '2', '3', '4')
    c('SADD', 'b', '2')
    c('SADD', 'c', '4', 'x')
    expect(c('SDIFF', 'a', 'b', 'c', 'nope')).toBe(bulkList(['1', '3']))
    expect(c('SDIFF', 'nope', 'a')).toBe('*0\r\n')
    expect(c('SDIFF', 'a', 'a')).toBe('*0\r\n')
  })

  test('the result encoding follows the algorithm Redis picks', () => {
    const { t, c } = setup()
    c('SADD', 'big', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'a')
    c('SADD', 'x', 'a')
    c('SADD', 'y', 'b')
    // one pass over big per other set would cost more: big is copied, then trimmed
    expect(c('SDIFFSTORE', 'd', 'big', 'x', 'y')).toBe(':10\r\n')
    expect(encoding(t, 'd')).toBe('hashtable')
    expect(c('SDIFFSTORE', 'e', 'big', 'x')).toBe(':10\r\n')
    expect(encoding(t, 'e')).toBe('intset')
  })

  test('STORE deletes the destination on an empty result', () => {
    const { t, c } = setup()
    c('SADD', 'a', '1')
    c('SADD', 'd', '9')
    const ev = keyevents(t)
    expect(c('SDIFFSTORE', 'd', 'a', 'a')).toBe(':0\r\n')
    expect(c('EXISTS', 'd')).toBe(':0\r\n')
    expect(ev()).toEqual(['del d'])
    c('SET', 'str', 'x')
    expect(c('SDIFF', 'nope', 'str')).toBe(WRONGTYPE)
    expect(c('SDIFFSTORE', 'd', 'a', 'str')).toBe(WRONGTYPE)
    expect(c('SDIFFSTORE', 'd')).toBe("-ERR wrong number of arguments for 'sdiffstore' command\r\n")
  })
})
