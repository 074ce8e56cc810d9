import { describe, expect, test } from 'vitest'
import { testEngine, T0 } from '../../helpers/engine.js'
import { setConfigRewriter } from '../../../src/commands/server-config.js'
import { logOf } from '../../helpers/unit.js'

/** The text of a bulk reply. */
function bulkText(reply: string): string {
  const nl = reply.indexOf('\r\n')
  return reply.slice(nl + 2, reply.length - 2)
}

/** INFO text as section title → field → value. */
function parseInfo(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>()
  let cur = new Map<string, string>()
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) out.set(line.slice(2), (cur = new Map()))
    else if (line !== '') cur.set(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1))
  }
  return out
}

describe('DBSIZE', () => {
  test('counts keys of the selected database', () => {
    const c = testEngine().client()
    expect(c('DBSIZE')).toBe(':0\r\n')
    c('SET', 'a', '1')
    c('SET', 'b', '1')
    expect(c('DBSIZE')).toBe(':2\r\n')
    c('SELECT', '1')
    expect(c('DBSIZE')).toBe(':0\r\n')
    expect(c('DBSIZE', 'x')).toBe("-ERR wrong number of arguments for 'dbsize' command\r\n")
  })
})

describe('FLUSHDB and FLUSHALL', () => {
  test('FLUSHDB empties the selected database only', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'a', '1')
    c('SELECT', '1')
    c('SET', 'b', '1')
    expect(c('FLUSHDB')).toBe('+OK\r\n')
    expect(c('DBSIZE')).toBe(':0\r\n')
    c('SELECT', '0')
    expect(c('DBSIZE')).toBe(':1\r\n')
    expect(c('FLUSHDB', 'ASYNC')).toBe('+OK\r\n')
    expect(c('FLUSHDB', 'sync')).toBe('+OK\r\n')
    expect(c('DBSIZE')).toBe(':0\r\n')
  })

  test('FLUSHALL empties every database and counts the removed keys as changes', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'a', '1')
    c('SELECT', '5')
    c('SET', 'b', '1')
    const before = t.engine.dirty
    expect(c('FLUSHALL', 'SYNC')).toBe('+OK\r\n')
    expect(t.engine.dirty - before).toBe(2)
    expect(c('DBSIZE')).toBe(':0\r\n')
    expect(c('FLUSHALL', 'async')).toBe('+OK\r\n')
    expect(t.engine.dirty - before).toBe(2)
  })

  test('both are logged even when nothing was removed', () => {
    const t = testEngine()
    const log = logOf(t)
    const c = t.client()
    c('FLUSHALL')
    c('FLUSHDB', 'ASYNC')
    expect(log).toEqual(['FLUSHALL', 'FLUSHDB ASYNC'])
  })

  test('WATCH sees a flush of a watched key', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'k', '1')
    c('WATCH', 'k')
    t.client()('FLUSHALL')
    c('MULTI')
    c('GET', 'k')
    expect(c('EXEC')).toBe('*-1\r\n')
    c('WATCH', 'missing')
    t.client()('FLUSHDB')
    c('MULTI')
    expect(c('EXEC')).toBe('*0\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('FLUSHALL', 'foo')).toBe('-ERR syntax error\r\n')
    expect(c('FLUSHALL', 'ASYNC', 'SYNC')).toBe('-ERR syntax error\r\n')
    expect(c('FLUSHDB', 'x')).toBe('-ERR syntax error\r\n')
  })
})

