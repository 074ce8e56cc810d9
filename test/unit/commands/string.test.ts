import { describe, expect, test } from 'vitest'
import { testEngine, T0 } from '../../helpers/engine.js'
import { arity, bulk, err, int, NIL, NOT_INT, OK, SYNTAX, WRONGTYPE } from '../../helpers/resp-text.js'
import { logOf } from '../../helpers/unit.js'

/** Records what the engine propagates (AOF, replicas) as space-joined lines. */
const NOT_FLOAT = err('ERR value is not a valid float')

describe('APPEND', () => {
  test('creates, appends and returns the length', () => {
    const c = testEngine().client()
    expect(c('APPEND', 'k', 'Hello')).toBe(int(5))
    expect(c('APPEND', 'k', ' World')).toBe(int(11))
    expect(c('GET', 'k')).toBe(bulk('Hello World'))
    expect(c('APPEND', 'k', '')).toBe(int(11))
  })

  test('turns the encoding raw, even when appending nothing', () => {
    const c = testEngine().client()
    c('APPEND', 'k', '12')
    expect(c('OBJECT', 'ENCODING', 'k')).toBe(bulk('int'))
    c('APPEND', 'k', '')
    expect(c('OBJECT', 'ENCODING', 'k')).toBe(bulk('raw'))
  })

  test('keeps the TTL; errors', () => {
    const c = testEngine().client()
    c('SET', 'k', 'a', 'EX', 100)
    c('APPEND', 'k', 'b')
    expect(c('TTL', 'k')).toBe(int(100))
    c('LPUSH', 'l', 'x')
    expect(c('APPEND', 'l', 'x')).toBe(WRONGTYPE)
    expect(c('APPEND', 'k')).toBe(arity('append'))
  })

  test('refuses to grow past proto-max-bulk-len', () => {
    const c = testEngine({ config: { 'proto-max-bulk-len': 1048576 } }).client()
    c('SET', 'k', 'x'.repeat(1048576))
    expect(c('APPEND', 'k', 'y')).toBe(err('ERR string exceeds maximum allowed size (proto-max-bulk-len)'))
  })
})

