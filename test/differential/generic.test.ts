import { afterEach, expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply } from '../helpers/resp-client.js'

/** The next frame on each connection of a pair must be identical. */
async function next(p: DiffPair): Promise<string> {
  const [a, b] = await Promise.all([p.redis.read(), p.redlet.read()])
  expect(JSON.stringify(b.toString('latin1'))).toBe(JSON.stringify(a.toString('latin1')))
  return a.toString('latin1')
}

/** Runs a whole SCAN iteration on one side; returns the keys seen. */
async function scanAll(call: (...a: string[]) => Promise<Buffer>, extra: string[] = []): Promise<string[]> {
  const seen: string[] = []
  let cursor = '0'
  do {
    const [c, keys] = parseReply(await call('SCAN', cursor, ...extra)) as [string, string[]]
    cursor = c
    seen.push(...keys)
  } while (cursor !== '0')
  return [...new Set(seen)].sort()
}

describeDiff('generic (keys) commands against redis-server', () => {
  const d = useDifferential()
  afterEach(async () => {
    await d.both('RESET')
    await d.both('CONFIG', 'SET', 'notify-keyspace-events', '')
    await d.both('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')
    await d.both('CONFIG', 'SET', 'maxmemory', '0')
  })

  test('DEL, UNLINK, EXISTS, TYPE', async () => {
    await d.same('MSET', 'a', '1', 'b', '2', 'c', '3')
    await d.same('RPUSH', 'l', 'x')
    await d.same('EXISTS', 'a', 'a', 'l', 'zz')
    await d.same('TYPE', 'a')
    await d.same('TYPE', 'l')
    await d.same('TYPE', 'zz')
    await d.same('DEL', 'a', 'zz', 'a')
    await d.same('UNLINK', 'b', 'l', 'q')
    await d.same('DEL', 'nothing')
    await d.same('EXISTS', 'a', 'b', 'c')
    await d.sameError('DEL')
    await d.sameError('UNLINK')
    await d.sameError('EXISTS')
    await d.sameError('TYPE')
    await d.sameError('TYPE', 'a', 'b')
  })

  test('RENAME and RENAMENX', async () => {
    await d.sameError('RENAME', 'a', 'b')
    await d.sameError('RENAMENX', 'a', 'b')
    await d.sameError('RENAME', 'a', 'a')
    await d.same('SET', 'a', '1')
    await d.same('RENAME', 'a', 'a')
    await d.same('RENAMENX', 'a', 'a')
    await d.same('EXPIRE', 'a', '100')
    await d.same('RENAME', 'a', 'b')
    await d.sameApprox(1, 'TTL', 'b')
    await d.same('EXISTS', 'a')
    await d.same('SET', 'c', '2')
    await d.same('RENAMENX', 'b', 'c')
    await d.same('RENAME', 'b', 'c')
    await d.same('GET', 'c')
    await d.sameApprox(1, 'TTL', 'c')
    await d.same('RENAMENX', 'c', 'd')
    await d.same('RPUSH', 'l', 'x', 'y')
    await d.same('RENAME', 'l', 'd')
    await d.same('TYPE', 'd')
    await d.same('LRANGE', 'd', '0', '-1')
    await d.same('APPEND', 'd2', '5')
    await d.same('APPEND', 'd2', '')
    await d.same('RENAME', 'd2', 'd3')
    await d.same('OBJECT', 'ENCODING', 'd3')
    await d.sameError('RENAME', 'a')
    await d.sameError('RENAMENX', 'a')
  })

  test('COPY', async () => {
    await d.same('SET', 's', 'v', 'EX', '100')
    await d.same('COPY', 's', 's2')
    await d.sameApprox(1, 'TTL', 's2')
    await d.same('COPY', 's', 's2')
    await d.same('COPY', 's', 's2', 'REPLACE')
    await d.same('COPY', 's', 's', 'DB', '1')
    await d.same('COPY', 's', 's', 'db', '1', 'REPLACE', 'REPLACE')
    await d.same('COPY', 's', 's', 'DB', '1')
    await d.same('COPY', 'missing', 'x')
    await d.same('RPUSH', 'l', 'a', 'b')
    await d.same('COPY', 'l', 'l2')
    await d.same('RPUSH', 'l2', 'c')
    await d.same('LRANGE', 'l', '0', '-1')
    await d.same('LRANGE', 'l2', '0', '-1')
    await d.same('SET', 'i', '5')
    await d.same('COPY', 'i', 'i2')
    await d.same('OBJECT', 'ENCODING', 'i2')
    await d.same('OBJECT', 'REFCOUNT', 'i')
    await d.same('OBJECT', 'REFCOUNT', 'i2')
    await d.same('APPEND', 'r', 'x')
    await d.same('APPEND', 'r', 'y')
    await d.same('COPY', 'r', 'r2')
    await d.same('OBJECT', 'ENCODING', 'r2')
    await d.same('SELECT', '1')
    await d.same('GET', 's')
    await d.sameApprox(1, 'TTL', 's')
    await d.same('SELECT', '0')
    await d.sameError('COPY', 's', 's')
    await d.sameError('COPY', 'missing', 'missing')
    await d.sameError('COPY', 's', 's', 'DB', '0')
    await d.sameError('COPY', 's', 'x', 'DB')
    await d.sameError('COPY', 's', 'x', 'FOO')
    await d.sameError('COPY', 's', 'x', 'DB', '0', 'foo')
    await d.sameError('COPY', 's', 'x', 'DB', '16')
    await d.sameError('COPY', 's', 'x', 'DB', '-1')
    await d.sameError('COPY', 's', 'x', 'DB', 'abc')
    await d.sameError('COPY', 's', 'x', 'DB', '99999999999')
    await d.sameError('COPY', 'missing', 'x', 'DB', '99', 'REPLACE')
    await d.sameError('COPY', 's')
  })

  test('MOVE', async () => {
    await d.same('SET', 'a', '1', 'EX', '100')
    await d.same('MOVE', 'a', '1')
    await d.same('EXISTS', 'a')
    await d.same('SET', 'a', '2')
    await d.same('MOVE', 'a', '1')
    await d.same('MOVE', 'missing', '1')
    await d.same('SELECT', '1')
    await d.same('GET', 'a')
    await d.sameApprox(1, 'TTL', 'a')
    await d.same('SELECT', '0')
    await d.sameError('MOVE', 'a', '0')
    await d.sameError('MOVE', 'missing', '0')
    await d.sameError('MOVE', 'a', '16')
    await d.sameError('MOVE', 'a', '-1')
    await d.sameError('MOVE', 'a', 'abc')
    await d.sameError('MOVE', 'a', '99999999999')
    await d.sameError('MOVE', 'a', '99999999999999999999')
    await d.sameError('MOVE', 'a')
  })

  test('KEYS with Redis glob rules', async () => {
    const names = ['hello', 'hallo', 'hxllo', 'hllo', 'heeeello', 'a*b', 'a[b', 'a\\b', 'a]b', 'A-b', 'x-y', '\x00\xff', 'é', '?', '']
    for (const k of names) await d.same('SET', k, '1')
    const patterns = ['*', 'h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', 'h[b-a]llo', 'a\\*b', 'a\\[b', 'a[\\]]b', 'a\\\\b', 'a[', 'a[b', '[a-', '[', '\\', 'a*', '*b', '[A-Z]*', '[^a]*', '\x00*', '[\x00-\xff]*', '??', '*?*', 'h*l*o', 'nomatch', '']
    for (const p of patterns) await d.sameSorted('KEYS', p)
    await d.same('SET', 'gone', '1', 'PX', '1')
    await new Promise((r) => setTimeout(r, 5))
    await d.same('KEYS', 'gone')
    await d.sameError('KEYS')
    await d.sameError('KEYS', 'a', 'b')
  })

  test('SCAN: full iterations with MATCH, COUNT and TYPE', async () => {
    for (let i = 0; i < 200; i++) await d.same('SET', `k${i}`, String(i))
    await d.same('RPUSH', 'list', 'a')
    await d.same('SET', 'str', 'x')
    for (const extra of [[], ['COUNT', '1'], ['COUNT', '1000'], ['MATCH', 'k1*'], ['MATCH', 'k1*', 'COUNT', '7'], ['TYPE', 'list'], ['TYPE', 'STRING', 'MATCH', '*1'], ['TYPE', 'nosuchtype']]) {
      const [a, b] = await Promise.all([scanAll((...x) => d.redis.call(...x), extra), scanAll((...x) => d.redlet.call(...x), extra)])
      expect(b, extra.join(' ')).toEqual(a)
    }
    await d.same('SCAN', '0', 'MATCH', 'nomatch*', 'COUNT', '1000')
    await d.same('SCAN', '0', 'TYPE', 'hash', 'COUNT', '1000')
  })

  test('SCAN cursors and errors', async () => {
    await d.same('SCAN', '0')
    await d.same('SCAN', '-1')
    await d.same('SCAN', '+1')
    await d.same('SCAN', '')
    await d.same('SCAN', '18446744073709551615')
    // strtoul's rules (collection-scan.ts): a sign, leading zeros, "-n" wrapping around 2^64
    await d.same('SCAN', '-0')
    await d.same('SCAN', '+5')
    await d.same('SCAN', '00000000000000000000001')
    await d.same('SCAN', '-18446744073709551615')
    await d.sameError('SCAN', '-18446744073709551616')
    await d.sameError('SCAN', '18446744073709551616')
    await d.sameError('SCAN', '99999999999999999999999')
    await d.sameError('SCAN', '0x10')
    await d.sameError('SCAN', '+')
    await d.sameError('SCAN', '--1')
    await d.sameError('SCAN', ' 1')
    await d.sameError('SCAN', '1 ')
    await d.sameError('SCAN', 'abc')
    await d.sameError('SCAN', '1.5')
    await d.sameError('SCAN', '0x1')
    await d.sameError('SCAN', '-')
    await d.sameError('SCAN', '0', 'COUNT', '0')
    await d.sameError('SCAN', '0', 'COUNT', '-1')
    await d.sameError('SCAN', '0', 'COUNT', 'abc')
    await d.sameError('SCAN', '0', 'MATCH')
    await d.sameError('SCAN', '0', 'TYPE')
    await d.sameError('SCAN', '0', 'FOO', 'bar')
    await d.sameError('SCAN', 'abc', 'FOO')
    await d.sameError('SCAN')
  })

  test('RANDOMKEY', async () => {
    await d.same('RANDOMKEY')
    await d.same('SET', 'a', '1')
    await d.same('RANDOMKEY')
    await d.same('SET', 'b', '1')
    await d.sameShape('RANDOMKEY')
    await d.sameError('RANDOMKEY', 'x')
  })

  test('EXPIRE family: relative, absolute, flags', async () => {
    await d.same('SET', 'k', 'v')
    await d.same('EXPIRE', 'k', '100')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('PEXPIRE', 'k', '50000')
    await d.sameApprox(100, 'PTTL', 'k')
    const now = Math.floor(Date.now() / 1000)
    await d.same('EXPIREAT', 'k', String(now + 60))
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('EXPIRETIME', 'k')
    await d.same('PEXPIREAT', 'k', '99999999999400')
    await d.same('PEXPIRETIME', 'k')
    await d.same('EXPIRETIME', 'k')
    await d.same('PEXPIREAT', 'k', '99999999999600')
    await d.same('EXPIRETIME', 'k')
    await d.same('EXPIRE', 'missing', '10')
    await d.same('PERSIST', 'k')
    await d.same('EXPIRE', 'k', '100', 'XX')
    await d.same('EXPIRE', 'k', '100', 'GT')
    await d.same('PEXPIRE', 'k', '100000', 'LT')
    await d.same('EXPIRE', 'k', '50', 'NX')
    await d.same('EXPIRE', 'k', '50', 'GT')
    await d.same('EXPIREAT', 'k', String(now + 500), 'GT')
    await d.same('PEXPIREAT', 'k', String((now + 600) * 1000), 'LT')
    await d.same('EXPIRE', 'k', '150', 'XX', 'LT')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('EXPIRE', 'k', '150', 'nx', 'NX')
    await d.same('EXPIRE', 'k', '200', 'gt', 'gt')
    await d.same('PERSIST', 'k')
    await d.same('EXPIRE', 'k', '150', 'NX')
    await d.same('PEXPIREAT', 'k', '9223372036854775807')
    await d.same('EXPIRE', 'missing', '10', 'NX')
    await d.same('PERSIST', 'k')
    await d.same('EXPIREAT', 'k', String(now + 100), 'XX')
    await d.same('EXPIREAT', 'k', String(now + 100), 'NX')
    await d.same('EXPIREAT', 'k', String(now + 100), 'LT')
    await d.same('PEXPIRE', 'k', '200000', 'XX')
    await d.same('PEXPIRE', 'k', '300000', 'GT')
    await d.same('PEXPIRE', 'k', '300000', 'NX')
    await d.same('PEXPIREAT', 'k', String((now + 900) * 1000), 'XX')
    await d.same('PEXPIREAT', 'k', String((now + 1000) * 1000), 'GT')
    await d.same('PEXPIREAT', 'k', String((now + 1000) * 1000), 'NX')
    await d.sameApprox(1, 'TTL', 'k')
  })

  test('EXPIRE with a past time deletes the key', async () => {
    for (const [cmd, arg] of [
      ['EXPIRE', '-1'],
      ['EXPIRE', '0'],
      ['PEXPIRE', '-100'],
      ['EXPIREAT', '1'],
      ['PEXPIREAT', '0'],
      ['PEXPIRE', '-9223372036854775808'],
    ] as const) {
      await d.same('SET', 'k', 'v')
      await d.same(cmd, 'k', arg)
      await d.same('EXISTS', 'k')
    }
  })

  test('EXPIRE family errors', async () => {
    await d.same('SET', 'k', 'v')
    await d.sameError('EXPIRE', 'k', '100', 'NX', 'XX')
    await d.sameError('EXPIRE', 'k', '100', 'XX', 'NX')
    await d.sameError('EXPIRE', 'k', '100', 'NX', 'GT')
    await d.sameError('EXPIRE', 'k', '100', 'LT', 'NX')
    await d.sameError('EXPIRE', 'k', '100', 'GT', 'LT')
    await d.sameError('EXPIRE', 'k', '100', 'foo')
    await d.sameError('EXPIRE', 'k', '100', 'NX', 'bar\r\nbaz')
    await d.sameError('EXPIRE', 'k', 'abc', 'foo')
    await d.sameError('EXPIRE', 'k', 'abc', 'NX', 'XX')
    await d.sameError('EXPIRE', 'missing', '10', 'NX', 'XX')
    await d.sameError('EXPIRE', 'k', 'abc')
    await d.sameError('EXPIRE', 'k', '9223372036854775807')
    await d.sameError('EXPIRE', 'k', '9223372036854775')
    await d.sameError('EXPIRE', 'k', '-9223372036854775808')
    await d.sameError('EXPIRE', 'k')
    await d.sameError('PEXPIRE', 'k', '9223372036854775807')
    await d.sameError('PEXPIRE', 'k', '100', 'bogus')
    await d.sameError('PEXPIRE', 'k', '1.5')
    await d.sameError('PEXPIRE', 'k')
    await d.sameError('EXPIREAT', 'k', '9223372036854775807')
    await d.sameError('EXPIREAT', 'k', '100', 'bogus')
    await d.sameError('EXPIREAT', 'k', '100', 'GT', 'LT')
    await d.sameError('EXPIREAT', 'k')
    await d.sameError('PEXPIREAT', 'k', '100', 'NX', 'LT')
    await d.sameError('PEXPIREAT', 'k', 'x')
    await d.sameError('PEXPIREAT', 'k')
  })

  test('PERSIST, TTL, PTTL, EXPIRETIME, PEXPIRETIME', async () => {
    for (const cmd of ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']) await d.same(cmd, 'missing')
    await d.same('SET', 'k', 'v')
    for (const cmd of ['TTL', 'PTTL', 'EXPIRETIME', 'PEXPIRETIME']) await d.same(cmd, 'k')
    await d.same('PERSIST', 'k')
    await d.same('PERSIST', 'missing')
    await d.same('PEXPIRE', 'k', '1499')
    await d.same('TTL', 'k')
    await d.same('PEXPIRE', 'k', '1600')
    await d.same('TTL', 'k')
    await d.same('PERSIST', 'k')
    await d.same('TTL', 'k')
    await d.sameError('PERSIST')
    await d.sameError('TTL')
    await d.sameError('PTTL')
    await d.sameError('EXPIRETIME')
    await d.sameError('PEXPIRETIME', 'a', 'b')
  })

  test('expired keys vanish lazily', async () => {
    await d.same('SET', 'k', 'v', 'PX', '20')
    await d.same('SET', 'l', 'v', 'PX', '20')
    await new Promise((r) => setTimeout(r, 40))
    await d.same('GET', 'k')
    await d.same('TTL', 'l')
    await d.same('EXISTS', 'l')
  })

  test('TOUCH and OBJECT IDLETIME', async () => {
    await d.same('MSET', 'a', '1', 'b', '2')
    await d.same('TOUCH', 'a', 'b', 'c', 'a')
    await d.same('OBJECT', 'IDLETIME', 'a')
    await d.same('OBJECT', 'IDLETIME', 'missing')
    await d.sameError('TOUCH')
  })

  test('OBJECT ENCODING, REFCOUNT, FREQ and HELP', async () => {
    await d.same('SET', 's', 'abc')
    await d.same('SET', 'i', '5')
    await d.same('SET', 'j', '50000')
    await d.same('RPUSH', 'l', 'a')
    for (const k of ['s', 'i', 'j', 'l', 'missing']) {
      await d.same('OBJECT', 'ENCODING', k)
      await d.same('OBJECT', 'REFCOUNT', k)
    }
    await d.same('OBJECT', 'HELP')
    await d.same('object', 'help')
    await d.sameError('OBJECT', 'FREQ', 's')
    await d.same('OBJECT', 'FREQ', 'missing')
    await d.same('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu')
    await d.same('SET', 'f', 'v')
    await d.same('OBJECT', 'FREQ', 'f')
    await d.same('GET', 'f')
    await d.same('OBJECT', 'FREQ', 'f')
    await d.sameError('OBJECT', 'IDLETIME', 'f')
    await d.same('CONFIG', 'SET', 'maxmemory', '100mb')
    await d.same('SET', 'i', '5')
    await d.same('OBJECT', 'REFCOUNT', 'i')
    await d.sameError('OBJECT')
    await d.sameError('OBJECT', 'FOO')
    await d.sameError('OBJECT', 'ENCODING')
    await d.sameError('OBJECT', 'ENCODING', 'a', 'b')
    await d.sameError('OBJECT', 'FREQ')
    await d.sameError('OBJECT', 'IDLETIME')
    await d.sameError('OBJECT', 'REFCOUNT')
    await d.sameError('OBJECT', 'HELP', 'x')
  })

  test('COMMAND INFO of every generic and string command', async () => {
    // subcommands come in the order of Redis's hash table, seeded per process
    await d.sameSorted('COMMAND', 'INFO', 'object')
    for (const name of ['del', 'unlink', 'exists', 'type', 'rename', 'renamenx', 'keys', 'scan', 'randomkey', 'expire', 'pexpire', 'expireat', 'pexpireat', 'persist', 'ttl', 'pttl', 'expiretime', 'pexpiretime', 'touch', 'copy', 'move']) {
      await d.same('COMMAND', 'INFO', name)
    }
    for (const name of ['get', 'set', 'setex', 'psetex', 'setnx', 'getset', 'getdel', 'getex', 'mset', 'msetnx', 'mget', 'strlen', 'append', 'getrange', 'substr', 'setrange', 'incr', 'incrby', 'incrbyfloat', 'decr', 'decrby', 'lcs']) {
      await d.same('COMMAND', 'INFO', name)
    }
  })

  test('keyspace events of key commands', async () => {
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    const sub = await d.connect()
    await sub.same('PSUBSCRIBE', '__keyevent@*__:*')
    const writes: string[][] = [
      ['SET', 'a', '1'],
      ['EXPIRE', 'a', '100'],
      ['PERSIST', 'a'],
      ['RENAME', 'a', 'b'],
      ['COPY', 'b', 'c'],
      ['MOVE', 'c', '1'],
      ['EXPIRE', 'b', '-1'],
      ['SET', 'd', '1'],
      ['DEL', 'd', 'zz'],
      ['SET', 'e', '1', 'PX', '1'],
    ]
    for (const w of writes) await d.both(...w)
    // set expire persist rename_from rename_to copy_to move_from move_to del set del set expire
    for (let i = 0; i < 13; i++) await next(sub)
    await new Promise((r) => setTimeout(r, 5))
    await d.same('GET', 'e')
    await next(sub)
  })
})
