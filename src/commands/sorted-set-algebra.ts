/** Sorted-set algebra: ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD. Sets count as members scored 1. */
import type { SetValue } from '../core/values/set.js'
import { SortedSetValue, sortPairs } from '../core/values/sorted-set.js'
import { CommandError, Err, ZsetErr } from '../errors.js'
import { EMPTY_BULKS, integer, type Reply } from '../resp/types.js'
import { is, parseFloatArg, parseInteger, syntaxError, wrongType } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { storeResult, withScoresReply } from './sorted-set-util.js'

type Op = 'union' | 'inter' | 'diff'
type Aggregate = 'sum' | 'min' | 'max'

/** One input: a sorted set, a set, or nothing (a missing key). */
interface Source {
  zset: SortedSetValue | null
  set: SetValue | null
  weight: number
}

function sourceSize(s: Source): number {
  return s.zset?.size ?? s.set?.size ?? 0
}

/** The element's score in `s` (1 in a set), or undefined. */
function sourceScore(s: Source, member: string): number | undefined {
  if (s.zset !== null) return s.zset.score(member)
  if (s.set !== null) return s.set.has(member) ? 1 : undefined
  return undefined
}

function forEachIn(s: Source, visit: (member: string, score: number) => void): void {
  if (s.zset !== null) s.zset.walk(0, s.zset.size, false, visit)
  else if (s.set !== null) for (const m of s.set.members()) visit(m, 1)
}

/** zunionInterAggregate: a sum that comes out NaN (inf + -inf) is 0. */
function aggregate(target: number, value: number, how: Aggregate): number {
  if (how === 'sum') {
    const t = target + value
    return t !== t ? 0 : t
  }
  if (how === 'min') return value < target ? value : target
  return value > target ? value : target
}

interface AlgebraRequest {
  sources: Source[]
  how: Aggregate
  withScores: boolean
  limit: number
}

/**
 * Parses `numkeys key... [WEIGHTS w...] [AGGREGATE how] [WITHSCORES] [LIMIT n]`
 * as zunionInterDiffGenericCommand does: the keys are looked up (and type
 * checked) before the options are read.
 */
function parseAlgebra(ctx: CommandContext, args: readonly string[], from: number, op: Op, store: boolean, cardOnly: boolean): AlgebraRequest {
  const setnum = parseInteger(args[from] as string)
  if (setnum < 1) throw new CommandError(ZsetErr.atLeastOneKey(ctx.cmd?.fullName ?? ''))
  if (setnum > args.length - from - 1) throw syntaxError()
  const db = ctx.db
  const sources: Source[] = []
  let j = from + 1
  for (let i = 0; i < setnum; i++, j++) {
    const v = db.read(args[j] as string)
    if (v === undefined) sources.push({ zset: null, set: null, weight: 1 })
    else if (typeof v !== 'string' && v.type === 'zset') sources.push({ zset: v as SortedSetValue, set: null, weight: 1 })
    else if (typeof v !== 'string' && v.type === 'set') sources.push({ zset: null, set: v as SetValue, weight: 1 })
    else throw wrongType()
  }
  const req: AlgebraRequest = { sources, how: 'sum', withScores: false, limit: 0 }
  while (j < args.length) {
    const a = args[j] as string
    const remaining = args.length - j
    if (op !== 'diff' && !cardOnly && remaining >= setnum + 1 && is(a, 'weights')) {
      j++
      for (let i = 0; i < setnum; i++, j++) (sources[i] as Source).weight = parseFloatArg(args[j] as string, Err.weightNotFloat)
    } else if (op !== 'diff' && !cardOnly && remaining >= 2 && is(a, 'aggregate')) {
      const how = (args[j + 1] as string).toLowerCase()
      if (how !== 'sum' && how !== 'min' && how !== 'max') throw syntaxError()
      req.how = how
      j += 2
    } else if (!store && !cardOnly && is(a, 'withscores')) {
      req.withScores = true
      j++
    } else if (cardOnly && remaining >= 2 && is(a, 'limit')) {
      const n = parseInteger(args[j + 1] as string, Err.limitNegative)
      if (n < 0) throw new CommandError(Err.limitNegative)
      req.limit = n
      j += 2
    } else throw syntaxError()
  }
  return req
}

/** Sources ordered by size, smallest first, as Redis sorts them for union and intersection. */
function bySize(sources: Source[]): Source[] {
  return sources
    .map((s, i) => [s, i] as const)
    .sort((a, b) => sourceSize(a[0]) - sourceSize(b[0]) || a[1] - b[1])
    .map((p) => p[0])
}

function union(req: AlgebraRequest): Map<string, number> {
  const acc = new Map<string, number>()
  for (const src of bySize(req.sources)) {
    const w = src.weight
    forEachIn(src, (m, s) => {
      let score = w * s
      if (score !== score) score = 0
      const cur = acc.get(m)
      acc.set(m, cur === undefined ? score : aggregate(cur, score, req.how))
    })
  }
  return acc
}

