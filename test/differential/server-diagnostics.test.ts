/**
 * MONITOR, SLOWLOG and LATENCY against the real redis-server. Times, durations,
 * ids and client ports differ between the servers: those are normalized, the
 * rest compares exactly.
 */
import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply } from '../helpers/resp-client.js'

/** A monitor line with its time and the client's port masked. */
function maskLine(b: Buffer): string {
  return b
    .toString('latin1')
    .replace(/^\+\d{10}\.\d{6} \[/, '+T [')
    .replace(/ 127\.0\.0\.1:\d+\]/, ' ADDR]')
}

/** The next `n` monitor lines of each side must match once masked. */
async function lines(m: DiffPair, n: number): Promise<string[]> {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const [a, b] = await Promise.all([m.redis.read(), m.redlet.read()])
    expect(maskLine(a)).toMatch(/^\+T \[\d+ (ADDR|lua)\] /)
    expect(maskLine(b)).toBe(maskLine(a))
    out.push(maskLine(a))
  }
  return out
}

/** Switches a pair to RESP3 (HELLO's reply holds the client id, which differs). */
async function resp3(p: DiffPair): Promise<void> {
  const [a, b] = await p.both('HELLO', '3')
  expect(b[0]).toBe(a[0])
}

describeDiff('MONITOR against redis-server', () => {
  const d = useDifferential()

  test('feeds other clients commands as quoted status lines, AUTH redacted, admin and refused commands skipped', async () => {
    const m = await d.connect()
    await m.same('MONITOR')
    await d.same('SET', 'k', Buffer.from('a"b\\c\n\r\t\x07\x08\x01\xff é', 'latin1'))
    await d.same('GET', 'k')
    await d.sameError('AUTH', 'pw')
    await d.sameError('AUTH', 'a', 'b', 'c')
    // the default user has no password: HELLO succeeds (its reply holds the client id)
    const [ha, hb] = await d.both('HELLO', '2', 'SETNAME', 'x', 'AUTH', 'default', 'pw')
    expect(hb[0]).toBe(ha[0])
    await d.same('CONFIG', 'GET', 'maxmemory')
    await d.sameError('NOSUCH', 'x')
    await d.sameError('GET')
    await d.same('SELECT', '3')
    await d.same('SELECT', '0')
    expect(await lines(m, 7)).toEqual([
      '+T [0 ADDR] "SET" "k" "a\\"b\\\\c\\n\\r\\t\\a\\b\\x01\\xff \\xe9"\r\n',
      '+T [0 ADDR] "GET" "k"\r\n',
      '+T [0 ADDR] "AUTH" "(redacted)"\r\n',
      '+T [0 ADDR] "AUTH" "a" "b" "c"\r\n',
      '+T [0 ADDR] "HELLO" "2" "SETNAME" "x" "AUTH" "(redacted)" "(redacted)"\r\n',
      '+T [3 ADDR] "SELECT" "3"\r\n',
      '+T [0 ADDR] "SELECT" "0"\r\n',
    ])
    m.close()
  })

  test('MULTI shows its commands at EXEC; a script shows before its calls, from lua', async () => {
    const m = await d.connect()
    await m.same('MONITOR')
    await d.same('MULTI')
    await d.same('SET', 'a', '1')
    await d.same('INCR', 'a')
    await d.same('EXEC')
    await d.same('EVAL', "redis.call('select', 2) return redis.call('get', 'a')", '0')
    await d.sameError('EVAL', 'return 1', 'x')
    expect(await lines(m, 8)).toEqual([
      '+T [0 ADDR] "MULTI"\r\n',
      '+T [0 ADDR] "SET" "a" "1"\r\n',
      '+T [0 ADDR] "INCR" "a"\r\n',
      '+T [0 ADDR] "EXEC"\r\n',
      `+T [0 ADDR] "EVAL" "redis.call('select', 2) return redis.call('get', 'a')" "0"\r\n`,
      '+T [2 lua] "select" "2"\r\n',
      '+T [2 lua] "get" "a"\r\n',
      '+T [0 ADDR] "EVAL" "return 1" "x"\r\n',
    ])
    m.close()
  })

  test('a monitor refuses keyspace commands, sees its own after their replies, is flagged O, leaves with RESET', async () => {
    const m = await d.connect()
    await m.same('MONITOR')
    // a second MONITOR gets no reply: PING's is the next one
    m.redis.send('MONITOR')
    m.redlet.send('MONITOR')
    await m.sameError('GET', 'k')
    await m.sameError('PUBLISH', 'c', 'x')
    await m.same('PING')
    await lines(m, 1)
    await m.same('ECHO', 'e')
    await lines(m, 1)
    const [a, b] = await m.both('CLIENT', 'INFO')
    const flags = (r: Buffer): string | undefined => /flags=(\S+)/.exec(r.toString('latin1'))?.[1]
    expect(flags(a)).toBe('O')
    expect(flags(b)).toBe(flags(a))
    await lines(m, 1)
    m.redis.send('CLIENT', 'REPLY', 'OFF')
    m.redlet.send('CLIENT', 'REPLY', 'OFF')
    await d.same('PING')
    await m.same('CLIENT', 'REPLY', 'ON')
    expect(await lines(m, 1)).toEqual(['+T [0 ADDR] "CLIENT" "REPLY" "ON"\r\n'])
    await m.same('RESET')
    await m.same('GET', 'k')
    await d.same('PING')
    expect(await m.redis.silentFor(100)).toBe(true)
    expect(await m.redlet.silentFor(0)).toBe(true)
    m.close()
  })

  test('RESP3 monitors get the same status lines; MONITOR is refused inside EXEC', async () => {
    const m = await d.connect()
    await resp3(m)
    await m.same('MONITOR')
    await d.same('ECHO', 'x')
    await lines(m, 1)
    m.close()
    await d.sameError('MONITOR', 'x')
    await d.same('MULTI')
    await d.same('MONITOR')
    await d.same('EXEC')
  })
})

