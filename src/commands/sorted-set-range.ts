/** Sorted-set ranges: ZRANGE in all its forms, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*. */
import { NOTIFY_ZSET } from '../core/notify.js'
import { SortedSetValue } from '../core/values/sorted-set.js'
import { CommandError, ZsetErr } from '../errors.js'
import { EMPTY_BULKS, integer, ZERO, type Reply } from '../resp/types.js'
import { is, parseInteger, syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import {
  aboveMin,
  belowMax,
  deleteIfEmpty,
  lexSpan,
  listpackLexFirst,
  listpackLexLast,
  parseLexRange,
  parseScoreRange,
  rankSpan,
  readZset,
  scoreSpan,
  storeResult,
  withScoresReply,
  writeZset,
  type LexBound,
  type ScoreRange,
} from './sorted-set-util.js'

type RangeType = 'auto' | 'rank' | 'score' | 'lex'

interface RangeRequest {
  type: RangeType
  reverse: boolean | null
  withScores: boolean
  offset: number
  limit: number
}

/**
 * Parses the options after `<src> <min> <max>` (zrangeGenericCommand): the
 * legacy commands come with their type and direction fixed, which then are not
 * accepted as words. Returns the request and the range's [min, max] arguments.
 */
function parseRangeRequest(args: readonly string[], from: number, store: boolean, type: RangeType, reverse: boolean | null): RangeRequest {
  const req: RangeRequest = { type, reverse, withScores: false, offset: 0, limit: -1 }
  for (let j = from + 3; j < args.length; j++) {
    const a = args[j] as string
    const left = args.length - j - 1
    if (!store && is(a, 'withscores')) req.withScores = true
    else if (is(a, 'limit') && left >= 2) {
      req.offset = parseInteger(args[j + 1] as string)
      req.limit = parseInteger(args[j + 2] as string)
      j += 2
    } else if (req.reverse === null && is(a, 'rev')) req.reverse = true
    else if (req.type === 'auto' && is(a, 'bylex')) req.type = 'lex'
    else if (req.type === 'auto' && is(a, 'byscore')) req.type = 'score'
    else throw syntaxError()
  }
  if (req.reverse === null) req.reverse = false
  if (req.type === 'auto') req.type = 'rank'
  // Redis compares the limit with its default, so "LIMIT 5 -1" passes with a rank range
  if (req.limit !== -1 && req.type === 'rank') throw new CommandError(ZsetErr.limitWithoutBy)
  if (req.withScores && req.type === 'lex') throw new CommandError(ZsetErr.withscoresByLex)
  return req
}

interface RangeResult {
  members: string[]
  scores: number[]
}

/** Selects the range from `z`, in reply order. */
function selectRange(z: SortedSetValue, req: RangeRequest, parsed: RangeBounds): RangeResult {
  const out: RangeResult = { members: [], scores: [] }
  const visit = (m: string, s: number): void => {
    out.members.push(m)
    out.scores.push(s)
  }
  const reverse = req.reverse === true
  if (parsed.kind === 'rank') {
    const span = rankSpan(z.size, parsed.start, parsed.end)
    if (span === null) return out
    const [start, end] = span
    if (reverse) z.walk(z.size - 1 - start, end - start + 1, true, visit)
    else z.walk(start, end - start + 1, false, visit)
    return out
  }
  const offset = req.offset
  if (offset < 0) return out
  if (parsed.kind === 'lex' && z.isListpack) {
    listpackLexRange(z, parsed.min, parsed.max, offset, req.limit, reverse, visit)
    return out
  }
  const [first, end] = parsed.kind === 'score' ? scoreSpan(z, parsed.range) : lexSpan(z, parsed.min, parsed.max)
  let n = end - first - offset
  if (n <= 0) return out
  if (req.limit >= 0 && req.limit < n) n = req.limit
  if (reverse) z.walk(end - 1 - offset, n, true, visit)
  else z.walk(first + offset, n, false, visit)
  return out
}

/** A lex range over a listpack, walked as Redis 7.0 does (see sorted-set-util.ts). */
function listpackLexRange(
  z: SortedSetValue,
  min: LexBound,
  max: LexBound,
  offset: number,
  limit: number,
  reverse: boolean,
  visit: (m: string, s: number) => void,
): void {
  const from = reverse ? listpackLexLast(z, min, max) : listpackLexFirst(z, min, max)
  if (from < 0) return
  // the offset is skipped without checking the range
  const start = reverse ? from - offset : from + offset
  const cap = limit < 0 ? z.size : limit
  const n = reverse ? z.countWhile(start, true, cap, (m) => aboveMin(m, min)) : z.countWhile(start, false, cap, (m) => belowMax(m, max))
  z.walk(start, n, reverse, visit)
}

type RangeBounds =
  | { kind: 'rank'; start: number; end: number }
  | { kind: 'score'; range: ScoreRange }
  | { kind: 'lex'; min: LexBound; max: LexBound }

function parseBounds(req: RangeRequest, minArg: string, maxArg: string): RangeBounds {
  // a reversed score or lex range is written max first
  const swap = req.reverse === true && req.type !== 'rank'
  const lo = swap ? maxArg : minArg
  const hi = swap ? minArg : maxArg
  if (req.type === 'rank') return { kind: 'rank', start: parseInteger(lo), end: parseInteger(hi) }
  if (req.type === 'score') return { kind: 'score', range: parseScoreRange(lo, hi) }
  const [min, max] = parseLexRange(lo, hi)
  return { kind: 'lex', min, max }
}

/**
 * Every ZRANGE form. `from` is the index of the source key; `dst` is set for
 * ZRANGESTORE.
 */
function zrangeGeneric(ctx: CommandContext, args: readonly string[], from: number, dst: string | null, type: RangeType, reverse: boolean | null): Reply {
  const req = parseRangeRequest(args, from, dst !== null, type, reverse)
  const bounds = parseBounds(req, args[from + 1] as string, args[from + 2] as string)
  const z = readZset(ctx.db, args[from] as string)
  if (dst !== null) {
    const r = z === undefined ? { members: [], scores: [] } : selectRange(z, req, bounds)
    if (req.reverse === true) {
      r.members.reverse()
      r.scores.reverse()
    }
    return storeResult(ctx, dst, SortedSetValue.fromSortedPairs(r.members, r.scores, ctx.engine.limits), 'zrangestore')
  }
  if (z === undefined) return EMPTY_BULKS
  const r = selectRange(z, req, bounds)
  return withScoresReply(ctx.proto, r.members, req.withScores ? r.scores : null)
}

/** ZREMRANGEBYRANK, ZREMRANGEBYSCORE and ZREMRANGEBYLEX (zremrangeGenericCommand). */
function zremrangeGeneric(ctx: CommandContext, [key, a, b]: readonly string[], type: 'rank' | 'score' | 'lex'): Reply {
  const req: RangeRequest = { type, reverse: false, withScores: false, offset: 0, limit: -1 }
  const bounds = parseBounds(req, a as string, b as string)
  const db = ctx.db
  const z = writeZset(db, key as string)
  if (z === undefined) return ZERO
  let first: number
  let end: number
  if (bounds.kind === 'rank') {
    const span = rankSpan(z.size, bounds.start, bounds.end)
    if (span === null) return ZERO
    first = span[0]
    end = span[1] + 1
  } else [first, end] = bounds.kind === 'score' ? scoreSpan(z, bounds.range) : lexSpan(z, bounds.min, bounds.max)
  const removed = z.deleteRange(first, end - 1)
  if (removed !== 0) {
    ctx.wrote(db, key as string, NOTIFY_ZSET, `zremrangeby${type}`)
    deleteIfEmpty(ctx, db, key as string, z)
  }
  return integer(removed)
}

const RO_ACCESS = [ks.one(['RO', 'access'])]
const RW_DELETE = [ks.one(['RW', 'delete'])]

function readCommand(
  name: string,
  since: string,
  summary: string,
  options: string[],
  run: (ctx: CommandContext, args: readonly string[]) => Reply,
  replacedBy?: string,
): CommandSpec {
  return defineCommand({
    name,
    group: 'sorted-set',
    since,
    summary,
    arity: -4,
    flags: ['readonly'],
    acl: ['sortedset'],
    keySpecs: RO_ACCESS,
    options,
    // the legacy forms are deprecated since 6.2 in favour of ZRANGE's options
    ...(replacedBy !== undefined ? { docFlags: ['deprecated' as const], deprecatedSince: '6.2.0', replacedBy } : {}),
    run,
  })
}

function remCommand(name: string, since: string, summary: string, type: 'rank' | 'score' | 'lex'): CommandSpec {
  return defineCommand({
    name,
    group: 'sorted-set',
    since,
    summary,
    arity: 4,
    flags: ['write'],
    acl: ['sortedset'],
    keySpecs: RW_DELETE,
    run: (ctx, args) => zremrangeGeneric(ctx, args, type),
  })
}

export const zcountCommand = defineCommand({
  name: 'zcount',
  group: 'sorted-set',
  since: '2.0.0',
  summary: 'Counts the members of a sorted set within a range of scores.',
  arity: 4,
  flags: ['readonly', 'fast'],
  acl: ['sortedset'],
  keySpecs: RO_ACCESS,
  run: (ctx, [key, min, max]) => {
    const range = parseScoreRange(min as string, max as string)
    const z = readZset(ctx.db, key as string)
    if (z === undefined) return ZERO
    const [first, end] = scoreSpan(z, range)
    return integer(end - first)
  },
})

export const zlexcountCommand = defineCommand({
  name: 'zlexcount',
  group: 'sorted-set',
  since: '2.8.9',
  summary: 'Counts the members of a sorted set within a lexicographical range.',
  arity: 4,
  flags: ['readonly', 'fast'],
  acl: ['sortedset'],
  keySpecs: RO_ACCESS,
  run: (ctx, [key, min, max]) => {
    const [lo, hi] = parseLexRange(min as string, max as string)
    const z = readZset(ctx.db, key as string)
    if (z === undefined) return ZERO
    const [first, end] = lexSpan(z, lo, hi)
    return integer(end - first)
  },
})

export const zrangeCommand = readCommand(
  'zrange',
  '1.2.0',
  'Returns members of a sorted set within a range of ranks, scores or members.',
  ['BYSCORE', 'BYLEX', 'REV', 'LIMIT', 'WITHSCORES'],
  (ctx, args) => zrangeGeneric(ctx, args, 0, null, 'auto', null),
)

export const zrangebylexCommand = readCommand(
  'zrangebylex',
  '2.8.9',
  'Returns members of a sorted set within a lexicographical range.',
  ['LIMIT'],
  (ctx, args) => zrangeGeneric(ctx, args, 0, null, 'lex', false),
  '`ZRANGE` with the `BYLEX` argument',
)

export const zrangebyscoreCommand = readCommand(
  'zrangebyscore',
  '1.0.5',
  'Returns members of a sorted set within a range of scores.',
  ['WITHSCORES', 'LIMIT'],
  (ctx, args) => zrangeGeneric(ctx, args, 0, null, 'score', false),
  '`ZRANGE` with the `BYSCORE` argument',
)

export const zrangestoreCommand = defineCommand({
  name: 'zrangestore',
  group: 'sorted-set',
  since: '6.2.0',
  summary: 'Stores a range of members of a sorted set in another key.',
  arity: -5,
  flags: ['write', 'denyoom'],
  acl: ['sortedset'],
  keySpecs: [ks.one(['OW', 'update']), ks.one(['RO', 'access'], 2)],
  options: ['BYSCORE', 'BYLEX', 'REV', 'LIMIT'],
  run: (ctx, args) => zrangeGeneric(ctx, args, 1, args[0] as string, 'auto', null),
})

export const zremrangebylexCommand = remCommand('zremrangebylex', '2.8.9', 'Removes the members of a sorted set within a lexicographical range.', 'lex')

export const zremrangebyrankCommand = remCommand('zremrangebyrank', '2.0.0', 'Removes the members of a sorted set within a range of ranks.', 'rank')

export const zremrangebyscoreCommand = remCommand('zremrangebyscore', '1.2.0', 'Removes the members of a sorted set within a range of scores.', 'score')

export const zrevrangeCommand = readCommand(
  'zrevrange',
  '1.2.0',
  'Returns members of a sorted set within a range of ranks, highest score first.',
  ['WITHSCORES'],
  (ctx, args) => zrangeGeneric(ctx, args, 0, null, 'rank', true),
  '`ZRANGE` with the `REV` argument',
)

export const zrevrangebylexCommand = readCommand(
  'zrevrangebylex',
  '2.8.9',
  'Returns members of a sorted set within a lexicographical range, in reverse order.',
  ['LIMIT'],
  (ctx, args) => zrangeGeneric(ctx, args, 0, null, 'lex', true),
  '`ZRANGE` with the `REV` and `BYLEX` arguments',
)

export const zrevrangebyscoreCommand = readCommand(
  'zrevrangebyscore',
  '2.2.0',
  'Returns members of a sorted set within a range of scores, highest score first.',
  ['WITHSCORES', 'LIMIT'],
  (ctx, args) => zrangeGeneric(ctx, args, 0, null, 'score', true),
  '`ZRANGE` with the `REV` and `BYSCORE` arguments',
)

export const zrangeCommands: readonly CommandSpec[] = [
  zcountCommand,
  zlexcountCommand,
  zrangeCommand,
  zrangebylexCommand,
  zrangebyscoreCommand,
  zrangestoreCommand,
  zremrangebylexCommand,
  zremrangebyrankCommand,
  zremrangebyscoreCommand,
  zrevrangeCommand,
  zrevrangebylexCommand,
  zrevrangebyscoreCommand,
]