describe('GET and SET', () => {
  test('round-trips a value', () => {
    const c = testEngine().client()
    expect(c('SET', 'k', 'v')).toBe(OK)
    expect(c('GET', 'k')).toBe(bulk('v'))
    expect(c('GET', 'missing')).toBe(NIL)
  })

  test('binary values survive', () => {
    const c = testEngine().client()
    c('SET', 'k', '\x00\xff\r\n\xc3\x28')
    expect(c('GET', 'k')).toBe('$6\r\n\x00\xff\r\n\xc3\x28\r\n')
    expect(c('STRLEN', 'k')).toBe(int(6))
  })

  test('SET overwrites any type and clears the TTL', () => {
    const c = testEngine().client()
    c('LPUSH', 'k', 'a')
    expect(c('SET', 'k', 'v', 'EX', 10)).toBe(OK)
    expect(c('SET', 'k', 'w')).toBe(OK)
    expect(c('TTL', 'k')).toBe(int(-1))
    expect(c('GET', 'k')).toBe(bulk('w'))
  })

  test('GET of another type is WRONGTYPE', () => {
    const c = testEngine().client()
    c('LPUSH', 'l', 'a')
    expect(c('GET', 'l')).toBe(WRONGTYPE)
    expect(c('GET')).toBe(arity('get'))
  })

  test('EX, PX, EXAT, PXAT expire on the manual clock', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('SET', 'k', 'v', 'EX', 10)).toBe(OK)
    expect(c('PTTL', 'k')).toBe(int(10000))
    t.clock.advance(10_000)
    expect(c('GET', 'k')).toBe(bulk('v'))
    t.clock.advance(1)
    expect(c('GET', 'k')).toBe(NIL)
    c('SET', 'k', 'v', 'PX', 1500)
    expect(c('TTL', 'k')).toBe(int(2))
    c('SET', 'k', 'v', 'EXAT', Math.floor(t.clock.now() / 1000) + 20)
    expect(c('TTL', 'k')).toBe(int(20))
    c('SET', 'k', 'v', 'PXAT', t.clock.now() + 5000)
    expect(c('PTTL', 'k')).toBe(int(5000))
  })

  test('a past EXAT stores a key that is already expired', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('SET', 'k', 'v', 'PXAT', T0 - 1)).toBe(OK)
    expect(c('EXISTS', 'k')).toBe(int(0))
  })

  test('KEEPTTL keeps the TTL', () => {
    const c = testEngine().client()
    c('SET', 'k', 'v', 'EX', 100)
    expect(c('SET', 'k', 'w', 'KEEPTTL')).toBe(OK)
    expect(c('TTL', 'k')).toBe(int(100))
    expect(c('SET', 'k', 'x', 'KEEPTTL', 'KEEPTTL')).toBe(OK)
    expect(c('TTL', 'k')).toBe(int(100))
  })

  test('NX, XX and GET', () => {
    const c = testEngine().client()
    expect(c('SET', 'k', 'v', 'XX')).toBe(NIL)
    expect(c('SET', 'k', 'v', 'NX')).toBe(OK)
    expect(c('SET', 'k', 'v', 'NX')).toBe(NIL)
    expect(c('SET', 'k', 'w', 'NX', 'GET')).toBe(bulk('v'))
    expect(c('SET', 'k', 'w', 'GET')).toBe(bulk('v'))
    expect(c('SET', 'k', 'x', 'GET', 'GET')).toBe(bulk('w'))
    expect(c('SET', 'new', 'x', 'XX', 'GET')).toBe(NIL)
    expect(c('EXISTS', 'new')).toBe(int(0))
    expect(c('GET', 'k')).toBe(bulk('x'))
  })

  test('a repeated expire option is allowed: the last wins', () => {
    const c = testEngine().client()
    expect(c('SET', 'k', 'v', 'EX', 10, 'EX', 20)).toBe(OK)
    expect(c('TTL', 'k')).toBe(int(20))
    expect(c('SET', 'k', 'v', 'NX', 'NX')).toBe(NIL)
  })

  test('syntax errors and invalid expire times', () => {
    const c = testEngine().client()
    expect(c('SET', 'k')).toBe(arity('set'))
    for (const opts of [['NX', 'XX'], ['XX', 'NX'], ['EX'], ['EX', 10, 'PX', 10], ['KEEPTTL', 'EX', 10], ['EX', 10, 'KEEPTTL'], ['PERSIST'], ['FOO'], ['EXAT', 10, 'EX', 1]]) {
      expect(c('SET', 'k', 'v', ...opts)).toBe(SYNTAX)
    }
    for (const opts of [['EX', 0], ['PX', -1], ['EX', '9223372036854776'], ['PX', '9223372036854775807'], ['EXAT', '9223372036854776']]) {
      expect(c('SET', 'k', 'v', ...opts)).toBe(err("ERR invalid expire time in 'set' command"))
    }
    expect(c('SET', 'k', 'v', 'EX', 'abc')).toBe(NOT_INT)
    expect(c('SET', 'k', 'v', 'PXAT', '9223372036854775807')).toBe(OK)
    c('LPUSH', 'l', 'a')
    expect(c('SET', 'l', 'v', 'GET')).toBe(WRONGTYPE)
    expect(c('LLEN', 'l')).toBe(int(1))
  })

  test('propagates relative times as PXAT and drops GET', () => {
    const t = testEngine()
    const log = logOf(t)
    const c = t.client()
    c('SET', 'a', '1', 'EX', 10)
    c('SET', 'b', '1', 'PX', 500, 'GET')
    c('SET', 'c', '1', 'get', 'KEEPTTL')
    c('SET', 'd', '1')
    c('SET', 'd', '2', 'NX')
    c('SETEX', 'e', 5, 'v')
    c('PSETEX', 'f', 5, 'v')
    expect(log).toEqual([
      `set a 1 PXAT ${T0 + 10000}`,
      `set b 1 PXAT ${T0 + 500}`,
      'SET c 1 KEEPTTL',
      'SET d 1',
      `set e v PXAT ${T0 + 5000}`,
      `set f v PXAT ${T0 + 5}`,
    ])
  })

  test('keyspace events: set, then expire', () => {
    const t = testEngine({ config: { 'notify-keyspace-events': 'KEA' } })
    const sub = t.client()
    sub('PSUBSCRIBE', '__keyevent@0__:*')
    const c = t.client()
    c('SET', 'k', 'v', 'EX', 10)
    const got = sub.pending()
    expect(got.indexOf('__keyevent@0__:set')).toBeGreaterThan(0)
    expect(got.indexOf('__keyevent@0__:expire')).toBeGreaterThan(got.indexOf('__keyevent@0__:set'))
  })
})