describe('SWAPDB', () => {
  test('swaps the contents of two databases', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'a', 'zero')
    c('SELECT', '1')
    c('SET', 'b', 'one')
    expect(c('SWAPDB', '0', '1')).toBe('+OK\r\n')
    expect(c('GET', 'a')).toBe('$4\r\nzero\r\n')
    c('SELECT', '0')
    expect(c('GET', 'b')).toBe('$3\r\none\r\n')
    expect(c('SWAPDB', '0', '0')).toBe('+OK\r\n')
  })

  test('invalidates WATCH on both sides', () => {
    const t = testEngine()
    const c = t.client()
    c('SELECT', '1')
    c('SET', 'k', 'v')
    c('SELECT', '0')
    c('WATCH', 'k')
    t.client()('SWAPDB', '0', '1')
    c('MULTI')
    expect(c('EXEC')).toBe('*-1\r\n')
  })

  test('wakes clients blocked on keys the swap brings in', () => {
    const t = testEngine()
    const w = t.client({ blocking: true })
    const c = t.client()
    expect(w('BLPOP', 'q', '0')).toBe('')
    c('SELECT', '1')
    c('RPUSH', 'q', 'x')
    c('SWAPDB', '0', '1')
    expect(w.pending()).toBe('*2\r\n$1\r\nq\r\n$1\r\nx\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('SWAPDB', 'a', '1')).toBe('-ERR invalid first DB index\r\n')
    expect(c('SWAPDB', '1', 'a')).toBe('-ERR invalid second DB index\r\n')
    expect(c('SWAPDB', '2147483648', '1')).toBe('-ERR invalid first DB index\r\n')
    expect(c('SWAPDB', '1', '16')).toBe('-ERR DB index is out of range\r\n')
    expect(c('SWAPDB', '-1', '1')).toBe('-ERR DB index is out of range\r\n')
    expect(c('SWAPDB', '1')).toBe("-ERR wrong number of arguments for 'swapdb' command\r\n")
  })
})

describe('TIME and LASTSAVE', () => {
  test('read the engine clock', () => {
    const t = testEngine()
    const c = t.client()
    t.clock.advance(1234)
    const now = T0 + 1234
    expect(c('TIME')).toBe(`*2\r\n$10\r\n${Math.floor(now / 1000)}\r\n$6\r\n234000\r\n`)
    expect(c('LASTSAVE')).toBe(`:${Math.floor(T0 / 1000)}\r\n`)
    expect(c('TIME', 'x')).toBe("-ERR wrong number of arguments for 'time' command\r\n")
    expect(c('LASTSAVE', 'x')).toBe("-ERR wrong number of arguments for 'lastsave' command\r\n")
  })
})

describe('INFO', () => {
  test('default sections, in order', () => {
    const c = testEngine().client()
    const titles = [...parseInfo(bulkText(c('INFO'))).keys()]
    expect(titles).toEqual(['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Errorstats', 'Cluster', 'Keyspace'])
    const all = [...parseInfo(bulkText(c('INFO', 'all'))).keys()]
    expect(all).toEqual([...titles.slice(0, 8), 'Commandstats', 'Errorstats', 'Latencystats', 'Cluster', 'Keyspace'])
    expect([...parseInfo(bulkText(c('INFO', 'everything'))).keys()]).toEqual(all)
    expect([...parseInfo(bulkText(c('INFO', 'keyspace', 'SERVER', 'server', 'nope'))).keys()]).toEqual(['Server', 'Keyspace'])
    expect(c('INFO', 'nope')).toBe('$0\r\n\r\n')
  })

  test('server facts', () => {
    const t = testEngine()
    const c = t.client()
    t.clock.advance(90_000)
    const s = parseInfo(bulkText(c('INFO', 'server'))).get('Server') as Map<string, string>
    expect(s.get('redis_version')).toBe('7.0.15')
    expect(s.get('redis_mode')).toBe('standalone')
    expect(s.get('uptime_in_seconds')).toBe('90')
    expect(s.get('hz')).toBe('10')
    expect(s.get('run_id')).toMatch(/^[0-9a-f]{40}$/)
    expect(s.get('server_time_usec')).toBe(String((T0 + 90_000) * 1000))
  })

  test('clients, persistence, stats and keyspace', () => {
    const t = testEngine()
    const c = t.client()
    t.client()
    c('SET', 'a', '1')
    c('SET', 'b', '1', 'EX', '100')
    c('GET', 'a')
    c('GET', 'zz')
    c('GET')
    c('ECHO', 'x')
    c('ECHO')
    const info = parseInfo(bulkText(c('INFO', 'all')))
    expect(info.get('Clients')?.get('connected_clients')).toBe('2')
    expect(info.get('Persistence')?.get('loading')).toBe('0')
    expect(info.get('Persistence')?.get('rdb_changes_since_last_save')).toBe('2')
    const stats = info.get('Stats') as Map<string, string>
    expect(stats.get('keyspace_hits')).toBe('1')
    expect(stats.get('keyspace_misses')).toBe('1')
    expect(stats.get('total_error_replies')).toBe('2')
    expect(info.get('Errorstats')?.get('errorstat_ERR')).toBe('count=2')
    expect(info.get('Commandstats')?.get('cmdstat_echo')).toBe('calls=1,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0')
    expect(info.get('Keyspace')?.get('db0')).toBe('keys=2,expires=1,avg_ttl=100000')
    expect(info.get('Cluster')?.get('cluster_enabled')).toBe('0')
  })

  test('adapter-supplied values replace the core defaults', () => {
    const t = testEngine({ serverInfo: { process_id: 4242, used_memory_rss: 2048 } })
    const info = parseInfo(bulkText(t.client()('INFO', 'server', 'memory')))
    expect(info.get('Server')?.get('process_id')).toBe('4242')
    expect(info.get('Memory')?.get('used_memory_rss')).toBe('2048')
    expect(info.get('Memory')?.get('used_memory_rss_human')).toBe('2.00K')
  })

  test('RESP3 gets verbatim text', () => {
    const c = testEngine().client({ proto: 3 })
    expect(c('INFO', 'cluster')).toBe('=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n')
  })
})

