import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply, type Arg } from '../helpers/resp-client.js'

/** Fields whose values belong to the transport or the process, not to the client's state. */
const MASKED = new Set(['id', 'addr', 'laddr', 'fd', 'qbuf', 'qbuf-free', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem', 'events'])

function maskLine(line: string): string {
  return line
    .split(' ')
    .map((kv) => {
      const k = kv.slice(0, kv.indexOf('='))
      return MASKED.has(k) ? `${k}=*` : kv
    })
    .join(' ')
}

/** CLIENT LIST / INFO text with transport values masked (the bulk length goes too). */
function maskClients(buf: Buffer): string {
  const s = buf.toString('latin1')
  const nl = s.indexOf('\r\n')
  const head = s[0] === '=' ? '=' : s.slice(0, 1)
  const body = s.slice(nl + 2, s.length - 2).replace(/^txt:/, '')
  return head + body.split('\n').map(maskLine).join('\n')
}

/** Compares client listings field by field, transport figures masked. */
function masked(p: DiffPair) {
  return {
    async same(...args: Arg[]): Promise<string> {
      const [a, b] = await p.both(...args)
      expect(maskClients(b), args.join(' ')).toBe(maskClients(a))
      return maskClients(a)
    },
  }
}

/** Commands that must get no reply at all from either server. */
function quiet(p: DiffPair) {
  return {
    async same(...args: Arg[]): Promise<void> {
      p.redis.send(...args)
      p.redlet.send(...args)
      const [a, b] = await Promise.all([p.redis.silentFor(100), p.redlet.silentFor(100)])
      expect([a, b], `${args.join(' ')} stays silent`).toEqual([true, true])
    },
  }
}

async function ids(p: DiffPair): Promise<[string, string]> {
  const [a, b] = await p.both('CLIENT', 'ID')
  return [String(parseReply(a)), String(parseReply(b))]
}

describeDiff('CLIENT against redis-server', () => {
  const d = useDifferential()

  test('ID, SETNAME and GETNAME', async () => {
    const p = await d.connect()
    const [a, b] = await p.both('CLIENT', 'ID')
    expect(String.fromCharCode(b[0] as number)).toBe(String.fromCharCode(a[0] as number))
    await p.sameError('CLIENT', 'ID', 'x')
    await p.same('CLIENT', 'GETNAME')
    await p.same('CLIENT', 'SETNAME', 'worker-1')
    await p.same('CLIENT', 'GETNAME')
    await p.same('CLIENT', 'SETNAME', '')
    await p.same('CLIENT', 'GETNAME')
    await p.sameError('CLIENT', 'SETNAME', 'a b')
    await p.sameError('CLIENT', 'SETNAME', 'a\nb')
    await p.sameError('CLIENT', 'SETNAME', 'caf\xc3\xa9')
    await p.sameError('CLIENT', 'SETNAME')
    await p.sameError('CLIENT', 'SETNAME', 'a', 'b')
    await p.sameError('CLIENT', 'GETNAME', 'x')
  })

  test('INFO: fields, order and client state', async () => {
    const p = await d.connect()
    const m = masked(p)
    await m.same('CLIENT', 'INFO')
    await p.same('CLIENT', 'SETNAME', 'me')
    await p.same('SELECT', '2')
    await m.same('CLIENT', 'INFO')
    await p.same('CLIENT', 'NO-EVICT', 'on')
    await m.same('CLIENT', 'INFO')
    await p.both('HELLO', '3')
    await m.same('CLIENT', 'INFO')
    await p.sameError('CLIENT', 'INFO', 'x')
  })

  test('LIST with TYPE and ID filters', async () => {
    const p = await d.connect()
    const m = masked(p)
    const sub = await d.connect()
    await sub.same('CLIENT', 'SETNAME', 'listener')
    await sub.same('SUBSCRIBE', 'a', 'b')
    await sub.same('PSUBSCRIBE', 'p*')
    await m.same('CLIENT', 'LIST', 'TYPE', 'pubsub')
    await m.same('CLIENT', 'LIST', 'TYPE', 'PUBSUB')
    await p.same('CLIENT', 'LIST', 'TYPE', 'master')
    await p.same('CLIENT', 'LIST', 'TYPE', 'replica')
    await p.same('CLIENT', 'LIST', 'TYPE', 'slave')
    await p.same('CLIENT', 'LIST', 'ID', '0', '-1', '999999')
    const [ra, rb] = await ids(p)
    const [la, lb] = await Promise.all([p.redis.call('CLIENT', 'LIST', 'ID', ra), p.redlet.call('CLIENT', 'LIST', 'ID', rb)])
    expect(maskClients(lb)).toBe(maskClients(la))
    await p.sameError('CLIENT', 'LIST', 'TYPE', 'foo')
    await p.sameError('CLIENT', 'LIST', 'TYPE')
    await p.sameError('CLIENT', 'LIST', 'ID')
    await p.sameError('CLIENT', 'LIST', 'ID', 'abc')
    await p.sameError('CLIENT', 'LIST', 'ID', '1', 'x')
    await p.sameError('CLIENT', 'LIST', 'TYPE', 'normal', 'ID', '1')
    await p.sameError('CLIENT', 'LIST', 'FOO')
  })

  test('LIST shows MULTI, WATCH and blocked clients as Redis does', async () => {
    const p = await d.connect()
    const other = await d.connect()
    // age and idle are whole seconds: a slow run may cross a second boundary on one server only
    const pick = (buf: Buffer, name: string): string =>
      maskLine(buf.toString('latin1').split('\n').find((l) => l.includes(` name=${name} `)) ?? '').replace(/ age=\d+ idle=\d+ /, ' age=* idle=* ')
    const compare = async (...names: string[]): Promise<void> => {
      const [a, b] = await p.both('CLIENT', 'LIST')
      for (const n of names) expect(pick(b, n), n).toBe(pick(a, n))
    }
    await other.same('CLIENT', 'SETNAME', 'other')
    await other.same('MULTI')
    await other.same('SET', 'a', 'bb')
    await other.same('SET', 'abcdef', 'x'.repeat(100))
    await compare('other')
    await other.same('DISCARD')
    // inside EXEC the client is still the one running EXEC
    await other.same('MULTI')
    await other.same('CLIENT', 'INFO')
    const [ea, eb] = await other.both('EXEC')
    const cmdOf = (buf: Buffer): string => /cmd=\S+/.exec(buf.toString('latin1'))?.[0] ?? ''
    expect(cmdOf(eb)).toBe(cmdOf(ea))
    await masked(other).same('CLIENT', 'INFO')
    await other.same('WATCH', 'k')
    await p.same('SET', 'k', '1')
    const blocked = await d.connect()
    await blocked.same('CLIENT', 'SETNAME', 'waiter')
    blocked.redis.send('BLPOP', 'q', '0')
    blocked.redlet.send('BLPOP', 'q', '0')
    await new Promise((r) => setTimeout(r, 50))
    await compare('other', 'waiter')
    await p.same('RPUSH', 'q', 'x')
    await Promise.all([blocked.redis.read(), blocked.redlet.read()])
  })

  test('KILL by filters', async () => {
    const p = await d.connect()
    const victim = await d.connect()
    await victim.same('SUBSCRIBE', 'news')
    await p.same('CLIENT', 'KILL', 'ADDR', '1.2.3.4:5')
    await p.same('CLIENT', 'KILL', 'LADDR', '1.2.3.4:5')
    await p.same('CLIENT', 'KILL', 'ID', '999999')
    await p.same('CLIENT', 'KILL', 'TYPE', 'master')
    await p.same('CLIENT', 'KILL', 'TYPE', 'pubsub', 'USER', 'default', 'SKIPME', 'yes')
    expect(await Promise.all([victim.redis.waitClosed(), victim.redlet.waitClosed()])).toEqual([true, true])
    await p.same('CLIENT', 'KILL', 'TYPE', 'pubsub')
    await p.sameError('CLIENT', 'KILL')
    await p.sameError('CLIENT', 'KILL', '1.2.3.4:5')
    await p.sameError('CLIENT', 'KILL', 'ID')
    await p.sameError('CLIENT', 'KILL', 'ID', 'abc')
    await p.sameError('CLIENT', 'KILL', 'ID', '0')
    await p.sameError('CLIENT', 'KILL', 'ID', '-3')
    await p.sameError('CLIENT', 'KILL', 'ID', '1', 'TYPE')
    await p.sameError('CLIENT', 'KILL', 'TYPE', 'foo')
    await p.sameError('CLIENT', 'KILL', 'USER', 'nobody')
    await p.sameError('CLIENT', 'KILL', 'SKIPME', 'maybe')
    await p.sameError('CLIENT', 'KILL', 'FOO', 'bar')
    await p.sameError('CLIENT', 'KILL', 'MAXAGE', '10')
  })

  test('KILL by id and address, and of the caller itself', async () => {
    const p = await d.connect()
    const victim = await d.connect()
    const [va, vb] = await ids(victim)
    const [ka, kb] = await Promise.all([p.redis.call('CLIENT', 'KILL', 'ID', va), p.redlet.call('CLIENT', 'KILL', 'ID', vb)])
    expect(kb.toString()).toBe(ka.toString())
    expect(await Promise.all([victim.redis.waitClosed(), victim.redlet.waitClosed()])).toEqual([true, true])
    const second = await d.connect()
    const addr = (buf: Buffer): string => /addr=(\S+)/.exec(buf.toString('latin1'))?.[1] ?? ''
    const [ia, ib] = await second.both('CLIENT', 'INFO')
    const [oa, ob] = await Promise.all([p.redis.call('CLIENT', 'KILL', addr(ia)), p.redlet.call('CLIENT', 'KILL', addr(ib))])
    expect(ob.toString()).toBe(oa.toString())
    expect(await Promise.all([second.redis.waitClosed(), second.redlet.waitClosed()])).toEqual([true, true])
    const self = await d.connect()
    const [sa, sb] = await ids(self)
    const [ra, rb] = await Promise.all([
      self.redis.call('CLIENT', 'KILL', 'ID', sa, 'SKIPME', 'no'),
      self.redlet.call('CLIENT', 'KILL', 'ID', sb, 'SKIPME', 'no'),
    ])
    expect(rb.toString()).toBe(ra.toString())
    expect(await Promise.all([self.redis.waitClosed(), self.redlet.waitClosed()])).toEqual([true, true])
  })

  test('REPLY ON, OFF and SKIP', async () => {
    const p = await d.connect()
    const q = quiet(p)
    await p.same('CLIENT', 'REPLY', 'ON')
    await q.same('CLIENT', 'REPLY', 'OFF')
    await q.same('PING')
    await q.same('GET', 'x', 'y')
    await p.same('CLIENT', 'REPLY', 'ON')
    await q.same('CLIENT', 'REPLY', 'SKIP')
    await q.same('ECHO', 'skipped')
    await p.same('ECHO', 'seen')
    await q.same('CLIENT', 'REPLY', 'OFF')
    await q.same('CLIENT', 'REPLY', 'SKIP')
    await q.same('PING')
    await p.same('CLIENT', 'REPLY', 'ON')
    await p.sameError('CLIENT', 'REPLY', 'maybe')
    await p.sameError('CLIENT', 'REPLY')
  })

  test('NO-EVICT', async () => {
    await d.same('CLIENT', 'NO-EVICT', 'on')
    await d.same('CLIENT', 'NO-EVICT', 'OFF')
    await d.sameError('CLIENT', 'NO-EVICT', 'maybe')
    await d.sameError('CLIENT', 'NO-EVICT')
  })

  test('UNBLOCK with TIMEOUT and ERROR', async () => {
    const p = await d.connect()
    const w = await d.connect()
    const [wa, wb] = await ids(w)
    for (const reason of [[], ['TIMEOUT'], ['ERROR'], ['error']]) {
      w.redis.send('BLPOP', 'q', '0')
      w.redlet.send('BLPOP', 'q', '0')
      await new Promise((r) => setTimeout(r, 30))
      const [ua, ub] = await Promise.all([p.redis.call('CLIENT', 'UNBLOCK', wa, ...reason), p.redlet.call('CLIENT', 'UNBLOCK', wb, ...reason)])
      expect(ub.toString()).toBe(ua.toString())
      const [ra, rb] = await Promise.all([w.redis.read(), w.redlet.read()])
      expect(rb.toString('latin1')).toBe(ra.toString('latin1'))
    }
    await p.same('CLIENT', 'UNBLOCK', '999999')
    await p.same('CLIENT', 'UNBLOCK', '999999', 'TIMEOUT')
    await p.same('CLIENT', 'UNBLOCK', '999999', 'ERROR')
    await p.sameError('CLIENT', 'UNBLOCK', 'x')
    await p.sameError('CLIENT', 'UNBLOCK', '1', 'foo')
    await p.sameError('CLIENT', 'UNBLOCK', '1', '2', '3')
    await p.sameError('CLIENT', 'UNBLOCK')
  })

  test('PAUSE and UNPAUSE', async () => {
    const admin = await d.connect()
    const p = await d.connect()
    await admin.same('CLIENT', 'PAUSE', '300', 'WRITE')
    let t0 = Date.now()
    await p.same('GET', 'k')
    expect(Date.now() - t0).toBeLessThan(200)
    t0 = Date.now()
    await p.same('SET', 'k', 'v')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150)
    // ALL holds every command, CLIENT UNPAUSE included
    await admin.same('CLIENT', 'PAUSE', '300', 'ALL')
    t0 = Date.now()
    await p.same('GET', 'k')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150)
    await admin.same('CLIENT', 'PAUSE', '5000', 'WRITE')
    const waiting = p.both('SET', 'k', 'w')
    expect(await Promise.all([p.redis.silentFor(100), p.redlet.silentFor(100)])).toEqual([true, true])
    await admin.same('CLIENT', 'UNPAUSE')
    const [a, b] = await waiting
    expect(b.toString()).toBe(a.toString())
    await p.same('GET', 'k')
    await admin.same('CLIENT', 'PAUSE', '0')
    await admin.sameError('CLIENT', 'PAUSE', '1.5')
    await admin.sameError('CLIENT', 'PAUSE', '-1')
    await admin.sameError('CLIENT', 'PAUSE', 'x', 'foo')
    await admin.sameError('CLIENT', 'PAUSE', '10', 'WRITE', 'x')
    await admin.sameError('CLIENT', 'PAUSE')
    await admin.sameError('CLIENT', 'UNPAUSE', 'x')
  })

  test('tracking queries while tracking is off', async () => {
    await d.same('CLIENT', 'GETREDIR')
    await d.same('CLIENT', 'TRACKINGINFO')
    await d.sameError('CLIENT', 'CACHING', 'yes')
    await d.sameError('CLIENT', 'CACHING', 'maybe')
    await d.sameError('CLIENT', 'GETREDIR', 'x')
    await d.sameError('CLIENT', 'TRACKINGINFO', 'x')
    const p = await d.connect()
    await p.both('HELLO', '3')
    await p.same('CLIENT', 'TRACKINGINFO')
  })

  test('HELP, arity and unknown subcommands', async () => {
    await d.same('CLIENT', 'HELP')
    await d.sameError('CLIENT', 'HELP', 'x')
    await d.sameError('CLIENT')
    await d.sameError('CLIENT', 'FOO')
  })
})
