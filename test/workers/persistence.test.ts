/**
 * Durability: everything written is back after a Miniflare restart on the same
 * persist directory, and sessions survive hibernation (which cannot be forced
 * locally: the test waits it out, once).
 */
import { describe, expect, test } from 'vitest'
import { rest, rpc, sleep, startWorker, tempDir, WsClient, type RunningWorker } from './harness.js'

async function restarted(dir: string, w: RunningWorker): Promise<RunningWorker> {
  await w.close()
  return startWorker({ persist: dir })
}

const storageStats = async (w: RunningWorker): Promise<{ keys: number; chunks: number; load: { keys: number; chunked: number; expired: number } }> =>
  (await rpc(w, 'storageStats', [])).ok as { keys: number; chunks: number; load: { keys: number; chunked: number; expired: number } }

describe('persistence across a restart', () => {
  test('every type, TTLs, databases, config and a stream consumer group come back', async () => {
    const dir = tempDir()
    let w = await startWorker({ persist: dir })
    const c = await WsClient.connect(w.url)
    const setup: (string | number)[][] = [
      // a config set at run time is kept: the hash below is a hashtable before and after
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '1'],
      ['FUNCTION', 'LOAD', "#!lua name=greet\nredis.register_function('greet', function(keys, args) return 'hi ' .. args[1] end)"],
      ['SET', 'str', 'hello'],
      ['SET', 'int', '42'],
      ['SET', 'ttl', 'v', 'PX', '600000'],
      ['RPUSH', 'list', 'a', 'b', 'c'],
      ['HSET', 'hash', 'f1', 'v1', 'f2', 'v2'],
      ['SADD', 'set', 'x', 'y', '1'],
      ['ZADD', 'zset', '1', 'one', '2.5', 'two'],
      ['PFADD', 'hll', 'a', 'b', 'c'],
      ['SETBIT', 'bits', '7', '1'],
      ['XADD', 'stream', '1-1', 'k', 'v'],
      ['XADD', 'stream', '2-1', 'k', 'w'],
      ['XGROUP', 'CREATE', 'stream', 'grp', '0'],
      ['XREADGROUP', 'GROUP', 'grp', 'alice', 'COUNT', '1', 'STREAMS', 'stream', '>'],
      ['XACK', 'stream', 'grp', '1-1'],
      ['XREADGROUP', 'GROUP', 'grp', 'bob', 'COUNT', '1', 'STREAMS', 'stream', '>'],
      ['SELECT', '3'],
      ['SET', 'in3', 'three'],
      ['SET', 'gone', 'x'],
      ['DEL', 'gone'],
      ['SELECT', '4'],
      ['SET', 'flushed', 'x'],
      ['FLUSHDB'],
      ['SELECT', '6'],
      ['SET', 'swapped', 'from6'],
      ['SWAPDB', '6', '7'],
      ['SELECT', '0'],
    ]
    for (const argv of setup) await c.call(...argv)
    const check: (string | number)[][] = [
      ['GET', 'str'],
      ['OBJECT', 'ENCODING', 'int'],
      ['LRANGE', 'list', '0', '-1'],
      ['HGETALL', 'hash'],
      ['SMEMBERS', 'set'],
      ['ZRANGE', 'zset', '0', '-1', 'WITHSCORES'],
      ['PFCOUNT', 'hll'],
      ['GETBIT', 'bits', '7'],
      ['XRANGE', 'stream', '-', '+'],
      ['XINFO', 'GROUPS', 'stream'],
      ['XPENDING', 'stream', 'grp'],
      ['XINFO', 'CONSUMERS', 'stream', 'grp'],
      ['CONFIG', 'GET', 'hash-max-listpack-entries'],
      ['FCALL', 'greet', '0', 'there'],
      ['OBJECT', 'ENCODING', 'hash'],
      ['SELECT', '3'],
      ['GET', 'in3'],
      ['EXISTS', 'gone'],
      ['SELECT', '4'],
      ['DBSIZE'],
      ['SELECT', '7'],
      ['GET', 'swapped'],
      ['SELECT', '6'],
      ['DBSIZE'],
      ['SELECT', '0'],
    ]
    const before: string[] = []
    for (const argv of check) before.push(await c.call(...argv))
    const ttlBefore = Number((await c.call('PTTL', 'ttl')).slice(1))
    await c.close()
    expect(before[0]).toBe('$5\r\nhello\r\n')
    expect(before[10]).toMatch(/^\*4\r\n:1\r\n/)
    expect(before[13]).toBe('$8\r\nhi there\r\n')

    w = await restarted(dir, w)
    const d = await WsClient.connect(w.url)
    const after: string[] = []
    for (const argv of check) after.push(await d.call(...argv))
    // XINFO CONSUMERS reports idle times, which moved on
    const stable = (xs: string[]): string[] => xs.map((x, i) => (i === 11 ? x.replace(/:\d+\r\n/g, ':N\r\n') : x))
    expect(stable(after)).toEqual(stable(before))
    const ttlAfter = Number((await d.call('PTTL', 'ttl')).slice(1))
    expect(ttlAfter).toBeLessThanOrEqual(ttlBefore)
    expect(ttlAfter).toBeGreaterThan(500000)
    // the consumer group carries on where it was
    expect(await d.call('XREADGROUP', 'GROUP', 'grp', 'carol', 'STREAMS', 'stream', '>')).toBe('*-1\r\n')
    expect(await d.call('XACK', 'stream', 'grp', '2-1')).toBe(':1\r\n')
    await d.close()
    w = await restarted(dir, w)
    expect((await rest(w.url, '/', ['XPENDING', 'stream', 'grp'])).json).toEqual({ result: [0, null, null, null] })
    await w.close()
  })

  test('large values are stored in chunks, and a small change rewrites few of them', async () => {
    const dir = tempDir()
    let w = await startWorker({ persist: dir })
    const c = await WsClient.connect(w.url)
    for (let i = 0; i < 20000; i += 1000) {
      const args: string[] = []
      for (let j = i; j < i + 1000; j++) args.push(`field:${j}`, `value-${j}-${'x'.repeat(20)}`)
      await c.call('HSET', 'bighash', ...args)
    }
    await c.call('SET', 'bigstring', 'y'.repeat(600 * 1024))
    const s1 = await storageStats(w)
    expect(s1.keys).toBe(2)
    expect(s1.chunks).toBeGreaterThan(4)
    const written1 = ((await rpc(w, 'storageStats', [])).ok as { rowsWritten: number }).rowsWritten
    await c.call('HSET', 'bighash', 'field:10000', 'changed')
    const written2 = ((await rpc(w, 'storageStats', [])).ok as { rowsWritten: number }).rowsWritten
    // one key row plus the few chunks around the change
    expect(written2 - written1).toBeLessThanOrEqual(6)
    const digest = await c.call('HGETALL', 'bighash')
    await c.call('HDEL', 'bighash', 'field:0')
    await c.call('HSET', 'bighash', 'field:0', 'value-0-' + 'x'.repeat(20))
    await c.close()
    w = await restarted(dir, w)
    const s2 = await storageStats(w)
    expect(s2.load.chunked).toBe(2)
    const d = await WsClient.connect(w.url)
    expect(await d.call('HLEN', 'bighash')).toBe(':20000\r\n')
    expect(await d.call('HGET', 'bighash', 'field:10000')).toBe('$7\r\nchanged\r\n')
    expect(await d.call('STRLEN', 'bigstring')).toBe(`:${600 * 1024}\r\n`)
    expect((await d.call('HGETALL', 'bighash')).length).toBe(digest.length)
    // shrinking a value back into its row drops its chunks
    await d.call('SET', 'bigstring', 'small')
    await d.call('DEL', 'bighash')
    expect(await storageStats(w)).toMatchObject({ keys: 1, chunks: 0 })
    await d.close()
    await w.close()
  })

  test('expired keys are deleted from storage too', async () => {
    const dir = tempDir()
    let w = await startWorker({ persist: dir })
    await rest(w.url, '/pipeline', [
      ['SET', 'short1', 'x', 'PX', '50'],
      ['SET', 'short2', 'x', 'PX', '50'],
      ['SET', 'long', 'x', 'EX', '1000'],
      ['SET', 'plain', 'x'],
    ])
    expect((await storageStats(w)).keys).toBe(4)
    // active expiry runs from the object's alarm
    for (let i = 0; i < 40 && (await storageStats(w)).keys !== 2; i++) await sleep(100)
    expect((await storageStats(w)).keys).toBe(2)
    await rest(w.url, '/', ['SET', 'short3', 'x', 'PX', '1'])
    await w.close()
    await sleep(20)
    w = await startWorker({ persist: dir })
    const s = await storageStats(w)
    expect(s.keys).toBe(2)
    expect((await rest(w.url, '/', ['DBSIZE'])).json).toEqual({ result: 2 })
    await w.close()
  })
})