describe('SETEX, PSETEX and SETNX', () => {
  test('set with a TTL', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('SETEX', 'k', 10, 'v')).toBe(OK)
    expect(c('TTL', 'k')).toBe(int(10))
    expect(c('PSETEX', 'p', 1500, 'v')).toBe(OK)
    expect(c('PTTL', 'p')).toBe(int(1500))
    t.clock.advance(1501)
    expect(c('GET', 'p')).toBe(NIL)
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('SETEX', 'k', 0, 'v')).toBe(err("ERR invalid expire time in 'setex' command"))
    expect(c('SETEX', 'k', -1, 'v')).toBe(err("ERR invalid expire time in 'setex' command"))
    expect(c('PSETEX', 'k', 0, 'v')).toBe(err("ERR invalid expire time in 'psetex' command"))
    expect(c('SETEX', 'k', 'x', 'v')).toBe(NOT_INT)
    expect(c('SETEX', 'k', 10)).toBe(arity('setex'))
    expect(c('PSETEX', 'k')).toBe(arity('psetex'))
  })

  test('SETNX sets only a missing key', () => {
    const c = testEngine().client()
    expect(c('SETNX', 'k', 'v')).toBe(int(1))
    expect(c('SETNX', 'k', 'w')).toBe(int(0))
    expect(c('GET', 'k')).toBe(bulk('v'))
    expect(c('SETNX', 'k')).toBe(arity('setnx'))
  })
})

describe('GETSET, GETDEL and GETEX', () => {
  test('GETSET returns the old value and clears the TTL', () => {
    const t = testEngine()
    const log = logOf(t)
    const c = t.client()
    expect(c('GETSET', 'k', 'a')).toBe(NIL)
    c('EXPIRE', 'k', 100)
    expect(c('GETSET', 'k', 'b')).toBe(bulk('a'))
    expect(c('TTL', 'k')).toBe(int(-1))
    c('LPUSH', 'l', 'x')
    expect(c('GETSET', 'l', 'v')).toBe(WRONGTYPE)
    expect(c('GETSET', 'k')).toBe(arity('getset'))
    expect(log[0]).toBe('set k a')
  })

  test('GETDEL deletes and logs DEL', () => {
    const t = testEngine()
    const log = logOf(t)
    const c = t.client()
    c('SET', 'k', 'v')
    expect(c('GETDEL', 'k')).toBe(bulk('v'))
    expect(c('GETDEL', 'k')).toBe(NIL)
    expect(c('EXISTS', 'k')).toBe(int(0))
    c('LPUSH', 'l', 'x')
    expect(c('GETDEL', 'l')).toBe(WRONGTYPE)
    expect(c('GETDEL')).toBe(arity('getdel'))
    expect(log.slice(0, 2)).toEqual(['SET k v', 'del k'])
  })

  test('GETEX sets, replaces and removes TTLs', () => {
    const t = testEngine()
    const log = logOf(t)
    const c = t.client()
    c('SET', 'k', 'v')
    expect(c('GETEX', 'k')).toBe(bulk('v'))
    expect(c('GETEX', 'k', 'EX', 10)).toBe(bulk('v'))
    expect(c('TTL', 'k')).toBe(int(10))
    expect(c('GETEX', 'k', 'PX', 500)).toBe(bulk('v'))
    expect(c('PTTL', 'k')).toBe(int(500))
    expect(c('GETEX', 'k', 'EXAT', Math.floor(T0 / 1000) + 30)).toBe(bulk('v'))
    expect(c('TTL', 'k')).toBe(int(30))
    expect(c('GETEX', 'k', 'PXAT', T0 + 700)).toBe(bulk('v'))
    expect(c('PTTL', 'k')).toBe(int(700))
    expect(c('GETEX', 'k', 'PERSIST')).toBe(bulk('v'))
    expect(c('GETEX', 'k', 'PERSIST', 'PERSIST')).toBe(bulk('v'))
    expect(c('TTL', 'k')).toBe(int(-1))
    expect(c('GETEX', 'k', 'PXAT', T0)).toBe(bulk('v'))
    expect(c('EXISTS', 'k')).toBe(int(0))
    expect(c('GETEX', 'k', 'EX', 10)).toBe(NIL)
    expect(log).toEqual([
      'SET k v',
      `pexpireat k ${T0 + 10000}`,
      `pexpireat k ${T0 + 500}`,
      `pexpireat k ${T0 + 30000}`,
      `pexpireat k ${T0 + 700}`,
      'persist k',
      'del k',
    ])
  })

  test('GETEX errors', () => {
    const c = testEngine().client()
    c('SET', 'k', 'v')
    for (const opts of [['EX', 10, 'PERSIST'], ['PERSIST', 'EX', 10], ['KEEPTTL'], ['NX'], ['GET'], ['EX']]) {
      expect(c('GETEX', 'k', ...opts)).toBe(SYNTAX)
    }
    expect(c('GETEX', 'k', 'EX', 0)).toBe(err("ERR invalid expire time in 'getex' command"))
    expect(c('GETEX', 'k', 'EXAT', 'x')).toBe(NOT_INT)
    expect(c('GETEX', 'missing', 'EX', 0)).toBe(NIL)
    c('LPUSH', 'l', 'x')
    expect(c('GETEX', 'l')).toBe(WRONGTYPE)
    expect(c('GETEX')).toBe(arity('getex'))
  })
})

