/**
 * redlet/ioredis on its own: which clients share an engine, controllable time
 * (ManualClock and vitest's fake timers), the connection lifecycle and the
 * in-process options. Behaviour against real ioredis is in ioredis-compat.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { allCommands } from '../../src/index.js'
import Redis, { Engine, ManualClock, ReplyError, resetSharedEngines, sharedEngine } from '../../adapters/inprocess/ioredis/index.js'
import { Redlet } from '../../adapters/inprocess/index.js'

const clients: Redis[] = []
function client(...args: unknown[]): Redis {
  const c = new Redis(...args)
  clients.push(c)
  return c
}

afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect()
  resetSharedEngines()
  vi.useRealTimers()
})

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0))

describe('sharing follows host and port', () => {
  test('clients naming one host and port share an engine; localhost and 127.0.0.1 are one host', async () => {
    const a = client()
    const b = client(6379, '127.0.0.1')
    const c = client('redis://localhost:6379')
    expect(a.engine).toBe(b.engine)
    expect(a.engine).toBe(c.engine)
    expect(a.engine).toBe(sharedEngine())
    await a.set('k', 'shared')
    expect(await b.get('k')).toBe('shared')
  })

  test('another port is another server; { engine } isolates; new Redlet() has its own engine', async () => {
    const a = client()
    const other = client({ port: 6380 })
    const own = new Engine()
    const isolated = client({ engine: own })
    await a.set('k', 'v')
    expect(await other.get('k')).toBeNull()
    expect(await isolated.get('k')).toBeNull()
    expect(isolated.engine).toBe(own)
    expect(isolated.duplicate().engine).toBe(own)
    expect(new Redlet().engine).not.toBe(a.engine)
  })

  test('a publisher and a subscriber created separately talk to each other', async () => {
    const sub = client({ port: 7001 })
    const pub = client({ port: 7001 })
    const got: string[][] = []
    sub.on('message', (channel: string, message: string) => got.push([channel, message]))
    expect(await sub.subscribe('news')).toBe(1)
    expect(await pub.publish('news', 'hello')).toBe(1)
    await tick()
    expect(got).toEqual([['news', 'hello']])
  })

  test('the db option selects a database of the shared engine', async () => {
    const zero = client({ port: 7002 })
    const two = client({ port: 7002, db: 2 })
    await two.set('k', 'in two')
    expect(await zero.get('k')).toBeNull()
    expect(await zero.select(2)).toBe('OK')
    expect(await zero.get('k')).toBe('in two')
  })

  test('password authenticates against an engine with requirepass', async () => {
    const locked = new Engine({ config: { requirepass: 'secret' } })
    const anon = client({ engine: locked })
    anon.on('error', () => {})
    await expect(anon.get('k')).rejects.toThrow(/NOAUTH/)
    const ok = client({ engine: locked, password: 'secret' })
    expect(await ok.set('k', 'v')).toBe('OK')
  })
})

describe('time', () => {
  test('a ManualClock drives TTLs, active expiry and blocking timeouts', async () => {
    const clock = new ManualClock(1_700_000_000_000)
    const r = client({ port: 7100, clock })
    await r.set('k', 'v', 'EX', 10)
    await r.set('other', 'v', 'PX', 500)
    expect(await r.ttl('k')).toBe(10)
    clock.advance(4000)
    expect(await r.ttl('k')).toBe(6)
    expect(await r.dbsize()).toBe(1)
    clock.advance(6001)
    expect(await r.get('k')).toBeNull()
    const b = r.duplicate()
    let settled: unknown = 'pending'
    const waiting = b.blpop('q', 5).then((v) => (settled = v))
    await tick()
    clock.advance(4999)
    await tick()
    expect(settled).toBe('pending')
    clock.advance(2)
    await waiting
    expect(settled).toBeNull()
  })

  test("vitest's fake timers: Date and setTimeout move together", async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const r = client({ port: 7101 })
    await r.set('k', 'v', 'PX', 100)
    vi.advanceTimersByTime(101)
    expect(await r.get('k')).toBeNull()
    const b = r.duplicate()
    let settled: unknown = 'pending'
    const waiting = b.brpop('q', 1).then((v) => (settled = v))
    await Promise.resolve()
    vi.advanceTimersByTime(999)
    await Promise.resolve()
    expect(settled).toBe('pending')
    await vi.advanceTimersByTimeAsync(5)
    await waiting
    expect(settled).toBeNull()
  })

  test('a blocking pop is served by a push from any client', async () => {
    const r = client({ port: 7102 })
    const b = client({ port: 7102 })
    const waiting = b.blpop('jobs', 0)
    await tick()
    await r.rpush('jobs', 'resize')
    expect(await waiting).toEqual(['jobs', 'resize'])
  })
})

describe('connection lifecycle', () => {
  test('status changes and its events come after the current call stack', async () => {
    const log: string[] = []
    const r = client({ port: 7200 })
    for (const e of ['connecting', 'connect', 'ready', 'close', 'end']) r.on(e, () => log.push(e))
    expect(r.status).toBe('connecting')
    expect(log).toEqual([])
    await r.ping()
    await tick()
    expect(log).toEqual(['connecting', 'connect', 'ready'])
    expect(r.status).toBe('ready')
    expect(await r.quit()).toBe('OK')
    await tick()
    expect(r.status).toBe('end')
    expect(log).toEqual(['connecting', 'connect', 'ready', 'close', 'end'])
    await expect(r.get('k')).rejects.toThrow('Connection is closed.')
  })

  test('lazyConnect waits for connect() or the first command', async () => {
    const r = client({ port: 7201, lazyConnect: true })
    expect(r.status).toBe('wait')
    expect(await r.set('k', 'v')).toBe('OK')
    expect(r.status).toBe('ready')
    const s = client({ port: 7201, lazyConnect: true })
    await s.connect()
    expect(s.status).toBe('ready')
    await expect(s.connect()).rejects.toThrow('Redis is already connecting/connected')
  })

  test('disconnect rejects a waiting command; connect() opens a new session', async () => {
    const r = client({ port: 7202 })
    const waiting = r.blpop('never', 0)
    await tick()
    r.disconnect()
    await expect(waiting).rejects.toThrow('Connection is closed.')
    await tick()
    expect(r.status).toBe('end')
    await r.connect()
    expect(await r.ping()).toBe('PONG')
  })

  test('CLIENT KILL from another client: it reconnects and resubscribes', async () => {
    const r = client({ port: 7203, connectionName: 'victim' })
    const killer = client({ port: 7203 })
    const log: string[] = []
    r.on('message', (_c: string, m: string) => log.push(m))
    for (const e of ['close', 'reconnecting', 'ready']) r.on(e, () => log.push(e))
    await r.subscribe('ch')
    await tick()
    expect(await killer.client('KILL', 'SKIPME', 'yes', 'TYPE', 'pubsub')).toBe(1)
    await tick()
    await tick()
    expect(await killer.publish('ch', 'again')).toBe(1)
    await tick()
    expect(log).toEqual(['ready', 'close', 'reconnecting', 'ready', 'again'])
  })
})

describe('replies and options', () => {
  test('...Buffer methods return Buffers; errors are ReplyError with Redis text and the command', async () => {
    const r = client({ port: 7300 })
    await r.set('b', Buffer.from([0, 1, 255]))
    const v = await r.getBuffer('b')
    expect(Buffer.isBuffer(v)).toBe(true)
    expect([...(v as Buffer)]).toEqual([0, 1, 255])
    const e = (await r.hget('b', 'f').catch((x: unknown) => x)) as ReplyError & { command: unknown }
    expect(e).toBeInstanceOf(ReplyError)
    expect(e.message).toBe('WRONGTYPE Operation against a key holding the wrong kind of value')
    expect(e.command).toEqual({ name: 'hget', args: ['b', 'f'] })
  })

  test('keyPrefix reaches every key position, and defineCommand needs a script engine', async () => {
    const r = client({ port: 7301, keyPrefix: 'app:' })
    await r.mset({ a: '1', b: '2' })
    await r.rename('a', 'c')
    expect(await r.call('keys', '*').then((k) => (k as string[]).sort())).toEqual(['app:b', 'app:c'])
    r.defineCommand('one', { numberOfKeys: 0, lua: 'return 1' })
    const one = (r as unknown as { one(): Promise<unknown> }).one()
    await expect(one).rejects.toThrow(/./)
  })

  test('sendCommand with an ioredis Command; call() with an argument array', async () => {
    const r = client({ port: 7302 })
    const cmd = new Redis.Command('set', ['k', 'v'], { replyEncoding: 'utf8' })
    expect(await r.sendCommand(cmd)).toBe('OK')
    const raw = new Redis.Command('get', ['k'])
    expect(Buffer.isBuffer(await r.sendCommand(raw))).toBe(true)
    expect(await r.call('mget', ['k', 'nope'])).toEqual(['v', null])
  })
})

describe('generated methods', () => {
  test('every command of the table has a method and a ...Buffer twin on clients and pipelines', () => {
    const r = client({ port: 7400, lazyConnect: true })
    const p = r.pipeline()
    const missing: string[] = []
    for (const c of allCommands()) {
      for (const name of [c.name, `${c.name}Buffer`]) {
        if (typeof (r as unknown as Record<string, unknown>)[name] !== 'function') missing.push(`client.${name}`)
        if (typeof (p as unknown as Record<string, unknown>)[name] !== 'function') missing.push(`pipeline.${name}`)
      }
    }
    expect(missing).toEqual([])
  })

  test('the CommandName type lists the table (UPDATE_IOREDIS_NAMES=1 rewrites it)', () => {
    const file = join(import.meta.dirname, '..', '..', 'adapters', 'inprocess', 'ioredis', 'command-names.ts')
    const text = readFileSync(file, 'utf8')
    const names = allCommands()
      .map((c) => c.name)
      .sort()
    const rows: string[][] = [[]]
    for (const n of names) {
      const row = rows[rows.length - 1] as string[]
      row.push(`'${n}'`)
      if (row.join(' | ').length > 100) rows.push([])
    }
    const list = rows
      .filter((r) => r.length > 0)
      .map((r) => `  | ${r.join(' | ')}`)
      .join('\n')
    const fresh = text.slice(0, text.indexOf('export type CommandName =')) + `export type CommandName =\n${list}\n`
    if (process.env['UPDATE_IOREDIS_NAMES'] === '1') writeFileSync(file, fresh)
    expect(text).toBe(fresh)
  })
})
