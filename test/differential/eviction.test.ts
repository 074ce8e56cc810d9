/**
 * maxmemory against redis-server where the outcome is deterministic: a limit of
 * one byte is always exceeded, so every policy evicts all it may and then
 * refuses denyoom commands. Which keys go, in which order (volatile-ttl), the
 * events, the errors, INFO's fields and scripts' OOM behaviour must match.
 */
import { afterEach, expect, test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'

const POLICIES = ['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']

describeDiff('maxmemory', () => {
  const d = useDifferential()

  afterEach(async () => {
    await d.same('CONFIG', 'SET', 'maxmemory', '0')
    await d.same('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', '')
  })

  async function fill(): Promise<void> {
    for (let i = 0; i < 8; i++) await d.same('SET', `plain:${i}`, 'v'.repeat(50))
    for (let i = 0; i < 4; i++) await d.same('SET', `ttl:${i}`, 'v'.repeat(50), 'EX', String(100 + i))
    await d.same('RPUSH', 'list', 'a', 'b')
    await d.same('HSET', 'hash', 'f', 'v')
  }

  for (const policy of POLICIES) {
    test(`${policy}: what goes, what stays, what is refused`, async () => {
      await fill()
      await d.same('CONFIG', 'SET', 'maxmemory-policy', policy)
      await d.same('CONFIG', 'SET', 'maxmemory', '1')
      await d.sameError('SET', 'k', 'v')
      await d.same('DBSIZE')
      await d.sameSorted('KEYS', '*')
      await d.sameError('INCR', 'n')
      await d.sameError('RPUSH', 'list2', 'x')
      await d.sameError('HSET', 'hash2', 'f', 'v')
      await d.sameError('SADD', 's', 'm')
      await d.sameError('ZADD', 'z', '1', 'm')
      await d.sameError('APPEND', 'plain:0', 'x')
      await d.same('GET', 'plain:0')
      await d.same('EXISTS', 'ttl:0')
      await d.same('CONFIG', 'GET', 'maxmemory-policy')
    })
  }

  test('reads and deletes still run; MULTI refuses everything and EXEC aborts', async () => {
    await fill()
    await d.same('CONFIG', 'SET', 'maxmemory', '1')
    await d.same('GET', 'plain:1')
    await d.same('DEL', 'plain:1')
    await d.same('TTL', 'ttl:1')
    await d.same('MULTI')
    await d.sameError('GET', 'plain:2')
    await d.sameError('DEL', 'plain:2')
    await d.sameError('EXEC')
    await d.same('MULTI')
    await d.same('DISCARD')
  })

  test('EXEC with queued writes is refused once memory runs out; with reads only it runs', async () => {
    const admin = await d.connect()
    await d.same('MULTI')
    await d.same('SET', 'a', 'b')
    await admin.same('CONFIG', 'SET', 'maxmemory', '1')
    await d.sameError('EXEC')
    await admin.same('CONFIG', 'SET', 'maxmemory', '0')
    await d.same('MULTI')
    await d.same('GET', 'a')
    await admin.same('CONFIG', 'SET', 'maxmemory', '1')
    await d.same('EXEC')
  })

  test('volatile-ttl evicts the soonest to expire first: evicted events in order', async () => {
    const sub = await d.connect()
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', 'Ee')
    await sub.same('SUBSCRIBE', '__keyevent@0__:evicted')
    await d.same('SET', 'b', 'x', 'EX', '300')
    await d.same('SET', 'a', 'x', 'EX', '100')
    await d.same('SET', 'c', 'x', 'EX', '200')
    await d.same('SET', 'plain', 'x')
    await d.same('CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl')
    await d.same('CONFIG', 'SET', 'maxmemory', '1')
    await d.sameError('SET', 'k', 'v')
    for (let i = 0; i < 3; i++) {
      const [a, b] = await Promise.all([sub.redis.read(), sub.redlet.read()])
      expect(b.toString('latin1')).toBe(a.toString('latin1'))
    }
    await d.same('KEYS', '*')
  })

  test('keyspace events name each evicted key', async () => {
    const sub = await d.connect()
    await d.same('CONFIG', 'SET', 'notify-keyspace-events', 'Ke')
    await sub.same('SUBSCRIBE', '__keyspace@0__:only')
    await d.same('SET', 'only', 'x')
    await d.same('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru')
    await d.same('CONFIG', 'SET', 'maxmemory', '1')
    await d.same('GET', 'only')
    const [a, b] = await Promise.all([sub.redis.read(), sub.redlet.read()])
    expect(b.toString('latin1')).toBe(a.toString('latin1'))
  })

  test('WATCH sees an evicted key as changed', async () => {
    const other = await d.connect()
    await d.same('SET', 'w', '1')
    await d.same('WATCH', 'w')
    await d.same('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random')
    await other.same('CONFIG', 'SET', 'maxmemory', '1')
    await other.same('GET', 'w')
    await other.same('CONFIG', 'SET', 'maxmemory', '0')
    await d.same('MULTI')
    await d.same('INCR', 'w')
    await d.same('EXEC')
  })

  test('scripts: calls are refused before the first write, shebang scripts up front, allow-oom runs', async () => {
    await d.same('SET', 'a', '1')
    await d.same('CONFIG', 'SET', 'maxmemory', '1')
    await d.sameError('EVAL', "return redis.call('set','a','b')", '0')
    await d.sameError('EVAL', "return redis.pcall('set','a','b')", '0')
    await d.same('EVAL', "return redis.call('get','a')", '0')
    await d.same('EVAL', "return redis.call('del','a')", '0')
    await d.sameError('EVAL', "#!lua\nreturn redis.call('get','a')", '0')
    await d.same('EVAL', "#!lua flags=no-writes\nreturn redis.call('get','a')", '0')
    await d.same('EVAL', "#!lua flags=allow-oom\nreturn redis.call('set','a','c')", '0')
    await d.same('GET', 'a')
  })

  test('INFO: the limit, the policy and evicted_keys', async () => {
    await d.same('CONFIG', 'SET', 'maxmemory', '10mb')
    await d.same('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu')
    for (const field of ['maxmemory', 'maxmemory_human', 'maxmemory_policy']) {
      const [a, b] = await d.both('INFO', 'memory')
      const line = (buf: Buffer): string | undefined => buf.toString('latin1').split('\r\n').find((l) => l.startsWith(`${field}:`))
      expect(line(b)).toBe(line(a))
    }
    await d.same('CONFIG', 'RESETSTAT')
    await fill()
    await d.same('CONFIG', 'SET', 'maxmemory', '1')
    await d.same('GET', 'nothing')
    const [a, b] = await d.both('INFO', 'stats')
    const evicted = (buf: Buffer): string | undefined => buf.toString('latin1').split('\r\n').find((l) => l.startsWith('evicted_keys:'))
    expect(evicted(b)).toBe(evicted(a))
    expect(evicted(a)).toBe('evicted_keys:14')
  })

  test('CONFIG SET checks the values', async () => {
    await d.sameError('CONFIG', 'SET', 'maxmemory-policy', 'lru')
    await d.sameError('CONFIG', 'SET', 'maxmemory', '-1')
    await d.sameError('CONFIG', 'SET', 'maxmemory-samples', '0')
    await d.sameError('CONFIG', 'SET', 'maxmemory-eviction-tenacity', '101')
    await d.same('CONFIG', 'SET', 'maxmemory-samples', '10')
    await d.same('CONFIG', 'GET', 'maxmemory-samples')
    await d.same('CONFIG', 'SET', 'maxmemory-samples', '5')
  })
})
