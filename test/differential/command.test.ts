/**
 * COMMAND against redis-server: every record of the table must describe itself
 * (COMMAND INFO) exactly as the oracle describes the same command. The first
 * test lists every command whose record differs, by name.
 */
import { expect, test } from 'vitest'
import { allCommands } from '../../src/commands/table.js'
import type { Command } from '../../src/commands/define.js'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply } from '../helpers/resp-client.js'

type Info = [string, number, string[], number, number, number, string[], string[], unknown[], Info[]]

/** Full names of records newer than Redis 7.0 (CLIENT SETINFO...): the oracle cannot describe them. */
const NEWER = new Set(allCommands().flatMap((c) => [c, ...(c.subs ? c.subs.values() : [])]).filter((c) => c.newerThanOracle).map((c) => c.fullName))

/** Subcommands in name order: Redis lists them in its dictionary's order, which varies per process. */
function normalizeInfo(v: Info): Info {
  const subs = [...v[9]].map(normalizeInfo).sort((a, b) => (a[0] < b[0] ? -1 : 1))
  return [...v.slice(0, 9), subs] as Info
}

/** The records this suite compares: everything in the table that Redis 7.0 has. */
function records(): Command[] {
  return allCommands().filter((c) => !c.newerThanOracle)
}

/** Docs text that is our own (summaries, complexity notes, history notes) is masked; the structure stays. */
function maskDocs(v: unknown, key = ''): unknown {
  if (key === 'summary' || key === 'complexity') return '*'
  if (key === 'history') return (v as [string, string][]).map(([version]) => [version, '*']).sort()
  if (!Array.isArray(v)) return v
  const out: unknown[] = []
  for (let i = 0; i < v.length; i++) {
    const item = v[i]
    if (typeof item === 'string' && i + 1 < v.length && i % 2 === 0 && DOC_KEYS.has(item)) {
      out.push(item, maskDocs(v[i + 1], item))
      i++
    } else out.push(maskDocs(item))
  }
  // a subcommands map: name, docs, name, docs... in name order
  if (key === 'subcommands') {
    const pairs: [unknown, unknown][] = []
    for (let i = 0; i < out.length; i += 2) pairs.push([out[i], out[i + 1]])
    pairs.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1))
    return pairs.flat()
  }
  return out
}
const DOC_KEYS = new Set(['summary', 'since', 'group', 'complexity', 'doc_flags', 'deprecated_since', 'replaced_by', 'history', 'arguments', 'subcommands'])

/** The groups whose records carry full documentation (arguments and history). */
const DOCUMENTED = ['auth', 'client', 'echo', 'hello', 'ping', 'quit', 'reset', 'select', 'command', 'config', 'dbsize', 'flushall', 'flushdb', 'info', 'lastsave', 'swapdb', 'time']

/** COMMAND DOCS of both servers with our own prose masked. */
function docs(p: DiffPair) {
  return {
    async same(...args: string[]): Promise<void> {
      const [a, b] = await p.both(...args)
      const mask = (buf: Buffer): unknown => {
        const v = parseReply(buf) as unknown[]
        const out: unknown[] = []
        for (let i = 0; i < v.length; i += 2) out.push(v[i], maskDocs(v[i + 1]))
        return out
      }
      expect(mask(b), args.join(' ')).toEqual(mask(a))
    },
  }
}