describe('GETRANGE and SUBSTR', () => {
  test('ranges with negative and out-of-range indexes', () => {
    const c = testEngine().client()
    c('SET', 's', 'Hello World')
    expect(c('GETRANGE', 's', 0, 4)).toBe(bulk('Hello'))
    expect(c('GETRANGE', 's', -5, -1)).toBe(bulk('World'))
    expect(c('GETRANGE', 's', -1, -5)).toBe(bulk(''))
    expect(c('GETRANGE', 's', 5, 100)).toBe(bulk(' World'))
    expect(c('GETRANGE', 's', -100, 1)).toBe(bulk('He'))
    expect(c('GETRANGE', 's', 3, 2)).toBe(bulk(''))
    expect(c('GETRANGE', 's', '-9223372036854775807', '-9223372036854775806')).toBe(bulk('H'))
    expect(c('GETRANGE', 's', '-9007199254740993', '-9007199254740994')).toBe(bulk(''))
    expect(c('GETRANGE', 's', 0, '9223372036854775807')).toBe(bulk('Hello World'))
    expect(c('SUBSTR', 's', 6, -1)).toBe(bulk('World'))
    expect(c('GETRANGE', 'missing', 0, -1)).toBe(bulk(''))
    c('SET', 'n', 12345)
    expect(c('GETRANGE', 'n', 1, 2)).toBe(bulk('23'))
  })

  test('errors', () => {
    const c = testEngine().client()
    c('LPUSH', 'l', 'x')
    expect(c('GETRANGE', 'l', 0, 1)).toBe(WRONGTYPE)
    expect(c('GETRANGE', 'l', 'a', 1)).toBe(NOT_INT)
    expect(c('SUBSTR', 's', 0)).toBe(arity('substr'))
    expect(c('GETRANGE', 's', 0)).toBe(arity('getrange'))
  })
})

