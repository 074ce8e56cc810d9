import { describe, expect, test } from 'vitest'
import { installLua } from '../../../adapters/lua/index.js'
import { Redlet } from '../../../adapters/inprocess/index.js'
import { bucketLabel } from '../../../src/commands/server-diagnostics.js'
import { monitorLine, quoteArg, redactedArgv } from '../../../src/core/monitor.js'
import { testEngine, T0 } from '../../helpers/engine.js'

/** T0 as MONITOR prints it. */
const TS = `${T0 / 1000}.000000`

describe('MONITOR', () => {
  test('feeds every command other clients run, after it ran', () => {
    const t = testEngine()
    const m = t.client({ blocking: true })
    const c = t.client()
    expect(m('monitor')).toBe('+OK\r\n')
    expect(c('set', 'k', 'v')).toBe('+OK\r\n')
    expect(m.pending()).toBe(`+${TS} [0 tcp:2] "set" "k" "v"\r\n`)
    t.clock.advance(1234.5)
    c('select', '3')
    expect(m.pending()).toBe(`+${T0 / 1000 + 1}.234500 [3 tcp:2] "select" "3"\r\n`)
  })

  test('quotes arguments as sdscatrepr does', () => {
    expect(quoteArg('a"b\\c\n\r\t\x07\x08\x01\xff é~')).toBe('"a\\"b\\\\c\\n\\r\\t\\a\\b\\x01\\xff \\xe9~"')
  })

  test('redacts passwords of AUTH and HELLO once parsed', () => {
    const t = testEngine()
    const m = t.client({ blocking: true })
    const c = t.client()
    m('monitor')
    c('auth', 'pw')
    c('auth', 'u', 'pw')
    c('auth', 'a', 'b', 'c')
    c('hello', '3', 'setname', 'x', 'auth', 'default', 'pw')
    c('hello', '4', 'auth', 'u', 'p')
    c('hello', '2', 'auth', 'u')
    expect(m.pending()).toBe(
      `+${TS} [0 tcp:2] "auth" "(redacted)"\r\n` +
        `+${TS} [0 tcp:2] "auth" "(redacted)" "(redacted)"\r\n` +
        `+${TS} [0 tcp:2] "auth" "a" "b" "c"\r\n` +
        `+${TS} [0 tcp:2] "hello" "3" "setname" "x" "auth" "(redacted)" "(redacted)"\r\n` +
        `+${TS} [0 tcp:2] "hello" "4" "auth" "u" "p"\r\n` +
        `+${TS} [0 tcp:2] "hello" "2" "auth" "u"\r\n`,
    )
  })

  test('skips admin commands and commands refused before running', () => {
    const t = testEngine()
    const m = t.client({ blocking: true })
    const c = t.client()
    m('monitor')
    c('config', 'get', 'maxmemory')
    c('slowlog', 'len')
    c('nosuch', 'x')
    c('get')
    c('client', 'id')
    expect(m.pending()).toBe(`+${TS} [0 tcp:2] "client" "id"\r\n`)
  })

  test('shows queued commands at EXEC time, before EXEC itself', () => {
    const t = testEngine()
    const m = t.client({ blocking: true })
    const c = t.client()
    m('monitor')
    c('multi')
    c('set', 'a', '1')
    c('incr', 'a')
    expect(m.pending()).toBe(`+${TS} [0 tcp:2] "multi"\r\n`)
    c('exec')
    expect(m.pending()).toBe(`+${TS} [0 tcp:2] "set" "a" "1"\r\n+${TS} [0 tcp:2] "incr" "a"\r\n+${TS} [0 tcp:2] "exec"\r\n`)
  })

  test('shows a script before its calls, which come from lua', () => {
    const t = testEngine()
    installLua(t.engine)
    const m = t.client({ blocking: true })
    const c = t.client()
    m('monitor')
    c('eval', "redis.call('select', 2) return redis.call('set', 'x', '1')", '0')
    c('eval', 'return 1', 'x')
    expect(m.pending()).toBe(
      `+${TS} [0 tcp:2] "eval" "redis.call('select', 2) return redis.call('set', 'x', '1')" "0"\r\n` +
        `+${TS} [2 lua] "select" "2"\r\n` +
        `+${TS} [2 lua] "set" "x" "1"\r\n` +
        `+${TS} [0 tcp:2] "eval" "return 1" "x"\r\n`,
    )
  })

  test('a blocked command is fed once, when it blocks', () => {
    const t = testEngine()
    const m = t.client({ blocking: true })
    const c = t.client({ blocking: true })
    const p = t.client()
    m('monitor')
    c('blpop', 'l', '0')
    p('rpush', 'l', 'x')
    expect(c.pending()).toBe('*2\r\n$1\r\nl\r\n$1\r\nx\r\n')
    expect(m.pending()).toBe(`+${TS} [0 tcp:2] "blpop" "l" "0"\r\n+${TS} [0 tcp:3] "rpush" "l" "x"\r\n`)
  })

  test('a monitor may not touch the keyspace, sees its own commands after their replies', () => {
    const t = testEngine()
    const m = t.client({ blocking: true })
    m('monitor')
    expect(m('get', 'k')).toBe("-ERR Replica can't interact with the keyspace\r\n")
    expect(m('publish', 'c', 'm')).toBe("-ERR Replica can't interact with the keyspace\r\n")
    expect(m('ping')).toBe(`+PONG\r\n+${TS} [0 tcp:1] "ping"\r\n`)
    expect(m('multi')).toBe(`+OK\r\n+${TS} [0 tcp:1] "multi"\r\n`)
    m('echo', 'e')
    expect(m('exec')).toBe(`*1\r\n$1\r\ne\r\n+${TS} [0 tcp:1] "echo" "e"\r\n+${TS} [0 tcp:1] "exec"\r\n`)
    // a second MONITOR replies nothing
    expect(m('monitor')).toBe('')
  })

  test('CLIENT REPLY OFF silences the lines too', () => {
    const t = testEngine()
    const m = t.client({ blocking: true })
    const c = t.client()
    m('monitor')
    expect(m('client', 'reply', 'off')).toBe('')
    c('ping')
    expect(m('client', 'reply', 'on')).toBe(`+OK\r\n+${TS} [0 tcp:1] "client" "reply" "on"\r\n`)
    expect(m.pending()).toBe('')
  })

  test('RESET and closing end monitor mode; CLIENT LIST flags it O', () => {
    const t = testEngine()
    const m = t.client({ blocking: true })
    const c = t.client()
    m('monitor')
    expect(c('client', 'list')).toMatch(/^\$\d+\r\nid=1 .* flags=O db=0 /)
    expect(m('reset')).toBe('+RESET\r\n')
    expect(m('get', 'k')).toBe('$-1\r\n')
    c('ping')
    expect(m.pending()).toBe('')
    m('monitor')
    t.engine.closeSession(m.session)
    c('ping')
    expect(t.engine.monitors.size).toBe(0)
  })

  test('refused inside EXEC and for clients that cannot wait', () => {
    const t = testEngine()
    const c = t.client({ blocking: true })
    c('multi')
    c('monitor')
    expect(c('exec')).toBe("*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n")
    expect(t.client()('MONITOR')).toBe("-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n")
    expect(c('monitor', 'x')).toBe("-ERR wrong number of arguments for 'monitor' command\r\n")
    const r = new Redlet()
    expect(() => r.call('MONITOR')).toThrow("MONITOR isn't allowed for DENY BLOCKING client")
  })

  test('in-process and script sessions get kind:id and lua', () => {
    const t = testEngine()
    const s = t.engine.createSession({ write: () => {} }, { kind: 'inprocess' })
    const cmd = t.engine.lookup('get')!
    expect(monitorLine(T0, s, cmd, ['get', 'k'])).toBe(`${TS} [0 inprocess:${s.id}] "get" "k"`)
    expect(redactedArgv(t.engine.lookup('auth')!, ['AUTH', 'p'])).toEqual(['AUTH', '(redacted)'])
  })
})

