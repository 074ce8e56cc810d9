/**
 * Persistence of the Node server, in-process: snapshots (SAVE, BGSAVE, load at
 * start), the AOF (replay, cut-off tail repair, a damaged middle refused),
 * BGREWRITEAOF with clients writing meanwhile, CONFIG SET appendonly,
 * SHUTDOWN, and writes refused after a failed save.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { startServer, type RunningServer, type ServerOptions } from '../../adapters/node-tcp/index.js'
import { PersistenceLoadError } from '../../adapters/node-tcp/persistence/index.js'
import { RespClient } from '../helpers/resp-client.js'

const work = mkdtempSync(join(tmpdir(), 'redlet-persistence-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
let dirs = 0
const newDir = (): string => {
  const d = join(work, `d${dirs++}`)
  mkdirSync(d)
  return d
}

interface Running {
  server: RunningServer
  c: RespClient
  log: string[]
  stop(): Promise<void>
}

async function start(dir: string, config: Record<string, string | number> = {}, options: ServerOptions = {}): Promise<Running> {
  const log: string[] = []
  const server = await startServer({ port: 0, strict: true, log: (l) => log.push(l), ...options, config: { dir, ...config } })
  const c = await RespClient.connect(server.port)
  return {
    server,
    c,
    log,
    stop: async () => {
      c.close()
      await server.close()
    },
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function info(c: RespClient, field: string): Promise<string> {
  const text = await c.cmd('INFO', 'persistence')
  return new RegExp(`\\r\\n${field}:([^\\r]*)\\r\\n`).exec(text)?.[1] ?? ''
}

async function until(what: string, check: () => Promise<boolean>, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

/** Every key of some databases: type, content, TTL presence, as text. */
async function describeKeyspace(c: RespClient, dbs = [0, 1, 2]): Promise<string> {
  let out = ''
  for (const db of dbs) {
    await c.cmd('SELECT', db)
    const keys = [...(await c.cmd('KEYS', '*')).matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((m) => m[1] as string).sort()
    for (const k of keys) {
      const type = await c.cmd('TYPE', k)
      const read: Record<string, (string | number)[]> = {
        '+string\r\n': ['GET', k],
        '+list\r\n': ['LRANGE', k, 0, -1],
        '+set\r\n': ['SORT', k, 'ALPHA'],
        '+zset\r\n': ['ZRANGE', k, 0, -1, 'WITHSCORES'],
        '+hash\r\n': ['HGETALL', k],
      }
      const ttl = await c.cmd('PTTL', k)
      out += `${db} ${k} ${type.trim()} ${JSON.stringify(await c.cmd(...(read[type] as (string | number)[])))} ${ttl === ':-1\r\n' ? 'no-ttl' : 'ttl'}\n`
    }
  }
  await c.cmd('SELECT', 0)
  return out
}

async function populate(c: RespClient): Promise<void> {
  await c.cmd('SET', 'str', 'hello')
  await c.cmd('SET', 'bin', Buffer.from([0, 255, 13, 10]))
  await c.cmd('SET', 'ttl', 'v', 'EX', 1000)
  await c.cmd('INCRBY', 'n', 41)
  await c.cmd('RPUSH', 'list', 'a', 'b', 'c')
  await c.cmd('SADD', 'set', 'x', 'y')
  await c.cmd('ZADD', 'zset', 1.5, 'a', 2, 'b')
  await c.cmd('HSET', 'hash', 'f', 'v', 'g', 'w')
  await c.cmd('MULTI')
  await c.cmd('INCR', 'n')
  await c.cmd('LPUSH', 'list', 'z')
  await c.cmd('EXEC')
  await c.cmd('SELECT', 2)
  await c.cmd('SET', 'in2', 'x')
  await c.cmd('SELECT', 0)
}

const aofDir = (dir: string): string => join(dir, 'appendonlydir')
const incrFiles = (dir: string): string[] => readdirSync(aofDir(dir)).filter((f) => f.endsWith('.incr.aof')).sort()
const lastIncr = (dir: string): string => {
  const manifest = readFileSync(join(aofDir(dir), 'appendonly.aof.manifest'), 'latin1')
  const names = [...manifest.matchAll(/file (\S+) seq \d+ type i/g)].map((m) => m[1] as string)
  return join(aofDir(dir), names[names.length - 1] as string)
}

describe('snapshots', () => {
  test('SAVE writes the snapshot; a restart without AOF loads it', async () => {
    const dir = newDir()
    const a = await start(dir)
    await populate(a.c)
    await a.c.cmd('SET', 'short', 'v', 'PX', 50)
    const want = (await describeKeyspace(a.c)).replace(/^0 short .*\n/m, '')
    expect(await a.c.cmd('SAVE')).toBe('+OK\r\n')
    expect(await info(a.c, 'rdb_changes_since_last_save')).toBe('0')
    expect(Number((await a.c.cmd('LASTSAVE')).slice(1))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 2)
    await a.stop()
    expect(readFileSync(join(dir, 'dump.rdb')).subarray(0, 6).toString('latin1')).toBe('REDLET')
    await sleep(80)
    const b = await start(dir)
    expect(await describeKeyspace(b.c)).toBe(want)
    expect(await info(b.c, 'rdb_last_load_keys_loaded')).toBe('9')
    expect(await info(b.c, 'rdb_last_load_keys_expired')).toBe('1')
    expect(b.log.some((l) => l.startsWith('DB loaded from disk'))).toBe(true)
    await b.stop()
  })

  test('BGSAVE saves the data as it was when it began, while clients keep writing', async () => {
    const dir = newDir()
    const a = await start(dir)
    for (let i = 0; i < 40000; i += 1000) {
      const args: string[] = []
      for (let j = i; j < i + 1000; j++) args.push(`key:${j}`, `value:${j}`)
      await a.c.cmd('MSET', ...args)
    }
    await a.c.cmd('RPUSH', 'list', 'a')
    // pipelined: the writes after BGSAVE reach the server while the walk runs
    a.c.send('BGSAVE')
    for (let i = 0; i < 2000; i++) a.c.send('SET', `key:${(i * 7919) % 40000}`, 'overwritten')
    a.c.send('DEL', 'key:1', 'key:39999')
    a.c.send('RPUSH', 'list', 'b')
    a.c.send('SET', 'created', 'later')
    expect((await a.c.read()).toString()).toBe('+Background saving started\r\n')
    for (let i = 0; i < 2003; i++) await a.c.read()
    expect(await a.c.cmd('PING')).toBe('+PONG\r\n')
    await until('the BGSAVE', async () => (await info(a.c, 'rdb_bgsave_in_progress')) === '0')
    expect(await info(a.c, 'rdb_last_bgsave_status')).toBe('ok')
    expect(await info(a.c, 'rdb_changes_since_last_save')).not.toBe('0')
    await a.stop()
    const b = await start(dir)
    expect(await b.c.cmd('DBSIZE')).toBe(':40001\r\n')
    expect(await b.c.cmd('GET', 'key:7919')).toBe('$10\r\nvalue:7919\r\n')
    expect(await b.c.cmd('GET', 'key:39999')).toBe('$11\r\nvalue:39999\r\n')
    expect(await b.c.cmd('LRANGE', 'list', 0, -1)).toBe('*1\r\n$1\r\na\r\n')
    expect(await b.c.cmd('EXISTS', 'created')).toBe(':0\r\n')
    await b.stop()
  })

  test('a failed save turns writes away under save rules until a save works (MISCONF)', async () => {
    const dir = newDir()
    const a = await start(dir)
    await a.c.cmd('SET', 'k', 'v')
    rmSync(dir, { recursive: true })
    expect(await a.c.cmd('SAVE')).toBe('-ERR\r\n')
    expect(await a.c.cmd('BGSAVE')).toBe('+Background saving started\r\n')
    await until('the BGSAVE', async () => (await info(a.c, 'rdb_bgsave_in_progress')) === '0')
    expect(await info(a.c, 'rdb_last_bgsave_status')).toBe('err')
    expect(await a.c.cmd('SET', 'k', 'w')).toBe('+OK\r\n')
    await a.c.cmd('CONFIG', 'SET', 'save', '3600 1')
    expect(await a.c.cmd('SET', 'k', 'w')).toMatch(/^-MISCONF Redis is configured to save RDB snapshots/)
    expect(await a.c.cmd('GET', 'k')).toBe('$1\r\nw\r\n')
    mkdirSync(dir)
    expect(await a.c.cmd('BGSAVE')).toBe('+Background saving started\r\n')
    await until('the BGSAVE', async () => (await info(a.c, 'rdb_bgsave_in_progress')) === '0')
    expect(await info(a.c, 'rdb_last_bgsave_status')).toBe('ok')
    expect(await a.c.cmd('SET', 'k', 'x')).toBe('+OK\r\n')
    await a.stop()
  })

  test('save rules start a BGSAVE from the timer; FLUSHALL stops one and saves at once', async () => {
    const dir = newDir()
    const a = await start(dir, { save: '1 2' })
    await a.c.cmd('SET', 'a', '1')
    await a.c.cmd('SET', 'b', '2')
    await until('a save from the rules', async () => existsSync(join(dir, 'dump.rdb')), 5000)
    expect(a.log.some((l) => l === '2 changes in 1 seconds. Saving...')).toBe(true)
    await until('the BGSAVE', async () => (await info(a.c, 'rdb_bgsave_in_progress')) === '0')
    await a.c.cmd('CONFIG', 'SET', 'rdb-key-save-delay', 200000)
    expect(await a.c.cmd('BGSAVE')).toBe('+Background saving started\r\n')
    expect(await info(a.c, 'rdb_bgsave_in_progress')).toBe('1')
    await a.c.cmd('FLUSHALL')
    expect(await info(a.c, 'rdb_bgsave_in_progress')).toBe('0')
    expect(await info(a.c, 'rdb_changes_since_last_save')).toBe('0')
    await a.stop()
    const b = await start(dir)
    expect(await b.c.cmd('DBSIZE')).toBe(':0\r\n')
    await b.stop()
  })

  test('refuses to start on a damaged snapshot or RDB file', async () => {
    for (const content of ['REDIS0010\xfa\x09redis-ver', 'REDIS0011\xff', 'REDLET\x01\xfe\x00garbage', 'not a snapshot']) {
      const dir = newDir()
      writeFileSync(join(dir, 'dump.rdb'), Buffer.from(content, 'latin1'))
      await expect(start(dir)).rejects.toThrow(PersistenceLoadError)
    }
  })
})

describe('the append-only file', () => {
  test('every write is replayed at start; expired keys stay gone', async () => {
    const dir = newDir()
    const a = await start(dir, { appendonly: 'yes' })
    expect(a.log).toContain('Creating AOF base file appendonly.aof.1.base.redlet on server start')
    await populate(a.c)
    await a.c.cmd('SET', 'short', 'v', 'PX', 40)
    await a.c.cmd('HSET', 'h2', 'a', '1')
    await a.c.cmd('PEXPIRE', 'h2', 40)
    await a.c.cmd('HSET', 'h2', 'b', '2')
    await sleep(80)
    const want = await describeKeyspace(a.c)
    expect(want).not.toContain('short')
    await a.stop()
    const b = await start(dir, { appendonly: 'yes' })
    expect(await describeKeyspace(b.c)).toBe(want)
    expect(await info(b.c, 'aof_enabled')).toBe('1')
    expect(Number(await info(b.c, 'aof_current_size'))).toBeGreaterThan(100)
    await b.stop()
  })

  test('a cut-off last command is repaired at start; with aof-load-truncated no the server refuses', async () => {
    const dir = newDir()
    const a = await start(dir, { appendonly: 'yes' })
    await a.c.cmd('SET', 'a', '1')
    await a.c.cmd('INCR', 'n')
    await a.stop()
    const file = lastIncr(dir)
    const good = statSync(file).size
    appendFileSync(file, '*3\r\n$3\r\nset\r\n$1\r\nb\r\n$5\r\nhal')
    await expect(start(dir, { appendonly: 'yes', 'aof-load-truncated': 'no' })).rejects.toThrow(/ends in the middle of a command/)
    const b = await start(dir, { appendonly: 'yes' })
    expect(b.log.some((l) => l.startsWith('!!! Warning: the append only file appendonly.aof.1.incr.aof ends in the middle of a command: a short read at offset'))).toBe(true)
    expect(statSync(file).size).toBe(good)
    expect(await b.c.cmd('MGET', 'a', 'n', 'b')).toBe('*3\r\n$1\r\n1\r\n$1\r\n1\r\n$-1\r\n')
    await b.c.cmd('SET', 'c', '3')
    await b.stop()
    const c = await start(dir, { appendonly: 'yes' })
    expect(await c.c.cmd('MGET', 'a', 'c')).toBe('*2\r\n$1\r\n1\r\n$1\r\n3\r\n')
    await c.stop()
  })

  test('a transaction cut before its EXEC is dropped whole', async () => {
    const dir = newDir()
    const a = await start(dir, { appendonly: 'yes' })
    await a.c.cmd('SET', 'a', '1')
    await a.stop()
    appendFileSync(lastIncr(dir), '*1\r\n$5\r\nmulti\r\n*2\r\n$4\r\nincr\r\n$1\r\na\r\n')
    const b = await start(dir, { appendonly: 'yes' })
    expect(b.log.some((l) => l.includes('ends inside a MULTI/EXEC transaction'))).toBe(true)
    expect(await b.c.cmd('GET', 'a')).toBe('$1\r\n1\r\n')
    await b.stop()
  })

  test('a damaged middle refuses to start, saying where', async () => {
    const dir = newDir()
    const a = await start(dir, { appendonly: 'yes' })
    await a.c.cmd('SET', 'a', '1')
    await a.c.cmd('SET', 'b', '2')
    await a.stop()
    const file = lastIncr(dir)
    const text = readFileSync(file, 'latin1')
    writeFileSync(file, Buffer.from(text.replace('$1\r\na\r\n', '$1\r\na\r!'), 'latin1'))
    await expect(start(dir, { appendonly: 'yes' })).rejects.toThrow(/Bad file format reading the append only file appendonly\.aof\.1\.incr\.aof at offset \d+/)
    writeFileSync(file, Buffer.from(text.replace('$3\r\nSET\r\n', '$3\r\nSEX\r\n'), 'latin1'))
    await expect(start(dir, { appendonly: 'yes' })).rejects.toThrow("Unknown command 'SEX' reading the append only file appendonly.aof.1.incr.aof")
    writeFileSync(join(aofDir(dir), 'appendonly.aof.manifest'), 'file x seq 1 type q\n')
    await expect(start(dir, { appendonly: 'yes' })).rejects.toThrow(/Invalid AOF manifest file format/)
  })

  test('the AOF wins over the snapshot when appendonly is on', async () => {
    const dir = newDir()
    const a = await start(dir)
    await a.c.cmd('SET', 'from', 'snapshot')
    await a.c.cmd('SAVE')
    await a.stop()
    const b = await start(dir, { appendonly: 'yes' })
    expect(await b.c.cmd('DBSIZE')).toBe(':0\r\n')
    await b.stop()
  })

  test('BGREWRITEAOF compacts to a new base and incremental file, keeping writes made meanwhile', async () => {
    const dir = newDir()
    const a = await start(dir, { appendonly: 'yes' })
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 30000; i += 1000) {
        const args: string[] = []
        for (let j = i; j < i + 1000; j++) args.push(`key:${j}`, `v${round}:${j}`)
        await a.c.cmd('MSET', ...args)
      }
    }
    await a.c.cmd('RPUSH', 'list', 'a')
    const before = Number(await info(a.c, 'aof_current_size'))
    a.c.send('BGREWRITEAOF')
    for (let i = 0; i < 1000; i++) a.c.send('INCR', `counter:${i % 10}`)
    a.c.send('RPUSH', 'list', 'b')
    a.c.send('DEL', 'key:5')
    expect((await a.c.read()).toString()).toBe('+Background append only file rewriting started\r\n')
    for (let i = 0; i < 1002; i++) await a.c.read()
    expect(await a.c.cmd('BGREWRITEAOF')).toMatch(/^(-ERR Background append only file rewriting already in progress|\+Background append only file rewriting started)\r\n$/)
    await until('the rewrite', async () => (await info(a.c, 'aof_rewrite_in_progress')) === '0')
    await a.c.cmd('INCR', 'counter:0')
    expect(await info(a.c, 'aof_last_bgrewrite_status')).toBe('ok')
    expect(Number(await info(a.c, 'aof_current_size'))).toBeLessThan(before)
    const manifest = readFileSync(join(aofDir(dir), 'appendonly.aof.manifest'), 'latin1')
    expect(manifest).toMatch(/^file appendonly\.aof\.\d+\.base\.redlet seq \d+ type b\nfile appendonly\.aof\.\d+\.incr\.aof seq \d+ type i\n$/)
    expect(manifest).not.toContain('.1.')
    expect(incrFiles(dir)).toHaveLength(1)
    expect(readdirSync(aofDir(dir)).filter((f) => f.startsWith('temp-'))).toEqual([])
    const want = await describeKeyspace(a.c, [0])
    await a.stop()
    const b = await start(dir, { appendonly: 'yes' })
    expect(await b.c.cmd('GET', 'counter:0')).toBe('$3\r\n101\r\n')
    expect(await describeKeyspace(b.c, [0])).toBe(want)
    await b.stop()
  })

  test('automatic rewrite when the AOF doubles past auto-aof-rewrite-min-size', async () => {
    const dir = newDir()
    const a = await start(dir, { appendonly: 'yes', 'auto-aof-rewrite-min-size': 4096 })
    for (let i = 0; i < 200; i++) await a.c.cmd('SET', 'same', `value ${i}`)
    await until('an automatic rewrite', async () => (await info(a.c, 'aof_rewrites')) !== '0' && (await info(a.c, 'aof_rewrite_in_progress')) === '0')
    expect(a.log.some((l) => /^Starting automatic rewriting of AOF on \d+% growth$/.test(l))).toBe(true)
    expect(Number(await info(a.c, 'aof_current_size'))).toBeLessThan(4096)
    await a.stop()
    const b = await start(dir, { appendonly: 'yes' })
    expect(await b.c.cmd('GET', 'same')).toBe('$9\r\nvalue 199\r\n')
    await b.stop()
  })

  test('CONFIG SET appendonly yes writes an AOF of the data; no stops it', async () => {
    const dir = newDir()
    const a = await start(dir)
    await populate(a.c)
    expect(await a.c.cmd('CONFIG', 'SET', 'appendonly', 'yes')).toBe('+OK\r\n')
    await a.c.cmd('SET', 'after', 'on')
    await until('the first rewrite', async () => (await info(a.c, 'aof_rewrite_in_progress')) === '0')
    expect(await info(a.c, 'aof_enabled')).toBe('1')
    await a.c.cmd('SET', 'later', 'too')
    const want = await describeKeyspace(a.c)
    await a.stop()
    const b = await start(dir, { appendonly: 'yes' })
    expect(await describeKeyspace(b.c)).toBe(want)
    expect(await b.c.cmd('CONFIG', 'SET', 'appendonly', 'no')).toBe('+OK\r\n')
    expect(await info(b.c, 'aof_enabled')).toBe('0')
    await b.c.cmd('SET', 'not', 'logged')
    await b.stop()
    const c = await start(dir, { appendonly: 'yes' })
    expect(await c.c.cmd('EXISTS', 'not', 'later')).toBe(':1\r\n')
    await c.stop()
  })
})

