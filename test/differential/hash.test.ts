import { expect, test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'
import { sameEvents, testCommandRecords } from '../helpers/differential-checks.js'
import { parseReply } from '../helpers/resp-client.js'

describeDiff('hash commands against redis-server', () => {
  const d = useDifferential()

  testCommandRecords(d, 'hash', ['hdel', 'hexists', 'hget', 'hgetall', 'hincrby', 'hincrbyfloat', 'hkeys', 'hlen', 'hmget', 'hmset', 'hrandfield', 'hscan', 'hset', 'hsetnx', 'hstrlen', 'hvals'])

  test('HSET, HSETNX, HMSET, HGET, HMGET', async () => {
    await d.same('HSET', 'h', 'a', '1', 'b', '2')
    await d.same('HSET', 'h', 'a', '3', 'c', '4', 'c', '5')
    await d.same('HSETNX', 'h', 'a', 'x')
    await d.same('HSETNX', 'h', 'n', 'x')
    await d.same('HMSET', 'h', 'm', '1', 'a', '\x00\xff')
    await d.same('HGET', 'h', 'a')
    await d.same('HGET', 'h', 'zz')
    await d.same('HGET', 'none', 'zz')
    await d.same('HMGET', 'h', 'a', 'zz', 'c')
    await d.same('HMGET', 'none', 'a', 'b')
    await d.same('HGETALL', 'h')
    await d.sameError('HSET', 'h', 'a')
    await d.sameError('HSET', 'h', 'a', '1', 'b')
    await d.sameError('HMSET', 'h', 'a', '1', 'b')
    await d.sameError('HSETNX', 'h', 'a')
    await d.sameError('HGET', 'h')
    await d.sameError('HMGET', 'h')
    await d.same('SET', 's', 'x')
    for (const cmd of [['HSET', 's', 'a', '1'], ['HSETNX', 's', 'a', '1'], ['HMSET', 's', 'a', '1'], ['HGET', 's', 'a'], ['HMGET', 's', 'a']]) {
      await d.sameError(...(cmd as [string, ...string[]]))
    }
  })

  test('HGETALL, HKEYS, HVALS in listpack order, and RESP3', async () => {
    await d.same('HSET', 'h', 'z', '1', 'a', '2', 'm', '3')
    await d.same('HDEL', 'h', 'a')
    await d.same('HSET', 'h', 'a', '4', 'z', '5')
    await d.same('HGETALL', 'h')
    await d.same('HKEYS', 'h')
    await d.same('HVALS', 'h')
    await d.same('HGETALL', 'none')
    await d.same('HKEYS', 'none')
    await d.same('HVALS', 'none')
    await d.both('HELLO', '3')
    await d.same('HGETALL', 'h')
    await d.same('HGETALL', 'none')
    await d.same('HMGET', 'h', 'a', 'nope')
    await d.same('HGET', 'h', 'nope')
    await d.same('HKEYS', 'h')
    await d.both('HELLO', '2')
    await d.same('SET', 's', 'x')
    await d.sameError('HGETALL', 's')
    await d.sameError('HKEYS', 's')
    await d.sameError('HVALS', 's')
    await d.sameError('HGETALL', 'h', 'x')
    await d.sameError('HKEYS')
    await d.sameError('HVALS', 'h', 'x')
  })

  test('a hashtable hash has the same contents', async () => {
    const args: string[] = []
    for (let i = 0; i < 600; i++) args.push(`field:${i}`, `value:${i}`)
    await d.same('HSET', 'big', ...args)
    await d.same('OBJECT', 'ENCODING', 'big')
    await d.same('HLEN', 'big')
    await d.sameSorted('HGETALL', 'big')
    await d.sameSorted('HKEYS', 'big')
    await d.sameSorted('HVALS', 'big')
    await d.same('HGET', 'big', 'field:599')
  })

  test('HEXISTS, HLEN, HSTRLEN, HDEL', async () => {
    await d.same('HSET', 'h', 'a', 'hello', 'b', '', 'c', '12345678901')
    await d.same('HEXISTS', 'h', 'a')
    await d.same('HEXISTS', 'h', 'x')
    await d.same('HEXISTS', 'none', 'x')
    await d.same('HLEN', 'h')
    await d.same('HLEN', 'none')
    await d.same('HSTRLEN', 'h', 'a')
    await d.same('HSTRLEN', 'h', 'b')
    await d.same('HSTRLEN', 'h', 'c')
    await d.same('HSTRLEN', 'h', 'x')
    await d.same('HSTRLEN', 'none', 'x')
    await d.same('HDEL', 'h', 'x')
    await d.same('HDEL', 'h', 'a', 'a', 'x')
    await d.same('HDEL', 'h', 'b', 'c')
    await d.same('EXISTS', 'h')
    await d.same('HDEL', 'none', 'a')
    await d.same('SET', 's', 'x')
    await d.sameError('HEXISTS', 's', 'a')
    await d.sameError('HLEN', 's')
    await d.sameError('HSTRLEN', 's', 'a')
    await d.sameError('HDEL', 's', 'a')
    await d.sameError('HEXISTS', 'h')
    await d.sameError('HLEN')
    await d.sameError('HSTRLEN', 'h')
    await d.sameError('HDEL', 'h')
  })

  test('HINCRBY', async () => {
    await d.same('HINCRBY', 'h', 'n', '5')
    await d.same('HINCRBY', 'h', 'n', '-12')
    await d.same('HINCRBY', 'h', 'max', '9223372036854775807')
    await d.sameError('HINCRBY', 'h', 'max', '1')
    await d.same('HINCRBY', 'h', 'min', '-9223372036854775808')
    await d.sameError('HINCRBY', 'h', 'min', '-1')
    await d.same('HSET', 'h', 's', 'abc', 'z', '007', 'f', '1.5', 'sp', ' 1')
    for (const f of ['s', 'z', 'f', 'sp']) await d.sameError('HINCRBY', 'h', f, '1')
    await d.sameError('HINCRBY', 'h', 'n', 'x')
    await d.sameError('HINCRBY', 'h', 'n', '1.0')
    await d.sameError('HINCRBY', 'h', 'n', '9223372036854775808')
    await d.same('HGETALL', 'h')
    await d.same('SET', 's', 'x')
    await d.sameError('HINCRBY', 's', 'n', '1')
    await d.sameError('HINCRBY', 's', 'n', 'x')
    await d.sameError('HINCRBY', 'h', 'n')
  })

  test('HINCRBYFLOAT: long double results as Redis prints them', async () => {
    const steps = [
      '0.1', '0.2', '-0.3', '1e308', '1e308', '-1e308', '3.0e3', '0x10', '0x1.8p1', '.5', '5.', '+1',
      '1.5e-20', '-0.0', '123456789012345678901234567890', '0.000003814697265625', '7.5e-17', '-7',
    ]
    for (const by of steps) await d.same('HINCRBYFLOAT', 'h', 'f', by)
    for (const by of ['0.1', '1e70', '-1e-4950', '1e4932', '-2.5']) {
      await d.same('HINCRBYFLOAT', 'h', `g${by}`, by)
    }
    await d.sameSorted('HGETALL', 'h')
    await d.same('HSET', 'h', 'i', '9223372036854775807', 's', 'abc', 'inf', 'inf', 'sp', ' 1', 'e', '1e5')
    await d.same('HINCRBYFLOAT', 'h', 'i', '1')
    await d.same('HINCRBYFLOAT', 'h', 'e', '1')
    await d.sameError('HINCRBYFLOAT', 'h', 's', '1')
    await d.sameError('HINCRBYFLOAT', 'h', 'sp', '1')
    await d.sameError('HINCRBYFLOAT', 'h', 'inf', '1')
    for (const by of ['x', 'nan', '', ' 1', '1 ', '1e', '0x', '1e5000', '1_0', '1\x00']) {
      await d.sameError('HINCRBYFLOAT', 'h', 'n', by)
    }
    for (const by of ['inf', '-inf', 'Infinity']) await d.sameError('HINCRBYFLOAT', 'h', 'n', by)
    await d.same('HEXISTS', 'h', 'n')
    await d.same('SET', 's', 'x')
    await d.sameError('HINCRBYFLOAT', 's', 'n', '1')
    await d.sameError('HINCRBYFLOAT', 's', 'n', 'x')
    await d.sameError('HINCRBYFLOAT', 'h', 'n')
  })

  test('HRANDFIELD with large negative counts', async () => {
    // Redis 7.0 builds the whole reply, however large (redlet caps it: core/values/random-picks.ts)
    await d.same('HSET', 'h', 'a', '1', 'b', '2')
    const [theirs, ours] = await d.sameShape('HRANDFIELD', 'h', '-100000', 'WITHVALUES')
    for (const got of [theirs, ours] as string[][]) {
      expect(got.length).toBe(200000)
      for (let i = 0; i < got.length; i += 2) expect(`${got[i]}${got[i + 1]}`).toMatch(/^(a1|b2)$/)
    }
    await d.sameShape('HRANDFIELD', 'h', '-100000')
    // a missing key or another type answers before the count matters
    await d.same('HRANDFIELD', 'none', '-9223372036854775807')
    await d.same('HRANDFIELD', 'none', '-4611686018427387903', 'WITHVALUES')
    await d.same('SET', 'str', 'x')
    await d.sameError('HRANDFIELD', 'str', '-9223372036854775807')
  })

  test('HRANDFIELD', async () => {
    await d.same('HSET', 'h', 'a', '1', 'b', '2', 'c', '3')
    const fields = ['a', 'b', 'c']
    const [, one] = await d.sameShape('HRANDFIELD', 'h')
    expect(fields).toContain(one)
    // a count reaching the size returns the whole listpack in order
    await d.same('HRANDFIELD', 'h', '3')
    await d.same('HRANDFIELD', 'h', '10', 'WITHVALUES')
    await d.same('HRANDFIELD', 'h', '0')
    await d.same('HRANDFIELD', 'h', '0', 'WITHVALUES')
    await d.same('HRANDFIELD', 'none')
    await d.same('HRANDFIELD', 'none', '5')
    await d.same('HRANDFIELD', 'none', '-5', 'WITHVALUES')
    for (const n of ['1', '2', '-1', '-7']) {
      const [, got] = await d.sameShape('HRANDFIELD', 'h', n)
      const list = got as string[]
      expect(list.length).toBe(Math.abs(Number(n)))
      for (const f of list) expect(fields).toContain(f)
      if (Number(n) > 0) expect(new Set(list).size).toBe(list.length)
    }
    const [, pairs] = await d.sameShape('HRANDFIELD', 'h', '-6', 'withvalues')
    const flat = pairs as string[]
    for (let i = 0; i < flat.length; i += 2) expect(flat[i + 1]).toBe(String(fields.indexOf(flat[i] as string) + 1))
    await d.both('HELLO', '3')
    await d.same('HRANDFIELD', 'h', '5', 'WITHVALUES')
    const [, nested] = await d.sameShape('HRANDFIELD', 'h', '-2', 'WITHVALUES')
    for (const p of nested as string[][]) expect(p[1]).toBe(String(fields.indexOf(p[0] as string) + 1))
    await d.same('HRANDFIELD', 'none')
    await d.both('HELLO', '2')
    // a hashtable hash: distinct picks
    const args: string[] = []
    for (let i = 0; i < 200; i++) args.push(`f${i}`, `v${i}`)
    await d.same('HSET', 'big', ...args)
    for (const n of ['5', '100', '199']) {
      const [, got] = await d.sameShape('HRANDFIELD', 'big', n)
      expect(new Set(got as string[]).size).toBe(Number(n))
    }
    await d.sameSorted('HRANDFIELD', 'big', '200')
    await d.sameError('HRANDFIELD', 'h', 'x')
    await d.sameError('HRANDFIELD', 'h', '-9223372036854775808')
    await d.sameError('HRANDFIELD', 'h', '9223372036854775808')
    await d.sameError('HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES')
    await d.sameError('HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES')
    await d.sameError('HRANDFIELD', 'h', '1', 'x')
    await d.sameError('HRANDFIELD', 'h', '1', 'WITHVALUES', 'x')
    await d.sameError('HRANDFIELD', 'none', 'x')
    await d.same('SET', 's', 'x')
    await d.sameError('HRANDFIELD', 's')
    await d.sameError('HRANDFIELD', 's', '1')
    await d.sameError('HRANDFIELD', 's', 'x')
    await d.sameError('HRANDFIELD')
  })

  test('HSCAN', async () => {
    await d.same('HSET', 'h', 'n1', 'a', 'x', 'b', 'n2', 'c')
    await d.same('HSCAN', 'h', '0')
    await d.same('HSCAN', 'h', '0', 'MATCH', 'n*')
    await d.same('HSCAN', 'h', '0', 'MATCH', 'n*', 'COUNT', '1')
    await d.same('HSCAN', 'h', '0', 'COUNT', '1', 'MATCH', '*')
    await d.same('HSCAN', 'h', '123')
    await d.same('HSCAN', 'h', '-1')
    await d.same('HSCAN', 'h', '')
    await d.same('HSCAN', 'h', '+5')
    await d.same('HSCAN', 'h', '18446744073709551615')
    await d.same('HSCAN', 'none', '0')
    await d.same('HSCAN', 'none', '0', 'COUNT', '0')
    await d.both('HELLO', '3')
    await d.same('HSCAN', 'h', '0', 'MATCH', 'x')
    await d.both('HELLO', '2')
    await d.sameError('HSCAN', 'h', 'x')
    await d.sameError('HSCAN', 'h', '18446744073709551616')
    await d.sameError('HSCAN', 'h', '-')
    await d.sameError('HSCAN', 'h', ' 1')
    await d.sameError('HSCAN', 'h', '0', 'COUNT', '0')
    await d.sameError('HSCAN', 'h', '0', 'COUNT', '-1')
    await d.sameError('HSCAN', 'h', '0', 'COUNT', 'x')
    await d.sameError('HSCAN', 'h', '0', 'MATCH')
    await d.sameError('HSCAN', 'h', '0', 'TYPE', 'string')
    await d.sameError('HSCAN', 'h', '0', 'NOVALUES')
    await d.same('SET', 's', 'x')
    await d.sameError('HSCAN', 's', '0')
    await d.sameError('HSCAN', 's', 'x')
    await d.sameError('HSCAN', 'h')
  })

  test('HSCAN over a hashtable visits every field', async () => {
    const args: string[] = []
    for (let i = 0; i < 300; i++) args.push(`f${i}`, `v${i}`)
    await d.same('HSET', 'big', ...args)
    for (const c of [d.redis, d.redlet]) {
      const seen = new Map<string, string>()
      let cursor = '0'
      do {
        const [next, items] = parseReply(await c.call('HSCAN', 'big', cursor, 'COUNT', '20')) as [string, string[]]
        for (let i = 0; i < items.length; i += 2) seen.set(items[i] as string, items[i + 1] as string)
        cursor = next
      } while (cursor !== '0')
      expect(seen.size).toBe(300)
      expect(seen.get('f123')).toBe('v123')
    }
  })

  test('HSCAN ends on a hash growing faster than it reads, with every field present throughout', async () => {
    // more fields than hash-max-listpack-entries (512): a hashtable, scanned in steps
    const stable = Array.from({ length: 600 }, (_, i) => `f${i}`)
    for (const c of [d.redis, d.redlet]) {
      await c.call('HSET', 'g', ...stable.flatMap((f) => [f, 'v']), 'gone', 'v')
      const seen = new Set<string>()
      let cursor = '0'
      let calls = 0
      let n = 0
      do {
        const [next, items] = parseReply(await c.call('HSCAN', 'g', cursor, 'COUNT', '10')) as [string, string[]]
        for (let i = 0; i < items.length; i += 2) seen.add(items[i] as string)
        cursor = next
        await c.call('HSET', 'g', ...Array.from({ length: 30 }, () => [`new${n++}`, 'v']).flat())
        if (calls === 3) await c.call('HDEL', 'g', 'gone')
        calls++
      } while (cursor !== '0' && calls < 5000)
      expect(cursor).toBe('0')
      for (const f of stable) expect(seen.has(f), f).toBe(true)
    }
  })

  test('OBJECT ENCODING: listpack until the limits, never back', async () => {
    const long = 'x'.repeat(65)
    await d.same('HSET', 'h', 'a', '1')
    await d.same('OBJECT', 'ENCODING', 'h')
    await d.same('HSET', 'h', 'a', long)
    await d.same('OBJECT', 'ENCODING', 'h')
    await d.same('HDEL', 'h', 'a')
    await d.same('HSET', 'h', 'a', '1')
    await d.same('OBJECT', 'ENCODING', 'h')
    await d.same('HSET', 'f', long, '1')
    await d.same('OBJECT', 'ENCODING', 'f')
    await d.same('HSET', 'nx', 'a', '1')
    await d.same('HSETNX', 'nx', 'a', long)
    await d.same('OBJECT', 'ENCODING', 'nx')
    await d.same('HSETNX', 'nx', long, '1')
    await d.same('OBJECT', 'ENCODING', 'nx')
    await d.same('HSET', 'i', 'a', '1')
    await d.same('HINCRBY', 'i', long, '1')
    await d.same('OBJECT', 'ENCODING', 'i')
    await d.same('HSET', 'fl', 'a', '1')
    await d.same('HINCRBYFLOAT', 'fl', 'a', '1e70')
    await d.same('OBJECT', 'ENCODING', 'fl')
    await d.same('CONFIG', 'SET', 'hash-max-listpack-entries', '2')
    await d.same('HSET', 'e', 'a', '1', 'b', '2')
    await d.same('OBJECT', 'ENCODING', 'e')
    await d.same('HSET', 'e', 'c', '3')
    await d.same('OBJECT', 'ENCODING', 'e')
    await d.same('HSET', 'e3', 'a', '1', 'b', '2', 'c', '3')
    await d.same('OBJECT', 'ENCODING', 'e3')
    await d.same('CONFIG', 'SET', 'hash-max-listpack-entries', '0')
    await d.same('HSET', 'z', 'a', '1')
    await d.same('OBJECT', 'ENCODING', 'z')
    await d.same('CONFIG', 'SET', 'hash-max-listpack-entries', '512')
    await d.same('CONFIG', 'SET', 'hash-max-listpack-value', '0')
    await d.same('HSET', 'v', 'a', '1')
    await d.same('OBJECT', 'ENCODING', 'v')
    await d.same('HSET', 'empty', '', '')
    await d.same('OBJECT', 'ENCODING', 'empty')
    await d.same('CONFIG', 'SET', 'hash-max-listpack-value', '64')
  })

  test('TTL is kept by writes and goes with the emptied key', async () => {
    await d.same('HSET', 'h', 'a', '1', 'b', '2')
    await d.same('EXPIRE', 'h', '100')
    await d.same('HSET', 'h', 'c', '3')
    await d.same('HINCRBY', 'h', 'n', '1')
    await d.same('HINCRBYFLOAT', 'h', 'n', '1.5')
    await d.same('HSETNX', 'h', 'd', '1')
    await d.same('HDEL', 'h', 'a')
    await d.sameApprox(1, 'TTL', 'h')
    await d.same('HDEL', 'h', 'b', 'c', 'n', 'd')
    await d.same('TTL', 'h')
    await d.same('HSET', 'h', 'a', '1')
    await d.same('TTL', 'h')
  })

  test('keyspace events', async () => {
    const sub = await d.connect()
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    await sub.same('PSUBSCRIBE', '__key*__:*')
    const script: string[][] = [
      ['HSET', 'h', 'a', '1', 'b', '2'], ['HSET', 'h', 'a', '1'], ['HSETNX', 'h', 'a', '1'], ['HSETNX', 'h', 'c', '1'],
      ['HMSET', 'h', 'd', '1'], ['HDEL', 'h', 'x'], ['HDEL', 'h', 'a', 'b'], ['HINCRBY', 'h', 'n', '2'],
      ['HINCRBYFLOAT', 'h', 'f', '1.5'], ['HGET', 'h', 'a'], ['HDEL', 'h', 'c', 'd', 'n', 'f'],
      ['HINCRBY', 'h2', 'n', '1'], ['HINCRBYFLOAT', 'h3', 'n', '1'], ['HSETNX', 'h4', 'a', '1'],
    ]
    for (const cmd of script) await d.same(...(cmd as [string, ...string[]]))
    await d.same('PING')
    await sameEvents(sub)
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', '')
  })
})
