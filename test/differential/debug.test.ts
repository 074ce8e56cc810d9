import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'

const ENABLED = {
  redisArgs: ['--enable-debug-command', 'yes', '--enable-module-command', 'yes'],
  redlet: { config: { 'enable-debug-command': 'yes', 'enable-module-command': 'yes' } },
}

/** DEBUG OBJECT's line without what cannot match: the address and the LRU clock. */
async function sameObjectLine(d: DiffPair, key: string): Promise<void> {
  const [a, b] = await d.both('DEBUG', 'OBJECT', key)
  const mask = (x: Buffer): string =>
    x
      .toString('latin1')
      .replace(/at:0x[0-9a-f]+/, 'at:ADDR')
      .replace(/ lru:\d+ lru_seconds_idle:\d+/, ' lru:N lru_seconds_idle:N')
  expect(mask(b), `DEBUG OBJECT ${key}`).toBe(mask(a))
}

describeDiff('DEBUG and MODULE gates against redis-server (defaults)', () => {
  const d = useDifferential()

  test('DEBUG and MODULE LOAD/LOADEX/UNLOAD are refused; MODULE LIST and HELP are not', async () => {
    await d.sameError('DEBUG', 'HELP')
    await d.sameError('DEBUG', 'nosuch')
    await d.sameError('DEBUG', 'SLEEP', '0')
    await d.sameError('MODULE', 'LOAD', '/x')
    await d.sameError('MODULE', 'LOADEX', '/x', 'CONFIG', 'a', 'b')
    await d.sameError('MODULE', 'UNLOAD', 'x')
    await d.same('MODULE', 'LIST')
    await d.same('MODULE', 'HELP')
  })

  test('arity first; in MULTI the refusal aborts EXEC; the settings are immutable', async () => {
    await d.sameError('DEBUG')
    await d.sameError('MODULE')
    await d.sameError('MODULE', 'LOAD')
    await d.sameError('MODULE', 'nope')
    await d.same('MULTI')
    await d.sameError('DEBUG', 'LOG', 'x')
    await d.sameError('EXEC')
    await d.same('CONFIG', 'GET', 'enable-debug-command')
    await d.same('CONFIG', 'GET', 'enable-module-command')
    await d.sameError('CONFIG', 'SET', 'enable-debug-command', 'yes')
    await d.sameError('CONFIG', 'SET', 'enable-module-command', 'local')
  })
})

describeDiff('DEBUG and MODULE gates set to local against redis-server', () => {
  const d = useDifferential({
    redisArgs: ['--enable-debug-command', 'local', '--enable-module-command', 'local'],
    redlet: { config: { 'enable-debug-command': 'local', 'enable-module-command': 'local' } },
  })

  test('a loopback client may run them', async () => {
    await d.same('DEBUG', 'LOG', 'hello')
    await d.sameError('MODULE', 'UNLOAD', 'x')
    await d.same('CONFIG', 'GET', 'enable-debug-command')
  })
})

