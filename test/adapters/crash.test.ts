/**
 * Crash safety: `redlet-server --appendonly yes --appendfsync always` killed
 * with SIGKILL at random moments while clients write (counters, unique SETs,
 * list pushes, hash fields, TTLs, MULTI/EXEC) and while the AOF is rewritten.
 * After each restart on the same directory every acknowledged write must be
 * there, and nothing may be torn (a transaction is all or nothing).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseReply, RespClient, type Arg } from '../helpers/resp-client.js'
import { freePort } from '../helpers/servers.js'

const root = join(import.meta.dirname, '..', '..')
const work = mkdtempSync(join(tmpdir(), 'redlet-crash-'))
const BIN = join(work, 'bin', 'redlet-server.js')

beforeAll(async () => {
  mkdirSync(join(work, 'bin'), { recursive: true })
  copyFileSync(join(root, 'bin', 'redlet-server.js'), BIN)
  // the bundle keeps packages external (ws, fengari): resolve them from the repository
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir')
  await build({
    entryPoints: [join(root, 'adapters', 'node-tcp', 'index.ts')],
    outfile: join(work, 'dist', 'node.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'silent',
  })
}, 60000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

interface Server {
  child: ChildProcess
  port: number
  output(): string
  exited: Promise<void>
}

async function startServer(dir: string, extra: string[] = []): Promise<Server> {
  const port = await freePort()
  const child = spawn(process.execPath, [BIN, '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 20000
  while (!out.includes('Ready to accept connections')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redlet-server did not start: ${out}`)
    await new Promise((r) => setTimeout(r, 10))
  }
  return { child, port, output: () => out, exited }
}

async function kill(s: Server): Promise<void> {
  if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
  await s.exited
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** What clients were told: every acknowledged write, and what was sent at all (an upper bound). */
class Acks {
  counters = new Map<string, { acked: number; sent: number }>()
  strings = new Map<string, string>()
  lists = new Map<string, { acked: Set<string>; sent: Set<string> }>()
  hashes = new Map<string, Map<string, string>>()
  withTtl = new Set<string>()
  shortLived = new Set<string>()
  txs = new Map<string, number>()
  total = 0
}

type Op = { commands: Arg[][]; acked: (replies: Buffer[]) => void }

let nextId = 0

function randomOp(acks: Acks, conn: number, rnd: () => number): Op {
  const id = `${nextId++}`
  const pick = Math.floor(rnd() * 7)
  const slot = `${conn}:${Math.floor(rnd() * 4)}`
  switch (pick) {
    case 0: {
      const key = `counter:${slot}`
      const c = acks.counters.get(key) ?? { acked: 0, sent: 0 }
      acks.counters.set(key, c)
      c.sent++
      return { commands: [['INCR', key]], acked: ([r]) => (c.acked = Math.max(c.acked, Number(parseReply(r as Buffer)))) }
    }
    case 1: {
      const value = `value-${id}-${'x'.repeat(Math.floor(rnd() * 40))}`
      return { commands: [['SET', `str:${id}`, value]], acked: () => acks.strings.set(`str:${id}`, value) }
    }
    case 2: {
      const key = `list:${slot}`
      const l = acks.lists.get(key) ?? { acked: new Set<string>(), sent: new Set<string>() }
      acks.lists.set(key, l)
      l.sent.add(id)
      return { commands: [['RPUSH', key, id]], acked: () => l.acked.add(id) }
    }
    case 3: {
      const key = `hash:${slot}`
      return {
        commands: [['HSET', key, `f${id}`, `v${id}`]],
        acked: () => {
          const h = acks.hashes.get(key) ?? new Map<string, string>()
          acks.hashes.set(key, h)
          h.set(`f${id}`, `v${id}`)
        },
      }
    }
    case 4:
      return { commands: [['SET', `ttl:${id}`, id, 'EX', 3600]], acked: () => acks.withTtl.add(`ttl:${id}`) }
    case 5:
      return { commands: [['SET', `short:${id}`, id, 'PX', 1]], acked: () => acks.shortLived.add(`short:${id}`) }
    default: {
      // a counter and a list grow together, in one transaction
      const tx = `tx:${conn}`
      return {
        commands: [['MULTI'], ['INCR', `${tx}:n`], ['RPUSH', `${tx}:l`, id], ['EXEC']],
        acked: (replies) => {
          const exec = parseReply(replies[3] as Buffer) as number[]
          acks.txs.set(tx, Math.max(acks.txs.get(tx) ?? 0, Number(exec[0])))
        },
      }
    }
  }
}

