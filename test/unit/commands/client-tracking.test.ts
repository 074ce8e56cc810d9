import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'

/** The RESP3 push of an invalidation of `keys` (null: a flush). */
function inv3(keys: string[] | null): string {
  const body = keys === null ? '_\r\n' : `*${keys.length}\r\n` + keys.map((k) => `$${k.length}\r\n${k}\r\n`).join('')
  return `>2\r\n$10\r\ninvalidate\r\n${body}`
}

/** The RESP2 pub/sub message of an invalidation (redirected to a subscribed client). */
function inv2(keys: string[] | null): string {
  const body = keys === null ? '$-1\r\n' : `*${keys.length}\r\n` + keys.map((k) => `$${k.length}\r\n${k}\r\n`).join('')
  return `*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n${body}`
}

const flagsOf = (line: string): string => / flags=(\S*)/.exec(line)?.[1] ?? ''
const redirOf = (line: string): string => / redir=(\S*)/.exec(line)?.[1] ?? ''

describe('CLIENT TRACKING', () => {
  test('default mode: a read key is invalidated once, on the first write', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client()
    expect(a('CLIENT', 'TRACKING', 'ON')).toBe('+OK\r\n')
    expect(a('GET', 'k')).toBe('_\r\n')
    expect(b('SET', 'k', '1')).toBe('+OK\r\n')
    expect(a.pending()).toBe(inv3(['k']))
    // forgotten until read again
    b('SET', 'k', '2')
    expect(a.pending()).toBe('')
    a('MGET', 'k', 'j')
    b('MSET', 'k', '1', 'j', '2', 'x', '3')
    expect(a.pending()).toBe(inv3(['k']) + inv3(['j']))
  })

  test("the client's own write is invalidated after its reply; NOLOOP skips it", () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    a('CLIENT', 'TRACKING', 'ON')
    a('GET', 'k')
    expect(a('SET', 'k', '1')).toBe('+OK\r\n' + inv3(['k']))
    a('MGET', 'x', 'y')
    expect(a('MSET', 'x', '1', 'y', '2')).toBe('+OK\r\n' + inv3(['x']) + inv3(['y']))
    a('GET', 'k')
    a('MULTI')
    a('SET', 'k', '2')
    expect(a('EXEC')).toBe('*1\r\n+OK\r\n' + inv3(['k']))
    expect(a('CLIENT', 'TRACKING', 'ON', 'NOLOOP')).toBe('+OK\r\n')
    a('GET', 'k')
    expect(a('SET', 'k', '3')).toBe('+OK\r\n')
    const b = t.client()
    a('GET', 'k')
    b('DEL', 'k')
    expect(a.pending()).toBe(inv3(['k']))
  })

  test('keys of failed reads are tracked too, and only read-only commands track', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client()
    b('HSET', 'h', 'f', 'v')
    a('CLIENT', 'TRACKING', 'ON')
    expect(a('GET', 'h')).toBe('-WRONGTYPE Operation against a key holding the wrong kind of value\r\n')
    a('INCR', 'n')
    b('HSET', 'h', 'g', 'v')
    b('SET', 'n', '5')
    expect(a.pending()).toBe(inv3(['h']))
  })

  test('REDIRECT: to a RESP3 client as a push, to a subscribed RESP2 client as a message', () => {
    const t = testEngine()
    const a = t.client()
    const r3 = t.client({ proto: 3 })
    const r2 = t.client()
    r2('SUBSCRIBE', 'other')
    expect(a('CLIENT', 'TRACKING', 'ON', 'REDIRECT', r3.session.id)).toBe('+OK\r\n')
    expect(a('CLIENT', 'GETREDIR')).toBe(`:${r3.session.id}\r\n`)
    a('GET', 'k')
    expect(a('SET', 'k', '1')).toBe('+OK\r\n')
    expect(r3.pending()).toBe(inv3(['k']))
    a('CLIENT', 'TRACKING', 'ON', 'REDIRECT', r2.session.id)
    a('GET', 'k')
    a('SET', 'k', '2')
    expect(r2.pending()).toBe(inv2(['k']))
    a('FLUSHALL')
    expect(r2.pending()).toBe(inv2(null))
    expect(redirOf(a('CLIENT', 'INFO'))).toBe(String(r2.session.id))
  })

  test('a RESP2 client without redirect, or redirecting to an unsubscribed RESP2 client, gets nothing', () => {
    const t = testEngine()
    const a = t.client()
    const c = t.client()
    a('CLIENT', 'TRACKING', 'ON')
    a('GET', 'k')
    expect(a('SET', 'k', '1')).toBe('+OK\r\n')
    a('CLIENT', 'TRACKING', 'ON', 'REDIRECT', c.session.id)
    a('GET', 'k')
    a('SET', 'k', '2')
    expect(c.pending()).toBe('')
  })

  test('a vanished redirect target: tracking-redir-broken to a RESP3 client, each time', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client()
    const id = b.session.id
    a('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id)
    a('GET', 'k')
    t.engine.closeSession(b.session)
    const broken = `>2\r\n$21\r\ntracking-redir-broken\r\n:${id}\r\n`
    expect(a('SET', 'k', '1')).toBe('+OK\r\n' + broken)
    a('GET', 'k')
    expect(a('SET', 'k', '2')).toBe('+OK\r\n' + broken)
    expect(flagsOf(a('CLIENT', 'INFO'))).toBe('tR')
    expect(a('CLIENT', 'TRACKINGINFO')).toBe(
      `%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$15\r\nbroken_redirect\r\n$8\r\nredirect\r\n:${id}\r\n$8\r\nprefixes\r\n*0\r\n`,
    )
    expect(a('FLUSHALL')).toBe('+OK\r\n' + broken)
    expect(a('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id)).toBe('-ERR The client ID you want redirect to does not exist\r\n')
  })

  test('FLUSHALL and FLUSHDB send a null invalidation to every tracking client', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client({ proto: 3 })
    const c = t.client({ proto: 3 })
    a('CLIENT', 'TRACKING', 'ON', 'NOLOOP')
    b('CLIENT', 'TRACKING', 'ON', 'BCAST')
    a('GET', 'k')
    expect(a('FLUSHDB')).toBe('+OK\r\n' + inv3(null))
    expect(b.pending()).toBe(inv3(null))
    expect(c('FLUSHALL')).toBe('+OK\r\n')
    expect(a.pending()).toBe(inv3(null))
    expect(b.pending()).toBe(inv3(null))
    // the table is empty now
    c('SET', 'k', '1')
    expect(a.pending()).toBe('')
  })

  test('BCAST: changed keys under each prefix, sorted, after the command', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client()
    expect(a('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'b', 'PREFIX', 'a')).toBe('+OK\r\n')
    expect(flagsOf(a('CLIENT', 'INFO'))).toBe('tB')
    b('MSET', 'b2', '1', 'a1', '1', 'b1', '1', 'x', '1', 'a1', '2')
    expect(a.pending()).toBe(inv3(['a1']) + inv3(['b1', 'b2']))
    expect(a('SET', 'a9', '1')).toBe('+OK\r\n' + inv3(['a9']))
    a('MULTI')
    a('SET', 'a2', '1')
    a('SET', 'a1', '1')
    expect(a('EXEC')).toBe('*2\r\n+OK\r\n+OK\r\n' + inv3(['a1', 'a2']))
    // reads do not track in BCAST mode
    a('GET', 'zz')
    b('SET', 'zz', '1')
    expect(a.pending()).toBe('')
    // no PREFIX adds the empty prefix, even beside others
    a('CLIENT', 'TRACKING', 'ON', 'BCAST', 'NOLOOP')
    expect(a('CLIENT', 'TRACKINGINFO')).toBe(
      '%3\r\n$5\r\nflags\r\n~3\r\n$2\r\non\r\n$5\r\nbcast\r\n$6\r\nnoloop\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*3\r\n$0\r\n\r\n$1\r\na\r\n$1\r\nb\r\n',
    )
    expect(a('MSET', 'a1', '1', 'z', '1')).toBe('+OK\r\n')
    b('SET', 'z', '2')
    expect(a.pending()).toBe(inv3(['z']))
    expect(t.engine.tracking.prefixes.size).toBe(3)
    a('CLIENT', 'TRACKING', 'OFF')
    expect(t.engine.tracking.prefixes.size).toBe(0)
  })

  test('BCAST via a RESP2 redirect: one message with every key', () => {
    const t = testEngine()
    const a = t.client()
    const r = t.client()
    r('SUBSCRIBE', '__redis__:invalidate')
    a('CLIENT', 'TRACKING', 'ON', 'BCAST', 'REDIRECT', r.session.id, 'PREFIX', 'user:')
    a('MSET', 'user:2', 'x', 'user:1', 'y', 'other', 'z')
    expect(r.pending()).toBe(inv2(['user:1', 'user:2']))
  })

  test('OFF, RESET and disconnecting end tracking', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client()
    a('CLIENT', 'TRACKING', 'ON')
    expect(t.engine.tracking.clients).toBe(1)
    expect(a('CLIENT', 'TRACKING', 'OFF')).toBe('+OK\r\n')
    expect(a('CLIENT', 'GETREDIR')).toBe(':-1\r\n')
    expect(t.engine.tracking.clients).toBe(0)
    a('CLIENT', 'TRACKING', 'ON')
    a('RESET')
    expect(t.engine.tracking.clients).toBe(0)
    b('CLIENT', 'TRACKING', 'ON', 'BCAST')
    t.engine.closeSession(b.session)
    expect(t.engine.tracking.clients).toBe(0)
    expect(t.engine.tracking.prefixes.size).toBe(0)
  })

  test('expiry and eviction invalidate', () => {
    const t = testEngine({ config: { 'maxmemory-policy': 'allkeys-random' } })
    const a = t.client({ proto: 3 })
    const b = t.client()
    b('SET', 'k', 'v', 'PX', '100')
    a('CLIENT', 'TRACKING', 'ON')
    a('GET', 'k')
    t.clock.advance(200)
    // a lazy expiry by another client's read
    expect(b('GET', 'k')).toBe('$-1\r\n')
    expect(a.pending()).toBe(inv3(['k']))
    b('SET', 'k', 'v', 'PX', '100')
    a('GET', 'k')
    t.clock.advance(200)
    for (let i = 0; i < 20 && a.pending() === ''; i++) t.engine.tick()
    expect(t.engine.dbs[0]?.size).toBe(0)
    b('SET', 'e', 'v')
    a('GET', 'e')
    b('CONFIG', 'SET', 'maxmemory', '1')
    b('PING')
    expect(a.pending()).toBe(inv3(['e']))
  })

  test('BCAST keys changed by active expiry go out after the tick', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client()
    a('CLIENT', 'TRACKING', 'ON', 'BCAST')
    b('SET', 'k', 'v', 'PX', '100')
    expect(a.pending()).toBe(inv3(['k']))
    t.clock.advance(200)
    let got = ''
    for (let i = 0; i < 20 && got === ''; i++) {
      t.engine.tick()
      got = a.pending()
    }
    expect(got).toBe(inv3(['k']))
  })

  test('tracking-table-max-keys: random keys are dropped, with invalidations, before the next command', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    expect(a('CONFIG', 'GET', 'tracking-table-max-keys')).toBe('%1\r\n$23\r\ntracking-table-max-keys\r\n$7\r\n1000000\r\n')
    a('CONFIG', 'SET', 'tracking-table-max-keys', '2')
    a('CLIENT', 'TRACKING', 'ON')
    a('MGET', 'a', 'b', 'c', 'd', 'e')
    expect(t.engine.tracking.table.size).toBe(5)
    const out = a('PING')
    expect(out.endsWith('+PONG\r\n')).toBe(true)
    expect(out.split('invalidate').length - 1).toBe(3)
    expect(t.engine.tracking.table.size).toBe(2)
    expect(a('CONFIG', 'SET', 'tracking-table-max-keys', '-1')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'tracking-table-max-keys') - argument must be between 0 and 9223372036854775807 inclusive\r\n",
    )
  })

  test('INFO counts tracking clients, keys, items and prefixes', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client({ proto: 3 })
    a('CLIENT', 'TRACKING', 'ON')
    b('CLIENT', 'TRACKING', 'ON')
    a('MGET', 'x', 'y')
    b('GET', 'x')
    const c = t.client()
    c('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'p', 'PREFIX', 'q')
    const info = c('INFO')
    expect(info).toContain('tracking_clients:3\r\n')
    expect(info).toContain('tracking_total_keys:2\r\n')
    expect(info).toContain('tracking_total_items:3\r\n')
    expect(info).toContain('tracking_total_prefixes:2\r\n')
  })

  test('errors, worded as Redis 7.0 words them', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const e = (s: string): string => `-ERR ${s}\r\n`
    expect(a('CLIENT', 'TRACKING')).toBe(e("wrong number of arguments for 'client|tracking' command"))
    expect(a('CLIENT', 'TRACKING', 'maybe')).toBe(e('syntax error'))
    expect(a('CLIENT', 'TRACKING', 'ON', 'FOO')).toBe(e('syntax error'))
    expect(a('CLIENT', 'TRACKING', 'ON', 'REDIRECT')).toBe(e('syntax error'))
    expect(a('CLIENT', 'TRACKING', 'ON', 'PREFIX')).toBe(e('syntax error'))
    expect(a('CLIENT', 'TRACKING', 'ON', 'REDIRECT', 'x')).toBe(e('value is not an integer or out of range'))
    expect(a('CLIENT', 'TRACKING', 'ON', 'REDIRECT', '0')).toBe(e('The client ID you want redirect to does not exist'))
    expect(a('CLIENT', 'TRACKING', 'OFF', 'REDIRECT', '999')).toBe(e('The client ID you want redirect to does not exist'))
    const me = String(a.session.id)
    expect(a('CLIENT', 'TRACKING', 'ON', 'REDIRECT', me, 'REDIRECT', me)).toBe(e('A client can only redirect to a single other client'))
    expect(a('CLIENT', 'TRACKING', 'ON', 'PREFIX', 'a')).toBe(e('PREFIX option requires BCAST mode to be enabled'))
    expect(a('CLIENT', 'TRACKING', 'ON', 'OPTIN', 'OPTOUT', 'BCAST')).toBe(e('OPTIN and OPTOUT are not compatible with BCAST'))
    expect(a('CLIENT', 'TRACKING', 'ON', 'OPTIN', 'OPTOUT')).toBe(e("You can't specify both OPTIN mode and OPTOUT mode"))
    expect(a('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'a', 'PREFIX', 'ab')).toBe(
      e("Prefix 'a' overlaps with another provided prefix 'ab'. Prefixes for a single client must not overlap."),
    )
    expect(a('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'a', 'PREFIX', 'b')).toBe('+OK\r\n')
    expect(a('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'c', 'PREFIX', 'a')).toBe(
      e("Prefix 'a' overlaps with an existing prefix 'a'. Prefixes for a single client must not overlap."),
    )
    expect(a('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', '')).toBe(
      e("Prefix '' overlaps with an existing prefix 'a'. Prefixes for a single client must not overlap."),
    )
    const bcastSwitch = "You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode."
    expect(a('CLIENT', 'TRACKING', 'ON')).toBe(e(bcastSwitch))
    expect(a('CLIENT', 'TRACKING', 'ON', 'OPTIN')).toBe(e(bcastSwitch))
    a('CLIENT', 'TRACKING', 'OFF')
    a('CLIENT', 'TRACKING', 'ON', 'OPTIN')
    expect(a('CLIENT', 'TRACKING', 'ON', 'OPTOUT')).toBe(
      e("You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode."),
    )
    expect(a('CLIENT', 'TRACKING', 'ON', 'BCAST')).toBe(e(bcastSwitch))
  })
})

describe('CLIENT CACHING', () => {
  test('OPTIN: only the command after CACHING YES tracks (CLIENT subcommands and MULTI keep it)', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client()
    a('CLIENT', 'TRACKING', 'ON', 'OPTIN')
    a('GET', 'x')
    expect(a('CLIENT', 'CACHING', 'YES')).toBe('+OK\r\n')
    expect(a('CLIENT', 'TRACKINGINFO')).toBe(
      '%3\r\n$5\r\nflags\r\n~3\r\n$2\r\non\r\n$5\r\noptin\r\n$11\r\ncaching-yes\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n',
    )
    a('CLIENT', 'ID')
    a('GET', 'y')
    a('GET', 'z')
    b('MSET', 'x', '1', 'y', '1', 'z', '1')
    expect(a.pending()).toBe(inv3(['y']))
    a('CLIENT', 'CACHING', 'YES')
    a('PING')
    a('GET', 'y')
    a('CLIENT', 'CACHING', 'YES')
    a('MULTI')
    a('GET', 'x')
    a('GET', 'z')
    a('EXEC')
    a('GET', 'w')
    b('MSET', 'x', '2', 'y', '2', 'z', '2', 'w', '2')
    expect(a.pending()).toBe(inv3(['x']) + inv3(['z']))
    // re-enabling keeps a pending CACHING
    a('CLIENT', 'CACHING', 'YES')
    a('CLIENT', 'TRACKING', 'ON', 'OPTIN')
    expect(a('CLIENT', 'TRACKINGINFO')).toContain('caching-yes')
  })

  test('OPTOUT: CACHING NO skips the next command', () => {
    const t = testEngine()
    const a = t.client({ proto: 3 })
    const b = t.client()
    a('CLIENT', 'TRACKING', 'ON', 'OPTOUT')
    a('GET', 'x')
    expect(a('CLIENT', 'CACHING', 'NO')).toBe('+OK\r\n')
    expect(a('CLIENT', 'TRACKINGINFO')).toBe(
      '%3\r\n$5\r\nflags\r\n~3\r\n$2\r\non\r\n$6\r\noptout\r\n$10\r\ncaching-no\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n',
    )
    a('GET', 'y')
    a('GET', 'z')
    b('MSET', 'x', '1', 'y', '1', 'z', '1')
    expect(a.pending()).toBe(inv3(['x']) + inv3(['z']))
  })

  test('errors', () => {
    const t = testEngine()
    const a = t.client()
    const off = '-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n'
    expect(a('CLIENT', 'CACHING', 'YES')).toBe(off)
    expect(a('CLIENT', 'CACHING', 'maybe')).toBe(off)
    expect(a('CLIENT', 'CACHING')).toBe("-ERR wrong number of arguments for 'client|caching' command\r\n")
    a('CLIENT', 'TRACKING', 'ON')
    expect(a('CLIENT', 'CACHING', 'YES')).toBe('-ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.\r\n')
    expect(a('CLIENT', 'CACHING', 'NO')).toBe('-ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.\r\n')
    expect(a('CLIENT', 'CACHING', 'maybe')).toBe('-ERR syntax error\r\n')
  })
})