describe('SETRANGE', () => {
  test('overwrites, pads with zero bytes, and goes raw', () => {
    const c = testEngine().client()
    c('SET', 's', 'Hello World')
    expect(c('SETRANGE', 's', 6, 'Redis')).toBe(int(11))
    expect(c('GET', 's')).toBe(bulk('Hello Redis'))
    expect(c('SETRANGE', 'n', 3, 'x')).toBe(int(4))
    expect(c('GET', 'n')).toBe(bulk('\0\0\0x'))
    expect(c('OBJECT', 'ENCODING', 'n')).toBe(bulk('raw'))
    c('SET', 'i', 1)
    expect(c('SETRANGE', 'i', 0, '')).toBe(int(1))
    expect(c('OBJECT', 'ENCODING', 'i')).toBe(bulk('int'))
    expect(c('SETRANGE', 'i', 0, '2')).toBe(int(1))
    expect(c('OBJECT', 'ENCODING', 'i')).toBe(bulk('raw'))
    expect(c('SETRANGE', 'none', 5, '')).toBe(int(0))
    expect(c('EXISTS', 'none')).toBe(int(0))
  })

  test('errors', () => {
    const c = testEngine({ config: { 'proto-max-bulk-len': 1048576 } }).client()
    expect(c('SETRANGE', 's', -1, 'x')).toBe(err('ERR offset is out of range'))
    expect(c('SETRANGE', 's', 'x', 'x')).toBe(NOT_INT)
    expect(c('SETRANGE', 's', 1048576, 'x')).toBe(err('ERR string exceeds maximum allowed size (proto-max-bulk-len)'))
    c('LPUSH', 'l', 'x')
    expect(c('SETRANGE', 'l', 0, 'x')).toBe(WRONGTYPE)
    expect(c('SETRANGE', 'l', 0)).toBe(arity('setrange'))
  })
})

describe('STRLEN', () => {
  test('lengths and errors', () => {
    const c = testEngine().client()
    c('SET', 'k', 'abc')
    expect(c('STRLEN', 'k')).toBe(int(3))
    expect(c('STRLEN', 'nope')).toBe(int(0))
    c('SET', 'n', '-12')
    expect(c('STRLEN', 'n')).toBe(int(3))
    c('LPUSH', 'l', 'x')
    expect(c('STRLEN', 'l')).toBe(WRONGTYPE)
    expect(c('STRLEN')).toBe(arity('strlen'))
  })
})

describe('MGET, MSET and MSETNX', () => {
  test('MSET then MGET, nil for missing and other types', () => {
    const c = testEngine().client()
    expect(c('MSET', 'a', '1', 'b', '2')).toBe(OK)
    c('LPUSH', 'l', 'x')
    expect(c('MGET', 'a', 'b', 'c', 'l')).toBe('*4\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n$-1\r\n')
    expect(c('MSET', 'a', '1', 'b')).toBe(arity('mset'))
    expect(c('MGET')).toBe(arity('mget'))
  })

  test('MSETNX sets all or none', () => {
    const c = testEngine().client()
    c('SET', 'a', 'x')
    expect(c('MSETNX', 'a', '1', 'z', '2')).toBe(int(0))
    expect(c('EXISTS', 'z')).toBe(int(0))
    expect(c('MSETNX', 'y', '1', 'z', '2')).toBe(int(1))
    expect(c('MGET', 'y', 'z')).toBe('*2\r\n$1\r\n1\r\n$1\r\n2\r\n')
    expect(c('MSETNX', 'y')).toBe(arity('msetnx'))
    expect(c('MSETNX', 'q', '1', 'r')).toBe(arity('msetnx'))
  })

  test('MSET clears TTLs', () => {
    const c = testEngine().client()
    c('SET', 'a', 'x', 'EX', 10)
    c('MSET', 'a', 'y')
    expect(c('TTL', 'a')).toBe(int(-1))
  })
})

