import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply } from '../helpers/resp-client.js'

/** Every event the oracle's subscriber got, in order, against ours. */
async function sameEvents(sub: DiffPair): Promise<void> {
  for (;;) {
    const [a, b] = await Promise.all([sub.redis.silentFor(50), sub.redlet.silentFor(50)])
    if (a && b) break
    const [ea, eb] = await Promise.all([sub.redis.read(500), sub.redlet.read(500)])
    expect(eb.toString('latin1')).toBe(ea.toString('latin1'))
  }
}

const range = (n: number, prefix = ''): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

/** COMMAND DOCS with our own prose (summary, complexity, history notes) masked: the structure must match. */
function maskDocs(v: unknown): unknown {
  if (!Array.isArray(v)) return v
  const out: unknown[] = []
  for (let i = 0; i < v.length; i++) {
    const item = v[i] as unknown
    if ((item === 'summary' || item === 'complexity') && i % 2 === 0) {
      out.push(item, '*')
      i++
    } else if (item === 'history' && i % 2 === 0) {
      out.push(item, (v[i + 1] as [string, string][]).map(([version]) => version))
      i++
    } else out.push(maskDocs(item))
  }
  return out
}

describeDiff('set commands against redis-server', () => {
  const d = useDifferential()

  test('COMMAND INFO of every set command', async () => {
    for (const name of ['sadd', 'scard', 'sdiff', 'sdiffstore', 'sinter', 'sintercard', 'sinterstore', 'sismember', 'smembers', 'smismember', 'smove', 'spop', 'srandmember', 'srem', 'sscan', 'sunion', 'sunionstore']) await d.same('COMMAND', 'INFO', name)
  })

  test('COMMAND DOCS of every set command (structure)', async () => {
    for (const name of ['sadd', 'scard', 'sdiff', 'sdiffstore', 'sinter', 'sintercard', 'sinterstore', 'sismember', 'smembers', 'smismember', 'smove', 'spop', 'srandmember', 'srem', 'sscan', 'sunion', 'sunionstore']) {
      const [a, b] = await d.both('COMMAND', 'DOCS', name)
      expect(maskDocs(parseReply(b)), name).toEqual(maskDocs(parseReply(a)))
    }
  })

  test('SADD, SREM, SCARD, SISMEMBER, SMISMEMBER', async () => {
    await d.same('SADD', 's', 'a', 'b', 'a')
    await d.same('SADD', 's', 'b', 'c')
    await d.same('SCARD', 's')
    await d.same('SCARD', 'none')
    await d.same('SISMEMBER', 's', 'a')
    await d.same('SISMEMBER', 's', 'x')
    await d.same('SISMEMBER', 'none', 'x')
    await d.same('SMISMEMBER', 's', 'a', 'x', 'c')
    await d.same('SMISMEMBER', 'none', 'a')
    await d.same('SREM', 's', 'x')
    await d.same('SREM', 's', 'a', 'a', 'x')
    await d.same('SREM', 's', 'b', 'c')
    await d.same('EXISTS', 's')
    await d.same('SREM', 'none', 'a')
    await d.same('SET', 'str', 'x')
    for (const cmd of [['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SCARD', 'str'], ['SISMEMBER', 'str', 'a'], ['SMISMEMBER', 'str', 'a']]) {
      await d.sameError(...(cmd as [string, ...string[]]))
    }
    await d.sameError('SADD', 's')
    await d.sameError('SREM', 's')
    await d.sameError('SCARD')
    await d.sameError('SISMEMBER', 's')
    await d.sameError('SMISMEMBER', 's')
  })

  test('SMEMBERS: sorted intsets, RESP3 sets', async () => {
    await d.same('SADD', 'i', '10', '-3', '2', '9223372036854775807', '-9223372036854775808', '0')
    await d.same('SMEMBERS', 'i')
    await d.same('SMEMBERS', 'none')
    await d.same('SADD', 'h', 'x', 'y', 'z', '1')
    await d.sameSorted('SMEMBERS', 'h')
    await d.both('HELLO', '3')
    await d.same('SMEMBERS', 'i')
    await d.same('SMEMBERS', 'none')
    await d.same('SMISMEMBER', 'i', '2', '3')
    await d.both('HELLO', '2')
    await d.same('SET', 'str', 'x')
    await d.sameError('SMEMBERS', 'str')
    await d.sameError('SMEMBERS')
  })

  test('OBJECT ENCODING: intset while canonical integers within the limit', async () => {
    await d.same('SADD', 'i', '1', '2', '3')
    await d.same('OBJECT', 'ENCODING', 'i')
    for (const m of ['-0', '007', '+1', '9223372036854775808', ' 1', 'a', '1.0']) {
      await d.same('SADD', `k${m}`, m)
      await d.same('OBJECT', 'ENCODING', `k${m}`)
    }
    await d.same('SADD', 'mix', '1', 'a')
    await d.same('SREM', 'mix', 'a')
    await d.same('OBJECT', 'ENCODING', 'mix')
    await d.same('CONFIG', 'SET', 'set-max-intset-entries', '2')
    await d.same('SADD', 'l', '1', '2')
    await d.same('OBJECT', 'ENCODING', 'l')
    await d.same('SADD', 'l', '3')
    await d.same('OBJECT', 'ENCODING', 'l')
    await d.same('SREM', 'l', '3', '2')
    await d.same('OBJECT', 'ENCODING', 'l')
    await d.same('SUNIONSTORE', 'u', 'i')
    await d.same('OBJECT', 'ENCODING', 'u')
    await d.same('SINTERSTORE', 'n', 'i', 'i')
    await d.same('OBJECT', 'ENCODING', 'n')
    // SPOP of most members rebuilds the rest, which can be an intset again
    await d.same('SADD', 'p', '1', '2', '3', '4', '5')
    await d.same('OBJECT', 'ENCODING', 'p')
    await d.sameShape('SPOP', 'p', '4')
    await d.same('OBJECT', 'ENCODING', 'p')
    await d.same('SADD', 'p2', ...range(10))
    await d.sameShape('SPOP', 'p2', '9')
    await d.same('OBJECT', 'ENCODING', 'p2')
    await d.same('SADD', 'p3', ...range(21))
    await d.sameShape('SPOP', 'p3', '17')
    await d.same('OBJECT', 'ENCODING', 'p3')
    await d.same('CONFIG', 'SET', 'set-max-intset-entries', '0')
    await d.same('SADD', 'z', '1')
    await d.same('OBJECT', 'ENCODING', 'z')
    await d.same('CONFIG', 'SET', 'set-max-intset-entries', '512')
    await d.same('SADD', 'big', ...range(513))
    await d.same('OBJECT', 'ENCODING', 'big')
    await d.same('SADD', 'edge', ...range(512))
    await d.same('OBJECT', 'ENCODING', 'edge')
  })

  test('SMOVE', async () => {
    await d.same('SADD', 'a', '3', '1', '2')
    await d.same('SADD', 'b', 'x', '2')
    await d.same('SMOVE', 'a', 'c', '1')
    await d.same('OBJECT', 'ENCODING', 'c')
    await d.same('SMOVE', 'b', 'd', 'x')
    await d.same('OBJECT', 'ENCODING', 'd')
    await d.same('SMOVE', 'a', 'c', '1')
    await d.same('SMOVE', 'a', 'b', '2')
    await d.same('SMOVE', 'a', 'a', '3')
    await d.same('SMOVE', 'a', 'a', '99')
    await d.same('SMOVE', 'a', 'none', '99')
    await d.same('SMOVE', 'a', 'b', '3')
    await d.same('EXISTS', 'a')
    await d.sameSorted('SMEMBERS', 'b')
    await d.same('SMOVE', 'none', 'b', '3')
    await d.same('SET', 'str', 'x')
    await d.same('SMOVE', 'none', 'str', '2')
    await d.sameError('SMOVE', 'b', 'str', '2')
    await d.sameError('SMOVE', 'b', 'str', '99')
    await d.sameError('SMOVE', 'str', 'b', '2')
    await d.sameError('SMOVE', 'b', 'c')
  })

  test('SPOP', async () => {
    await d.same('SADD', 's', ...range(30))
    const [, one] = await d.sameShape('SPOP', 's')
    expect(Number(one)).toBeLessThan(30)
    expect((await d.redlet.call('SISMEMBER', 's', one as string)).toString()).toBe(':0\r\n')
    await d.same('SCARD', 's')
    for (const n of ['0', '1', '3', '20']) {
      const [, got] = await d.sameShape('SPOP', 's', n)
      const list = got as string[]
      expect(new Set(list).size).toBe(Number(n))
      for (const m of list) expect(Number(m)).toBeLessThan(30)
    }
    await d.same('SCARD', 's')
    await d.sameShape('SPOP', 's', '100')
    await d.same('EXISTS', 's')
    await d.same('SPOP', 'none')
    await d.same('SPOP', 'none', '3')
    await d.same('SADD', 's', 'a', 'b', 'c')
    await d.sameSorted('SPOP', 's', '3')
    await d.same('SADD', 's', 'a', 'b')
    await d.both('HELLO', '3')
    await d.same('SPOP', 'none', '3')
    await d.same('SPOP', 's', '0')
    await d.sameShape('SPOP', 's', '1')
    await d.sameShape('SPOP', 's')
    await d.both('HELLO', '2')
    await d.sameError('SPOP', 's', '-1')
    await d.sameError('SPOP', 's', 'x')
    await d.sameError('SPOP', 's', '9223372036854775808')
    await d.sameError('SPOP', 's', '1', '2')
    await d.sameError('SPOP', 'none', '-1')
    await d.same('SET', 'str', 'x')
    await d.sameError('SPOP', 'str')
    await d.sameError('SPOP', 'str', '0')
    await d.sameError('SPOP', 'str', '-1')
    await d.sameError('SPOP')
  })

  test('SRANDMEMBER with large negative counts', async () => {
    // Redis 7.0 builds the whole reply, however large (redlet caps it: core/values/random-picks.ts)
    await d.same('SADD', 's', 'a', 'b', 'c')
    const [theirs, ours] = await d.sameShape('SRANDMEMBER', 's', '-200000')
    for (const got of [theirs, ours] as string[][]) {
      expect(got.length).toBe(200000)
      expect(new Set(got)).toEqual(new Set(['a', 'b', 'c']))
    }
    // a missing key or another type answers before the count matters
    await d.same('SRANDMEMBER', 'none', '-9223372036854775807')
    await d.same('SET', 'str', 'x')
    await d.sameError('SRANDMEMBER', 'str', '-9223372036854775807')
    await d.sameError('SRANDMEMBER', 's', '-9223372036854775808')
  })

  test('SRANDMEMBER', async () => {
    await d.same('SADD', 's', '5', '1', '3')
    const [, one] = await d.sameShape('SRANDMEMBER', 's')
    expect(['1', '3', '5']).toContain(one)
    await d.same('SRANDMEMBER', 's', '3')
    await d.same('SRANDMEMBER', 's', '100')
    await d.same('SRANDMEMBER', 's', '0')
    await d.same('SRANDMEMBER', 'none')
    await d.same('SRANDMEMBER', 'none', '5')
    await d.same('SRANDMEMBER', 'none', '-5')
    for (const n of ['1', '2', '-1', '-10']) {
      const [, got] = await d.sameShape('SRANDMEMBER', 's', n)
      const list = got as string[]
      expect(list.length).toBe(Math.abs(Number(n)))
      for (const m of list) expect(['1', '3', '5']).toContain(m)
      if (Number(n) > 0) expect(new Set(list).size).toBe(list.length)
    }
    await d.same('SADD', 'big', ...range(300, 'm'))
    for (const n of ['7', '150', '299']) {
      const [, got] = await d.sameShape('SRANDMEMBER', 'big', n)
      expect(new Set(got as string[]).size).toBe(Number(n))
    }
    await d.sameSorted('SRANDMEMBER', 'big', '300')
    await d.same('SCARD', 'big')
    await d.both('HELLO', '3')
    await d.same('SRANDMEMBER', 's', '5')
    await d.same('SRANDMEMBER', 'none', '5')
    await d.same('SRANDMEMBER', 'none')
    await d.both('HELLO', '2')
    await d.sameError('SRANDMEMBER', 's', 'x')
    await d.sameError('SRANDMEMBER', 's', '-9223372036854775808')
    await d.sameError('SRANDMEMBER', 's', '1', '2')
    await d.sameError('SRANDMEMBER', 'none', 'x')
    await d.same('SET', 'str', 'x')
    await d.sameError('SRANDMEMBER', 'str')
    await d.sameError('SRANDMEMBER', 'str', '-1')
    await d.sameError('SRANDMEMBER')
  })

  test('SSCAN ends on a set growing faster than it reads, with every member present throughout', async () => {
    const stable = Array.from({ length: 300 }, (_, i) => `m${i}`)
    for (const c of [d.redis, d.redlet]) {
      await c.call('SADD', 'g', ...stable, 'gone')
      const seen = new Set<string>()
      let cursor = '0'
      let calls = 0
      let n = 0
      do {
        const [next, items] = parseReply(await c.call('SSCAN', 'g', cursor, 'COUNT', '10')) as [string, string[]]
        for (const m of items) seen.add(m)
        cursor = next
        await c.call('SADD', 'g', ...Array.from({ length: 30 }, () => `new${n++}`))
        if (calls === 3) await c.call('SREM', 'g', 'gone')
        calls++
      } while (cursor !== '0' && calls < 5000)
      expect(cursor).toBe('0')
      for (const m of stable) expect(seen.has(m), m).toBe(true)
    }
  })

  test('SSCAN', async () => {
    await d.same('SADD', 'i', '5', '1', '12', '-4')
    await d.same('SSCAN', 'i', '0')
    await d.same('SSCAN', 'i', '0', 'MATCH', '1*')
    await d.same('SSCAN', 'i', '77', 'MATCH', '*', 'COUNT', '1')
    await d.same('SSCAN', 'i', '0', 'COUNT', '2', 'MATCH', '-*')
    await d.same('SSCAN', 'none', '0', 'COUNT', '0')
    await d.same('SSCAN', 'i', '-1')
    await d.sameError('SSCAN', 'i', 'x')
    await d.sameError('SSCAN', 'i', '0', 'COUNT', '0')
    await d.sameError('SSCAN', 'i', '0', 'COUNT', 'x')
    await d.sameError('SSCAN', 'i', '0', 'MATCH')
    await d.sameError('SSCAN', 'i', '0', 'TYPE', 'set')
    await d.same('SET', 'str', 'x')
    await d.sameError('SSCAN', 'str', '0')
    await d.sameError('SSCAN', 'i')
    // a hashtable: the full iteration returns every member
    await d.same('SADD', 'h', ...range(300, 'm'))
    for (const c of [d.redis, d.redlet]) {
      const seen = new Set<string>()
      let cursor = '0'
      do {
        const [next, items] = parseReply(await c.call('SSCAN', 'h', cursor, 'COUNT', '25', 'MATCH', 'm1*')) as [string, string[]]
        for (const m of items) seen.add(m)
        cursor = next
      } while (cursor !== '0')
      expect(seen.size).toBe(111)
    }
  })

  test('SINTER, SINTERSTORE, SINTERCARD', async () => {
    await d.same('SADD', 'a', '3', '1', '2', '10', '20')
    await d.same('SADD', 'b', '20', '10', '3')
    await d.same('SADD', 'c', '2', '3', 'x')
    await d.same('SINTER', 'a', 'b')
    await d.same('SINTER', 'b', 'a')
    await d.same('SINTER', 'a', 'a')
    await d.same('SINTER', 'a')
    await d.sameSorted('SINTER', 'a', 'c')
    await d.same('SINTER', 'a', 'none')
    await d.same('SINTER', 'none')
    await d.both('HELLO', '3')
    await d.same('SINTER', 'a', 'b')
    await d.same('SINTER', 'a', 'none')
    await d.both('HELLO', '2')
    await d.same('SINTERSTORE', 'd', 'a', 'b')
    await d.same('SMEMBERS', 'd')
    await d.same('OBJECT', 'ENCODING', 'd')
    await d.same('SINTERSTORE', 'a', 'a', 'c')
    await d.same('SMEMBERS', 'a')
    await d.same('SINTERSTORE', 'd', 'b', 'none')
    await d.same('EXISTS', 'd')
    await d.same('SINTERSTORE', 'd', 'b', 'none')
    await d.same('SINTERCARD', '2', 'b', 'c')
    await d.same('SINTERCARD', '1', 'b', 'LIMIT', '2')
    await d.same('SINTERCARD', '1', 'b', 'limit', '0')
    await d.same('SINTERCARD', '1', 'b', 'LIMIT', '1', 'LIMIT', '5')
    await d.same('SINTERCARD', '2', 'b', 'none')
    await d.same('SET', 'str', 'x')
    await d.sameError('SINTER', 'none', 'str')
    await d.sameError('SINTER', 'str', 'none')
    await d.sameError('SINTERSTORE', 'd', 'none', 'str')
    await d.sameError('SINTERCARD', '2', 'none', 'str')
    for (const n of ['0', '-1', 'x', '9223372036854775808']) await d.sameError('SINTERCARD', n, 'b')
    await d.sameError('SINTERCARD', '3', 'a', 'b')
    await d.sameError('SINTERCARD', '1', 'b', 'LIMIT', '-1')
    await d.sameError('SINTERCARD', '1', 'b', 'LIMIT', 'x')
    await d.sameError('SINTERCARD', '1', 'b', 'LIMIT')
    await d.sameError('SINTERCARD', '1', 'b', 'FOO')
    await d.sameError('SINTER')
    await d.sameError('SINTERSTORE', 'd')
    await d.sameError('SINTERCARD', '1')
  })

  test('SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE', async () => {
    await d.same('SADD', 'a', '1', '2', '3', '4')
    await d.same('SADD', 'b', '2', '9')
    await d.same('SADD', 'c', '4', 'x')
    await d.same('SUNION', 'a', 'b', 'none')
    await d.sameSorted('SUNION', 'a', 'c')
    await d.same('SUNION', 'none')
    await d.same('SDIFF', 'a', 'b', 'c', 'none')
    await d.same('SDIFF', 'a', 'none')
    await d.same('SDIFF', 'none', 'a')
    await d.same('SDIFF', 'a', 'a')
    await d.same('SDIFF', 'a', 'b', 'a')
    await d.sameSorted('SDIFF', 'c', 'a')
    await d.both('HELLO', '3')
    await d.same('SUNION', 'a', 'b')
    await d.same('SDIFF', 'a', 'b')
    await d.same('SUNION', 'none')
    await d.both('HELLO', '2')
    await d.same('SET', 'dst', 'x')
    await d.same('EXPIRE', 'dst', '100')
    await d.same('SUNIONSTORE', 'dst', 'a', 'b')
    await d.same('TTL', 'dst')
    await d.same('SMEMBERS', 'dst')
    await d.same('OBJECT', 'ENCODING', 'dst')
    await d.same('SUNIONSTORE', 'dst', 'none')
    await d.same('EXISTS', 'dst')
    await d.same('SDIFFSTORE', 'dst', 'a', 'b')
    await d.same('SMEMBERS', 'dst')
    await d.same('SDIFFSTORE', 'dst', 'a', 'a')
    await d.same('EXISTS', 'dst')
    // the two SDIFF algorithms leave different encodings
    await d.same('SADD', 'big', ...range(10), 'a')
    await d.same('SADD', 'x', 'a')
    await d.same('SADD', 'y', 'b')
    await d.same('SDIFFSTORE', 'd1', 'big', 'x', 'y')
    await d.same('OBJECT', 'ENCODING', 'd1')
    await d.same('SDIFFSTORE', 'd2', 'big', 'x')
    await d.same('OBJECT', 'ENCODING', 'd2')
    await d.same('SMEMBERS', 'd2')
    await d.same('SET', 'str', 'x')
    await d.sameError('SUNION', 'none', 'str')
    await d.sameError('SDIFF', 'none', 'str')
    await d.sameError('SUNIONSTORE', 'd', 'none', 'str')
    await d.sameError('SDIFFSTORE', 'd', 'none', 'str')
    await d.sameError('SUNION')
    await d.sameError('SDIFF')
    await d.sameError('SUNIONSTORE', 'd')
    await d.sameError('SDIFFSTORE', 'd')
  })

  test('TTL is kept by writes and goes with the emptied key', async () => {
    await d.same('SADD', 's', 'a', 'b', 'c', 'd')
    await d.same('EXPIRE', 's', '100')
    await d.same('SADD', 's', 'e')
    await d.same('SREM', 's', 'a')
    await d.same('SMOVE', 's', 't', 'b')
    await d.sameShape('SPOP', 's')
    await d.sameApprox(1, 'TTL', 's')
    await d.same('TTL', 't')
    await d.sameShape('SPOP', 's', '10')
    await d.same('TTL', 's')
  })

  test('keyspace events', async () => {
    const sub = await d.connect()
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    await sub.same('PSUBSCRIBE', '__key*__:*')
    const script: string[][] = [
      ['SADD', 's', '1', '2', '3', '4', '5'], ['SADD', 's', '1'], ['SREM', 's', '9'], ['SREM', 's', '1'],
      ['SADD', 'o', 'a'], ['SMOVE', 's', 't', '2'], ['SMOVE', 's', 's', '3'], ['SMOVE', 'o', 't', 'a'], ['SADD', 'x', '1'],
      ['SINTERSTORE', 'd', 'x', 's'], ['SUNIONSTORE', 'd', 'x'], ['SINTERSTORE', 'd', 'x', 'nokey'], ['SADD', 'd', '1'],
      ['SDIFFSTORE', 'd', 'x'], ['SDIFFSTORE', 'd', 'x', 'x'], ['SUNIONSTORE', 'x', 'nokey'], ['SUNIONSTORE', 'u', 'nokey'],
      ['SPOP', 's', '0'], ['SADD', 'p', 'a'], ['SPOP', 'p'], ['SADD', 'p', 'a', 'b'], ['SPOP', 'p', '5'], ['SREM', 't', '2', 'a'],
    ]
    for (const cmd of script) await d.both(...(cmd as [string, ...string[]]))
    await d.same('PING')
    await sameEvents(sub)
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', '')
  })
})