/** SLOWLOG GET with times, durations and ports masked, ids made relative to the newest. */
async function sameSlowlog(p: DiffPair, ...args: string[]): Promise<unknown> {
  const [a, b] = await p.both('SLOWLOG', 'GET', ...args)
  const mask = (r: Buffer): unknown => {
    const entries = parseReply(r) as [number, number, number, string[], string, string][]
    const top = entries[0]?.[0] ?? 0
    return entries.map(([id, time, us, argv, addr, name]) => {
      expect(Math.abs(time - Date.now() / 1000)).toBeLessThan(60)
      expect(us).toBeGreaterThanOrEqual(0)
      return [top - id, argv, addr.replace(/^127\.0\.0\.1:\d+$/, 'ADDR'), name]
    })
  }
  expect(mask(b)).toEqual(mask(a))
  return mask(a)
}

describeDiff('SLOWLOG against redis-server (slowlog-log-slower-than 0)', () => {
  const d = useDifferential({
    redisArgs: ['--slowlog-log-slower-than', '0'],
    redlet: { config: { 'slowlog-log-slower-than': 0 } },
  })

  test('GET, LEN and RESET', async () => {
    await d.same('SLOWLOG', 'RESET')
    await d.same('CLIENT', 'SETNAME', 'me')
    await d.same('SET', 'k', 'v')
    await d.same('SLOWLOG', 'LEN')
    expect(await sameSlowlog(d, '2')).toEqual([
      [0, ['SLOWLOG', 'LEN'], 'ADDR', 'me'],
      [1, ['SET', 'k', 'v'], 'ADDR', 'me'],
    ])
    await sameSlowlog(d)
    await sameSlowlog(d, '-1')
    await d.same('SLOWLOG', 'GET', '0')
    await d.same('SLOWLOG', 'RESET')
    await d.same('SLOWLOG', 'LEN')
    await d.same('SLOWLOG', 'HELP')
  })

  test('truncation, redaction, EXEC, scripts and blocked commands', async () => {
    await d.same('SLOWLOG', 'RESET')
    await d.same('DEL', ...Array.from({ length: 40 }, (_, i) => `k${i}`))
    await d.same('DEL', ...Array.from({ length: 32 }, (_, i) => `k${i}`))
    await d.same('SET', 'k', 'x'.repeat(129))
    await d.same('SET', 'k', 'x'.repeat(128))
    await d.sameError('AUTH', 'pw')
    await d.same('MULTI')
    await d.same('SET', 'a', '1')
    await d.same('EXEC')
    await d.same('EVAL', "return redis.call('get', 'a')", '0')
    await d.sameError('NOSUCH')
    const blocked = await d.connect()
    const served = Promise.all([blocked.redis.read(), blocked.redlet.read()])
    blocked.redis.send('BLPOP', 'l', '0')
    blocked.redlet.send('BLPOP', 'l', '0')
    await new Promise((r) => setTimeout(r, 150))
    await d.same('RPUSH', 'l', 'x')
    const [ba, bb] = await served
    expect(bb.toString('latin1')).toBe(ba.toString('latin1'))
    blocked.close()
    await sameSlowlog(d, '-1')
  })

  test('slowlog-max-len and a negative threshold', async () => {
    await d.same('CONFIG', 'SET', 'slowlog-max-len', '2')
    await d.same('PING')
    await d.same('SLOWLOG', 'LEN')
    await d.same('CONFIG', 'SET', 'slowlog-log-slower-than', '-1')
    await d.same('CONFIG', 'SET', 'slowlog-max-len', '0')
    await d.same('SLOWLOG', 'LEN')
    await d.same('CONFIG', 'SET', 'slowlog-log-slower-than', '0')
    await d.same('SLOWLOG', 'LEN')
    await d.same('CONFIG', 'GET', 'slowlog-max-len')
    await d.same('CONFIG', 'GET', 'slowlog-log-slower-than')
    await d.sameError('CONFIG', 'SET', 'slowlog-log-slower-than', '-2')
    await d.sameError('CONFIG', 'SET', 'slowlog-max-len', '-1')
    await d.same('CONFIG', 'SET', 'slowlog-max-len', '128')
  })

  test('errors', async () => {
    await d.sameError('SLOWLOG', 'GET', '-2')
    await d.sameError('SLOWLOG', 'GET', 'x')
    await d.sameError('SLOWLOG', 'GET', '1', '2')
    await d.sameError('SLOWLOG', 'LEN', 'x')
    await d.sameError('SLOWLOG', 'RESET', 'x')
    await d.sameError('SLOWLOG', 'HELP', 'x')
    await d.sameError('SLOWLOG', 'FOO')
    await d.sameError('SLOWLOG')
  })
})