describe('SLOWLOG', () => {
  test('GET, LEN and RESET with slowlog-log-slower-than 0', () => {
    const t = testEngine({ config: { 'slowlog-log-slower-than': 0 } })
    const c = t.client()
    c('CLIENT', 'SETNAME', 'me')
    c('SET', 'k', 'v')
    expect(c('SLOWLOG', 'LEN')).toBe(':2\r\n')
    const ts = `:${T0 / 1000}\r\n:0\r\n`
    expect(c('SLOWLOG', 'GET', '2')).toBe(
      `*2\r\n*6\r\n:2\r\n${ts}*2\r\n$7\r\nSLOWLOG\r\n$3\r\nLEN\r\n$5\r\ntcp:1\r\n$2\r\nme\r\n` +
        `*6\r\n:1\r\n${ts}*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$5\r\ntcp:1\r\n$2\r\nme\r\n`,
    )
    expect(c('SLOWLOG', 'RESET')).toBe('+OK\r\n')
    // ids keep counting after a reset
    expect(c('SLOWLOG', 'GET')).toBe(`*1\r\n*6\r\n:4\r\n${ts}*2\r\n$7\r\nSLOWLOG\r\n$5\r\nRESET\r\n$5\r\ntcp:1\r\n$2\r\nme\r\n`)
    expect(c('SLOWLOG', 'LEN')).toBe(':2\r\n')
    expect(c('SLOWLOG', 'GET', '0')).toBe('*0\r\n')
  })

  test('logs nothing by default without a high-resolution timer', () => {
    const c = testEngine().client()
    c('SET', 'k', 'v')
    expect(c('SLOWLOG', 'LEN')).toBe(':0\r\n')
    expect(c('SLOWLOG', 'GET')).toBe('*0\r\n')
  })

  test('measures with hrtime against the threshold', () => {
    let now = 0
    const t = testEngine({ hrtime: () => (now += 5), config: { 'slowlog-log-slower-than': 6000 } })
    const c = t.client()
    c('PING')
    expect(c('SLOWLOG', 'LEN')).toBe(':0\r\n')
    c('CONFIG', 'SET', 'slowlog-log-slower-than', '5000')
    expect(c('SLOWLOG', 'GET')).toBe(
      `*1\r\n*6\r\n:0\r\n:${T0 / 1000}\r\n:5000\r\n*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$23\r\nslowlog-log-slower-than\r\n$4\r\n5000\r\n$5\r\ntcp:1\r\n$0\r\n\r\n`,
    )
  })

  test('truncates arguments past 32 and strings past 128 bytes', () => {
    const t = testEngine({ config: { 'slowlog-log-slower-than': 0 } })
    const c = t.client()
    c('DEL', ...Array.from({ length: 40 }, (_, i) => `k${i}`))
    c('SET', 'k', 'x'.repeat(129))
    c('SET', 'k', 'x'.repeat(128))
    const [exact, long, del] = t.engine.slowlog.latest(3)
    expect(del!.args.length).toBe(32)
    expect(del!.args[30]).toBe('k29')
    expect(del!.args[31]).toBe('... (10 more arguments)')
    expect(exact!.args[2]).toBe('x'.repeat(128))
    expect(long!.args[2]).toBe('x'.repeat(128) + '... (1 more bytes)')
  })

  test('EXEC is not logged, its commands and script calls are; AUTH is redacted', () => {
    const t = testEngine({ config: { 'slowlog-log-slower-than': 0 } })
    installLua(t.engine)
    const c = t.client()
    c('MULTI')
    c('SET', 'a', '1')
    c('EXEC')
    c('EVAL', "return redis.call('get', 'a')", '0')
    c('AUTH', 'pw')
    c('NOSUCH')
    expect(t.engine.slowlog.latest(-1).map((e) => [e.args.join(' '), e.addr])).toEqual([
      ['AUTH (redacted)', 'tcp:1'],
      ["EVAL return redis.call('get', 'a') 0", 'tcp:1'],
      ['get a', '?:0'],
      ['SET a 1', 'tcp:1'],
      ['MULTI', 'tcp:1'],
    ])
  })

  test('slowlog-max-len keeps the newest; a negative threshold disables', () => {
    const t = testEngine({ config: { 'slowlog-log-slower-than': 0, 'slowlog-max-len': 2 } })
    const c = t.client()
    c('PING')
    c('ECHO', 'a')
    c('ECHO', 'b')
    expect(c('SLOWLOG', 'LEN')).toBe(':2\r\n')
    c('CONFIG', 'SET', 'slowlog-log-slower-than', '-1')
    c('PING')
    expect(c('SLOWLOG', 'LEN')).toBe(':2\r\n')
    c('CONFIG', 'SET', 'slowlog-max-len', '0')
    expect(c('SLOWLOG', 'LEN')).toBe(':2\r\n')
    c('CONFIG', 'SET', 'slowlog-log-slower-than', '0')
    expect(c('SLOWLOG', 'LEN')).toBe(':0\r\n')
    expect(c('CONFIG', 'GET', 'slowlog*')).toBe('*4\r\n$23\r\nslowlog-log-slower-than\r\n$1\r\n0\r\n$15\r\nslowlog-max-len\r\n$1\r\n0\r\n')
    expect(c('CONFIG', 'SET', 'slowlog-log-slower-than', '-2')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument must be between -1 and 9223372036854775807 inclusive\r\n",
    )
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('SLOWLOG', 'GET', '-2')).toBe('-ERR count should be greater than or equal to -1\r\n')
    expect(c('SLOWLOG', 'GET', 'x')).toBe('-ERR count should be greater than or equal to -1\r\n')
    expect(c('SLOWLOG', 'GET', '1', '2')).toBe("-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n")
    expect(c('SLOWLOG', 'LEN', 'x')).toBe("-ERR wrong number of arguments for 'slowlog|len' command\r\n")
    expect(c('SLOWLOG', 'RESET', 'x')).toBe("-ERR wrong number of arguments for 'slowlog|reset' command\r\n")
    expect(c('SLOWLOG', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try SLOWLOG HELP.\r\n")
    expect(c('SLOWLOG')).toBe("-ERR wrong number of arguments for 'slowlog' command\r\n")
  })

  test('HELP', () => {
    const c = testEngine().client()
    const help = c('SLOWLOG', 'HELP')
    expect(help.startsWith('*12\r\n+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET [<count>]\r\n')).toBe(true)
    expect(help.endsWith('+RESET\r\n+    Reset the slowlog.\r\n+HELP\r\n+    Prints this help.\r\n')).toBe(true)
  })
})

const DISABLED =
  "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n"

describe('LATENCY', () => {
  test('DOCTOR reports monitoring disabled, or no spike once enabled', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('LATENCY', 'DOCTOR')).toBe(`$${DISABLED.length}\r\n${DISABLED}\r\n`)
    const v3 = t.client({ proto: 3 })
    expect(v3('LATENCY', 'DOCTOR')).toBe(`=${DISABLED.length + 4}\r\ntxt:${DISABLED}\r\n`)
    c('CONFIG', 'SET', 'latency-monitor-threshold', '100')
    expect(c('LATENCY', 'DOCTOR')).toMatch(/^\$196\r\nDave, no latency spike was observed during the lifetime of this Redis instance/)
  })

  test('LATEST, HISTORY, RESET and GRAPH find no events', () => {
    const c = testEngine().client()
    expect(c('LATENCY', 'LATEST')).toBe('*0\r\n')
    expect(c('LATENCY', 'HISTORY', 'command')).toBe('*0\r\n')
    expect(c('LATENCY', 'RESET')).toBe(':0\r\n')
    expect(c('LATENCY', 'RESET', 'command', 'x')).toBe(':0\r\n')
    expect(c('LATENCY', 'GRAPH', 'command')).toBe("-ERR No samples available for event 'command'\r\n")
  })

  test('HISTOGRAM: per command calls in the bucket of the mean duration', () => {
    const t = testEngine()
    const c = t.client()
    // per-command statistics live on the shared command table: start from zero
    c('CONFIG', 'RESETSTAT')
    c('SET', 'a', '1')
    c('SET', 'a', '2')
    c('CONFIG', 'GET', 'x')
    const entry = (name: string, calls: number, label: number): string =>
      `$${name.length}\r\n${name}\r\n*4\r\n$5\r\ncalls\r\n:${calls}\r\n$14\r\nhistogram_usec\r\n*2\r\n:${label}\r\n:${calls}\r\n`
    expect(c('LATENCY', 'HISTOGRAM', 'SET', 'nosuch', 'config', 'get|x', 'config|set', 'set')).toBe(
      '*8\r\n' + entry('set', 2, 1) + entry('config|get', 1, 1) + entry('config|resetstat', 1, 1) + entry('set', 2, 1),
    )
    const v3 = t.client({ proto: 3 })
    expect(v3('LATENCY', 'HISTOGRAM', 'config|GET')).toBe('%1\r\n$10\r\nconfig|get\r\n%2\r\n$5\r\ncalls\r\n:1\r\n$14\r\nhistogram_usec\r\n%1\r\n:1\r\n:1\r\n')
    const all = c('LATENCY', 'HISTOGRAM')
    for (const name of ['set', 'config|get', 'latency|histogram']) expect(all).toContain(`$${name.length}\r\n${name}\r\n`)
    expect(all).not.toContain('$3\r\nget\r\n')
  })

  test('histogram buckets are labelled as Redis labels them', () => {
    expect([0, 1000, 1031, 1032, 2000, 8000, 100_000, 131_000, 2e9].map(bucketLabel)).toEqual([1, 1, 1, 2, 2, 8, 132, 132, 1082130])
  })

  test('errors and HELP', () => {
    const c = testEngine().client()
    expect(c('LATENCY', 'LATEST', 'x')).toBe("-ERR wrong number of arguments for 'latency|latest' command\r\n")
    expect(c('LATENCY', 'HISTORY')).toBe("-ERR wrong number of arguments for 'latency|history' command\r\n")
    expect(c('LATENCY', 'DOCTOR', 'x')).toBe("-ERR wrong number of arguments for 'latency|doctor' command\r\n")
    expect(c('LATENCY', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try LATENCY HELP.\r\n")
    const help = c('LATENCY', 'HELP')
    expect(help.startsWith('*17\r\n+LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+DOCTOR\r\n')).toBe(true)
    expect(help).toContain('+HISTOGRAM [COMMAND ...]\r\n')
  })
})