describeDiff('COMMAND against redis-server', () => {
  const d = useDifferential({ keepData: true })

  test('COMMAND INFO of every command equals the oracle (lists the records that differ)', async () => {
    const mismatching: string[] = []
    const unknownToOracle: string[] = []
    const missingSubcommands: string[] = []
    for (const cmd of records()) {
      const [a, b] = await d.both('COMMAND', 'INFO', cmd.name)
      const oracle = (parseReply(a) as (Info | null)[])[0] ?? null
      const mine = (parseReply(b) as (Info | null)[])[0] as Info
      if (oracle === null) {
        unknownToOracle.push(cmd.name)
        continue
      }
      const o = normalizeInfo(oracle)
      const m = normalizeInfo(mine)
      // a record with options newer than 7.0 carries the newer arity (ZRANK WITHSCORE)
      if (cmd.newerOptions !== undefined) m[1] = o[1]
      m[9] = m[9].filter((s) => !NEWER.has(s[0]))
      const ours = new Set(m[9].map((s) => s[0]))
      // subcommands not implemented here are listed, not compared
      for (const s of o[9]) if (!ours.has(s[0])) missingSubcommands.push(s[0])
      const oSubs = o[9].filter((s) => ours.has(s[0]))
      const theirs = JSON.stringify([...o.slice(0, 9), oSubs])
      if (theirs !== JSON.stringify(m)) {
        const diffs: string[] = []
        if (JSON.stringify(o.slice(0, 9)) !== JSON.stringify(m.slice(0, 9))) diffs.push(cmd.name)
        for (const s of m[9]) {
          const t = oSubs.find((x) => x[0] === s[0])
          if (!t) diffs.push(`${s[0]} (unknown to redis-server 7.0)`)
          else if (JSON.stringify(t) !== JSON.stringify(s)) diffs.push(s[0])
        }
        mismatching.push(...diffs)
      }
    }
    if (missingSubcommands.length) console.info(`subcommands redis-server has and redlet lacks: ${missingSubcommands.join(', ')}`)
    expect(unknownToOracle, 'records for commands redis-server 7.0 does not know (mark them newerThanOracle)').toEqual([])
    expect(mismatching, 'COMMAND INFO differs from redis-server for').toEqual([])
  })

  test('COMMAND DOCS structure of the documented records', async () => {
    const mismatching: string[] = []
    for (const name of DOCUMENTED) {
      const [a, b] = await d.both('COMMAND', 'DOCS', name)
      const oracle = maskDocs(parseReply(a)) as unknown[]
      const mine = maskDocs(parseReply(b)) as unknown[]
      if (name === 'client') {
        // compare the subcommands both have
        const subsOf = (v: unknown[]): Map<unknown, unknown> => {
          const docs = v[1] as unknown[]
          const subs = docs[docs.indexOf('subcommands') + 1] as unknown[]
          const m = new Map<unknown, unknown>()
          for (let i = 0; i < subs.length; i += 2) m.set(subs[i], subs[i + 1])
          return m
        }
        const o = subsOf(oracle)
        for (const [sub, docs] of subsOf(mine)) {
          if (NEWER.has(String(sub))) continue
          if (JSON.stringify(o.get(sub)) !== JSON.stringify(docs)) mismatching.push(String(sub))
        }
        continue
      }
      if (JSON.stringify(mine) !== JSON.stringify(oracle)) mismatching.push(name)
    }
    expect(mismatching, 'COMMAND DOCS structure differs for').toEqual([])
  })

  test('COMMAND INFO and DOCS forms', async () => {
    await d.same('COMMAND', 'INFO', 'get', 'nope', 'GET')
    await d.same('COMMAND', 'INFO', 'config|get', 'CONFIG|SET', 'config|nope')
    await d.same('COMMAND', 'INFO', 'nope')
    await d.same('COMMAND', 'DOCS', 'nope')
    await docs(d).same('COMMAND', 'DOCS', 'ping', 'nope', 'select')
    await docs(d).same('COMMAND', 'DOCS', 'config|get', 'CONFIG|SET')
    await d.sameShape('COMMAND', 'COUNT')
    await d.sameError('COMMAND', 'COUNT', 'x')
    await d.sameError('COMMAND', 'FOO')
    await d.same('COMMAND', 'HELP')
    await d.sameError('COMMAND', 'HELP', 'x')
    const p = await d.connect()
    await p.both('HELLO', '3')
    await p.same('COMMAND', 'INFO', 'ping', 'echo', 'dbsize', 'nope')
    await p.same('COMMAND', 'DOCS', 'nope')
  })

  test('COMMAND COUNT and the full listing agree with the table', async () => {
    const [, b] = await d.both('COMMAND', 'COUNT')
    const n = parseReply(b) as number
    expect(n).toBe(allCommands().length)
    const [, all] = await d.both('COMMAND')
    expect((parseReply(all) as unknown[]).length).toBe(n)
    const [, info] = await d.both('COMMAND', 'INFO')
    expect((parseReply(info) as unknown[]).length).toBe(n)
    const [, docs] = await d.both('COMMAND', 'DOCS')
    expect((parseReply(docs) as unknown[]).length).toBe(2 * n)
  })

  test('COMMAND LIST and its filters', async () => {
    await d.sameSorted('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'config*')
    await d.sameSorted('COMMAND', 'LIST', 'FILTERBY', 'pattern', 'COMMAND*')
    await d.sameSorted('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'p?ng')
    await d.same('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'nothing-matches*')
    await d.same('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'foo')
    await d.same('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nope')
    await d.same('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', '@connection')
    await d.sameError('COMMAND', 'LIST', 'FILTERBY')
    await d.sameError('COMMAND', 'LIST', 'FILTERBY', 'foo', 'bar')
    await d.sameError('COMMAND', 'LIST', 'FILTERBY', 'PATTERN')
    await d.sameError('COMMAND', 'LIST', 'x')
    // every name we list with a category filter is one the oracle lists too
    for (const cat of ['connection', 'keyspace', 'string', 'admin', 'fast']) {
      const [a, b] = await d.both('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', cat)
      const theirs = new Set(parseReply(a) as string[])
      const extra = (parseReply(b) as string[]).filter((n) => !theirs.has(n) && !n.includes('|setinfo') && !n.includes('|no-touch'))
      expect(extra, cat).toEqual([])
    }
    const [, mine] = await d.both('COMMAND', 'LIST')
    expect((parseReply(mine) as string[]).length).toBeGreaterThan(allCommands().length)
  })

  test('COMMAND GETKEYS and GETKEYSANDFLAGS', async () => {
    await d.same('COMMAND', 'GETKEYS', 'SET', 'a', 'b')
    await d.same('COMMAND', 'GETKEYS', 'get', 'k')
    await d.same('COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2')
    await d.same('COMMAND', 'GETKEYS', 'DEL', 'a', 'b', 'c')
    await d.same('COMMAND', 'GETKEYSANDFLAGS', 'SET', 'a', 'b')
    await d.same('COMMAND', 'GETKEYSANDFLAGS', 'SET', 'a', 'b', 'GET')
    await d.same('COMMAND', 'GETKEYSANDFLAGS', 'MSET', 'a', '1', 'b', '2')
    await d.same('COMMAND', 'GETKEYSANDFLAGS', 'DEL', 'a', 'b')
    await d.sameError('COMMAND', 'GETKEYS', 'GET', 'a', 'b')
    await d.sameError('COMMAND', 'GETKEYS', 'SET', 'a')
    await d.sameError('COMMAND', 'GETKEYS', 'nope', 'a')
    await d.sameError('COMMAND', 'GETKEYS', 'ping', 'x')
    await d.sameError('COMMAND', 'GETKEYS', 'ECHO', 'x')
    await d.sameError('COMMAND', 'GETKEYS', 'CONFIG', 'GET', 'x')
    await d.sameError('COMMAND', 'GETKEYS', 'config', 'foo', 'x')
    await d.sameError('COMMAND', 'GETKEYS', 'config|get', 'x')
    await d.sameError('COMMAND', 'GETKEYS', 'client', 'list')
    await d.sameError('COMMAND', 'GETKEYS', 'get')
    await d.sameError('COMMAND', 'GETKEYS')
    await d.sameError('COMMAND', 'GETKEYSANDFLAGS', 'ping', 'x')
    await d.sameError('COMMAND', 'GETKEYSANDFLAGS', 'get')
    const p = await d.connect()
    await p.both('HELLO', '3')
    await p.same('COMMAND', 'GETKEYSANDFLAGS', 'SET', 'a', 'b', 'get')
  })
})
