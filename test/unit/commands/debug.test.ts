import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'
import type { Reply } from '../../../src/resp/types.js'
import { encodeReply } from '../../../src/resp/encoder.js'
import type { SessionKind } from '../../../src/session.js'

const DEBUG_REFUSED =
  '-ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n'
const MODULE_REFUSED =
  '-ERR MODULE command not allowed. If the enable-module-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n'
const UNKNOWN = (sub: string): string => `-ERR unknown subcommand or wrong number of arguments for '${sub}'. Try DEBUG HELP.\r\n`

const enabled = (): ReturnType<typeof testEngine> =>
  testEngine({ config: { 'enable-debug-command': 'yes', 'enable-module-command': 'yes' } })

/** A session of the given kind and address, its replies as RESP2 text. */
function clientOf(t: ReturnType<typeof testEngine>, kind: SessionKind, addr = ''): (...argv: string[]) => string {
  let got: Reply[] = []
  const s = t.engine.createSession({ write: (r) => void got.push(r) }, { kind, addr })
  return (...argv) => {
    got = []
    t.engine.dispatch(s, argv)
    return got.map((r) => Buffer.from(encodeReply(r, 2)).toString('latin1')).join('')
  }
}

describe('the gates', () => {
  test('DEBUG and MODULE LOAD/LOADEX/UNLOAD are refused by default; MODULE LIST and HELP are not', () => {
    const c = testEngine().client()
    expect(c('DEBUG', 'HELP')).toBe(DEBUG_REFUSED)
    expect(c('DEBUG', 'nosuch', 'x')).toBe(DEBUG_REFUSED)
    expect(c('MODULE', 'LOAD', '/x')).toBe(MODULE_REFUSED)
    expect(c('MODULE', 'LOADEX', '/x')).toBe(MODULE_REFUSED)
    expect(c('MODULE', 'UNLOAD', 'x')).toBe(MODULE_REFUSED)
    expect(c('MODULE', 'LIST')).toBe('*0\r\n')
    expect(c('MODULE', 'HELP')).toMatch(/^\*11\r\n/)
  })

  test('arity and unknown subcommands come first; the gate comes before authentication', () => {
    const t = testEngine({ config: { requirepass: 'pw' } })
    const c = t.client()
    expect(c('DEBUG')).toBe("-ERR wrong number of arguments for 'debug' command\r\n")
    expect(c('MODULE', 'LOAD')).toBe("-ERR wrong number of arguments for 'module|load' command\r\n")
    expect(c('MODULE', 'nope')).toBe("-ERR unknown subcommand 'nope'. Try MODULE HELP.\r\n")
    expect(c('DEBUG', 'LOG', 'x')).toBe(DEBUG_REFUSED)
    expect(c('MODULE', 'LIST')).toBe('-NOAUTH Authentication required.\r\n')
  })

  test('a refusal inside MULTI aborts the transaction and counts as rejected', () => {
    const t = testEngine()
    const c = t.client()
    c('MULTI')
    expect(c('DEBUG', 'LOG', 'x')).toBe(DEBUG_REFUSED)
    expect(c('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n')
    expect(c('INFO', 'commandstats')).toContain('cmdstat_debug:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0')
  })

  test('local: loopback TCP clients and in-process sessions only', () => {
    const t = testEngine({ config: { 'enable-debug-command': 'local', 'enable-module-command': 'local' } })
    expect(clientOf(t, 'tcp', '127.0.0.1:5000')('DEBUG', 'LOG', 'x')).toBe('+OK\r\n')
    expect(clientOf(t, 'tcp', '[::1]:5000')('MODULE', 'UNLOAD', 'x')).toBe('-ERR Error unloading module: no such module with that name\r\n')
    expect(clientOf(t, 'inprocess')('DEBUG', 'LOG', 'x')).toBe('+OK\r\n')
    expect(clientOf(t, 'tcp', '10.0.0.1:5000')('DEBUG', 'LOG', 'x')).toBe(DEBUG_REFUSED)
    expect(clientOf(t, 'tcp', '10.0.0.1:5000')('MODULE', 'LOAD', 'x')).toBe(MODULE_REFUSED)
    expect(clientOf(t, 'websocket')('DEBUG', 'LOG', 'x')).toBe(DEBUG_REFUSED)
  })

  test('both settings are immutable enums', () => {
    const c = testEngine().client()
    expect(c('CONFIG', 'GET', 'enable-debug-command')).toBe('*2\r\n$20\r\nenable-debug-command\r\n$2\r\nno\r\n')
    expect(c('CONFIG', 'GET', 'enable-module-command')).toBe('*2\r\n$21\r\nenable-module-command\r\n$2\r\nno\r\n')
    expect(c('CONFIG', 'SET', 'enable-debug-command', 'yes')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't set immutable config\r\n",
    )
    expect(c('CONFIG', 'SET', 'enable-module-command', 'yes')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'enable-module-command') - can't set immutable config\r\n",
    )
    expect(() => testEngine({ config: { 'enable-debug-command': 'maybe' } })).toThrow()
  })
})

