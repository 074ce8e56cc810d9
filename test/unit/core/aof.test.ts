import { describe, expect, test } from 'vitest'
import { AofLog, AofManifestError, encodeCommand, formatManifest, nextSeqs, parseManifest, readAof } from '../../../src/core/aof.js'
import { decodeSnapshot } from '../../../src/core/codec.js'
import { aofRewriteGrowth, dueSaveRule, parseSaveRules, SnapshotJob, type PersistenceHost } from '../../../src/core/persistence.js'
import { installPersistence } from '../../../src/commands/persistence.js'
import type { Engine } from '../../../src/engine.js'
import { seeded, testEngine, T0, type TestClient } from '../../helpers/engine.js'

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))

/** Records an engine's propagated writes as AOF text. */
function logOf(e: Engine): AofLog {
  const log = new AofLog()
  e.onPropagate((argv, db) => log.feed(argv, db))
  return log
}

/** The commands of AOF text, one space-joined line each. */
function commandsOf(text: string): string[] {
  const out: string[] = []
  const r = readAof(bytes(text), (argv) => out.push(argv.join(' ')))
  expect(r.status).toBe('ok')
  return out
}

/** Every key of every database: type, content and PTTL, as RESP text. */
function describeKeyspace(c: TestClient, dbs = [0, 1, 2, 3]): string {
  let out = ''
  for (const db of dbs) {
    c('SELECT', db)
    const names = [...c('KEYS', '*').matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((m) => m[1] as string).sort()
    for (const k of names) {
      const type = c('TYPE', k)
      const read: Record<string, (string | number)[]> = {
        '+string\r\n': ['GET', k],
        '+list\r\n': ['LRANGE', k, 0, -1],
        '+set\r\n': ['SORT', k, 'ALPHA'],
        '+zset\r\n': ['ZRANGE', k, 0, -1, 'WITHSCORES'],
        '+hash\r\n': ['HGETALL', k],
      }
      out += `${db} ${k} ${type}${c(...(read[type] as (string | number)[]))}${c('PTTL', k)}\n`
    }
  }
  c('SELECT', 0)
  return out
}

/**
 * Replays AOF text into a fresh engine as the Node loader does: with time
 * stopped at 0, so that nothing expires during the replay (Redis does not
 * expire keys while loading), then with the clock at `now`.
 */
function replay(text: string, now: number): ReturnType<typeof testEngine> {
  const t = testEngine()
  t.clock.set(0)
  const c = t.client()
  readAof(bytes(text), (argv) => {
    if (argv[0]?.toLowerCase() === 'select') c('SELECT', argv[1] as string)
    else c(...argv)
  })
  t.clock.set(now)
  return t
}

describe('AofLog', () => {
  test('writes RESP with a SELECT whenever the database changes', () => {
    const log = new AofLog()
    log.feed(['set', 'a', '1'], 0)
    log.feed(['set', 'b', '2'], 0)
    log.feed(['del', 'c'], 3)
    expect(log.take()).toBe(encodeCommand(['SELECT', '0']) + encodeCommand(['set', 'a', '1']) + encodeCommand(['set', 'b', '2']) + encodeCommand(['SELECT', '3']) + encodeCommand(['del', 'c']))
    expect(log.pending).toBe(0)
    log.feed(['del', 'd'], 3)
    expect(log.take()).toBe(encodeCommand(['del', 'd']))
    log.newFile()
    log.feed(['del', 'd'], 3)
    expect(commandsOf(log.take())).toEqual(['SELECT 3', 'del d'])
  })

  test('binary-safe arguments', () => {
    expect(encodeCommand(['set', 'k\r\n', '\x00\xff'])).toBe('*3\r\n$3\r\nset\r\n$3\r\nk\r\n\r\n$2\r\n\x00\xff\r\n')
    expect(commandsOf(encodeCommand(['set', 'k\r\n', '\x00\xff']))).toEqual(['set k\r\n \x00\xff'])
  })
})

describe('what the engine logs', () => {
  test('relative TTLs become absolute times', () => {
    const t = testEngine()
    const log = logOf(t.engine)
    const c = t.client()
    c('SET', 'a', 'v', 'EX', 10)
    c('SET', 'b', 'v', 'PX', 500)
    c('EXPIRE', 'a', 100)
    c('PEXPIRE', 'b', 100)
    c('SETEX', 'c', 5, 'v')
    c('GETEX', 'c', 'EX', 7)
    expect(commandsOf(log.take())).toEqual([
      'SELECT 0',
      `set a v PXAT ${T0 + 10000}`,
      `set b v PXAT ${T0 + 500}`,
      `pexpireat a ${T0 + 100000}`,
      `pexpireat b ${T0 + 100}`,
      `set c v PXAT ${T0 + 5000}`,
      `pexpireat c ${T0 + 7000}`,
    ])
  })

  test('expiry is logged as DEL, so a replay does not bring keys back', () => {
    const t = testEngine()
    const log = logOf(t.engine)
    const c = t.client()
    c('SET', 'k', 'v', 'PX', 100)
    c('SET', 'keep', 'v')
    t.clock.advance(200)
    expect(c('GET', 'k')).toBe('$-1\r\n')
    const text = log.take()
    expect(commandsOf(text).slice(-1)).toEqual(['del k'])
    // replayed long after, the PXAT is in the past: the key stays gone
    const r = replay(text, T0 + 60000)
    expect(describeKeyspace(r.client())).toBe('0 keep +string\r\n$1\r\nv\r\n:-1\r\n\n')
  })

  test('MULTI/EXEC bodies are wrapped; random picks are explicit', () => {
    const t = testEngine()
    const log = logOf(t.engine)
    const c = t.client()
    c('SADD', 's', 'a')
    c('MULTI')
    c('INCR', 'n')
    c('SPOP', 's')
    c('INCRBYFLOAT', 'f', '1.5')
    c('EXEC')
    const expected = [['SELECT', '0'], ['SADD', 's', 'a'], ['multi'], ['INCR', 'n'], ['srem', 's', 'a'], ['set', 'f', '1.5', 'KEEPTTL'], ['exec']]
    expect(log.take()).toBe(expected.map(encodeCommand).join(''))
  })

  test('a log replays to the same data set', () => {
    const t = testEngine()
    const log = logOf(t.engine)
    const c = t.client()
    const rnd = seeded(7)
    const pick = (n: number): number => Math.floor(rnd() * n)
    for (let i = 0; i < 2000; i++) {
      const k = `k${pick(50)}`
      switch (pick(12)) {
        case 0: c('SET', k, `v${i}`, 'PX', 1 + pick(3000)); break
        case 1: c('INCRBY', `n${pick(5)}`, pick(10)); break
        case 2: c('RPUSH', `l${pick(5)}`, `e${i}`); break
        case 3: c('LPOP', `l${pick(5)}`); break
        case 4: c('HSET', `h${pick(5)}`, `f${pick(9)}`, `${i}`); break
        case 5: c('SADD', `s${pick(5)}`, `m${pick(30)}`); break
        case 6: c('SPOP', `s${pick(5)}`); break
        case 7: c('ZADD', `z${pick(5)}`, pick(100), `m${pick(20)}`); break
        case 8: c('DEL', k); break
        case 9: c('EXPIRE', `h${pick(5)}`, 1 + pick(5)); break
        case 10: c('SELECT', pick(4)); break
        default: t.clock.advance(pick(200))
      }
      if (pick(40) === 0) t.engine.activeExpire()
    }
    c('SELECT', 0)
    const r = replay(log.take(), t.clock.now())
    expect(describeKeyspace(r.client())).toBe(describeKeyspace(c))
  })
})

describe('readAof', () => {
  const text = encodeCommand(['SELECT', '0']) + encodeCommand(['set', 'a', '1']) + encodeCommand(['set', 'b', 'two']) + encodeCommand(['del', 'a'])

  test('reads every command', () => {
    const got: string[] = []
    const r = readAof(bytes(text), (argv) => got.push(argv.join(' ')))
    expect(r).toEqual({ status: 'ok', validEnd: text.length, commands: 4, inMulti: false, errorAt: -1 })
    expect(got).toEqual(['SELECT 0', 'set a 1', 'set b two', 'del a'])
  })

  test('a file cut anywhere is truncated after its last complete command, never corrupt', () => {
    const ends = [0]
    for (const cmd of [['SELECT', '0'], ['set', 'a', '1'], ['set', 'b', 'two'], ['del', 'a']]) ends.push((ends[ends.length - 1] as number) + encodeCommand(cmd).length)
    for (let cut = 0; cut <= text.length; cut++) {
      const got: string[] = []
      const r = readAof(bytes(text.slice(0, cut)), (argv) => got.push(argv.join(' ')))
      const complete = ends.filter((e) => e <= cut)
      const last = complete[complete.length - 1] as number
      expect(r.status, `cut at ${cut}`).toBe(last === cut ? 'ok' : 'truncated')
      expect(r.validEnd, `cut at ${cut}`).toBe(last)
      expect(got.length).toBe(complete.length - 1)
    }
  })

  test('a wrong byte in the middle is corruption', () => {
    for (const [from, to] of [
      ['*3\r\n$3\r\nset\r\n$1\r\nb', '*3\r\n$3\r\nset\r\n$X\r\nb'],
      ['$3\r\nset\r\n$1\r\nb', '$3\r\nsetX\n$1\r\nb'],
      ['*3\r\n$3\r\nset\r\n$1\r\nb', '+3\r\n$3\r\nset\r\n$1\r\nb'],
    ] as const) {
      const bad = text.replace(from, to)
      const got: string[] = []
      const r = readAof(bytes(bad), (argv) => got.push(argv.join(' ')))
      expect(r.status, bad).toBe('corrupt')
      expect(got).toEqual(['SELECT 0', 'set a 1'])
      expect(r.validEnd).toBe(encodeCommand(['SELECT', '0']).length + encodeCommand(['set', 'a', '1']).length)
    }
  })

  test('a transaction runs at its EXEC; one cut before EXEC is not run and is cut whole', () => {
    const tx = encodeCommand(['multi']) + encodeCommand(['incr', 'n']) + encodeCommand(['incr', 'm']) + encodeCommand(['exec'])
    const got: string[] = []
    expect(readAof(bytes(text + tx), (argv) => got.push(argv.join(' '))).status).toBe('ok')
    expect(got.slice(-2)).toEqual(['incr n', 'incr m'])
    const open = text + tx.slice(0, tx.length - encodeCommand(['exec']).length)
    got.length = 0
    const r = readAof(bytes(open), (argv) => got.push(argv.join(' ')))
    expect(r).toMatchObject({ status: 'truncated', validEnd: text.length, inMulti: true })
    expect(got).toEqual(['SELECT 0', 'set a 1', 'set b two', 'del a'])
  })

  test('errors from the callback stop the read', () => {
    expect(() =>
      readAof(bytes(text), () => {
        throw new Error('unknown command')
      }),
    ).toThrow('unknown command')
  })
})

describe('manifest', () => {
  test('round-trips, in Redis 7 format', () => {
    const m = {
      base: { file: 'appendonly.aof.3.base.redlet', seq: 3, type: 'b' as const },
      incrs: [
        { file: 'appendonly.aof.5.incr.aof', seq: 5, type: 'i' as const },
        { file: 'my file.aof', seq: 6, type: 'i' as const },
      ],
    }
    const text = formatManifest(m)
    expect(text).toBe('file appendonly.aof.3.base.redlet seq 3 type b\nfile appendonly.aof.5.incr.aof seq 5 type i\nfile "my file.aof" seq 6 type i\n')
    expect(parseManifest(text)).toEqual(m)
    expect(nextSeqs(m)).toEqual({ base: 4, incr: 7 })
    expect(parseManifest('# comment\nfile a seq 1 type h\nfile b seq 2 type i\n')).toEqual({ base: null, incrs: [{ file: 'b', seq: 2, type: 'i' }] })
  })

  test('refuses what it cannot trust', () => {
    for (const bad of ['', 'file a seq 1 type x\n', 'file a seq 1\n', 'file a seq x type b\n', 'file a seq 1 type b\nfile b seq 2 type b\n', 'file a seq 2 type i\nfile b seq 1 type i\n', 'file ../x seq 1 type b\n', 'file "a seq 1 type b\n']) {
      expect(() => parseManifest(bad), JSON.stringify(bad)).toThrow(AofManifestError)
    }
  })
})

describe('policies', () => {
  test('save rules: changes reached and more than the seconds passed; retries wait after a failure', () => {
    const rules = parseSaveRules('3600 1 300 100 60 10000')
    expect(rules).toEqual([
      { seconds: 3600, changes: 1 },
      { seconds: 300, changes: 100 },
      { seconds: 60, changes: 10000 },
    ])
    expect(parseSaveRules('')).toEqual([])
    expect(dueSaveRule(rules, T0 + 61000, 10000, T0, 0, true)).toEqual({ seconds: 60, changes: 10000 })
    expect(dueSaveRule(rules, T0 + 60000, 10000, T0, 0, true)).toBe(null)
    expect(dueSaveRule(rules, T0 + 301000, 100, T0, 0, true)).toEqual({ seconds: 300, changes: 100 })
    expect(dueSaveRule(rules, T0 + 301000, 99, T0, 0, true)).toBe(null)
    expect(dueSaveRule(rules, T0 + 301000, 100, T0, T0 + 298000, false)).toBe(null)
    expect(dueSaveRule(rules, T0 + 301000, 100, T0, T0 + 295000, false)).toEqual({ seconds: 300, changes: 100 })
  })

  test('automatic AOF rewrite on growth past the minimum size', () => {
    expect(aofRewriteGrowth(100, 50, 100, 64)).toBe(100)
    expect(aofRewriteGrowth(99, 50, 100, 64)).toBe(null)
    expect(aofRewriteGrowth(64, 1, 100, 64)).toBe(null)
    expect(aofRewriteGrowth(200, 0, 100, 64)).toBe(19900)
    expect(aofRewriteGrowth(1000, 10, 0, 64)).toBe(null)
  })
})

/** A host whose only job is to hold a running snapshot (the commands are tested elsewhere). */
function captureHost(): PersistenceHost & { capture: SnapshotJob | null } {
  return {
    capture: null,
    save: () => 'ok',
    bgsave: () => 'started',
    bgrewriteaof: () => 'started',
    shutdown: () => 'failed',
    flushedAll: () => {},
    deniedWrites: () => null,
    status: () => {
      throw new Error('unused')
    },
    holdReplies: () => false,
  }
}

/** Runs a job to the end and loads its bytes into a fresh engine. */
function finish(job: SnapshotJob): TestClient {
  const parts: Uint8Array[] = []
  while (!job.step(7)) parts.push(job.take())
  parts.push(job.take(), job.end())
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let off = 0
  for (const p of parts) {
    all.set(p, off)
    off += p.length
  }
  expect(job.written).toBe(all.length)
  const t = testEngine()
  t.engine.restore(all)
  return t.client()
}

describe('SnapshotJob', () => {
  test('a snapshot taken in slices is the data as it was when it began, whatever clients write meanwhile', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const t = testEngine()
      const host = captureHost()
      installPersistence(t.engine, host)
      const c = t.client()
      const rnd = seeded(seed)
      const pick = (n: number): number => Math.floor(rnd() * n)
      for (let i = 0; i < 300; i++) {
        c('SELECT', pick(3))
        c('SET', `k${i}`, `v${i}`)
        if (i % 3 === 0) c('RPUSH', `l${i % 30}`, `e${i}`)
        if (i % 7 === 0) c('HSET', `h${i % 10}`, `f${i}`, 'x')
        if (i % 11 === 0) c('EXPIRE', `k${i}`, 1000)
      }
      c('SELECT', 0)
      const before = describeKeyspace(c)
      const job = new SnapshotJob(t.engine.dbs)
      host.capture = job
      expect(job.total).toBe(t.engine.dbs.reduce((n, db) => n + db.size, 0))
      while (!job.step(5)) {
        // writes of every kind, to keys written already, keys not reached yet, and new keys
        c('SELECT', pick(3))
        const k = `k${pick(400)}`
        switch (pick(9)) {
          case 0: c('SET', k, 'changed'); break
          case 1: c('DEL', k); break
          case 2: c('RPUSH', `l${pick(30)}`, 'more'); break
          case 3: c('LPOP', `l${pick(30)}`); break
          case 4: c('HDEL', `h${pick(10)}`, `f${pick(300)}`); break
          case 5: c('RENAME', k, `renamed${pick(50)}`); break
          case 6: c('MOVE', k, pick(3)); break
          case 7: c('COPY', k, `copy${pick(50)}`, 'DB', pick(3)); break
          default: c('PERSIST', k)
        }
      }
      host.capture = null
      const after = describeKeyspace(c)
      expect(after).not.toBe(before)
      expect(describeKeyspace(finish(job))).toBe(before)
    }
  })

  test('FLUSHALL, FLUSHDB and SWAPDB during the walk finish it first', () => {
    for (const cmd of [['FLUSHALL'], ['FLUSHDB'], ['SWAPDB', '0', '1']]) {
      const t = testEngine()
      const host = captureHost()
      installPersistence(t.engine, host)
      const c = t.client()
      for (let i = 0; i < 100; i++) c('SET', `k${i}`, `v${i}`)
      c('SELECT', 1)
      c('SET', 'other', 'x')
      c('SELECT', 0)
      const before = describeKeyspace(c)
      const job = new SnapshotJob(t.engine.dbs)
      host.capture = job
      job.step(10)
      c(...cmd)
      expect(job.walked).toBe(true)
      c('SET', 'late', 'x')
      expect(describeKeyspace(finish(job))).toBe(before)
    }
  })

  test('the bytes are the value codec snapshot format', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'a', '1', 'PX', 5000)
    c('SELECT', 2)
    c('SADD', 's', 'x')
    const job = new SnapshotJob(t.engine.dbs)
    job.step(Infinity)
    const data = new Uint8Array([...job.take(), ...job.end()])
    const seen: string[] = []
    decodeSnapshot(data, t.engine.limits, (db, key, _v, at) => seen.push(`${db} ${key} ${at ?? ''}`))
    expect(seen).toEqual([`0 a ${T0 + 5000}`, '2 s '])
    expect(() => job.end()).toThrow()
  })
})