describe('CONFIG GET', () => {
  test('plain names, aliases and globs', () => {
    const c = testEngine().client()
    expect(c('CONFIG', 'GET', 'maxclients')).toBe('*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n')
    expect(c('CONFIG', 'GET', 'MAXCLIENTS')).toBe('*2\r\n$10\r\nMAXCLIENTS\r\n$5\r\n10000\r\n')
    expect(c('CONFIG', 'GET', 'hash-max-ziplist-entries')).toBe('*2\r\n$24\r\nhash-max-ziplist-entries\r\n$3\r\n512\r\n')
    expect(c('CONFIG', 'GET', 'hash-max-*-entries')).toBe(
      '*4\r\n$25\r\nhash-max-listpack-entries\r\n$3\r\n512\r\n$24\r\nhash-max-ziplist-entries\r\n$3\r\n512\r\n',
    )
    expect(c('CONFIG', 'GET', 'nope')).toBe('*0\r\n')
  })

  test('several patterns, each name once', () => {
    const c = testEngine().client()
    expect(c('CONFIG', 'GET', 'maxclients', 'MAXCLIENTS', 'timeout')).toBe('*4\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n$7\r\ntimeout\r\n$1\r\n0\r\n')
    expect(c('CONFIG', 'GET')).toBe("-ERR wrong number of arguments for 'config|get' command\r\n")
  })

  test('RESP3 map', () => {
    const c = testEngine().client({ proto: 3 })
    expect(c('CONFIG', 'GET', 'timeout')).toBe('%1\r\n$7\r\ntimeout\r\n$1\r\n0\r\n')
  })
})