describe('hibernation', () => {
  test('sessions keep their state while the object sleeps (waits > 10 s)', async () => {
    const w = await startWorker()
    const sub = await WsClient.connect(w.url)
    expect(await sub.call('HELLO', '3')).toMatch(/^%7/)
    expect(await sub.call('CLIENT', 'SETNAME', 'sleeper')).toBe('+OK\r\n')
    expect(await sub.call('SELECT', '2')).toBe('+OK\r\n')
    expect(await sub.call('SUBSCRIBE', 'wake')).toBe('>3\r\n$9\r\nsubscribe\r\n$4\r\nwake\r\n:1\r\n')
    const tx = await WsClient.connect(w.url)
    expect(await tx.call('SET', 'watched', '1')).toBe('+OK\r\n')
    expect(await tx.call('WATCH', 'watched')).toBe('+OK\r\n')
    expect(await tx.call('MULTI')).toBe('+OK\r\n')
    expect(await tx.call('INCR', 'watched')).toBe('+QUEUED\r\n')
    // a WATCH touched by another client before the sleep still fails EXEC after it
    const touched = await WsClient.connect(w.url)
    expect(await touched.call('WATCH', 'touched')).toBe('+OK\r\n')
    expect(await touched.call('MULTI')).toBe('+OK\r\n')
    expect(await touched.call('SET', 'touched', 'mine')).toBe('+QUEUED\r\n')
    expect((await rest(w.url, '/', ['SET', 'touched', 'theirs'])).json).toEqual({ result: 'OK' })
    const blocked = await WsClient.connect(w.url)
    blocked.send('BLPOP', 'jobs', '0')
    blocked.send('ECHO', 'behind the block')
    // client-side caching: a RESP3 tracker, and a RESP2 one redirecting to a subscriber of __redis__:invalidate
    const tracker = await WsClient.connect(w.url)
    expect(await tracker.call('HELLO', '3')).toMatch(/^%7/)
    expect(await tracker.call('CLIENT', 'TRACKING', 'ON', 'NOLOOP')).toBe('+OK\r\n')
    expect(await tracker.call('GET', 'cached')).toBe('_\r\n')
    const inbox = await WsClient.connect(w.url)
    const inboxId = /^:(\d+)/.exec(await inbox.call('CLIENT', 'ID'))?.[1] ?? ''
    expect(await inbox.call('SUBSCRIBE', '__redis__:invalidate')).toBe('*3\r\n$9\r\nsubscribe\r\n$20\r\n__redis__:invalidate\r\n:1\r\n')
    const redirected = await WsClient.connect(w.url)
    expect(await redirected.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', inboxId)).toBe('+OK\r\n')
    const monitor = await WsClient.connect(w.url)
    expect(await monitor.call('MONITOR')).toBe('+OK\r\n')
    const runId = async (): Promise<string> => /run_id:([0-9a-f]+)/.exec(((await rest(w.url, '/', ['INFO', 'server'])).json as { result: string }).result)?.[1] ?? ''
    const before = await runId()
    await sleep(12000)
    // a new instance of the object: its engine was rebuilt from storage and the sockets' attachments
    expect(await runId()).not.toBe(before)
    expect((await rest(w.url, '/', ['PUBLISH', 'wake', 'up'])).json).toEqual({ result: 1 })
    expect(await sub.next()).toBe('>3\r\n$7\r\nmessage\r\n$4\r\nwake\r\n$2\r\nup\r\n')
    expect(await sub.call('CLIENT', 'GETNAME')).toBe('$7\r\nsleeper\r\n')
    expect(await sub.call('SET', 'db2key', 'v')).toBe('+OK\r\n')
    expect((await rest(w.url, '/pipeline', [['SELECT', '2'], ['GET', 'db2key']])).json).toEqual([{ result: 'OK' }, { result: 'v' }])
    expect(await tx.call('EXEC')).toBe('*1\r\n:2\r\n')
    expect(await touched.call('EXEC')).toBe('*-1\r\n')
    expect((await rest(w.url, '/', ['RPUSH', 'jobs', 'j1'])).json).toEqual({ result: 1 })
    expect(await blocked.next()).toBe('*2\r\n$4\r\njobs\r\n$2\r\nj1\r\n')
    expect(await blocked.next()).toBe('$16\r\nbehind the block\r\n')
    // what the trackers read before the sleep is forgotten: each is told to drop its whole cache
    expect(await tracker.next()).toBe('>2\r\n$10\r\ninvalidate\r\n_\r\n')
    expect(await inbox.next()).toBe('*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n$-1\r\n')
    expect(await tracker.call('CLIENT', 'TRACKINGINFO')).toBe(
      '%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$6\r\nnoloop\r\n$8\r\nredirect\r\n:0\r\n$8\r\nprefixes\r\n*0\r\n',
    )
    // and tracking goes on: the redirect names the subscriber under its new id (the invalidation below reaches it)
    expect(await redirected.call('CLIENT', 'GETREDIR')).toMatch(/^:[1-9]\d*\r\n$/)
    expect(await tracker.call('GET', 'cached')).toBe('_\r\n')
    expect(await redirected.call('GET', 'cached')).toBe('$-1\r\n')
    expect((await rest(w.url, '/', ['SET', 'cached', 'now'])).json).toEqual({ result: 'OK' })
    expect(await tracker.next()).toBe('>2\r\n$10\r\ninvalidate\r\n*1\r\n$6\r\ncached\r\n')
    expect(await inbox.next()).toBe('*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$6\r\ncached\r\n')
    // MONITOR survives too: it has seen every command since the wake, the SET among them
    const seen: string[] = []
    while (seen.length < 50 && !(seen[seen.length - 1] ?? '').includes('"SET" "cached" "now"')) seen.push(await monitor.next())
    expect(seen[seen.length - 1]).toMatch(/^\+\d+\.\d{6} \[0 rest:\d+\] "SET" "cached" "now"\r\n$/)
    await Promise.all([sub.close(), tx.close(), touched.close(), blocked.close(), tracker.close(), inbox.close(), redirected.close(), monitor.close()])
    await w.close()
  }, 40000)
})

describe('memory', () => {
  test('writes get the OOM error at maxmemory; an eviction policy evicts, in storage too', async () => {
    const w = await startWorker({ maxmemory: '2mb' })
    expect((await rest(w.url, '/', ['CONFIG', 'GET', 'maxmemory'])).json).toEqual({ result: ['maxmemory', String(2 * 1024 * 1024)] })
    const value = 'x'.repeat(1000)
    let oom = ''
    for (let i = 0; i < 100 && oom === ''; i++) {
      const r = await rest(w.url, '/pipeline', Array.from({ length: 50 }, (_, j) => ['SET', `k${i}:${j}`, value]))
      for (const x of r.json as { error?: string }[]) if (x.error !== undefined) oom = x.error
    }
    expect(oom).toBe("OOM command not allowed when used memory > 'maxmemory'.")
    expect((await rest(w.url, '/', ['GET', 'k0:0'])).json).toEqual({ result: value })
    const before = (await storageStats(w)).keys
    expect((await rest(w.url, '/', ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'])).json).toEqual({ result: 'OK' })
    for (let i = 0; i < 20; i++) await rest(w.url, '/pipeline', Array.from({ length: 50 }, (_, j) => ['SET', `more${i}:${j}`, value]))
    const info = ((await rest(w.url, '/', ['INFO', 'stats'])).json as { result: string }).result
    expect(Number(/evicted_keys:(\d+)/.exec(info)?.[1])).toBeGreaterThan(0)
    const dbsize = (await rest(w.url, '/', ['DBSIZE'])).json as { result: number }
    expect((await storageStats(w)).keys).toBe(dbsize.result)
    expect(dbsize.result).toBeLessThan(before + 1000)
    await w.close()
  })
})

describe('a write storage cannot take', () => {
  test('is never acknowledged: the object resets, memory and storage agree', async () => {
    const w = await startWorker()
    const c = await WsClient.connect(w.url)
    expect(await c.call('SET', 'before', '1')).toBe('+OK\r\n')
    // a Durable Object row holds at most 2 MB, and a key lives in its row
    const hugeKey = 'k'.repeat(2_500_000)
    c.send('SET', hugeKey, 'v')
    await c.closed
    // no reply came: the write was never acknowledged
    expect(await c.quiet(0)).toBe(true)
    expect((await rest(w.url, '/', ['EXISTS', hugeKey.slice(0, 10)])).json).toEqual({ result: 0 })
    expect((await rest(w.url, '/', ['DBSIZE'])).json).toEqual({ result: 1 })
    expect((await rest(w.url, '/', ['GET', 'before'])).json).toEqual({ result: '1' })
    await w.close()
  })
})