describe('INCR, INCRBY, DECR, DECRBY', () => {
  test('count, keep the TTL and store an int', () => {
    const c = testEngine().client()
    expect(c('INCR', 'n')).toBe(int(1))
    expect(c('INCRBY', 'n', 9)).toBe(int(10))
    expect(c('DECR', 'n')).toBe(int(9))
    expect(c('DECRBY', 'n', 20)).toBe(int(-11))
    c('EXPIRE', 'n', 100)
    c('INCR', 'n')
    expect(c('TTL', 'n')).toBe(int(100))
    c('APPEND', 'n', '0')
    expect(c('OBJECT', 'ENCODING', 'n')).toBe(bulk('raw'))
    expect(c('INCR', 'n')).toBe(int(-99))
    expect(c('OBJECT', 'ENCODING', 'n')).toBe(bulk('int'))
  })

  test('64-bit edges and overflow', () => {
    const c = testEngine().client()
    c('SET', 'n', '9223372036854775806')
    expect(c('INCR', 'n')).toBe(':9223372036854775807\r\n')
    expect(c('INCR', 'n')).toBe(err('ERR increment or decrement would overflow'))
    expect(c('INCRBY', 'n', -1)).toBe(':9223372036854775806\r\n')
    c('SET', 'm', '-9223372036854775808')
    expect(c('DECR', 'm')).toBe(err('ERR increment or decrement would overflow'))
    expect(c('INCRBY', 'm', '9223372036854775807')).toBe(int(-1))
    expect(c('DECRBY', 'm', '-9223372036854775808')).toBe(err('ERR decrement would overflow'))
    expect(c('DECRBY', 'm', '9223372036854775807')).toBe(':-9223372036854775808\r\n')
    c('SET', 'big', '9007199254740993')
    expect(c('INCR', 'big')).toBe(':9007199254740994\r\n')
  })

  test('non-integers', () => {
    const c = testEngine().client()
    for (const v of ['abc', '007', '1.5', ' 1', '1 ', '', '+1', '-0', '9223372036854775808']) {
      c('SET', 's', v)
      expect(c('INCR', 's')).toBe(NOT_INT)
    }
    expect(c('INCRBY', 'n', 'x')).toBe(NOT_INT)
    expect(c('INCRBY', 'n', '1.0')).toBe(NOT_INT)
    c('LPUSH', 'l', 'x')
    expect(c('INCR', 'l')).toBe(WRONGTYPE)
    expect(c('INCRBY', 'l', 'x')).toBe(NOT_INT)
    expect(c('INCR')).toBe(arity('incr'))
    expect(c('DECR')).toBe(arity('decr'))
    expect(c('INCRBY', 'n')).toBe(arity('incrby'))
    expect(c('DECRBY', 'n')).toBe(arity('decrby'))
  })
})

describe('INCRBYFLOAT', () => {
  test('adds in long double and prints %.17Lf without trailing zeros', () => {
    const c = testEngine().client()
    expect(c('INCRBYFLOAT', 'f', '0.1')).toBe(bulk('0.1'))
    expect(c('INCRBYFLOAT', 'f', '0.2')).toBe(bulk('0.3'))
    c('SET', 'g', 5016)
    expect(c('INCRBYFLOAT', 'g', '0.1')).toBe(bulk('5016.10000000000000009'))
    expect(c('INCRBYFLOAT', 'h', '5.0e3')).toBe(bulk('5000'))
    expect(c('INCRBYFLOAT', 'h', '-5000')).toBe(bulk('0'))
    expect(c('INCRBYFLOAT', 'i', '-0')).toBe(bulk('0'))
    expect(c('INCRBYFLOAT', 'j', '0x10')).toBe(bulk('16'))
    expect(c('INCRBYFLOAT', 'k', '-1e-20')).toBe(bulk('0'))
    expect(c('INCRBYFLOAT', 'l', '0.000003814697265625')).toBe(bulk('0.00000381469726562'))
    // 1e20 + 1 needs 67 bits: a 64-bit significand rounds it away
    c('SET', 'm', '1e20')
    expect(c('INCRBYFLOAT', 'm', '1')).toBe(bulk('100000000000000000000'))
    expect(c('INCRBYFLOAT', 'm', '1e30')).toBe(bulk('1000000000100000000035918970880'))
  })

  test('1e308 + 1e308 does not overflow a long double', () => {
    const c = testEngine().client()
    c('INCRBYFLOAT', 'f', '1e308')
    const r = c('INCRBYFLOAT', 'f', '1e308')
    expect(r.startsWith('$309\r\n19999999999999999999')).toBe(true)
  })

  test('keeps the TTL, stores embstr, logs SET KEEPTTL', () => {
    const t = testEngine()
    const log = logOf(t)
    const c = t.client()
    c('SET', 'f', '1', 'EX', 100)
    expect(c('INCRBYFLOAT', 'f', '2')).toBe(bulk('3'))
    expect(c('TTL', 'f')).toBe(int(100))
    expect(c('OBJECT', 'ENCODING', 'f')).toBe(bulk('embstr'))
    expect(log[1]).toBe('set f 3 KEEPTTL')
  })

  test('errors', () => {
    const c = testEngine().client()
    for (const by of ['abc', ' 1', '1 ', 'nan', '', '1e99999']) expect(c('INCRBYFLOAT', 'f', by)).toBe(NOT_FLOAT)
    expect(c('INCRBYFLOAT', 'f', 'inf')).toBe(err('ERR increment would produce NaN or Infinity'))
    c('SET', 's', 'abc')
    expect(c('INCRBYFLOAT', 's', '1')).toBe(NOT_FLOAT)
    c('SET', 's', 'inf')
    expect(c('INCRBYFLOAT', 's', '1')).toBe(err('ERR increment would produce NaN or Infinity'))
    c('LPUSH', 'l', 'x')
    expect(c('INCRBYFLOAT', 'l', '1')).toBe(WRONGTYPE)
    expect(c('INCRBYFLOAT', 'f')).toBe(arity('incrbyfloat'))
  })
})