describe('SHUTDOWN', () => {
  test('saves under save rules, closes the clients, then tells the host process', async () => {
    const dir = newDir()
    let shut = 0
    const a = await start(dir, { save: '3600 1', appendonly: 'yes' }, { onShutdown: () => shut++ })
    await a.c.cmd('SET', 'k', 'v')
    a.c.send('SHUTDOWN')
    expect(await a.c.waitClosed()).toBe(true)
    await until('onShutdown', async () => shut === 1)
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true)
    expect(a.log).toContain('Saving the final snapshot before exiting.')
    await expect(RespClient.connect(a.server.port)).rejects.toThrow()
    const b = await start(dir, { appendonly: 'yes' })
    expect(await b.c.cmd('GET', 'k')).toBe('$1\r\nv\r\n')
    await b.stop()
  })

  test('NOSAVE skips the save; a failed save keeps the server up unless FORCE', async () => {
    const dir = newDir()
    let shut = 0
    const a = await start(dir, { save: '3600 1' }, { onShutdown: () => shut++ })
    await a.c.cmd('SET', 'k', 'v')
    rmSync(dir, { recursive: true })
    expect(await a.c.cmd('SHUTDOWN')).toBe('-ERR Errors trying to SHUTDOWN. Check logs.\r\n')
    expect(await a.c.cmd('PING')).toBe('+PONG\r\n')
    a.c.send('SHUTDOWN', 'FORCE')
    expect(await a.c.waitClosed()).toBe(true)
    await until('onShutdown', async () => shut === 1)
    const dir2 = newDir()
    const b = await start(dir2, { save: '3600 1', appendonly: 'yes' })
    await b.c.cmd('SET', 'k', 'v')
    // what follows SHUTDOWN in the same pipeline never runs
    b.c.writeRaw('SHUTDOWN NOSAVE\r\nSET after shutdown\r\n')
    expect(await b.c.waitClosed()).toBe(true)
    expect(existsSync(join(dir2, 'dump.rdb'))).toBe(false)
    const c = await start(dir2, { appendonly: 'yes' })
    expect(await c.c.cmd('MGET', 'k', 'after')).toBe('*2\r\n$1\r\nv\r\n$-1\r\n')
    await c.stop()
  })

  test('without persistence the commands say so', async () => {
    const a = await start(newDir(), {}, { persistence: false })
    expect(await a.c.cmd('SAVE')).toBe('-ERR SAVE is not available: this engine has no persistence (redlet-server and startServer provide it)\r\n')
    await a.stop()
  })
})