/** One client writing pipelined operations until the connection dies or `stop` is set. */
async function drive(port: number, acks: Acks, conn: number, rnd: () => number, stop: { now: boolean }): Promise<void> {
  let c: RespClient
  try {
    c = await RespClient.connect(port)
  } catch {
    return
  }
  const inflight = new Set<Promise<void>>()
  try {
    while (!stop.now && !c.closed) {
      const op = randomOp(acks, conn, rnd)
      const reads = op.commands.map(() => c.read(10000))
      for (const cmd of op.commands) c.send(...cmd)
      const p = Promise.all(reads).then(
        (replies) => {
          for (const r of replies) if (r[0] === 45) throw new Error(`error reply: ${r.toString()}`)
          op.acked(replies)
          acks.total++
        },
        () => {},
      )
      inflight.add(p)
      void p.finally(() => inflight.delete(p))
      if (inflight.size >= 8) await Promise.race(inflight)
    }
    await Promise.all(inflight)
  } finally {
    c.close()
  }
}

/** Checks every acknowledged write against the restarted server; returns how many were missing or wrong. */
async function verify(port: number, acks: Acks): Promise<string[]> {
  const c = await RespClient.connect(port)
  const problems: string[] = []
  try {
    for (const [key, { acked, sent }] of acks.counters) {
      const v = Number(parseReply(await c.call('GET', key)) ?? 0)
      if (v < acked || v > sent) problems.push(`${key}: ${v}, acked ${acked}, sent ${sent}`)
      // what the server holds is now the truth for later rounds
      acks.counters.set(key, { acked: v, sent: v })
    }
    const strings = [...acks.strings]
    for (let i = 0; i < strings.length; i += 500) {
      const chunk = strings.slice(i, i + 500)
      const got = parseReply(await c.call('MGET', ...chunk.map(([k]) => k))) as (string | null)[]
      chunk.forEach(([k, v], j) => {
        if (got[j] !== v) problems.push(`${k}: ${JSON.stringify(got[j])} instead of ${v}`)
      })
    }
    for (const [key, l] of acks.lists) {
      const items = parseReply(await c.call('LRANGE', key, 0, -1)) as string[]
      const present = new Set(items)
      if (present.size !== items.length) problems.push(`${key}: duplicate elements`)
      for (const x of items) if (!l.sent.has(x)) problems.push(`${key}: unknown element ${x}`)
      for (const x of l.acked) if (!present.has(x)) problems.push(`${key}: lost ${x}`)
      l.acked = present
      l.sent = new Set(present)
    }
    for (const [key, h] of acks.hashes) {
      const flat = parseReply(await c.call('HGETALL', key)) as string[]
      const got = new Map<string, string>()
      for (let i = 0; i < flat.length; i += 2) got.set(flat[i] as string, flat[i + 1] as string)
      for (const [f, v] of h) if (got.get(f) !== v) problems.push(`${key} ${f}: lost`)
    }
    for (const key of acks.withTtl) {
      const ttl = Number(parseReply(await c.call('PTTL', key)))
      if (ttl <= 0 || ttl > 3600000) problems.push(`${key}: PTTL ${ttl}`)
    }
    for (const key of acks.shortLived) if (Number(parseReply(await c.call('EXISTS', key))) !== 0) problems.push(`${key}: expired key is back`)
    for (const [tx, acked] of acks.txs) {
      const n = Number(parseReply(await c.call('GET', `${tx}:n`)) ?? 0)
      const len = Number(parseReply(await c.call('LLEN', `${tx}:l`)))
      if (n !== len) problems.push(`${tx}: torn transaction (counter ${n}, list ${len})`)
      if (n < acked) problems.push(`${tx}: lost transactions (${n} < ${acked})`)
    }
  } finally {
    c.close()
  }
  return problems
}