describe('CLIENT GETREDIR and TRACKINGINFO', () => {
  test('-1 when off, 0 without redirect, else the target; RESP2 and RESP3 shapes', () => {
    const t = testEngine()
    const a = t.client()
    const b = t.client()
    expect(a('CLIENT', 'GETREDIR')).toBe(':-1\r\n')
    expect(a('CLIENT', 'TRACKINGINFO')).toBe('*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n')
    expect(flagsOf(a('CLIENT', 'LIST', 'ID', String(a.session.id)))).toBe('N')
    a('CLIENT', 'TRACKING', 'ON')
    expect(a('CLIENT', 'GETREDIR')).toBe(':0\r\n')
    expect(flagsOf(a('CLIENT', 'INFO'))).toBe('t')
    expect(redirOf(a('CLIENT', 'INFO'))).toBe('0')
    a('CLIENT', 'TRACKING', 'ON', 'REDIRECT', b.session.id, 'NOLOOP')
    expect(a('CLIENT', 'TRACKINGINFO')).toBe(
      `*6\r\n$5\r\nflags\r\n*2\r\n$2\r\non\r\n$6\r\nnoloop\r\n$8\r\nredirect\r\n:${b.session.id}\r\n$8\r\nprefixes\r\n*0\r\n`,
    )
    a('CLIENT', 'TRACKING', 'ON')
    expect(a('CLIENT', 'TRACKINGINFO')).toBe('*6\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n')
    a('CLIENT', 'TRACKING', 'OFF')
    a('HELLO', '3')
    expect(a('CLIENT', 'TRACKINGINFO')).toBe('%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n')
    expect(a('CLIENT', 'GETREDIR', 'x')).toBe("-ERR wrong number of arguments for 'client|getredir' command\r\n")
    expect(a('CLIENT', 'TRACKINGINFO', 'x')).toBe("-ERR wrong number of arguments for 'client|trackinginfo' command\r\n")
  })
})