/** The intersection, or its size (up to `limit` when non-zero) when `countOnly`. */
function inter(req: AlgebraRequest, countOnly: boolean): Map<string, number> | number {
  const srcs = bySize(req.sources)
  const first = srcs[0] as Source
  const out = new Map<string, number>()
  let count = 0
  if (sourceSize(first) === 0) return countOnly ? 0 : out
  const w0 = first.weight
  let done = false
  forEachIn(first, (m, s) => {
    if (done) return
    let score = w0 * s
    if (score !== score) score = 0
    for (let j = 1; j < srcs.length; j++) {
      const src = srcs[j] as Source
      const v = sourceScore(src, m)
      if (v === undefined) return
      score = aggregate(score, v * src.weight, req.how)
    }
    if (countOnly) {
      count++
      if (req.limit !== 0 && count >= req.limit) done = true
    } else out.set(m, score)
  })
  return countOnly ? count : out
}

function diff(req: AlgebraRequest): Map<string, number> {
  const [first, ...rest] = req.sources as [Source, ...Source[]]
  const out = new Map<string, number>()
  forEachIn(first, (m, s) => {
    for (const src of rest) if (sourceScore(src, m) !== undefined) return
    out.set(m, s)
  })
  return out
}

function compute(req: AlgebraRequest, op: Op): Map<string, number> {
  if (op === 'union') return union(req)
  if (op === 'diff') return diff(req)
  return inter(req, false) as Map<string, number>
}

function algebraRead(ctx: CommandContext, args: readonly string[], op: Op): Reply {
  const req = parseAlgebra(ctx, args, 0, op, false, false)
  const result = compute(req, op)
  if (result.size === 0) return EMPTY_BULKS
  // no listpack in between: -0 stays -0 in the reply
  const [members, scores] = sortPairs(result)
  return withScoresReply(ctx.proto, members, req.withScores ? scores : null)
}

function algebraStore(ctx: CommandContext, args: readonly string[], op: Op): Reply {
  const req = parseAlgebra(ctx, args, 1, op, true, false)
  const z = SortedSetValue.fromMap(compute(req, op), ctx.engine.limits)
  return storeResult(ctx, args[0] as string, z, `z${op}store`)
}

const READ_KEYS = [ks.keynum(['RO', 'access'], 1)]
const STORE_KEYS = [ks.one(['OW', 'update']), ks.keynum(['RO', 'access'], 2)]

function readCommand(name: string, op: Op, summary: string, options: string[]): CommandSpec {
  return defineCommand({
    name,
    group: 'sorted-set',
    since: '6.2.0',
    summary,
    arity: -3,
    flags: ['readonly'],
    acl: ['sortedset'],
    keySpecs: READ_KEYS,
    options,
    run: (ctx, args) => algebraRead(ctx, args, op),
  })
}

function storeCommand(name: string, op: Op, since: string, summary: string, options: string[]): CommandSpec {
  return defineCommand({
    name,
    group: 'sorted-set',
    since,
    summary,
    arity: -4,
    flags: ['write', 'denyoom'],
    acl: ['sortedset'],
    keySpecs: STORE_KEYS,
    options,
    run: (ctx, args) => algebraStore(ctx, args, op),
  })
}

export const zdiffCommand = readCommand('zdiff', 'diff', 'Returns the members of the first sorted set that are in none of the others.', ['WITHSCORES'])

export const zdiffstoreCommand = storeCommand('zdiffstore', 'diff', '6.2.0', 'Stores the difference of sorted sets in a key.', [])

export const zinterCommand = readCommand('zinter', 'inter', 'Returns the intersection of sorted sets.', ['WEIGHTS', 'AGGREGATE', 'WITHSCORES'])

export const zintercardCommand = defineCommand({
  name: 'zintercard',
  group: 'sorted-set',
  since: '7.0.0',
  summary: 'Returns the number of members in the intersection of sorted sets.',
  arity: -3,
  flags: ['readonly'],
  acl: ['sortedset'],
  keySpecs: READ_KEYS,
  options: ['LIMIT'],
  run: (ctx, args) => integer(inter(parseAlgebra(ctx, args, 0, 'inter', false, true), true) as number),
})

export const zinterstoreCommand = storeCommand('zinterstore', 'inter', '2.0.0', 'Stores the intersection of sorted sets in a key.', ['WEIGHTS', 'AGGREGATE'])

export const zunionCommand = readCommand('zunion', 'union', 'Returns the union of sorted sets.', ['WEIGHTS', 'AGGREGATE', 'WITHSCORES'])

export const zunionstoreCommand = storeCommand('zunionstore', 'union', '2.0.0', 'Stores the union of sorted sets in a key.', ['WEIGHTS', 'AGGREGATE'])

export const zalgebraCommands: readonly CommandSpec[] = [
  zdiffCommand,
  zdiffstoreCommand,
  zinterCommand,
  zintercardCommand,
  zinterstoreCommand,
  zunionCommand,
  zunionstoreCommand,
]