describe('DEBUG', () => {
  test('HELP lists every subcommand of Redis 7.0', () => {
    const c = enabled().client()
    const help = c('DEBUG', 'HELP')
    expect(help).toMatch(/^\*106\r\n\+DEBUG <subcommand> \[<arg> \[value\] \[opt\] \.\.\.\]\. Subcommands are:\r\n\+AOF-FLUSH-SLEEP <microsec>\r\n/)
    expect(help).toContain('+SET-ACTIVE-EXPIRE <0|1>\r\n')
    expect(help.endsWith('+HELP\r\n+    Prints this help.\r\n')).toBe(true)
    expect(c('DEBUG', 'help', 'x')).toBe(UNKNOWN('help'))
  })

  test('unknown subcommands and wrong counts share one error, quoting the name as sent', () => {
    const c = enabled().client()
    expect(c('DEBUG', 'FOO')).toBe(UNKNOWN('FOO'))
    expect(c('DEBUG', 'segfault')).toBe(UNKNOWN('segfault'))
    expect(c('DEBUG', 'digest')).toBe(UNKNOWN('digest'))
    expect(c('DEBUG', 'jmap')).toBe(UNKNOWN('jmap'))
    expect(c('DEBUG', 'sleep')).toBe(UNKNOWN('sleep'))
    expect(c('DEBUG', 'log', 'a', 'b')).toBe(UNKNOWN('log'))
    expect(c('DEBUG', 'populate', '1', 'a', '1', 'x')).toBe(UNKNOWN('populate'))
  })

  test('the simple ones reply OK or their fixed text', () => {
    const c = enabled().client()
    expect(c('DEBUG', 'LOG', 'hello')).toBe('+OK\r\n')
    expect(c('DEBUG', 'CHANGE-REPL-ID')).toBe('+OK\r\n')
    expect(c('DEBUG', 'SET-SKIP-CHECKSUM-VALIDATION', '1')).toBe('+OK\r\n')
    expect(c('DEBUG', 'PAUSE-CRON', '0')).toBe('+OK\r\n')
    expect(c('DEBUG', 'STRINGMATCH-TEST')).toBe('+Apparently Redis did not crash: test passed\r\n')
  })

  test('ERROR replies its text as the error, uncounted', () => {
    const c = enabled().client()
    expect(c('DEBUG', 'ERROR', 'hi there')).toBe('-hi there\r\n')
    expect(c('DEBUG', 'ERROR', '-FOO bar')).toBe('--FOO bar\r\n')
    expect(c('DEBUG', 'ERROR', 'a\r\nb')).toBe('-a  b\r\n')
    expect(c('INFO', 'errorstats')).toBe('$14\r\n# Errorstats\r\n\r\n')
  })

  test('SLEEP blocks the caller until the delay has passed', () => {
    const t = enabled()
    const c = t.client({ blocking: true })
    expect(c('DEBUG', 'SLEEP', '0.5')).toBe('')
    t.clock.advance(400)
    t.engine.tick()
    expect(c.pending()).toBe('')
    t.clock.advance(101)
    t.engine.tick()
    expect(c.pending()).toBe('+OK\r\n')
    // atof: no number, zero or negative means no wait
    expect(c('DEBUG', 'SLEEP', 'abc')).toBe('+OK\r\n')
    expect(c('DEBUG', 'SLEEP', '-1')).toBe('+OK\r\n')
    expect(c('DEBUG', 'SLEEP', '0')).toBe('+OK\r\n')
  })

  test('SLEEP replies at once where the client cannot wait (MULTI, synchronous clients)', () => {
    const t = enabled()
    expect(t.client()('DEBUG', 'SLEEP', '10')).toBe('+OK\r\n')
    const c = t.client({ blocking: true })
    c('MULTI')
    c('DEBUG', 'SLEEP', '10')
    expect(c('EXEC')).toBe('*1\r\n+OK\r\n')
  })

  test('SET-ACTIVE-EXPIRE 0 stops tick() expiring keys; 1 restarts it', () => {
    const t = enabled()
    const c = t.client()
    c('SET', 'k', 'v', 'PX', '100')
    expect(c('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('+OK\r\n')
    t.clock.advance(200)
    t.engine.tick()
    expect(c('DBSIZE')).toBe(':1\r\n')
    expect(c('DEBUG', 'SET-ACTIVE-EXPIRE', '1')).toBe('+OK\r\n')
    t.engine.tick()
    expect(c('DBSIZE')).toBe(':0\r\n')
    // atoi: a word is 0
    expect(c('DEBUG', 'set-active-expire', 'x')).toBe('+OK\r\n')
    expect(t.engine.activeExpireEnabled).toBe(false)
  })

  test('OBJECT: the value line, list quicklist fields', () => {
    const t = enabled()
    const c = t.client()
    c('SET', 's', 'hello')
    c('SET', 'i', '123')
    c('RPUSH', 'l', 'a', 'b', 'c')
    const s = c('DEBUG', 'OBJECT', 's')
    expect(s).toMatch(/^\+Value at:0x[0-9a-f]{12} refcount:1 encoding:embstr serializedlength:\d+ lru:\d+ lru_seconds_idle:0\r\n$/)
    expect(c('DEBUG', 'OBJECT', 's')).toBe(s)
    expect(c('DEBUG', 'object', 'i')).toMatch(/ refcount:2147483647 encoding:int /)
    expect(c('DEBUG', 'OBJECT', 'l')).toMatch(
      / encoding:quicklist serializedlength:\d+ lru:\d+ lru_seconds_idle:0 ql_nodes:1 ql_avg_node:3\.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:16\r\n$/,
    )
    t.clock.advance(5000)
    expect(c('DEBUG', 'OBJECT', 's')).toMatch(/ lru_seconds_idle:5\r\n$/)
    expect(c('DEBUG', 'OBJECT', 'nokey')).toBe('-ERR no such key\r\n')
    expect(c('DEBUG', 'OBJECT')).toBe(UNKNOWN('OBJECT'))
  })

  test('OBJECT: a long list spans nodes of list-max-listpack-size', () => {
    const t = testEngine({ config: { 'enable-debug-command': 'yes', 'list-max-listpack-size': '4' } })
    const c = t.client()
    c('RPUSH', 'l', '1', '2', '3', '4', '5', '6', '7', '8', '9')
    expect(c('DEBUG', 'OBJECT', 'l')).toMatch(/ ql_nodes:3 ql_avg_node:3\.00 ql_listpack_max:4 ql_compressed:0 ql_uncompressed_size:39\r\n$/)
  })

  test('PROTOCOL in RESP2', () => {
    const c = enabled().client()
    expect(c('DEBUG', 'PROTOCOL', 'string')).toBe('$11\r\nHello World\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'INTEGER')).toBe(':12345\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'double')).toBe('$5\r\n3.141\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'bignum')).toBe('$37\r\n1234567999999999999999999999999999999\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'null')).toBe('$-1\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'array')).toBe('*3\r\n:0\r\n:1\r\n:2\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'set')).toBe('*3\r\n:0\r\n:1\r\n:2\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'map')).toBe('*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'attrib')).toBe('$39\r\nSome real reply following the attribute\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'push')).toBe('-ERR RESP2 is not supported by this command\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'verbatim')).toBe('$25\r\nThis is a verbatim\nstring\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'true')).toBe(':1\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'false')).toBe(':0\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'foo')).toBe(
      '-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n',
    )
  })

  test('PROTOCOL in RESP3', () => {
    const c = enabled().client({ proto: 3 })
    expect(c('DEBUG', 'PROTOCOL', 'double')).toBe(',3.141\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'bignum')).toBe('(1234567999999999999999999999999999999\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'null')).toBe('_\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'set')).toBe('~3\r\n:0\r\n:1\r\n:2\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'map')).toBe('%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'push')).toBe('>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'verbatim')).toBe('=29\r\ntxt:This is a verbatim\nstring\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'true')).toBe('#t\r\n')
    expect(c('DEBUG', 'PROTOCOL', 'false')).toBe('#f\r\n')
    // redlet's replies have no attribute type: the attribute frame Redis sends first is missing
    expect(c('DEBUG', 'PROTOCOL', 'attrib')).toBe('$39\r\nSome real reply following the attribute\r\n')
  })

  test('QUICKLIST-PACKED-THRESHOLD takes a memory value below 4 GB', () => {
    const c = enabled().client()
    const bad = '-ERR argument must be a memory value bigger than 1 and smaller than 4gb\r\n'
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '100')).toBe('+OK\r\n')
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '1k')).toBe('+OK\r\n')
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '0')).toBe('+OK\r\n')
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '4293918720')).toBe('+OK\r\n')
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '4293918721')).toBe(bad)
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '4gb')).toBe(bad)
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '-1')).toBe(bad)
    expect(c('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', 'x')).toBe(bad)
  })

  test('LISTPACK and QUICKLIST check the encoding', () => {
    const c = enabled().client()
    c('HSET', 'h', 'f', 'v')
    c('RPUSH', 'l', 'a')
    c('SET', 's', 'x')
    expect(c('DEBUG', 'LISTPACK', 'h')).toBe('+Listpack structure printed on stdout\r\n')
    expect(c('DEBUG', 'LISTPACK', 'l')).toBe('-ERR Not a listpack encoded object.\r\n')
    expect(c('DEBUG', 'LISTPACK', 's')).toBe('-ERR Not a listpack encoded object.\r\n')
    expect(c('DEBUG', 'LISTPACK', 'nokey')).toBe('-ERR no such key\r\n')
    expect(c('DEBUG', 'QUICKLIST', 'l')).toBe('+Quicklist structure printed on stdout\r\n')
    expect(c('DEBUG', 'QUICKLIST', 'l', '1')).toBe('+Quicklist structure printed on stdout\r\n')
    expect(c('DEBUG', 'QUICKLIST', 'h')).toBe('-ERR Not a quicklist encoded object.\r\n')
    expect(c('DEBUG', 'QUICKLIST', 'nokey')).toBe('-ERR no such key\r\n')
    expect(c('DEBUG', 'QUICKLIST', 'l', '1', '2')).toBe(UNKNOWN('QUICKLIST'))
  })

  test('SET-DISABLE-DENY-SCRIPTS sets the engine flag', () => {
    const t = enabled()
    const c = t.client()
    expect(c('DEBUG', 'SET-DISABLE-DENY-SCRIPTS', '1')).toBe('+OK\r\n')
    expect(t.engine.scriptDenyDisabled).toBe(true)
    expect(c('DEBUG', 'SET-DISABLE-DENY-SCRIPTS', '0')).toBe('+OK\r\n')
    expect(t.engine.scriptDenyDisabled).toBe(false)
  })

  test('REPLYBUFFER accepts its two settings', () => {
    const c = enabled().client()
    expect(c('DEBUG', 'REPLYBUFFER', 'RESIZING', '0')).toBe('+OK\r\n')
    expect(c('DEBUG', 'REPLYBUFFER', 'peak-reset-time', 'never')).toBe('+OK\r\n')
    expect(c('DEBUG', 'REPLYBUFFER', 'peak-reset-time', 'RESET')).toBe('+OK\r\n')
    expect(c('DEBUG', 'REPLYBUFFER', 'peak-reset-time', '100')).toBe('+OK\r\n')
    expect(c('DEBUG', 'REPLYBUFFER', 'peak-reset-time', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('DEBUG', 'REPLYBUFFER', 'foo', '1')).toBe(UNKNOWN('REPLYBUFFER'))
    expect(c('DEBUG', 'REPLYBUFFER', 'resizing')).toBe(UNKNOWN('REPLYBUFFER'))
  })

  test('POPULATE creates string keys, keeping existing ones', () => {
    const c = enabled().client()
    c('SET', 'key:1', 'mine')
    expect(c('DEBUG', 'POPULATE', '3')).toBe('+OK\r\n')
    expect(c('MGET', 'key:0', 'key:1', 'key:2')).toBe('*3\r\n$7\r\nvalue:0\r\n$4\r\nmine\r\n$7\r\nvalue:2\r\n')
    expect(c('DEBUG', 'POPULATE', '2', 'foo', '10')).toBe('+OK\r\n')
    expect(c('GET', 'foo:1')).toBe('$10\r\nvalue:1\0\0\0\r\n')
    expect(c('DEBUG', 'POPULATE', '2', 'bar', '2')).toBe('+OK\r\n')
    expect(c('GET', 'bar:1')).toBe('$2\r\nva\r\n')
    expect(c('DEBUG', 'POPULATE', '1', 'baz', '0')).toBe('+OK\r\n')
    expect(c('GET', 'baz:0')).toBe('$7\r\nvalue:0\r\n')
    expect(c('DEBUG', 'POPULATE', '0')).toBe('+OK\r\n')
    expect(c('DBSIZE')).toBe(':8\r\n')
    const positive = '-ERR value is out of range, must be positive\r\n'
    expect(c('DEBUG', 'POPULATE', '-1')).toBe(positive)
    expect(c('DEBUG', 'POPULATE', 'x')).toBe(positive)
    expect(c('DEBUG', 'POPULATE', '1', 'p', '-1')).toBe(positive)
  })

  test('RELOAD round-trips the data through a snapshot', () => {
    const t = enabled()
    const c = t.client()
    c('SET', 'k', 'v', 'EX', '100')
    c('RPUSH', 'l', 'a', 'b')
    c('SELECT', '3')
    c('ZADD', 'z', '1', 'm')
    expect(c('DEBUG', 'RELOAD')).toBe('+OK\r\n')
    expect(c('DEBUG', 'reload', 'MERGE', 'noflush', 'NOSAVE')).toBe('+OK\r\n')
    expect(c('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toBe('*2\r\n$1\r\nm\r\n$1\r\n1\r\n')
    c('SELECT', '0')
    expect(c('TTL', 'k')).toBe(':100\r\n')
    expect(c('LRANGE', 'l', '0', '-1')).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n')
    expect(c('DEBUG', 'RELOAD', 'foo')).toBe('-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n')
  })
})

describe('MODULE', () => {
  test('LIST is empty, LOAD and LOADEX fail, UNLOAD finds nothing', () => {
    const c = enabled().client()
    expect(c('MODULE', 'LIST')).toBe('*0\r\n')
    expect(c('MODULE', 'LOAD', '/nonexistent.so', 'a')).toBe('-ERR Error loading the extension. Please check the server logs.\r\n')
    expect(c('MODULE', 'LOADEX', '/x', 'CONFIG', 'a', 'b', 'ARGS', '1')).toBe('-ERR Error loading the extension. Please check the server logs.\r\n')
    expect(c('MODULE', 'UNLOAD', 'x')).toBe('-ERR Error unloading module: no such module with that name\r\n')
  })

  test('HELP and the arity errors', () => {
    const c = enabled().client()
    expect(c('MODULE', 'HELP')).toBe(
      '*11\r\n+MODULE <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+LIST\r\n+    Return a list of loaded modules.\r\n+LOAD <path> [<arg> ...]\r\n+    Load a module library from <path>, passing to it any optional arguments.\r\n+LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]\r\n+    Load a module library from <path>, while passing it module configurations and optional arguments.\r\n+UNLOAD <name>\r\n+    Unload a module.\r\n+HELP\r\n+    Prints this help.\r\n',
    )
    expect(c('MODULE', 'LIST', 'x')).toBe("-ERR wrong number of arguments for 'module|list' command\r\n")
    expect(c('MODULE', 'HELP', 'x')).toBe("-ERR wrong number of arguments for 'module|help' command\r\n")
    expect(c('MODULE', 'LOADEX')).toBe("-ERR wrong number of arguments for 'module|loadex' command\r\n")
    expect(c('MODULE', 'UNLOAD', 'a', 'b')).toBe("-ERR wrong number of arguments for 'module|unload' command\r\n")
    expect(c('MODULE')).toBe("-ERR wrong number of arguments for 'module' command\r\n")
  })
})