describe('CONFIG SET', () => {
  test('sets several values at once', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('CONFIG', 'SET', 'maxclients', '100', 'timeout', '30')).toBe('+OK\r\n')
    expect(t.engine.config.get('maxclients')).toBe('100')
    expect(t.engine.config.get('timeout')).toBe('30')
    expect(c('CONFIG', 'SET', 'hz', '1000')).toBe('+OK\r\n')
    expect(c('CONFIG', 'GET', 'hz')).toBe('*2\r\n$2\r\nhz\r\n$3\r\n500\r\n')
    expect(c('CONFIG', 'SET', 'hash-max-ziplist-entries', '5', 'hash-max-listpack-entries', '6')).toBe('+OK\r\n')
    expect(t.engine.config.get('hash-max-listpack-entries')).toBe('6')
  })

  test('all or nothing', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('CONFIG', 'SET', 'maxclients', '10', 'hz', 'abc')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer\r\n",
    )
    expect(t.engine.config.get('maxclients')).toBe('10000')
  })

  test("Redis's error texts, checked in argument order", () => {
    const c = testEngine().client()
    expect(c('CONFIG', 'SET', 'maxclients')).toBe("-ERR wrong number of arguments for 'config|set' command\r\n")
    expect(c('CONFIG', 'SET', 'maxclients', '10', 'port')).toBe('-ERR syntax error\r\n')
    expect(c('CONFIG', 'SET', 'nope', '1')).toBe("-ERR Unknown option or number of arguments for CONFIG SET - 'nope'\r\n")
    expect(c('CONFIG', 'SET', 'daemonize', 'yes', 'nope', '1')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n",
    )
    expect(c('CONFIG', 'SET', 'maxclients', 'abc', 'daemonize', 'yes')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n",
    )
    expect(c('CONFIG', 'SET', 'dir', '/tmp')).toBe("-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n")
    expect(c('CONFIG', 'SET', 'maxclients', '1', 'MAXCLIENTS', '2')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'MAXCLIENTS') - duplicate parameter\r\n",
    )
    expect(c('CONFIG', 'SET', 'maxclients', '0')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive\r\n",
    )
    expect(c('CONFIG', 'SET', 'appendonly', 'maybe')).toBe("-ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'\r\n")
    expect(c('CONFIG', 'SET', 'maxmemory', '1x')).toBe("-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n")
  })

  test('protected settings follow enable-protected-configs', () => {
    const t = testEngine({ config: { 'enable-protected-configs': 'yes' } })
    expect(t.client()('CONFIG', 'SET', 'dbfilename', 'x.rdb')).toBe('+OK\r\n')
  })

  test('"local" lets in-process and loopback clients change protected settings, not remote ones', () => {
    const t = testEngine({ config: { 'enable-protected-configs': 'local' } })
    const refused = "-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config\r\n"
    const run = (kind: 'tcp' | 'inprocess' | 'websocket' | 'rest', addr: string): string => {
      let out = ''
      const s = t.engine.createSession({ write: (r) => (out = r.t === 'error' ? `-${r.v}\r\n` : `+${String(r.v)}\r\n`) }, { kind, addr })
      t.engine.dispatch(s, ['CONFIG', 'SET', 'dbfilename', 'b.rdb'])
      return out
    }
    expect(run('inprocess', '')).toBe('+OK\r\n')
    expect(run('tcp', '127.0.0.1:50000')).toBe('+OK\r\n')
    expect(run('tcp', '10.1.2.3:50000')).toBe(refused)
    expect(run('websocket', '')).toBe(refused)
    expect(run('rest', '')).toBe(refused)
  })
})