describeDiff('DEBUG against redis-server', () => {
  const d = useDifferential(ENABLED)

  test('HELP, unknown subcommands and wrong argument counts', async () => {
    await d.same('DEBUG', 'HELP')
    await d.sameError('DEBUG', 'help', 'x')
    await d.sameError('DEBUG', 'FOO')
    await d.sameError('DEBUG', 'jmap')
    await d.sameError('DEBUG', 'log')
    await d.sameError('DEBUG', 'sleep', '0', 'x')
    await d.sameError('DEBUG', 'change-repl-id', 'x')
    await d.sameError('DEBUG', 'populate')
    await d.sameError('DEBUG', 'object')
    await d.sameError('DEBUG', 'stringmatch-test', 'x')
  })

  test('LOG, CHANGE-REPL-ID, STRINGMATCH-TEST, PAUSE-CRON, SET-SKIP-CHECKSUM-VALIDATION', async () => {
    await d.same('DEBUG', 'LOG', 'hello world')
    await d.same('DEBUG', 'CHANGE-REPL-ID')
    await d.same('DEBUG', 'STRINGMATCH-TEST')
    await d.same('DEBUG', 'PAUSE-CRON', '0')
    await d.same('DEBUG', 'SET-SKIP-CHECKSUM-VALIDATION', '0')
  })

  test('ERROR replies the given text as an error, not counted in errorstats', async () => {
    await d.same('CONFIG', 'RESETSTAT')
    await d.sameError('DEBUG', 'ERROR', 'hi there')
    await d.sameError('DEBUG', 'ERROR', '-FOO bar')
    await d.sameError('DEBUG', 'ERROR', 'ERR custom')
    await d.sameError('DEBUG', 'ERROR', 'a\nb')
    await d.same('INFO', 'errorstats')
  })

  test('SLEEP: fractions, words, negatives; in MULTI', async () => {
    await d.same('DEBUG', 'SLEEP', '0.05')
    await d.same('DEBUG', 'SLEEP', '0')
    await d.same('DEBUG', 'SLEEP', 'abc')
    await d.same('DEBUG', 'SLEEP', '-1')
    await d.same('DEBUG', 'SLEEP', '1e-2')
    await d.same('MULTI')
    await d.same('DEBUG', 'SLEEP', '0.01')
    await d.same('EXEC')
  })

  test('SET-ACTIVE-EXPIRE', async () => {
    await d.same('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
    await d.same('SET', 'k', 'v', 'PX', '10')
    await new Promise((r) => setTimeout(r, 250))
    await d.same('DBSIZE')
    await d.same('DEBUG', 'SET-ACTIVE-EXPIRE', '1')
    await d.same('DEBUG', 'set-active-expire', 'x')
    await d.same('DEBUG', 'set-active-expire', '1')
    await d.sameError('DEBUG', 'SET-ACTIVE-EXPIRE')
  })

  test('OBJECT: encodings, refcounts, RDB lengths and quicklist figures (not the address or clock)', async () => {
    await d.same('SET', 's', 'hello')
    await d.same('SET', 'i', '123')
    await d.same('SET', 'big', '123456')
    await d.same('SET', 'r', 'x'.repeat(60))
    await d.same('RPUSH', 'l', 'a', 'b', 'c')
    const elements = Array.from({ length: 1500 }, (_, i) => `element-${i}`)
    await d.same('RPUSH', 'long', ...elements)
    await d.same('RPUSH', 'ints', ...Array.from({ length: 3000 }, (_, i) => String(i * 37 - 500)))
    await d.same('HSET', 'h', 'f', 'v')
    await d.same('SADD', 'st', '1', '2')
    await d.same('SADD', 'ss', 'a', 'b')
    await d.same('ZADD', 'z', '1', 'a')
    await d.same('XADD', 'x', '1-1', 'a', 'b')
    for (const key of ['s', 'i', 'big', 'r', 'l', 'long', 'ints', 'h', 'st', 'ss', 'z', 'x']) await sameObjectLine(d, key)
    await d.sameError('DEBUG', 'OBJECT', 'nokey')
  })

  test('PROTOCOL in RESP2 and RESP3', async () => {
    const types = ['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'verbatim', 'true', 'false']
    for (const t of types) await d.same('DEBUG', 'PROTOCOL', t)
    await d.same('DEBUG', 'PROTOCOL', 'STRING')
    await d.sameError('DEBUG', 'PROTOCOL', 'push')
    await d.sameError('DEBUG', 'PROTOCOL', 'foo')
    const p = await d.connect()
    await p.sameShape('HELLO', '3')
    // attrib differs in RESP3: Redis sends an attribute frame first (see README)
    for (const t of types.filter((x) => x !== 'attrib')) await p.same('DEBUG', 'PROTOCOL', t)
    await p.sameError('DEBUG', 'PROTOCOL', 'foo')
    // push: a push frame, then the reply
    await p.same('DEBUG', 'PROTOCOL', 'push')
    const [a, b] = await Promise.all([p.redis.read(), p.redlet.read()])
    expect(b.toString('latin1')).toBe(a.toString('latin1'))
  })

  test('QUICKLIST-PACKED-THRESHOLD, LISTPACK, QUICKLIST', async () => {
    await d.same('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '100')
    await d.same('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '1k')
    await d.same('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '4293918720')
    await d.sameError('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '4293918721')
    await d.sameError('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '4gb')
    await d.sameError('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '-1')
    await d.sameError('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', 'x')
    await d.same('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '0')
    await d.same('RPUSH', 'l', 'a', 'b')
    await d.same('HSET', 'h', 'f', 'v')
    await d.same('ZADD', 'z', '1', 'm')
    await d.same('SET', 's', 'v')
    await d.same('DEBUG', 'LISTPACK', 'h')
    await d.same('DEBUG', 'LISTPACK', 'z')
    await d.sameError('DEBUG', 'LISTPACK', 'l')
    await d.sameError('DEBUG', 'LISTPACK', 's')
    await d.sameError('DEBUG', 'LISTPACK', 'nokey')
    await d.same('DEBUG', 'QUICKLIST', 'l')
    await d.same('DEBUG', 'QUICKLIST', 'l', '1')
    await d.sameError('DEBUG', 'QUICKLIST', 'h')
    await d.sameError('DEBUG', 'QUICKLIST', 'nokey')
    await d.sameError('DEBUG', 'QUICKLIST', 'l', '1', '2')
  })

  test('SET-DISABLE-DENY-SCRIPTS lets scripts call noscript commands', async () => {
    const script = "return redis.call('debug', 'log', 'x')"
    const denied = await d.both('EVAL', script, '0')
    expect(denied[0].toString('latin1')).toMatch(/^-ERR This Redis command is not allowed from script/)
    expect(denied[1].toString('latin1')).toMatch(/^-ERR This Redis command is not allowed from script/)
    await d.same('DEBUG', 'SET-DISABLE-DENY-SCRIPTS', '1')
    await d.same('EVAL', script, '0')
    await d.same('DEBUG', 'SET-DISABLE-DENY-SCRIPTS', '0')
    await d.sameError('DEBUG', 'SET-DISABLE-DENY-SCRIPTS')
  })

  test('REPLYBUFFER', async () => {
    await d.same('DEBUG', 'REPLYBUFFER', 'RESIZING', '0')
    await d.same('DEBUG', 'REPLYBUFFER', 'resizing', '1')
    await d.same('DEBUG', 'REPLYBUFFER', 'PEAK-RESET-TIME', 'NEVER')
    await d.same('DEBUG', 'REPLYBUFFER', 'peak-reset-time', 'reset')
    await d.same('DEBUG', 'REPLYBUFFER', 'peak-reset-time', '100')
    await d.sameError('DEBUG', 'REPLYBUFFER', 'peak-reset-time', 'x')
    await d.sameError('DEBUG', 'REPLYBUFFER', 'foo', '1')
    await d.sameError('DEBUG', 'Replybuffer', 'FOO', '1')
    await d.sameError('DEBUG', 'REPLYBUFFER', 'resizing')
  })

  test('POPULATE', async () => {
    await d.same('SET', 'key:1', 'mine')
    await d.same('DEBUG', 'POPULATE', '3')
    await d.same('MGET', 'key:0', 'key:1', 'key:2', 'key:3')
    await d.same('DEBUG', 'POPULATE', '2', 'foo', '10')
    await d.same('GET', 'foo:1')
    await d.same('DEBUG', 'POPULATE', '2', 'bar', '2')
    await d.same('GET', 'bar:1')
    await d.same('DEBUG', 'POPULATE', '1', 'baz', '0')
    await d.same('GET', 'baz:0')
    await d.same('DEBUG', 'POPULATE', '1', 'p'.repeat(200))
    await d.sameSorted('KEYS', 'ppp*')
    await d.same('DEBUG', 'POPULATE', '0')
    await d.same('OBJECT', 'ENCODING', 'key:0')
    await d.same('DBSIZE')
    await d.sameError('DEBUG', 'POPULATE', '-1')
    await d.sameError('DEBUG', 'POPULATE', 'x')
    await d.sameError('DEBUG', 'POPULATE', '2', 'baz', 'x')
    await d.sameError('DEBUG', 'POPULATE', '1', 'a', '1', 'extra')
  })

  test('RELOAD keeps the data', async () => {
    await d.same('SET', 'k', 'v', 'EX', '100')
    await d.same('RPUSH', 'l', 'a', 'b')
    await d.same('HSET', 'h', 'f', '1')
    await d.same('DEBUG', 'RELOAD')
    await d.same('DEBUG', 'RELOAD', 'NOSAVE')
    await d.same('DEBUG', 'reload', 'merge', 'noflush', 'nosave')
    await d.same('DBSIZE')
    await d.same('LRANGE', 'l', '0', '-1')
    await d.same('HGETALL', 'h')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('OBJECT', 'ENCODING', 'h')
    await d.sameError('DEBUG', 'RELOAD', 'foo')
  })
})

describeDiff('MODULE against redis-server', () => {
  const d = useDifferential(ENABLED)

  test('LIST, HELP, LOAD, LOADEX, UNLOAD', async () => {
    await d.same('MODULE', 'LIST')
    await d.same('MODULE', 'HELP')
    await d.sameError('MODULE', 'LOAD', '/nonexistent/module.so')
    await d.sameError('MODULE', 'LOAD', '/x', 'a', 'b')
    await d.sameError('MODULE', 'LOADEX', '/x')
    await d.sameError('MODULE', 'LOADEX', '/x', 'CONFIG', 'a', 'b', 'ARGS', '1', '2')
    await d.sameError('MODULE', 'loadex', '/x', 'config', 'a')
    await d.sameError('MODULE', 'UNLOAD', 'nomodule')
  })

  test('arity errors and RESP3', async () => {
    await d.sameError('MODULE', 'LIST', 'x')
    await d.sameError('MODULE', 'HELP', 'x')
    await d.sameError('MODULE', 'LOADEX')
    await d.sameError('MODULE', 'UNLOAD')
    await d.sameError('MODULE', 'UNLOAD', 'a', 'b')
    await d.sameError('MODULE', 'FOO')
    await d.sameShape('HELLO', '3')
    await d.same('MODULE', 'LIST')
    await d.same('MODULE', 'HELP')
  })
})