describe('LCS', () => {
  test('string, LEN, IDX with MINMATCHLEN and WITHMATCHLEN', () => {
    const c = testEngine().client()
    c('MSET', 'key1', 'ohmytext', 'key2', 'mynewtext')
    expect(c('LCS', 'key1', 'key2')).toBe(bulk('mytext'))
    expect(c('LCS', 'key1', 'key2', 'LEN')).toBe(int(6))
    const range = (a: number, b: number): string => `*2\r\n:${a}\r\n:${b}\r\n`
    expect(c('LCS', 'key1', 'key2', 'IDX')).toBe(
      `*4\r\n${bulk('matches')}*2\r\n*2\r\n${range(4, 7)}${range(5, 8)}*2\r\n${range(2, 3)}${range(0, 1)}${bulk('len')}:6\r\n`,
    )
    expect(c('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', 4, 'WITHMATCHLEN')).toBe(
      `*4\r\n${bulk('matches')}*1\r\n*3\r\n${range(4, 7)}${range(5, 8)}:4\r\n${bulk('len')}:6\r\n`,
    )
    expect(c('LCS', 'key1', 'missing')).toBe(bulk(''))
    expect(c('LCS', 'key1', 'key2', 'LEN', 'WITHMATCHLEN', 'MINMATCHLEN', -3)).toBe(int(6))
  })

  test('IDX is a map in RESP3', () => {
    const c = testEngine().client({ proto: 3 })
    c('MSET', 'a', 'abc', 'b', 'abc')
    expect(c('LCS', 'a', 'b', 'IDX')).toBe(`%2\r\n${bulk('matches')}*1\r\n*2\r\n*2\r\n:0\r\n:2\r\n*2\r\n:0\r\n:2\r\n${bulk('len')}:3\r\n`)
  })

  test('errors', () => {
    const c = testEngine({ config: { 'proto-max-bulk-len': 1048576 } }).client()
    c('MSET', 'a', 'x', 'b', 'y')
    expect(c('LCS', 'a', 'b', 'LEN', 'IDX')).toBe(err('ERR If you want both the length and indexes, please just use IDX.'))
    expect(c('LCS', 'a', 'b', 'FOO')).toBe(SYNTAX)
    expect(c('LCS', 'a', 'b', 'MINMATCHLEN')).toBe(SYNTAX)
    expect(c('LCS', 'a', 'b', 'MINMATCHLEN', 'x')).toBe(NOT_INT)
    c('LPUSH', 'l', 'x')
    expect(c('LCS', 'l', 'a', 'FOO')).toBe(err('ERR The specified keys must contain string values'))
    expect(c('LCS', 'a')).toBe(arity('lcs'))
    c('MSET', 'a', 'x'.repeat(600), 'b', 'y'.repeat(600))
    expect(c('LCS', 'a', 'b')).toBe(err('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len'))
  })
})

describe('OBJECT ENCODING of strings', () => {
  test('int, embstr and raw as Redis 7.0 chooses them', () => {
    const c = testEngine().client()
    const enc = (v: string): string => {
      c('SET', 'k', v)
      return c('OBJECT', 'ENCODING', 'k')
    }
    expect(enc('123')).toBe(bulk('int'))
    expect(enc('0123')).toBe(bulk('embstr'))
    expect(enc('-0')).toBe(bulk('embstr'))
    expect(enc('9223372036854775807')).toBe(bulk('int'))
    expect(enc('9223372036854775808')).toBe(bulk('embstr'))
    expect(enc('-9223372036854775808')).toBe(bulk('int'))
    expect(enc('x'.repeat(44))).toBe(bulk('embstr'))
    expect(enc('x'.repeat(45))).toBe(bulk('raw'))
  })
})