describe('CONFIG RESETSTAT, REWRITE and HELP', () => {
  test('RESETSTAT zeroes the counters', () => {
    const t = testEngine()
    const c = t.client()
    c('GET', 'k')
    c('GET')
    expect(c('CONFIG', 'RESETSTAT')).toBe('+OK\r\n')
    const info = parseInfo(bulkText(c('INFO', 'stats', 'errorstats', 'commandstats')))
    expect(info.get('Stats')?.get('keyspace_misses')).toBe('0')
    expect(info.get('Stats')?.get('total_error_replies')).toBe('0')
    expect(info.get('Errorstats')?.size).toBe(0)
    // the RESETSTAT call itself is counted once it completes
    expect([...(info.get('Commandstats')?.keys() ?? [])]).toEqual(['cmdstat_config|resetstat'])
    expect(c('CONFIG', 'RESETSTAT', 'x')).toBe("-ERR wrong number of arguments for 'config|resetstat' command\r\n")
  })

  test('each engine counts its own commands', () => {
    const a = testEngine().client()
    const b = testEngine().client()
    a('SET', 'k', 'v')
    a('SET', 'k', 'v')
    a('GET')
    b('GET', 'k')
    const statsA = parseInfo(bulkText(a('INFO', 'commandstats'))).get('Commandstats')
    const statsB = parseInfo(bulkText(b('INFO', 'commandstats'))).get('Commandstats')
    expect(statsA?.get('cmdstat_set')).toBe('calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0')
    expect(statsA?.get('cmdstat_get')).toBe('calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0')
    expect(statsB?.get('cmdstat_set')).toBeUndefined()
    expect(statsB?.get('cmdstat_get')).toBe('calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0')
  })

  test('REWRITE without a config file', () => {
    const c = testEngine().client()
    expect(c('CONFIG', 'REWRITE')).toBe('-ERR The server is running without a config file\r\n')
  })

  test('REWRITE updates settings in place, keeps comments, appends the rest', () => {
    const t = testEngine()
    let file = '# my server\nport 6379\nmaxmemory 1mb\nhash-max-ziplist-entries 100\nsave 900 1\nsave 300 10\nsome-module-option x\n'
    setConfigRewriter(t.engine, (render) => {
      file = render(file)
      return null
    })
    const c = t.client()
    c('CONFIG', 'SET', 'maxmemory', '30mb', 'hash-max-listpack-entries', '64', 'save', '60 1000', 'requirepass', 'a b', 'maxclients', '100')
    expect(c('CONFIG', 'REWRITE')).toBe('+OK\r\n')
    expect(file).toBe(
      '# my server\nport 6379\nmaxmemory 30mb\nhash-max-listpack-entries 64\nsave 60 1000\nsome-module-option x\n' +
        '# Generated by CONFIG REWRITE\nrequirepass "a b"\nmaxclients 100\n',
    )
    c('CONFIG', 'SET', 'maxclients', '200')
    c('CONFIG', 'REWRITE')
    expect(file.endsWith('# Generated by CONFIG REWRITE\nrequirepass "a b"\nmaxclients 200\n')).toBe(true)
    setConfigRewriter(t.engine, () => 'Permission denied')
    expect(c('CONFIG', 'REWRITE')).toBe('-ERR Rewriting config file: Permission denied\r\n')
  })

  test('HELP', () => {
    const c = testEngine().client()
    expect(c('CONFIG', 'HELP')).toBe(
      '*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET <pattern>\r\n+    Return parameters matching the glob-like <pattern> and their values.\r\n' +
        '+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n' +
        '+REWRITE\r\n+    Rewrite the configuration file.\r\n+HELP\r\n+    Prints this help.\r\n',
    )
    expect(c('CONFIG', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n")
    expect(c('CONFIG')).toBe("-ERR wrong number of arguments for 'config' command\r\n")
  })
})

describe('COMMAND', () => {
  test('COUNT matches the table and the full listing', () => {
    const t = testEngine()
    const c = t.client()
    const n = new Set(t.engine.commands.values()).size
    expect(c('COMMAND', 'COUNT')).toBe(`:${n}\r\n`)
    expect(c('COMMAND').startsWith(`*${n}\r\n*10\r\n`)).toBe(true)
    expect(c('COMMAND', 'INFO').startsWith(`*${n}\r\n`)).toBe(true)
    expect(c('COMMAND', 'COUNT', 'x')).toBe("-ERR wrong number of arguments for 'command|count' command\r\n")
  })

  test('INFO of one command, a subcommand and an unknown name', () => {
    const c = testEngine().client()
    expect(c('COMMAND', 'INFO', 'ping', 'nope')).toBe(
      '*2\r\n*10\r\n$4\r\nping\r\n:-1\r\n*1\r\n+fast\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@fast\r\n+@connection\r\n' +
        '*2\r\n$25\r\nrequest_policy:all_shards\r\n$29\r\nresponse_policy:all_succeeded\r\n*0\r\n*0\r\n$-1\r\n',
    )
    expect(c('COMMAND', 'INFO', 'CONFIG|GET')).toBe(
      '*1\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n*0\r\n*0\r\n*0\r\n',
    )
  })

  test('INFO of a command with a key spec, in RESP3', () => {
    const c = testEngine().client({ proto: 3 })
    expect(c('COMMAND', 'INFO', 'get')).toBe(
      '*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n' +
        '%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n' +
        '$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n',
    )
  })

  test('DOCS from the record', () => {
    const c = testEngine().client()
    const echo = c('COMMAND', 'DOCS', 'echo', 'nope')
    expect(echo).toBe(
      '*2\r\n$4\r\necho\r\n*10\r\n$7\r\nsummary\r\n$25\r\nReturns the given string.\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n' +
        '$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n*1\r\n*4\r\n$4\r\nname\r\n$7\r\nmessage\r\n$4\r\ntype\r\n$6\r\nstring\r\n',
    )
    expect(c('COMMAND', 'DOCS', 'nope')).toBe('*0\r\n')
    const flush = c('COMMAND', 'DOCS', 'flushall')
    expect(flush).toContain('$7\r\nhistory\r\n*2\r\n*2\r\n$5\r\n4.0.0\r\n')
    expect(flush).toContain('$5\r\ntoken\r\n$5\r\nASYNC\r\n$5\r\nsince\r\n$5\r\n4.0.0\r\n')
    expect(c('COMMAND', 'DOCS', 'config')).toContain('$11\r\nsubcommands\r\n*10\r\n$10\r\nconfig|get\r\n')
  })

  test('LIST with and without filters', () => {
    const c = testEngine().client()
    const names = (r: string): string[] => r.split('\r\n').filter((l, i) => i > 0 && l !== '' && !l.startsWith('$'))
    const all = names(c('COMMAND', 'LIST'))
    expect(all).toContain('get')
    expect(all).toContain('config|get')
    expect(names(c('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'CONFIG*')).sort()).toEqual(
      ['config', 'config|get', 'config|help', 'config|resetstat', 'config|rewrite', 'config|set'],
    )
    const conn = names(c('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'CONNECTION'))
    expect(conn).toContain('client|id')
    expect(conn).not.toContain('client')
    expect(c('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', '@connection')).toBe('*0\r\n')
    expect(c('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'foo')).toBe('*0\r\n')
    expect(c('COMMAND', 'LIST', 'FILTERBY', 'foo', 'bar')).toBe('-ERR syntax error\r\n')
    expect(c('COMMAND', 'LIST', 'FILTERBY', 'pattern')).toBe('-ERR syntax error\r\n')
    expect(c('COMMAND', 'LIST', 'x')).toBe('-ERR syntax error\r\n')
  })

  test('GETKEYS and GETKEYSANDFLAGS', () => {
    const c = testEngine().client()
    expect(c('COMMAND', 'GETKEYS', 'SET', 'a', 'b')).toBe('*1\r\n$1\r\na\r\n')
    expect(c('COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2')).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n')
    expect(c('COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b')).toBe('*1\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+update\r\n')
    expect(c('COMMAND', 'GETKEYS', 'GET', 'a', 'b')).toBe('-ERR Invalid number of arguments specified for command\r\n')
    expect(c('COMMAND', 'GETKEYS', 'nope', 'a')).toBe('-ERR Invalid command specified\r\n')
    expect(c('COMMAND', 'GETKEYS', 'config', 'foo')).toBe('-ERR Invalid command specified\r\n')
    expect(c('COMMAND', 'GETKEYS', 'ping', 'x')).toBe('-ERR The command has no key arguments\r\n')
    expect(c('COMMAND', 'GETKEYS', 'CONFIG', 'GET', 'x')).toBe('-ERR The command has no key arguments\r\n')
    expect(c('COMMAND', 'GETKEYS', 'get')).toBe("-ERR wrong number of arguments for 'command|getkeys' command\r\n")
  })

  test('HELP and unknown subcommands', () => {
    const c = testEngine().client()
    expect(c('COMMAND', 'HELP').startsWith('*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+(no subcommand)\r\n')).toBe(true)
    expect(c('COMMAND', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\r\n")
  })
})