describeDiff('LATENCY against redis-server', () => {
  const d = useDifferential()

  test('no events: DOCTOR, LATEST, HISTORY, RESET, GRAPH', async () => {
    await d.same('LATENCY', 'DOCTOR')
    await d.same('LATENCY', 'LATEST')
    await d.same('LATENCY', 'HISTORY', 'command')
    await d.same('LATENCY', 'RESET')
    await d.same('LATENCY', 'RESET', 'command', 'fast-command')
    await d.sameError('LATENCY', 'GRAPH', 'command')
    await d.same('LATENCY', 'HELP')
    await d.same('CONFIG', 'SET', 'latency-monitor-threshold', '100')
    await d.same('LATENCY', 'DOCTOR')
    await d.same('CONFIG', 'SET', 'latency-monitor-threshold', '0')
    await d.sameError('CONFIG', 'SET', 'latency-monitor-threshold', '-1')
    const p = await d.connect()
    await resp3(p)
    await p.same('LATENCY', 'DOCTOR')
    await p.same('LATENCY', 'LATEST')
    p.close()
  })

  test('HISTOGRAM: the same commands and calls (the buckets are timings)', async () => {
    /** Command → calls, and the bucket counts summing to the calls. */
    const shape = (r: Buffer): [string, number][] => {
      const flat = parseReply(r) as unknown[]
      const out: [string, number][] = []
      for (let i = 0; i < flat.length; i += 2) {
        const [, calls, , buckets] = flat[i + 1] as [string, number, string, number[]]
        expect(buckets[buckets.length - 1]).toBe(calls)
        out.push([flat[i] as string, calls])
      }
      return out.sort()
    }
    await d.same('CONFIG', 'RESETSTAT')
    await d.same('SET', 'a', '1')
    await d.same('SET', 'a', '2')
    await d.same('GET', 'a')
    for (const args of [[], ['set', 'nosuch', 'CONFIG', 'get|x', 'config|get', 'set']]) {
      const [a, b] = await d.both('LATENCY', 'HISTOGRAM', ...args)
      expect(b[0]).toBe(a[0])
      expect(shape(b)).toEqual(shape(a))
    }
    const p = await d.connect()
    await resp3(p)
    const [a, b] = await p.both('LATENCY', 'HISTOGRAM', 'set')
    expect(a.toString('latin1')).toMatch(/^%1\r\n\$3\r\nset\r\n%2\r\n\$5\r\ncalls\r\n:2\r\n\$14\r\nhistogram_usec\r\n%/)
    expect(b.toString('latin1').replace(/%\d+\r\n(:\d+\r\n)+$/, '')).toBe(a.toString('latin1').replace(/%\d+\r\n(:\d+\r\n)+$/, ''))
    p.close()
  })

  test('errors', async () => {
    await d.sameError('LATENCY', 'LATEST', 'x')
    await d.sameError('LATENCY', 'HISTORY')
    await d.sameError('LATENCY', 'GRAPH')
    await d.sameError('LATENCY', 'DOCTOR', 'x')
    await d.sameError('LATENCY', 'HELP', 'x')
    await d.sameError('LATENCY', 'FOO')
    await d.sameError('LATENCY')
    // HISTOGRAM and RESET take any arguments: refused in a RESP2 subscribed context
    const p = await d.connect()
    await p.both('SUBSCRIBE', 'ch')
    await p.sameError('LATENCY', 'HISTOGRAM')
    await p.sameError('LATENCY', 'RESET')
    p.close()
  })
})