function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('kill -9 under appendfsync always', () => {
  test('no acknowledged write is lost across 20+ kills, rewrites included', async () => {
    const dir = join(work, 'kills')
    mkdirSync(dir)
    const acks = new Acks()
    const rnd = seeded(Number(process.env['CRASH_SEED'] ?? Date.now() % 100000))
    const kills = Number(process.env['CRASH_KILLS'] ?? 24)
    const problems: string[] = []
    const started = Date.now()
    let rewritesSeen = 0
    // a small auto-rewrite threshold: rewrites start by themselves as the log grows
    const extra = ['--auto-aof-rewrite-min-size', '65536', '--auto-aof-rewrite-percentage', '50']
    for (let round = 0; round < kills; round++) {
      const server = await startServer(dir, extra)
      problems.push(...(await verify(server.port, acks)))
      const stop = { now: false }
      const drivers = [0, 1, 2, 3].map((conn) => drive(server.port, acks, conn, rnd, stop))
      // now and then an explicit rewrite, so that some kills land in the middle of one
      if (round % 3 === 1) {
        await sleep(Math.floor(rnd() * 150))
        const admin = await RespClient.connect(server.port)
        await admin.call('BGREWRITEAOF').catch(() => {})
        admin.close()
      }
      await sleep(150 + Math.floor(rnd() * 450))
      if (/rewrit/.test(server.output())) rewritesSeen++
      await kill(server)
      stop.now = true
      await Promise.all(drivers)
    }
    const server = await startServer(dir, extra)
    problems.push(...(await verify(server.port, acks)))
    await kill(server)
    console.log(`${kills} kills, ${problems.length} acknowledged writes lost (${acks.total} acknowledged, ${rewritesSeen} rounds with rewrites, ${((Date.now() - started) / 1000).toFixed(1)} s)`)
    expect(problems).toEqual([])
    expect(acks.total).toBeGreaterThan(kills * 50)
  }, 180000)

  test('a kill in the middle of BGREWRITEAOF loses nothing; the next start finishes cleanly', async () => {
    const dir = join(work, 'rewrite')
    mkdirSync(dir)
    const acks = new Acks()
    const rnd = seeded(42)
    let server = await startServer(dir)
    const c = await RespClient.connect(server.port)
    for (let i = 0; i < 300; i++) {
      const op = randomOp(acks, 9, rnd)
      const replies: Buffer[] = []
      for (const cmd of op.commands) replies.push(await c.call(...cmd))
      op.acked(replies)
    }
    // ten milliseconds per key: the rewrite is still running when the kill comes
    await c.call('CONFIG', 'SET', 'rdb-key-save-delay', 10000)
    expect((await c.call('BGREWRITEAOF')).toString()).toBe('+Background append only file rewriting started\r\n')
    for (let i = 0; i < 200; i++) {
      const op = randomOp(acks, 9, rnd)
      const replies: Buffer[] = []
      for (const cmd of op.commands) replies.push(await c.call(...cmd))
      op.acked(replies)
    }
    expect((await c.call('INFO', 'persistence')).toString()).toContain('aof_rewrite_in_progress:1')
    const during = readdirSync(join(dir, 'appendonlydir')).sort()
    expect(during.some((f) => f.startsWith('temp-'))).toBe(true)
    expect(during.filter((f) => f.endsWith('.incr.aof'))).toHaveLength(2)
    c.close()
    await kill(server)
    server = await startServer(dir)
    expect(await verify(server.port, acks)).toEqual([])
    expect(readdirSync(join(dir, 'appendonlydir')).some((f) => f.startsWith('temp-'))).toBe(false)
    const admin = await RespClient.connect(server.port)
    expect((await admin.call('BGREWRITEAOF')).toString()).toBe('+Background append only file rewriting started\r\n')
    for (;;) {
      if ((await admin.call('INFO', 'persistence')).toString().includes('aof_rewrite_in_progress:0')) break
      await sleep(20)
    }
    admin.close()
    await kill(server)
    expect(readdirSync(join(dir, 'appendonlydir')).filter((f) => f.endsWith('.incr.aof'))).toHaveLength(1)
    server = await startServer(dir)
    expect(await verify(server.port, acks)).toEqual([])
    await kill(server)
  }, 60000)
})
