import { expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply, type Arg } from '../helpers/resp-client.js'

type Info = Map<string, Map<string, string>>

function parseInfo(buf: Buffer): Info {
  const text = String(parseReply(buf)).replace(/^txt:/, '')
  const out: Info = new Map()
  let cur = new Map<string, string>()
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) out.set(line.slice(2), (cur = new Map()))
    else if (line !== '') cur.set(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1))
  }
  return out
}

/** Fields whose values both servers must agree on, given the same history of commands. */
const DETERMINISTIC: Record<string, string[]> = {
  Server: ['redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_mode', 'process_supervised', 'hz', 'configured_hz', 'io_threads_active'],
  Clients: ['cluster_connections', 'maxclients', 'blocked_clients', 'tracking_clients', 'clients_in_timeout_table'],
  Memory: ['maxmemory', 'maxmemory_human', 'maxmemory_policy', 'mem_replication_backlog', 'mem_clients_slaves', 'active_defrag_running'],
  Persistence: ['loading', 'async_loading', 'rdb_bgsave_in_progress', 'rdb_last_bgsave_status', 'aof_enabled', 'aof_rewrite_in_progress', 'aof_last_write_status'],
  Stats: [
    'keyspace_hits',
    'keyspace_misses',
    'total_error_replies',
    'expired_keys',
    'evicted_keys',
    'rejected_connections',
    'pubsub_channels',
    'pubsub_patterns',
    'pubsubshard_channels',
    'sync_full',
    'tracking_total_keys',
  ],
  Replication: ['role', 'connected_slaves', 'master_failover_state', 'master_replid2', 'master_repl_offset', 'second_repl_offset', 'repl_backlog_active'],
  CPU: ['used_cpu_sys_children', 'used_cpu_user_children'],
  Cluster: ['cluster_enabled'],
}

/** Compares INFO of both servers: the same sections, the same field names, and the deterministic values. */
function info(p: DiffPair) {
  return {
    async same(...args: Arg[]): Promise<[Info, Info]> {
      const [a, b] = await p.both(...args)
      expect(String.fromCharCode(b[0] as number)).toBe(String.fromCharCode(a[0] as number))
      const ra = parseInfo(a)
      const rb = parseInfo(b)
      expect([...rb.keys()], args.join(' ')).toEqual([...ra.keys()])
      for (const [section, fields] of ra) {
        const mine = rb.get(section) as Map<string, string>
        // latency histograms are not kept; command and error lines depend on the commands run
        if (section === 'Latencystats' || section === 'Commandstats' || section === 'Errorstats' || section === 'Keyspace') continue
        expect([...mine.keys()], section).toEqual([...fields.keys()])
        for (const f of DETERMINISTIC[section] ?? []) expect(`${f}:${mine.get(f)}`, section).toBe(`${f}:${fields.get(f)}`)
      }
      return [ra, rb]
    },
  }
}

/** INFO commandstats of both servers with the timings masked. */
async function commandstats(p: DiffPair): Promise<void> {
  const [a, b] = await p.both('INFO', 'commandstats')
  const calls = (buf: Buffer): string[] =>
    String(parseReply(buf))
      .split('\r\n')
      .filter((l) => l.startsWith('cmdstat_'))
      .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
      .sort()
  expect(calls(b)).toEqual(calls(a))
}

/** CONFIG GET replies as name → value (Redis orders them by its dictionary). */
function configMap(buf: Buffer): Record<string, string> {
  const v = parseReply(buf) as string[]
  const out: Record<string, string> = {}
  for (let i = 0; i < v.length; i += 2) out[v[i] as string] = v[i + 1] as string
  return out
}

function config(p: DiffPair) {
  return {
    async same(...args: Arg[]): Promise<void> {
      const [a, b] = await p.both(...args)
      expect(configMap(b), args.join(' ')).toEqual(configMap(a))
    },
  }
}

