import { describe, expect, test } from 'vitest'
import { T0 } from '../../helpers/engine.js'
import { WRONGTYPE } from '../../helpers/resp-text.js'
import { encoding, keyevents, propagated, setup } from '../../helpers/unit.js'

describe('HSET', () => {
  test('counts new fields, updates in place', () => {
    const { c } = setup()
    expect(c('HSET', 'h', 'a', '1', 'b', '2')).toBe(':2\r\n')
    expect(c('HSET', 'h', 'a', '3', 'c', '4', 'c', '5')).toBe(':1\r\n')
    expect(c('HGETALL', 'h')).toBe('*6\r\n$1\r\na\r\n$1\r\n3\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n5\r\n')
  })

  test('arity, odd pairs and WRONGTYPE', () => {
    const { c } = setup()
    expect(c('HSET', 'h', 'a')).toBe("-ERR wrong number of arguments for 'hset' command\r\n")
    expect(c('HSET', 'h', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'hset' command\r\n")
    expect(c('EXISTS', 'h')).toBe(':0\r\n')
    c('SET', 's', 'x')
    expect(c('HSET', 's', 'a', '1')).toBe(WRONGTYPE)
  })

  test('listpack until the entry or value limit, then hashtable for good', () => {
    const { t, c } = setup({ 'hash-max-listpack-entries': 2, 'hash-max-listpack-value': 4 })
    c('HSET', 'h', 'a', '1', 'b', '2')
    expect(encoding(t, 'h')).toBe('listpack')
    c('HSET', 'h', 'c', '3')
    expect(encoding(t, 'h')).toBe('hashtable')
    c('HDEL', 'h', 'a', 'b')
    expect(encoding(t, 'h')).toBe('hashtable')
    c('HSET', 'v', 'a', '1234')
    expect(encoding(t, 'v')).toBe('listpack')
    c('HSET', 'v', 'a', '12345')
    expect(encoding(t, 'v')).toBe('hashtable')
    c('HSET', 'f', 'abcde', '1')
    expect(encoding(t, 'f')).toBe('hashtable')
  })

  test('keeps the TTL and notifies hset every time', () => {
    const { t, c } = setup()
    const ev = keyevents(t)
    c('HSET', 'h', 'a', '1')
    t.engine.dbs[0]?.setExpire('h', T0 + 1000)
    c('HSET', 'h', 'a', '1')
    expect(t.engine.dbs[0]?.getExpire('h')).toBe(T0 + 1000)
    expect(ev()).toEqual(['hset h', 'hset h'])
    t.clock.advance(1001)
    expect(c('HGET', 'h', 'a')).toBe('$-1\r\n')
  })
})

describe('HSETNX', () => {
  test('sets only a missing field', () => {
    const { t, c } = setup()
    const ev = keyevents(t)
    expect(c('HSETNX', 'h', 'a', '1')).toBe(':1\r\n')
    expect(c('HSETNX', 'h', 'a', '2')).toBe(':0\r\n')
    expect(c('HGET', 'h', 'a')).toBe('$1\r\n1\r\n')
    expect(ev()).toEqual(['hset h'])
  })

  test('a long value converts only when it is set', () => {
    const { t, c } = setup({ 'hash-max-listpack-value': 3 })
    c('HSET', 'h', 'a', '1')
    c('HSETNX', 'h', 'a', 'long value')
    expect(encoding(t, 'h')).toBe('listpack')
    c('HSETNX', 'h', 'b', 'long value')
    expect(encoding(t, 'h')).toBe('hashtable')
  })

  test('errors', () => {
    const { c } = setup()
    expect(c('HSETNX', 'h', 'a')).toBe("-ERR wrong number of arguments for 'hsetnx' command\r\n")
    c('SET', 's', 'x')
    expect(c('HSETNX', 's', 'a', '1')).toBe(WRONGTYPE)
  })
})

describe('HMSET', () => {
  test('replies OK', () => {
    const { c } = setup()
    expect(c('HMSET', 'h', 'a', '1', 'b', '2')).toBe('+OK\r\n')
    expect(c('HMGET', 'h', 'b', 'a')).toBe('*2\r\n$1\r\n2\r\n$1\r\n1\r\n')
    expect(c('HMSET', 'h', 'a', '1', 'b')).toBe("-ERR wrong number of arguments for 'hmset' command\r\n")
    c('SET', 's', 'x')
    expect(c('HMSET', 's', 'a', '1')).toBe(WRONGTYPE)
  })
})

describe('HGET', () => {
  test('value, nil for a missing field or key', () => {
    const { c } = setup()
    c('HSET', 'h', 'a', '\x00\xff')
    expect(c('HGET', 'h', 'a')).toBe('$2\r\n\x00\xff\r\n')
    expect(c('HGET', 'h', 'b')).toBe('$-1\r\n')
    expect(c('HGET', 'nope', 'b')).toBe('$-1\r\n')
    expect(c('HGET', 'h')).toBe("-ERR wrong number of arguments for 'hget' command\r\n")
    c('SET', 's', 'x')
    expect(c('HGET', 's', 'a')).toBe(WRONGTYPE)
  })
})

describe('HMGET', () => {
  test('nils for missing fields, RESP3 nulls', () => {
    const { t, c } = setup()
    c('HSET', 'h', 'a', '1')
    expect(c('HMGET', 'h', 'a', 'x')).toBe('*2\r\n$1\r\n1\r\n$-1\r\n')
    expect(c('HMGET', 'nope', 'a')).toBe('*1\r\n$-1\r\n')
    const c3 = t.client({ proto: 3 })
    expect(c3('HMGET', 'h', 'a', 'x')).toBe('*2\r\n$1\r\n1\r\n_\r\n')
    c('SET', 's', 'x')
    expect(c('HMGET', 's', 'a')).toBe(WRONGTYPE)
    expect(c('HMGET', 'h')).toBe("-ERR wrong number of arguments for 'hmget' command\r\n")
  })
})

describe('HGETALL', () => {
  test('a map in RESP3, insertion order while listpack', () => {
    const { t, c } = setup()
    c('HSET', 'h', 'z', '1', 'a', '2')
    expect(c('HGETALL', 'h')).toBe('*4\r\n$1\r\nz\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n')
    const c3 = t.client({ proto: 3 })
    expect(c3('HGETALL', 'h')).toBe('%2\r\n$1\r\nz\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n2\r\n')
    expect(c3('HGETALL', 'nope')).toBe('%0\r\n')
    expect(c('HGETALL', 'nope')).toBe('*0\r\n')
    c('SET', 's', 'x')
    expect(c('HGETALL', 's')).toBe(WRONGTYPE)
  })
})

describe('HKEYS and HVALS', () => {
  test('fields and values in order', () => {
    const { c } = setup()
    c('HSET', 'h', 'b', '1', 'a', '2')
    expect(c('HKEYS', 'h')).toBe('*2\r\n$1\r\nb\r\n$1\r\na\r\n')
    expect(c('HVALS', 'h')).toBe('*2\r\n$1\r\n1\r\n$1\r\n2\r\n')
    expect(c('HKEYS', 'nope')).toBe('*0\r\n')
    expect(c('HVALS', 'nope')).toBe('*0\r\n')
    c('SET', 's', 'x')
    expect(c('HKEYS', 's')).toBe(WRONGTYPE)
    expect(c('HVALS', 's')).toBe(WRONGTYPE)
  })
})

describe('HEXISTS, HLEN, HSTRLEN', () => {
  test('lookups', () => {
    const { c } = setup()
    c('HSET', 'h', 'a', 'hello', 'b', '')
    expect(c('HEXISTS', 'h', 'a')).toBe(':1\r\n')
    expect(c('HEXISTS', 'h', 'x')).toBe(':0\r\n')
    expect(c('HEXISTS', 'nope', 'x')).toBe(':0\r\n')
    expect(c('HLEN', 'h')).toBe(':2\r\n')
    expect(c('HLEN', 'nope')).toBe(':0\r\n')
    expect(c('HSTRLEN', 'h', 'a')).toBe(':5\r\n')
    expect(c('HSTRLEN', 'h', 'b')).toBe(':0\r\n')
    expect(c('HSTRLEN', 'h', 'x')).toBe(':0\r\n')
    c('SET', 's', 'x')
    for (const cmd of ['HEXISTS', 'HSTRLEN']) expect(c(cmd, 's', 'a')).toBe(WRONGTYPE)
    expect(c('HLEN', 's')).toBe(WRONGTYPE)
  })
})

describe('HDEL', () => {
  test('deletes fields, then the key with a del event', () => {
    const { t, c } = setup()
    c('HSET', 'h', 'a', '1', 'b', '2')
    const ev = keyevents(t)
    expect(c('HDEL', 'h', 'x')).toBe(':0\r\n')
    expect(c('HDEL', 'h', 'a', 'a')).toBe(':1\r\n')
    expect(c('HDEL', 'h', 'b', 'x')).toBe(':1\r\n')
    expect(c('EXISTS', 'h')).toBe(':0\r\n')
    expect(c('HDEL', 'h', 'b')).toBe(':0\r\n')
    expect(ev()).toEqual(['hdel h', 'hdel h', 'del h'])
    c('SET', 's', 'x')
    expect(c('HDEL', 's', 'a')).toBe(WRONGTYPE)
    expect(c('HDEL', 's')).toBe("-ERR wrong number of arguments for 'hdel' command\r\n")
  })
})

describe('HINCRBY', () => {
  test('increments from 0 and checks overflow', () => {
    const { t, c } = setup()
    const ev = keyevents(t)
    expect(c('HINCRBY', 'h', 'n', '5')).toBe(':5\r\n')
    expect(c('HINCRBY', 'h', 'n', '-10')).toBe(':-5\r\n')
    expect(c('HINCRBY', 'h', 'big', '9223372036854775807')).toBe(':9223372036854775807\r\n')
    expect(c('HINCRBY', 'h', 'big', '1')).toBe('-ERR increment or decrement would overflow\r\n')
    expect(ev()).toEqual(['hincrby h', 'hincrby h', 'hincrby h'])
  })

  test('errors', () => {
    const { c } = setup()
    c('HSET', 'h', 's', 'abc', 'z', '007', 'f', '1.5')
    for (const f of ['s', 'z', 'f']) expect(c('HINCRBY', 'h', f, '1')).toBe('-ERR hash value is not an integer\r\n')
    expect(c('HINCRBY', 'h', 'n', '1.0')).toBe('-ERR value is not an integer or out of range\r\n')
    c('SET', 'str', 'x')
    expect(c('HINCRBY', 'str', 'n', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('HINCRBY', 'str', 'n', '1')).toBe(WRONGTYPE)
    expect(c('HINCRBY', 'str', 'n')).toBe("-ERR wrong number of arguments for 'hincrby' command\r\n")
  })
})

describe('HINCRBYFLOAT', () => {
  test('long double arithmetic, printed in the shortest form', () => {
    const { c } = setup()
    expect(c('HINCRBYFLOAT', 'h', 'f', '0.1')).toBe('$3\r\n0.1\r\n')
    expect(c('HINCRBYFLOAT', 'h', 'f', '0.2')).toBe('$3\r\n0.3\r\n')
    expect(c('HINCRBYFLOAT', 'h', 'f', '-0.3')).toBe('$1\r\n0\r\n')
    expect(c('HINCRBYFLOAT', 'h', 'g', '1e70')).toBe(
      '$71\r\n10000000000000000000222479489586148259025995410601157579323600873193472\r\n',
    )
    expect(c('HINCRBYFLOAT', 'h', 'x', '0x1.8p1')).toBe('$1\r\n3\r\n')
    c('HSET', 'h', 'i', '9223372036854775807')
    expect(c('HINCRBYFLOAT', 'h', 'i', '1')).toBe('$19\r\n9223372036854775808\r\n')
  })

  test('is logged as HSET with the result', () => {
    const { t, c } = setup()
    const log = propagated(t)
    c('HINCRBYFLOAT', 'h', 'f', '1.5')
    c('HINCRBYFLOAT', 'h', 'f', '1e1')
    expect(log).toEqual([
      ['hset', 'h', 'f', '1.5'],
      ['hset', 'h', 'f', '11.5'],
    ])
  })

  test('errors', () => {
    const { c } = setup()
    c('HSET', 'h', 's', 'abc', 'i', 'inf', 'sp', ' 1')
    expect(c('HINCRBYFLOAT', 'h', 's', '1')).toBe('-ERR hash value is not a float\r\n')
    expect(c('HINCRBYFLOAT', 'h', 'sp', '1')).toBe('-ERR hash value is not a float\r\n')
    expect(c('HINCRBYFLOAT', 'h', 'i', '1')).toBe('-ERR increment would produce NaN or Infinity\r\n')
    expect(c('HINCRBYFLOAT', 'h', 'n', 'inf')).toBe('-ERR value is NaN or Infinity\r\n')
    expect(c('HINCRBYFLOAT', 'h', 'n', 'nan')).toBe('-ERR value is not a valid float\r\n')
    expect(c('HINCRBYFLOAT', 'h', 'n', '1e5000')).toBe('-ERR value is not a valid float\r\n')
    c('SET', 'str', 'x')
    expect(c('HINCRBYFLOAT', 'str', 'n', 'x')).toBe('-ERR value is not a valid float\r\n')
    expect(c('HINCRBYFLOAT', 'str', 'n', '1')).toBe(WRONGTYPE)
    expect(c('HINCRBYFLOAT', 'h', 'n')).toBe("-ERR wrong number of arguments for 'hincrbyfloat' command\r\n")
  })

  test('a long result converts the hash', () => {
    const { t, c } = setup()
    c('HSET', 'h', 'a', '1')
    c('HINCRBYFLOAT', 'h', 'a', '1e70')
    expect(encoding(t, 'h')).toBe('hashtable')
  })
})

describe('HRANDFIELD', () => {
  test('single field, nil for a missing key', () => {
    const { c } = setup()
    c('HSET', 'h', 'a', '1', 'b', '2', 'c', '3')
    expect(c('HRANDFIELD', 'h')).toMatch(/^\$1\r\n[abc]\r\n$/)
    expect(c('HRANDFIELD', 'nope')).toBe('$-1\r\n')
    expect(c('HRANDFIELD', 'nope', '3')).toBe('*0\r\n')
    expect(c('HRANDFIELD', 'h', '0')).toBe('*0\r\n')
  })

  test('a count at least the size returns the whole hash in order', () => {
    const { t, c } = setup()
    c('HSET', 'h', 'a', '1', 'b', '2')
    expect(c('HRANDFIELD', 'h', '5')).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n')
    expect(c('HRANDFIELD', 'h', '2', 'WITHVALUES')).toBe('*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n')
    const c3 = t.client({ proto: 3 })
    expect(c3('HRANDFIELD', 'h', '2', 'withvalues')).toBe('*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n')
  })

  test('positive counts are distinct, negative counts may repeat', () => {
    const { t, c } = setup()
    const fields = Array.from({ length: 40 }, (_, i) => `f${i}`)
    c('HSET', 'h', ...fields.flatMap((f) => [f, f.toUpperCase()]))
    for (const n of [1, 5, 13, 30, 39]) {
      c('HRANDFIELD', 'h', String(n))
      const got = (c.last()[0] as { v: string[] }).v
      expect(got.length).toBe(n)
      expect(new Set(got).size).toBe(n)
      for (const f of got) expect(fields).toContain(f)
    }
    c('HRANDFIELD', 'h', '-100', 'WITHVALUES')
    const pairs = (c.last()[0] as { v: string[] }).v
    expect(pairs.length).toBe(200)
    for (let i = 0; i < pairs.length; i += 2) expect(pairs[i + 1]).toBe((pairs[i] as string).toUpperCase())
    expect(new Set(pairs.filter((_, i) => i % 2 === 0)).size).toBeLessThan(100)
  })

  test('huge negative counts: refused past proto-max-bulk-len instead of building the reply', () => {
    // Redis 7.0 builds any reply; redlet refuses one over proto-max-bulk-len, each element
    // counted as its length + 16 (core/values/random-picks.ts)
    const OUT = '-ERR value is out of range\r\n'
    const { t, c } = setup()
    const c3 = t.client({ proto: 3 })
    c('HSET', 'h', 'a', '1', 'b', '2')
    expect(c('HRANDFIELD', 'h', '-9223372036854775807')).toBe(OUT)
    expect(c('HRANDFIELD', 'h', '-4611686018427387903', 'WITHVALUES')).toBe(OUT)
    expect(c('HRANDFIELD', 'h', '-100000000')).toBe(OUT)
    expect(c('HRANDFIELD', 'nope', '-9223372036854775807')).toBe('*0\r\n')
    expect(c('HRANDFIELD', 'h', '-100000', 'WITHVALUES')).toMatch(/^\*200000\r\n/)
    c('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')
    // 1 MiB holds 61680 one-byte picks (17 bytes each), 30840 with their values
    expect(c('HRANDFIELD', 'h', '-61680')).toMatch(/^\*61680\r\n/)
    expect(c('HRANDFIELD', 'h', '-61681')).toBe(OUT)
    expect(c('HRANDFIELD', 'h', '-30840', 'WITHVALUES')).toMatch(/^\*61680\r\n/)
    expect(c('HRANDFIELD', 'h', '-30841', 'WITHVALUES')).toBe(OUT)
    expect(c3('HRANDFIELD', 'h', '-30840', 'WITHVALUES')).toMatch(/^\*30840\r\n\*2\r\n\$1\r\n([ab])\r\n\$1\r\n[12]\r\n/)
    expect(c3('HRANDFIELD', 'h', '-30841', 'WITHVALUES')).toBe(OUT)
  })

  test('errors', () => {
    const { c } = setup()
    c('HSET', 'h', 'a', '1')
    expect(c('HRANDFIELD', 'h', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('HRANDFIELD', 'h', '-9223372036854775808')).toBe(
      '-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n',
    )
    expect(c('HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES')).toBe('-ERR value is out of range\r\n')
    expect(c('HRANDFIELD', 'h', '1', 'x')).toBe('-ERR syntax error\r\n')
    expect(c('HRANDFIELD', 'h', '1', 'WITHVALUES', 'x')).toBe('-ERR syntax error\r\n')
    c('SET', 's', 'x')
    expect(c('HRANDFIELD', 's')).toBe(WRONGTYPE)
    expect(c('HRANDFIELD', 's', '1')).toBe(WRONGTYPE)
    expect(c('HRANDFIELD')).toBe("-ERR wrong number of arguments for 'hrandfield' command\r\n")
  })
})

describe('HSCAN', () => {
  test('a listpack hash in one call, filtered by MATCH', () => {
    const { c } = setup()
    c('HSET', 'h', 'n1', 'a', 'x', 'b', 'n2', 'c')
    expect(c('HSCAN', 'h', '0')).toBe('*2\r\n$1\r\n0\r\n*6\r\n$2\r\nn1\r\n$1\r\na\r\n$1\r\nx\r\n$1\r\nb\r\n$2\r\nn2\r\n$1\r\nc\r\n')
    expect(c('HSCAN', 'h', '7', 'MATCH', 'n*', 'COUNT', '1')).toBe(
      '*2\r\n$1\r\n0\r\n*4\r\n$2\r\nn1\r\n$1\r\na\r\n$2\r\nn2\r\n$1\r\nc\r\n',
    )
    expect(c('HSCAN', 'nope', '0', 'COUNT', '0')).toBe('*2\r\n$1\r\n0\r\n*0\r\n')
  })

  test('a hashtable is iterated by cursor, every field once', () => {
    const { c } = setup({ 'hash-max-listpack-entries': 4 })
    const fields = Array.from({ length: 100 }, (_, i) => `f${i}`)
    c('HSET', 'h', ...fields.flatMap((f) => [f, 'v']))
    const seen: string[] = []
    let cursor = '0'
    let calls = 0
    do {
      const reply = c('HSCAN', 'h', cursor, 'COUNT', '7')
      const parts = reply.split('\r\n')
      cursor = parts[2] as string
      for (let i = 5; i < parts.length - 1; i += 4) seen.push(parts[i] as string)
      calls++
    } while (cursor !== '0')
    expect(calls).toBeGreaterThan(10)
    expect(seen.sort()).toEqual([...fields].sort())
  })

  test('a scan ends while fields are added faster than it reads, with every field present throughout', () => {
    const { c } = setup({ 'hash-max-listpack-entries': 16 })
    const stable = Array.from({ length: 200 }, (_, i) => `f${i}`)
    c('HSET', 'h', ...stable.flatMap((f) => [f, 'v']), 'gone', 'v')
    const seen = new Set<string>()
    let cursor = '0'
    let calls = 0
    let n = 0
    do {
      const parts = c('HSCAN', 'h', cursor, 'COUNT', '10').split('\r\n')
      cursor = parts[2] as string
      for (let i = 5; i < parts.length - 1; i += 4) seen.add(parts[i] as string)
      c('HSET', 'h', ...Array.from({ length: 30 }, () => [`new${n++}`, 'v']).flat())
      if (calls === 3) c('HDEL', 'h', 'gone')
      calls++
    } while (cursor !== '0' && calls < 1000)
    expect(cursor).toBe('0')
    expect(calls).toBeGreaterThan(5)
    expect(calls).toBeLessThan(30)
    for (const f of stable) expect(seen.has(f), f).toBe(true)
  })

  test('errors', () => {
    const { c } = setup()
    c('HSET', 'h', 'a', '1')
    expect(c('HSCAN', 'h', 'x')).toBe('-ERR invalid cursor\r\n')
    expect(c('HSCAN', 'h', '18446744073709551616')).toBe('-ERR invalid cursor\r\n')
    expect(c('HSCAN', 'h', '-1')).toBe('*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n')
    expect(c('HSCAN', 'h', '0', 'COUNT', '0')).toBe('-ERR syntax error\r\n')
    expect(c('HSCAN', 'h', '0', 'COUNT', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('HSCAN', 'h', '0', 'MATCH')).toBe('-ERR syntax error\r\n')
    expect(c('HSCAN', 'h', '0', 'TYPE', 'string')).toBe('-ERR syntax error\r\n')
    c('SET', 's', 'x')
    expect(c('HSCAN', 's', '0')).toBe(WRONGTYPE)
    expect(c('HSCAN', 's', 'x')).toBe('-ERR invalid cursor\r\n')
    expect(c('HSCAN', 'h')).toBe("-ERR wrong number of arguments for 'hscan' command\r\n")
  })
})
