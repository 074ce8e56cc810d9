/** Helpers shared by the sorted-set command files: lookups, range arguments, replies, stores. */
import type { Db } from '../core/keyspace.js'
import { NOTIFY_GENERIC, NOTIFY_ZSET } from '../core/notify.js'
import { parseDoubleLoose } from '../core/numbers.js'
import { SortedSetValue } from '../core/values/sorted-set.js'
import { CommandError, Err } from '../errors.js'
import { array, bulk, bulks, double, integer, ZERO, type Reply } from '../resp/types.js'
import { readTyped, writeTyped } from './args.js'
import type { CommandContext } from './context.js'

export function readZset(db: Db, key: string): SortedSetValue | undefined {
  return readTyped<SortedSetValue>(db, key, 'zset')
}

export function writeZset(db: Db, key: string): SortedSetValue | undefined {
  return writeTyped<SortedSetValue>(db, key, 'zset')
}

/** A score bound as zslParseRange reads it: strtod after an optional "(" (exclusive). */
function parseScoreBound(s: string): { v: number; ex: boolean } {
  const ex = s.charCodeAt(0) === 40 /* ( */
  const text = ex ? s.slice(1) : s
  // strtod converts nothing in "" and leaves the end pointer on the terminator: 0
  const v = text.length === 0 ? 0 : parseDoubleLoose(text)
  if (v !== v) throw new CommandError(Err.minOrMaxNotFloat)
  return { v, ex }
}

export interface ScoreRange {
  min: number
  max: number
  minex: boolean
  maxex: boolean
}

export function parseScoreRange(minArg: string, maxArg: string): ScoreRange {
  const a = parseScoreBound(minArg)
  const b = parseScoreBound(maxArg)
  return { min: a.v, max: b.v, minex: a.ex, maxex: b.ex }
}

/** A lexicographical bound: "-" and "+" are the ends, "[x" inclusive, "(x" exclusive. */
export interface LexBound {
  /** -1 for "-", 1 for "+", 0 for a member. */
  readonly end: -1 | 0 | 1
  readonly v: string
  readonly ex: boolean
}

function parseLexBound(s: string): LexBound {
  const c = s.charCodeAt(0)
  if ((c === 43 /* + */ || c === 45) /* - */ && s.length === 1) return { end: c === 43 ? 1 : -1, v: '', ex: true }
  if (c === 40 /* ( */ || c === 91 /* [ */) return { end: 0, v: s.slice(1), ex: c === 40 }
  throw new CommandError(Err.minOrMaxNotValidString)
}

export function parseLexRange(minArg: string, maxArg: string): [LexBound, LexBound] {
  return [parseLexBound(minArg), parseLexBound(maxArg)]
}

/** Ranks [first, end) of the elements within a score range. */
export function scoreSpan(z: SortedSetValue, r: ScoreRange): [number, number] {
  const first = z.countByScore(r.min, r.minex)
  const end = z.countByScore(r.max, !r.maxex)
  return [first, Math.max(first, end)]
}

/** Ranks [first, end) of the elements within a lexicographical range. */
export function lexSpan(z: SortedSetValue, min: LexBound, max: LexBound): [number, number] {
  const first = min.end === -1 ? 0 : min.end === 1 ? z.size : z.countByMember(min.v, min.ex)
  const end = max.end === 1 ? z.size : max.end === -1 ? 0 : z.countByMember(max.v, !max.ex)
  return [first, Math.max(first, end)]
}

/**
 * Clamps a rank range as ZRANGE and ZREMRANGEBYRANK do: negative indexes count
 * from the end; returns [start, end] inclusive, or null when empty.
 */
export function rankSpan(size: number, start: number, end: number): [number, number] | null {
  if (start < 0) start = size + start
  if (end < 0) end = size + end
  if (start < 0) start = 0
  if (start > end || start >= size) return null
  if (end >= size) end = size - 1
  return [start, end]
}

/**
 * Members, with their scores when given: a flat list in RESP2, [member, score]
 * pairs in RESP3, as Redis replies to WITHSCORES.
 */
export function withScoresReply(proto: 2 | 3, members: readonly string[], scores: readonly number[] | null): Reply {
  if (scores === null) return bulks(members)
  const out: Reply[] = []
  if (proto === 3) {
    for (let i = 0; i < members.length; i++) out.push(array([bulk(members[i] as string), double(scores[i] as number)]))
  } else {
    for (let i = 0; i < members.length; i++) out.push(bulk(members[i] as string), double(scores[i] as number))
  }
  return array(out)
}

/** [member, score] pairs in both protocols (ZMPOP, BZMPOP). */
export function pairsReply(members: readonly string[], scores: readonly number[]): Reply {
  const out: Reply[] = []
  for (let i = 0; i < members.length; i++) out.push(array([bulk(members[i] as string), double(scores[i] as number)]))
  return array(out)
}

/**
 * Stores a result set at `dst` (ZUNIONSTORE and friends, ZRANGESTORE): an
 * empty result deletes `dst`. Replies with the stored size.
 */
export function storeResult(ctx: CommandContext, dst: string, result: SortedSetValue, event: string): Reply {
  const db = ctx.db
  if (result.size === 0) {
    if (db.delete(dst)) ctx.wrote(db, dst, NOTIFY_GENERIC, 'del')
    return ZERO
  }
  db.set(dst, result)
  ctx.wrote(db, dst, NOTIFY_ZSET, event)
  ctx.ready(db, dst)
  return integer(result.size)
}

/** After removing elements: deletes the key when empty (notifying `del`). */
export function deleteIfEmpty(ctx: CommandContext, db: Db, key: string, z: SortedSetValue): void {
  if (z.size !== 0) return
  db.delete(key)
  ctx.notify(NOTIFY_GENERIC, 'del', db, key)
}