describeDiff('server commands against redis-server', () => {
  const d = useDifferential()

  test('DBSIZE', async () => {
    await d.same('DBSIZE')
    await d.same('MSET', 'a', '1', 'b', '2')
    await d.same('DBSIZE')
    await d.sameError('DBSIZE', 'x')
  })

  test('FLUSHDB and FLUSHALL with their modes', async () => {
    const p = await d.connect()
    await p.same('SET', 'a', '1')
    await p.same('SELECT', '1')
    await p.same('SET', 'b', '1')
    await p.same('FLUSHDB')
    await p.same('DBSIZE')
    await p.same('SELECT', '0')
    await p.same('DBSIZE')
    await p.same('FLUSHDB', 'ASYNC')
    await p.same('FLUSHDB', 'sync')
    await p.same('SET', 'c', '1')
    await p.same('FLUSHALL', 'SYNC')
    await p.same('FLUSHALL', 'async')
    await p.same('DBSIZE')
    await p.sameError('FLUSHALL', 'foo')
    await p.sameError('FLUSHALL', 'ASYNC', 'SYNC')
    await p.sameError('FLUSHALL', 'SYNC', 'ASYNC')
    await p.sameError('FLUSHDB', 'x')
    await p.sameError('FLUSHDB', 'SYNC', 'SYNC')
    await p.sameError('FLUSHDB', 'SYNC', 'ASYNC')
  })

  test('FLUSHALL and FLUSHDB fail a WATCH on a key they remove', async () => {
    const p = await d.connect()
    const other = await d.connect()
    await p.same('SET', 'k', '1')
    await p.same('WATCH', 'k')
    await other.same('FLUSHALL')
    await p.same('MULTI')
    await p.same('GET', 'k')
    await p.same('EXEC')
    await p.same('WATCH', 'nothing')
    await other.same('FLUSHDB')
    await p.same('MULTI')
    await p.same('EXEC')
  })

  test('SWAPDB', async () => {
    const p = await d.connect()
    await p.same('SET', 'a', 'zero')
    await p.same('SELECT', '1')
    await p.same('SET', 'b', 'one')
    await p.same('SWAPDB', '0', '1')
    await p.same('GET', 'a')
    await p.same('SELECT', '0')
    await p.same('GET', 'b')
    await p.same('SWAPDB', '0', '0')
    await p.same('SWAPDB', '15', '0')
    await p.same('DBSIZE')
    await p.sameError('SWAPDB', 'a', '1')
    await p.sameError('SWAPDB', '1', 'a')
    await p.sameError('SWAPDB', '2147483648', '1')
    await p.sameError('SWAPDB', '1', '16')
    await p.sameError('SWAPDB', '-1', '1')
    await p.sameError('SWAPDB', '1')
  })

  test('SWAPDB fails a WATCH and serves clients blocked on the other side', async () => {
    const p = await d.connect()
    const w = await d.connect()
    await p.same('SELECT', '1')
    await p.same('SET', 'k', 'v')
    await p.same('SELECT', '0')
    await p.same('WATCH', 'k')
    await w.same('SWAPDB', '0', '1')
    await p.same('MULTI')
    await p.same('EXEC')
    await p.same('SWAPDB', '0', '1')
    w.redis.send('BLPOP', 'q', '0')
    w.redlet.send('BLPOP', 'q', '0')
    await p.same('SELECT', '1')
    await p.same('RPUSH', 'q', 'x')
    await p.same('SWAPDB', '0', '1')
    const [a, b] = await Promise.all([w.redis.read(), w.redlet.read()])
    expect(b.toString('latin1')).toBe(a.toString('latin1'))
  })

  test('TIME and LASTSAVE', async () => {
    const [a, b] = await d.both('TIME')
    const [ta, tb] = [parseReply(a) as string[], parseReply(b) as string[]]
    expect(tb.length).toBe(2)
    expect(Math.abs(Number(tb[0]) - Number(ta[0]))).toBeLessThanOrEqual(1)
    expect(Number(tb[1])).toBeLessThan(1_000_000)
    await d.sameShape('TIME')
    await d.sameShape('LASTSAVE')
    await d.sameError('TIME', 'x')
    await d.sameError('LASTSAVE', 'x')
  })

  test('INFO: sections and field names as 7.0.15 prints them', async () => {
    const p = await d.connect()
    const i = info(p)
    await i.same('INFO')
    await i.same('INFO', 'everything')
    await i.same('INFO', 'all')
    await i.same('INFO', 'default')
    await i.same('INFO', 'server', 'clients')
    await i.same('INFO', 'KEYSPACE', 'memory', 'keyspace')
    for (const s of ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'cluster']) await i.same('INFO', s)
    await p.same('INFO', 'nope')
    await p.same('INFO', 'modules')
    await p.same('INFO', 'cluster')
    await p.both('HELLO', '3')
    await p.same('INFO', 'cluster', 'nope')
    await i.same('INFO', 'persistence')
  })

  test('INFO and COMMAND refused in a RESP2 subscription', async () => {
    const p = await d.connect()
    await p.same('SUBSCRIBE', 'ch')
    await p.sameError('INFO', 'server')
    await p.sameError('COMMAND', 'INFO', 'get')
    await p.sameError('COMMAND', 'DOCS', 'get')
    await p.sameError('CONFIG', 'GET', 'hz')
    await p.same('QUIT')
  })

  test('INFO: keyspace, stats, commandstats and errorstats follow the commands run', async () => {
    const p = await d.connect()
    await p.same('CONFIG', 'RESETSTAT')
    await p.same('SET', 'a', '1')
    await p.same('SET', 'b', '1')
    await p.same('SELECT', '3')
    await p.same('SET', 'c', '1')
    await p.same('SELECT', '0')
    await p.same('GET', 'a')
    await p.same('GET', 'zz')
    await p.sameError('GET')
    await p.sameError('NOSUCHCOMMAND')
    await p.sameError('CLIENT', 'NOPE')
    await p.same('INFO', 'keyspace')
    await p.same('INFO', 'errorstats')
    await commandstats(p)
    const [ia, ib] = await info(p).same('INFO', 'stats')
    expect(ib.get('Stats')?.get('total_commands_processed')).toBe(ia.get('Stats')?.get('total_commands_processed'))
  })

  test('CONFIG GET: names, aliases, globs and several patterns', async () => {
    const c = config(d)
    for (const args of [
      ['maxclients'],
      ['MAXCLIENTS'],
      ['hash-max-ziplist-entries'],
      ['hash-max-*-entries'],
      ['*max-*-entries*'],
      ['maxclients', 'MAXCLIENTS', 'timeout'],
      ['hz', 'h?'],
      ['nope'],
      ['proto-max-bulk-len', 'client-query-buffer-limit', 'client-output-buffer-limit'],
      ['requirepass', 'databases', 'notify-keyspace-events', 'maxmemory', 'maxmemory-policy', 'maxmemory-samples'],
      ['list-max-ziplist-size', 'zset-max-listpack-*', 'set-max-intset-entries'],
      ['appendonly', 'appendfsync', 'lua-time-limit', 'busy-reply-threshold'],
    ]) {
      await c.same('CONFIG', 'GET', ...args)
    }
    await d.same('CONFIG', 'GET', 'maxclients')
    await d.sameError('CONFIG', 'GET')
    const p = await d.connect()
    await p.both('HELLO', '3')
    await p.same('CONFIG', 'GET', 'timeout')
  })

  test('CONFIG SET: several pairs, all or nothing', async () => {
    const p = await d.connect()
    const c = config(p)
    await p.same('CONFIG', 'SET', 'maxclients', '100', 'timeout', '30')
    await c.same('CONFIG', 'GET', 'maxclients', 'timeout')
    await p.same('CONFIG', 'SET', 'hz', '1000')
    await c.same('CONFIG', 'GET', 'hz')
    await p.same('CONFIG', 'SET', 'hz', '0')
    await c.same('CONFIG', 'GET', 'hz')
    await p.same('CONFIG', 'SET', 'hash-max-ziplist-entries', '5', 'hash-max-listpack-entries', '6')
    await c.same('CONFIG', 'GET', 'hash-max-*')
    await p.same('CONFIG', 'SET', 'maxmemory', '10mb', 'maxmemory-policy', 'ALLKEYS-LRU')
    await c.same('CONFIG', 'GET', 'maxmemory', 'maxmemory-policy')
    await p.same('CONFIG', 'SET', 'notify-keyspace-events', 'KEA')
    await c.same('CONFIG', 'GET', 'notify-keyspace-events')
    await p.same('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 512kb 30')
    await c.same('CONFIG', 'GET', 'client-output-buffer-limit')
    await p.same('CONFIG', 'SET', 'save', '', 'appendonly', 'no')
    await p.sameError('CONFIG', 'SET', 'maxclients', '10', 'hz', 'abc')
    await c.same('CONFIG', 'GET', 'maxclients')
    await p.same('CONFIG', 'SET', 'maxclients', '10000', 'timeout', '0', 'hz', '10', 'maxmemory', '0', 'maxmemory-policy', 'noeviction')
    await p.same('CONFIG', 'SET', 'hash-max-listpack-entries', '512', 'notify-keyspace-events', '', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60')
  })

  test("CONFIG SET: Redis's errors, in argument order", async () => {
    for (const args of [
      ['maxclients', '10', 'port'],
      ['nope', '1'],
      ['maxclients', '10', 'nope', '1'],
      ['daemonize', 'yes'],
      ['daemonize', 'yes', 'nope', '1'],
      ['nope', '1', 'daemonize', 'yes'],
      ['maxclients', 'abc', 'daemonize', 'yes'],
      ['dir', '/tmp'],
      ['dbfilename', 'x.rdb'],
      ['appendfilename', 'x'],
      ['maxclients', '1', 'MAXCLIENTS', '2'],
      ['maxclients', '1', 'nope', '1', 'maxclients', '2'],
      ['maxclients', '0'],
      ['maxclients', 'abc'],
      ['timeout', '-1'],
      ['appendonly', 'maybe'],
      ['maxmemory', '1x'],
      ['maxmemory', '-1'],
      ['maxmemory-policy', 'foo'],
      ['proto-max-bulk-len', '1'],
      ['save', 'abc'],
      ['notify-keyspace-events', 'Q'],
      ['client-output-buffer-limit', 'foo 1 2 3'],
      ['client-output-buffer-limit', 'pubsub 1 2'],
      ['client-output-buffer-limit', 'pubsub x 2 3'],
      ['loglevel', 'loud'],
    ]) {
      await d.sameError('CONFIG', 'SET', ...args)
    }
    await d.sameError('CONFIG', 'SET', 'maxclients')
    await d.sameError('CONFIG', 'SET')
  })

  test('CONFIG RESETSTAT, REWRITE, HELP', async () => {
    const p = await d.connect()
    await p.same('GET', 'k')
    await p.sameError('GET')
    await p.same('CONFIG', 'RESETSTAT')
    await p.same('INFO', 'errorstats')
    await commandstats(p)
    await p.sameError('CONFIG', 'RESETSTAT', 'x')
    await p.sameError('CONFIG', 'REWRITE')
    await p.sameError('CONFIG', 'REWRITE', 'x')
    await p.same('CONFIG', 'HELP')
    await p.sameError('CONFIG', 'HELP', 'x')
    await p.sameError('CONFIG')
    await p.sameError('CONFIG', 'FOO')
  })
})