describe('function libraries', () => {
  const LIB = "#!lua name=mylib\nredis.register_function('hello', function(keys, args) return 'hi ' .. args[1] end)"

  test('a snapshot keeps them: SAVE, then a restart without AOF', async () => {
    const dir = newDir()
    const a = await start(dir)
    expect(await a.c.cmd('FUNCTION', 'LOAD', LIB)).toBe('$5\r\nmylib\r\n')
    expect(await a.c.cmd('SAVE')).toBe('+OK\r\n')
    await a.stop()
    const b = await start(dir)
    expect(await b.c.cmd('FCALL', 'hello', '0', 'there')).toBe('$8\r\nhi there\r\n')
    await b.stop()
  })

  test('an AOF rewrite keeps them in its base', async () => {
    const dir = newDir()
    const a = await start(dir, { appendonly: 'yes' })
    expect(await a.c.cmd('FUNCTION', 'LOAD', LIB)).toBe('$5\r\nmylib\r\n')
    await a.c.cmd('SET', 'k', 'v')
    expect(await a.c.cmd('BGREWRITEAOF')).toBe('+Background append only file rewriting started\r\n')
    await until('the rewrite', async () => (await info(a.c, 'aof_rewrite_in_progress')) === '0')
    expect(await info(a.c, 'aof_last_bgrewrite_status')).toBe('ok')
    await a.stop()
    const b = await start(dir, { appendonly: 'yes' })
    expect(await b.c.cmd('FCALL', 'hello', '0', 'again')).toBe('$8\r\nhi again\r\n')
    expect(await b.c.cmd('GET', 'k')).toBe('$1\r\nv\r\n')
    await b.stop()
  })
})
