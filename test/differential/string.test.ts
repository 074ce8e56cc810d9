import { afterEach, expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'

/** The next frame on each connection of a pair must be identical. */
async function next(p: DiffPair): Promise<string> {
  const [a, b] = await Promise.all([p.redis.read(), p.redlet.read()])
  expect(JSON.stringify(b.toString('latin1'))).toBe(JSON.stringify(a.toString('latin1')))
  return a.toString('latin1')
}

describeDiff('string commands against redis-server', () => {
  const d = useDifferential()
  afterEach(async () => {
    await d.both('RESET')
    await d.both('CONFIG', 'SET', 'notify-keyspace-events', '')
    await d.both('CONFIG', 'SET', 'proto-max-bulk-len', '512mb')
  })

  test('SET and GET', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('GET', 'k')
    await d.same('GET', 'missing')
    await d.same('SET', 'bin', Buffer.from([0, 255, 13, 10, 0xc3, 0x28]))
    await d.same('GET', 'bin')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('GET', 'l')
    await d.same('SET', 'l', 'over')
    await d.same('GET', 'l')
    await d.sameError('GET')
  })

  test('SET NX, XX, GET, KEEPTTL', async () => {
    await d.same('SET', 'k', 'v', 'XX')
    await d.same('SET', 'k', 'v', 'NX')
    await d.same('SET', 'k', 'v2', 'NX')
    await d.same('SET', 'k', 'v3', 'XX', 'GET')
    await d.same('SET', 'k', 'v4', 'NX', 'GET')
    await d.same('SET', 'k', 'v5', 'GET', 'GET')
    await d.same('SET', 'n', 'v', 'XX', 'GET')
    await d.same('EXISTS', 'n')
    await d.same('SET', 'k', 'v', 'NX', 'NX')
    await d.same('SET', 'k', 'v', 'EX', '100')
    await d.same('SET', 'k', 'w', 'KEEPTTL')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('SET', 'k', 'w', 'KEEPTTL', 'KEEPTTL')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('SET', 'k', 'x')
    await d.same('TTL', 'k')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('SET', 'l', 'v', 'GET')
    await d.sameError('SET', 'l', 'v', 'NX', 'GET')
    await d.same('LLEN', 'l')
  })

  test('SET EX, PX, EXAT, PXAT', async () => {
    await d.same('SET', 'k', 'v', 'EX', '100')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('SET', 'k', 'v', 'PX', '100000')
    await d.sameApprox(100, 'PTTL', 'k')
    await d.same('SET', 'k', 'v', 'EX', '10', 'EX', '20')
    await d.sameApprox(1, 'TTL', 'k')
    const now = Math.floor(Date.now() / 1000)
    await d.same('SET', 'k', 'v', 'EXAT', String(now + 50))
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('SET', 'k', 'v', 'PXAT', String((now + 70) * 1000))
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('SET', 'k', 'v', 'PXAT', '9223372036854775807')
    await d.same('SET', 'k', 'v', 'EXAT', '9223372036854775')
    await d.same('SET', 'past', 'v', 'PXAT', '1')
    await d.same('EXISTS', 'past')
    await d.same('SET', 'k', '\x00\xff', 'PX', '100000', 'GET')
    await d.same('GET', 'k')
  })

  test('SET errors', async () => {
    await d.sameError('SET', 'k')
    await d.sameError('SET', 'k', 'v', 'NX', 'XX')
    await d.sameError('SET', 'k', 'v', 'XX', 'NX')
    await d.sameError('SET', 'k', 'v', 'EX')
    await d.sameError('SET', 'k', 'v', 'EX', '0')
    await d.sameError('SET', 'k', 'v', 'PX', '-1')
    await d.sameError('SET', 'k', 'v', 'EX', 'abc')
    await d.sameError('SET', 'k', 'v', 'EX', '10', 'PX', '10')
    await d.sameError('SET', 'k', 'v', 'EXAT', '10', 'EX', '20')
    await d.sameError('SET', 'k', 'v', 'PXAT', '10', 'EXAT', '20')
    await d.sameError('SET', 'k', 'v', 'KEEPTTL', 'EX', '10')
    await d.sameError('SET', 'k', 'v', 'EX', '10', 'KEEPTTL')
    await d.sameError('SET', 'k', 'v', 'PERSIST')
    await d.sameError('SET', 'k', 'v', 'FOO')
    await d.sameError('SET', 'k', 'v', 'EX', '9223372036854775')
    await d.sameError('SET', 'k', 'v', 'EX', '9223372036854776')
    await d.sameError('SET', 'k', 'v', 'PX', '9223372036854775807')
    await d.sameError('SET', 'k', 'v', 'EXAT', '9223372036854776')
    await d.sameError('SET', 'k', 'v', 'EXAT', '0')
    await d.sameError('SET', 'k', 'v', 'PXAT', '-5')
  })

  test('SETEX, PSETEX, SETNX', async () => {
    await d.same('SETEX', 'k', '100', 'v')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('PSETEX', 'p', '100000', 'v')
    await d.sameApprox(100, 'PTTL', 'p')
    await d.sameError('SETEX', 'k', '0', 'v')
    await d.sameError('SETEX', 'k', '-1', 'v')
    await d.sameError('SETEX', 'k', 'abc', 'v')
    await d.sameError('SETEX', 'k', '10')
    await d.sameError('PSETEX', 'k', '0', 'v')
    await d.sameError('PSETEX', 'k', '1.5', 'v')
    await d.sameError('PSETEX', 'k')
    await d.same('SETNX', 'k', 'w')
    await d.same('SETNX', 'new', 'w')
    await d.same('GET', 'new')
    await d.sameError('SETNX', 'k')
  })

  test('GETSET, GETDEL', async () => {
    await d.same('GETSET', 'k', 'a')
    await d.same('EXPIRE', 'k', '100')
    await d.same('GETSET', 'k', 'b')
    await d.same('TTL', 'k')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('GETSET', 'l', 'v')
    await d.sameError('GETSET', 'k')
    await d.same('GETDEL', 'k')
    await d.same('GETDEL', 'k')
    await d.same('EXISTS', 'k')
    await d.sameError('GETDEL', 'l')
    await d.sameError('GETDEL')
  })

  test('GETEX', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('GETEX', 'k')
    await d.same('GETEX', 'k', 'EX', '100')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('GETEX', 'k', 'PX', '50000')
    await d.sameApprox(100, 'PTTL', 'k')
    const now = Math.floor(Date.now() / 1000)
    await d.same('GETEX', 'k', 'EXAT', String(now + 30))
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('GETEX', 'k', 'PXAT', String((now + 40) * 1000))
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('GETEX', 'k', 'EX', '10', 'EX', '20')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('GETEX', 'k', 'PERSIST')
    await d.same('GETEX', 'k', 'PERSIST', 'PERSIST')
    await d.same('TTL', 'k')
    await d.same('GETEX', 'k', 'EXAT', '1')
    await d.same('EXISTS', 'k')
    await d.same('GETEX', 'k', 'EX', '10')
    await d.same('SET', 'k', 'v')
    await d.sameError('GETEX', 'k', 'EX', '10', 'PERSIST')
    await d.sameError('GETEX', 'k', 'PERSIST', 'EX', '10')
    await d.sameError('GETEX', 'k', 'KEEPTTL')
    await d.sameError('GETEX', 'k', 'NX')
    await d.sameError('GETEX', 'k', 'GET')
    await d.sameError('GETEX', 'k', 'EX')
    await d.sameError('GETEX', 'k', 'EX', '0')
    await d.sameError('GETEX', 'k', 'PX', '-1')
    await d.sameError('GETEX', 'k', 'EXAT', 'abc')
    await d.same('GETEX', 'missing', 'EX', '0')
    await d.same('GETEX', 'missing', 'EXAT', 'abc')
    await d.sameError('GETEX', 'missing', 'EX', '10', 'PERSIST')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('GETEX', 'l')
    await d.sameError('GETEX', 'l', 'EX', '10')
    await d.sameError('GETEX', 'l', 'EX', '0')
    await d.sameError('GETEX')
  })

  test('INCR, INCRBY, DECR, DECRBY', async () => {
    await d.same('INCR', 'n')
    await d.same('INCRBY', 'n', '-5')
    await d.same('DECR', 'n')
    await d.same('DECRBY', 'n', '9223372036854775807')
    await d.sameError('DECRBY', 'n', '-9223372036854775808')
    await d.same('DECRBY', 'n', '-9223372036854775807')
    await d.same('SET', 'n', '9223372036854775806')
    await d.same('INCR', 'n')
    await d.sameError('INCR', 'n')
    await d.sameError('INCRBY', 'n', '1')
    await d.same('INCRBY', 'n', '-9223372036854775807')
    await d.same('SET', 'n', '-9223372036854775808')
    await d.sameError('DECRBY', 'n', '1')
    await d.same('INCRBY', 'n', '9223372036854775807')
    await d.same('SET', 'n', '9007199254740993')
    await d.same('INCR', 'n')
    await d.same('DECRBY', 'n', '9007199254740995')
    await d.sameError('INCRBY', 'n', 'x')
    await d.sameError('INCRBY', 'n', '1.0')
    await d.sameError('INCRBY', 'n', '9223372036854775808')
    for (const v of ['007', 'abc', '1.5', ' 1', '1 ', '', '+1', '-0', '9223372036854775808', '0x10']) {
      await d.same('SET', 's', v)
      await d.sameError('INCR', 's')
      await d.sameError('DECR', 's')
    }
    await d.same('SET', 'e', '5', 'EX', '100')
    await d.same('INCR', 'e')
    await d.sameApprox(1, 'TTL', 'e')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('INCR', 'l')
    await d.sameError('INCRBY', 'l', 'x')
    await d.sameError('DECRBY', 'l', '1')
    await d.sameError('INCR')
    await d.sameError('INCRBY', 'n')
    await d.sameError('DECR')
    await d.sameError('DECRBY', 'n')
  })

  test('INCRBYFLOAT: long double sums and %.17Lf printing', async () => {
    // Redis 7.0 adds in x87 long double: these differ from JavaScript doubles
    const steps: [string, string][] = [
      ['a', '0.1'],
      ['a', '0.2'],
      ['a', '1e-300'],
      ['b', '5016'],
      ['b', '0.1'],
      ['b', '0.2'],
      ['c', '1e308'],
      ['c', '1e308'],
      ['d', '-0'],
      ['d', '5.0e3'],
      ['d', '0x10'],
      ['d', '0x1.8p1'],
      ['d', '+5'],
      ['d', '.5'],
      ['d', '5.'],
      ['d', '1E2'],
      ['e', '-1e-20'],
      ['f', '0.000003814697265625'],
      ['g', '0.000011444091796875'],
      ['h', '123456789.123456789'],
      ['h', '-123456789.123456789'],
      ['h', '1e17'],
      ['h', '1e21'],
      ['h', '-1e22'],
      ['i', '1e400'],
      ['j', '3.6e-4951'],
      ['k', '15e-18'],
      ['k', '5e-18'],
      ['m', '1.18973149535723176502e+4932'],
    ]
    for (const [key, by] of steps) await d.same('INCRBYFLOAT', key, by)
    for (const v of ['1e20', '1.5e20', '3.0', '1.23456789012345678', '0x10', ' 1', '1 ', 'abc', 'inf', '-inf', 'nan', '']) {
      await d.same('SET', 'v', v)
      const [a] = await d.both('INCRBYFLOAT', 'v', '1')
      if (a[0] === 45) await d.sameError('INCRBYFLOAT', 'v', '1')
      else await d.same('GET', 'v')
    }
    await d.same('SET', 'v', '1', 'EX', '100')
    await d.same('INCRBYFLOAT', 'v', '1.5')
    await d.sameApprox(1, 'TTL', 'v')
    await d.same('OBJECT', 'ENCODING', 'v')
  })

  test('INCRBYFLOAT errors', async () => {
    for (const by of ['abc', ' 1', '1 ', 'nan', '', '1e99999', '1e-99999', '1.18973149535723176509e+4932']) {
      await d.sameError('INCRBYFLOAT', 'f', by)
    }
    await d.sameError('INCRBYFLOAT', 'f', 'inf')
    await d.sameError('INCRBYFLOAT', 'f', '-infinity')
    await d.same('SET', 'f', '1e308')
    await d.same('INCRBYFLOAT', 'f', '1e4932')
    await d.sameError('INCRBYFLOAT', 'f', '1.18e4932')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('INCRBYFLOAT', 'l', '1')
    await d.sameError('INCRBYFLOAT', 'f')
  })

  test('APPEND and STRLEN', async () => {
    await d.same('APPEND', 'k', 'Hello')
    await d.same('APPEND', 'k', ' World')
    await d.same('APPEND', 'k', '')
    await d.same('GET', 'k')
    await d.same('STRLEN', 'k')
    await d.same('STRLEN', 'nope')
    await d.same('SET', 'n', '-123')
    await d.same('STRLEN', 'n')
    await d.same('APPEND', 'n', '4')
    await d.same('GET', 'n')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('APPEND', 'l', 'x')
    await d.sameError('STRLEN', 'l')
    await d.sameError('APPEND', 'k')
    await d.sameError('STRLEN')
    await d.same('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')
    await d.same('SETRANGE', 'big', '1048575', 'x')
    await d.sameError('APPEND', 'big', 'y')
  })

  test('GETRANGE and SUBSTR', async () => {
    await d.same('SET', 's', 'Hello World')
    const ranges = [
      ['0', '4'],
      ['-3', '-1'],
      ['-1', '-5'],
      ['5', '100'],
      ['-100', '2'],
      ['3', '2'],
      ['0', '-1'],
      ['11', '20'],
      ['-9223372036854775808', '-9223372036854775807'],
      ['-9007199254740993', '-9007199254740994'],
      ['0', '9223372036854775807'],
    ]
    for (const [a, b] of ranges) {
      await d.same('GETRANGE', 's', a as string, b as string)
      await d.same('SUBSTR', 's', a as string, b as string)
    }
    await d.same('GETRANGE', 'missing', '0', '-1')
    await d.same('SET', 'n', '12345')
    await d.same('GETRANGE', 'n', '1', '2')
    await d.same('SET', 'e', '')
    await d.same('GETRANGE', 'e', '0', '-1')
    await d.sameError('GETRANGE', 's', 'a', '1')
    await d.sameError('GETRANGE', 's', '0', '9223372036854775808')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('GETRANGE', 'l', '0', '1')
    await d.sameError('SUBSTR', 'l', '0', '1')
    await d.sameError('GETRANGE', 's', '0')
    await d.sameError('SUBSTR', 's')
  })

  test('SETRANGE', async () => {
    await d.same('SET', 's', 'Hello World')
    await d.same('SETRANGE', 's', '6', 'Redis')
    await d.same('GET', 's')
    await d.same('SETRANGE', 's', '20', '!')
    await d.same('GET', 's')
    await d.same('SETRANGE', 'new', '5', 'x')
    await d.same('GET', 'new')
    await d.same('SETRANGE', 'empty', '3', '')
    await d.same('EXISTS', 'empty')
    await d.same('SETRANGE', 's', '3', '')
    await d.sameError('SETRANGE', 's', '-1', 'x')
    await d.sameError('SETRANGE', 's', 'x', 'x')
    await d.sameError('SETRANGE', 's', '536870912', 'x')
    await d.sameError('SETRANGE', 's', '9223372036854775807', 'x')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('SETRANGE', 'l', '0', 'x')
    await d.same('SETRANGE', 'l2', '0', '')
    await d.sameError('SETRANGE', 's', '0')
  })

  test('MGET, MSET, MSETNX', async () => {
    await d.same('MSET', 'a', '1', 'b', '2')
    await d.same('RPUSH', 'l', 'x')
    await d.same('MGET', 'a', 'b', 'c', 'l')
    await d.sameError('MSET', 'a', '1', 'b')
    await d.sameError('MSET', 'a')
    await d.sameError('MGET')
    await d.same('MSETNX', 'a', '1', 'z', '2')
    await d.same('EXISTS', 'z')
    await d.same('MSETNX', 'y', '1', 'z', '2')
    await d.same('MSETNX', 'q', '1', 'q', '2')
    await d.same('GET', 'q')
    await d.sameError('MSETNX', 'y', '1', 'z')
    await d.sameError('MSETNX', 'y')
    await d.same('SET', 't', 'x', 'EX', '10')
    await d.same('MSET', 't', 'y')
    await d.same('TTL', 't')
  })

  test('LCS', async () => {
    await d.same('MSET', 'key1', 'ohmytext', 'key2', 'mynewtext')
    await d.same('LCS', 'key1', 'key2')
    await d.same('LCS', 'key1', 'key2', 'LEN')
    await d.same('LCS', 'key1', 'key2', 'IDX')
    await d.same('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4')
    await d.same('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN')
    await d.same('LCS', 'key1', 'key2', 'IDX', 'WITHMATCHLEN')
    await d.same('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '-5')
    await d.same('LCS', 'key1', 'key2', 'LEN', 'WITHMATCHLEN')
    await d.same('LCS', 'key1', 'key2', 'LEN', 'MINMATCHLEN', '3')
    await d.same('LCS', 'key1', 'key2', 'len', 'LEN')
    await d.same('LCS', 'key1', 'missing')
    await d.same('LCS', 'missing', 'missing', 'IDX')
    await d.same('MSET', 'x', 'abcabcabcxyzabc', 'y', 'bcaxyzbcabcab\x00\xff')
    await d.same('LCS', 'x', 'y')
    await d.same('LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN')
    await d.same('LCS', 'y', 'x', 'IDX', 'WITHMATCHLEN', 'MINMATCHLEN', '2')
    await d.sameError('LCS', 'key1', 'key2', 'LEN', 'IDX')
    await d.sameError('LCS', 'key1', 'key2', 'FOO')
    await d.sameError('LCS', 'key1', 'key2', 'MINMATCHLEN')
    await d.sameError('LCS', 'key1', 'key2', 'MINMATCHLEN', 'abc')
    await d.sameError('LCS', 'key1', 'key2', 'MINMATCHLEN', '99999999999999999999')
    await d.same('RPUSH', 'l', 'a')
    await d.sameError('LCS', 'key1', 'l')
    await d.sameError('LCS', 'l', 'key1', 'FOO')
    await d.sameError('LCS', 'key1')
    await d.same('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')
    await d.same('MSET', 'a', 'a'.repeat(600), 'b', 'b'.repeat(600))
    await d.sameError('LCS', 'a', 'b')
    await d.sameError('LCS', 'a', 'b', 'LEN')
  })

  test('LCS IDX in RESP3', async () => {
    // HELLO's reply holds the client id, which may differ
    const [a, b] = await d.both('HELLO', '3')
    expect(b[0]).toBe(a[0])
    await d.same('MSET', 'key1', 'ohmytext', 'key2', 'mynewtext')
    await d.same('LCS', 'key1', 'key2', 'IDX', 'WITHMATCHLEN')
  })

  test('OBJECT ENCODING of strings after each kind of write', async () => {
    for (const v of ['123', '0123', '-0', '-1', '9223372036854775807', '9223372036854775808', '-9223372036854775808', 'x'.repeat(44), 'x'.repeat(45), '', ' 1']) {
      await d.same('SET', 'k', v)
      await d.same('OBJECT', 'ENCODING', 'k')
    }
    await d.same('APPEND', 'a', '12')
    await d.same('OBJECT', 'ENCODING', 'a')
    await d.same('APPEND', 'a', '')
    await d.same('OBJECT', 'ENCODING', 'a')
    await d.same('INCR', 'a')
    await d.same('OBJECT', 'ENCODING', 'a')
    await d.same('INCRBYFLOAT', 'a', '1')
    await d.same('OBJECT', 'ENCODING', 'a')
    await d.same('INCRBYFLOAT', 'a', '1'.repeat(50))
    await d.same('OBJECT', 'ENCODING', 'a')
    await d.same('SETRANGE', 'r', '0', '1')
    await d.same('OBJECT', 'ENCODING', 'r')
    await d.same('SET', 'r', '1')
    await d.same('SETRANGE', 'r', '0', '')
    await d.same('OBJECT', 'ENCODING', 'r')
    await d.same('MSET', 'm1', '7', 'm2', 'seven')
    await d.same('OBJECT', 'ENCODING', 'm1')
    await d.same('OBJECT', 'ENCODING', 'm2')
    await d.same('GETSET', 'm1', '8')
    await d.same('OBJECT', 'ENCODING', 'm1')
    await d.same('SETEX', 'm1', '100', '9')
    await d.same('OBJECT', 'ENCODING', 'm1')
  })

  test('keyspace events of string writes', async () => {
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    const sub = await d.connect()
    await sub.same('PSUBSCRIBE', '__keyevent@*__:*')
    const writes: string[][] = [
      ['SET', 'k', '1', 'EX', '100'],
      ['INCR', 'k'],
      ['INCRBYFLOAT', 'k', '1.5'],
      ['APPEND', 'k', 'x'],
      ['SETRANGE', 'k', '0', 'y'],
      ['GETEX', 'k', 'PERSIST'],
      ['GETEX', 'k', 'EX', '10'],
      ['GETDEL', 'k'],
      ['MSET', 'a', '1', 'b', '2'],
      ['GETSET', 'a', '3'],
      ['SETEX', 'c', '10', 'v'],
      ['GETEX', 'c', 'PXAT', '1'],
    ]
    for (const w of writes) {
      const [a] = await d.both(...w)
      expect(a[0]).not.toBe(45)
    }
    // set expire incrby incrbyfloat append setrange persist expire del set set set set expire del
    for (let i = 0; i < 15; i++) await next(sub)
  })
})
