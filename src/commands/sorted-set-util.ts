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

/** Whether `m` is at or above the lower bound (zslLexValueGteMin). */
export function aboveMin(m: string, min: LexBound): boolean {
  return min.end === 0 ? (min.ex ? m > min.v : m >= min.v) : min.end < 0
}

/** Whether `m` is at or below the upper bound (zslLexValueLteMax). */
export function belowMax(m: string, max: LexBound): boolean {
  return max.end === 0 ? (max.ex ? m < max.v : m <= max.v) : max.end > 0
}

/*
 * Lex ranges over a listpack. Redis 7.0 defines lex ranges only when all scores
 * are equal, but on a listpack it answers deterministically whatever the scores,
 * and redlet follows it there (a skiplist's answer depends on its random levels,
 * so a skiplist keeps the binary search below). The range may match only if the
 * last element is above min and the first below max; then the walk starts at the
 * first element from the head that is above min (from the tail: below max), and
 * is empty unless that element is also within the other bound; from there (after
 * skipping LIMIT's offset without looking) it goes on while elements stay below
 * max (from the tail: above min), whatever they are on the other side. E.g. after
 * ZADD z 0 0 -1 g -1 a, ZRANGEBYLEX z (a + is empty: "0", the last, is not above
 * "a". Pinned by the "lex ranges over a listpack with mixed scores" tests.
 */

/** The rank where a listpack lex walk from the head starts, or -1 when the range is empty. */
export function listpackLexFirst(z: SortedSetValue, min: LexBound, max: LexBound): number {
  const size = z.size
  if (size === 0 || !aboveMin(z.at(size - 1)[0], min) || !belowMax(z.at(0)[0], max)) return -1
  const first = z.countWhile(0, false, size, (m) => !aboveMin(m, min))
  return first < size && belowMax(z.at(first)[0], max) ? first : -1
}

/** The rank where a listpack lex walk from the tail starts, or -1 when the range is empty. */
export function listpackLexLast(z: SortedSetValue, min: LexBound, max: LexBound): number {
  const size = z.size
  if (size === 0 || !aboveMin(z.at(size - 1)[0], min) || !belowMax(z.at(0)[0], max)) return -1
  const last = size - 1 - z.countWhile(size - 1, true, size, (m) => !belowMax(m, max))
  return last >= 0 && aboveMin(z.at(last)[0], min) ? last : -1
}

/**
 * Ranks [first, end) of the elements within a lexicographical range (as
 * ZLEXCOUNT and ZREMRANGEBYLEX take them): a binary search on a skiplist, Redis's
 * walk on a listpack (see above).
 */
export function lexSpan(z: SortedSetValue, min: LexBound, max: LexBound): [number, number] {
  if (z.isListpack) {
    const start = listpackLexFirst(z, min, max)
    if (start < 0) return [0, 0]
    return [start, start + z.countWhile(start, false, z.size, (m) => belowMax(m, max))]
  }
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
