// https://redis.io/commands/?group=sorted-set
import { NOTIFY_ZSET } from '../core/notify.js'
import { formatDouble } from '../core/numbers.js'
import { RepeatBudget } from '../core/values/random-picks.js'
import { SortedSetValue } from '../core/values/sorted-set.js'
import { CommandError, Err, wrongArity, ZsetErr } from '../errors.js'
import { array, bulk, bulks, double, EMPTY_BULKS, integer, NULL_ARRAY, NULL_BULK, ZERO, type Reply } from '../resp/types.js'
import { is, parseBigInteger, parseFloatArg, syntaxError } from './args.js'
import { EMPTY_SCAN, parseScanCursor, parseScanOptions, scanReply } from './collection-scan.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { zalgebraCommands } from './sorted-set-algebra.js'
import { zpopCommands } from './sorted-set-pop.js'
import { zrangeCommands } from './sorted-set-range.js'
import { deleteIfEmpty, readZset, withScoresReply, writeZset } from './sorted-set-util.js'

const F_INCR = 1
const F_NX = 2
const F_XX = 4
const F_GT = 8
const F_LT = 16
const F_CH = 32

const ZADD_FLAGS: Record<string, number> = { incr: F_INCR, nx: F_NX, xx: F_XX, gt: F_GT, lt: F_LT, ch: F_CH }

/**
 * ZADD and ZINCRBY (zaddGenericCommand): option words first, then score-member
 * pairs. Everything is validated before the set is touched.
 */
function zaddGeneric(ctx: CommandContext, args: readonly string[], preset: number): Reply {
  const key = args[0] as string
  let flags = preset
  let j = 1
  for (; j < args.length; j++) {
    const f = ZADD_FLAGS[(args[j] as string).toLowerCase()]
    if (f === undefined) break
    flags |= f
  }
  const elements = args.length - j
  if (elements === 0 || elements % 2 !== 0) throw syntaxError()
  const n = elements / 2
  const incr = (flags & F_INCR) !== 0
  const nx = (flags & F_NX) !== 0
  const xx = (flags & F_XX) !== 0
  const gt = (flags & F_GT) !== 0
  const lt = (flags & F_LT) !== 0
  if (nx && xx) throw new CommandError(ZsetErr.xxAndNx)
  if ((gt && nx) || (lt && nx) || (gt && lt)) throw new CommandError(Err.gtLtNxExclusive)
  if (incr && n > 1) throw new CommandError(Err.incrOneScorePair)
  const scores: number[] = new Array(n)
  for (let i = 0; i < n; i++) scores[i] = parseFloatArg(args[j + 2 * i] as string)
  const db = ctx.db
  let z = writeZset(db, key)
  if (z === undefined) {
    if (xx) return incr ? NULL_BULK : ZERO
    z = new SortedSetValue()
    db.set(key, z)
  }
  const limits = ctx.engine.limits
  let added = 0
  let updated = 0
  let processed = 0
  let score = 0
  for (let i = 0; i < n; i++) {
    const member = args[j + 2 * i + 1] as string
    score = scores[i] as number
    const cur = z.score(member)
    if (cur !== undefined) {
      if (nx) continue
      if (incr) {
        score += cur
        if (score !== score) throw new CommandError(Err.scoreNaN)
      }
      if ((lt && score >= cur) || (gt && score <= cur)) continue
      if (score !== cur) {
        z.set(member, score, limits)
        updated++
      }
      processed++
    } else {
      if (xx) continue
      z.set(member, score, limits)
      added++
      processed++
    }
  }
  if (added + updated !== 0) {
    ctx.wrote(db, key, NOTIFY_ZSET, incr ? 'zincr' : 'zadd')
    if (added !== 0) ctx.ready(db, key)
  }
  if (incr) return processed !== 0 ? double(score) : NULL_BULK
  return integer(flags & F_CH ? added + updated : added)
}

/** ZRANK and ZREVRANK; WITHSCORE is Redis 7.2's. */
function zrankGeneric(ctx: CommandContext, args: readonly string[], reverse: boolean): Reply {
  if (args.length > 3) throw new CommandError(wrongArity(ctx.cmd?.fullName ?? 'zrank'))
  const withScore = args.length === 3
  if (withScore && !is(args[2] as string, 'withscore')) throw syntaxError()
  const missing = withScore ? NULL_ARRAY : NULL_BULK
  const z = readZset(ctx.db, args[0] as string)
  if (z === undefined) return missing
  const member = args[1] as string
  const rank = z.rank(member, reverse)
  if (rank < 0) return missing
  return withScore ? array([integer(rank), double(z.score(member) as number)]) : integer(rank)
}

const LONG_MAX = 9223372036854775807n

/** Bytes charged for a score in a reply (its %.17g form is at most 24). */
const SCORE_BYTES = 24

/**
 * ZRANDMEMBER with a negative count: repeats allowed, within a size limit
 * (RepeatBudget); a member picked again shares its score and RESP3 pair.
 */
function repeatedMembers(ctx: CommandContext, z: SortedSetValue, picks: bigint, withScores: boolean): Reply {
  const budget = RepeatBudget.open(picks, withScores ? 2 : 1, ctx.engine.config.getInt('proto-max-bulk-len'))
  if (budget === null) throw new CommandError(ZsetErr.valueOutOfRange)
  const n = Number(picks)
  const members: string[] = []
  const out: Reply[] = []
  /** The reply elements of each rank picked: a flat member and score in RESP2, a pair in RESP3. */
  const shared = new Map<number, Reply[]>()
  for (let i = 0; i < n; i++) {
    const rank = Math.floor(ctx.engine.random() * z.size)
    const [m, s] = z.at(rank)
    if (!budget.charge(m.length) || (withScores && !budget.charge(SCORE_BYTES))) throw new CommandError(ZsetErr.valueOutOfRange)
    if (!withScores) {
      members.push(m)
      continue
    }
    let items = shared.get(rank)
    if (items === undefined) {
      items = ctx.proto === 3 ? [array([bulk(m), double(s)])] : [bulk(m), double(s)]
      shared.set(rank, items)
    }
    for (const r of items) out.push(r)
  }
  return withScores ? array(out) : bulks(members)
}

/** ZRANDMEMBER with a count (zrandmemberWithCountCommand). */
function zrandmemberWithCount(ctx: CommandContext, args: readonly string[]): Reply {
  const big = parseBigInteger(args[1] as string)
  if (big < -LONG_MAX) throw new CommandError(ZsetErr.randCountRange)
  if (args.length > 3 || (args.length === 3 && !is(args[2] as string, 'withscores'))) throw syntaxError()
  const withScores = args.length === 3
  if (withScores && (big < -LONG_MAX / 2n || big > LONG_MAX / 2n)) throw new CommandError(ZsetErr.valueOutOfRange)
  const z = readZset(ctx.db, args[0] as string)
  if (z === undefined || big === 0n) return EMPTY_BULKS
  if (big < 0n) return repeatedMembers(ctx, z, -big, withScores)
  const random = ctx.engine.random
  const size = z.size
  const members: string[] = []
  const scores: number[] = []
  const take = (rank: number): void => {
    const [m, s] = z.at(rank)
    members.push(m)
    scores.push(s)
  }
  if (big >= BigInt(size)) {
    // the whole set, as Redis's zset iterator walks it: from the highest rank down
    z.walk(size - 1, size, true, (m, s) => {
      members.push(m)
      scores.push(s)
    })
  } else {
    const n = Number(big)
    const picked = new Set<number>()
    if (n * 3 > size) {
      // near the size: a partial shuffle of all ranks
      const ranks = Array.from({ length: size }, (_, i) => i)
      for (let i = 0; i < n; i++) {
        const k = i + Math.floor(random() * (size - i))
        const t = ranks[i] as number
        ranks[i] = ranks[k] as number
        ranks[k] = t
        take(ranks[i] as number)
      }
    } else {
      while (picked.size < n) {
        const r = Math.floor(random() * size)
        if (picked.has(r)) continue
        picked.add(r)
        take(r)
      }
    }
  }
  return withScoresReply(ctx.proto, members, withScores ? scores : null)
}

const RW_UPDATE = [ks.one(['RW', 'update'])]
const RW_ACCESS_UPDATE = [ks.one(['RW', 'access', 'update'])]
const RO_ACCESS = [ks.one(['RO', 'access'])]

export const zaddCommand = defineCommand({
  name: 'zadd',
  group: 'sorted-set',
  since: '1.2.0',
  summary: 'Adds members with scores to a sorted set, or updates their scores; creates the key when missing.',
  arity: -4,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['sortedset'],
  keySpecs: RW_UPDATE,
  options: ['NX', 'XX', 'GT', 'LT', 'CH', 'INCR'],
  run: (ctx, args) => zaddGeneric(ctx, args, 0),
})

export const zcardCommand = defineCommand({
  name: 'zcard',
  group: 'sorted-set',
  since: '1.2.0',
  summary: 'Returns how many members a sorted set has.',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['sortedset'],
  keySpecs: [ks.one(['RO'])],
  run: (ctx, [key]) => integer(readZset(ctx.db, key as string)?.size ?? 0),
})

export const zincrbyCommand = defineCommand({
  name: 'zincrby',
  group: 'sorted-set',
  since: '1.2.0',
  summary: "Adds an increment to a member's score in a sorted set, adding the member when missing.",
  arity: 4,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['sortedset'],
  keySpecs: RW_ACCESS_UPDATE,
  run: (ctx, args) => zaddGeneric(ctx, args, F_INCR),
})

export const zmscoreCommand = defineCommand({
  name: 'zmscore',
  group: 'sorted-set',
  since: '6.2.0',
  summary: 'Returns the scores of several members of a sorted set.',
  arity: -3,
  flags: ['readonly', 'fast'],
  acl: ['sortedset'],
  keySpecs: RO_ACCESS,
  run: (ctx, args) => {
    const z = readZset(ctx.db, args[0] as string)
    const out: Reply[] = []
    for (let i = 1; i < args.length; i++) {
      const s = z?.score(args[i] as string)
      out.push(s === undefined ? NULL_BULK : double(s))
    }
    return array(out)
  },
})

export const zrandmemberCommand = defineCommand({
  name: 'zrandmember',
  group: 'sorted-set',
  since: '6.2.0',
  summary: 'Returns one or more random members of a sorted set.',
  arity: -2,
  flags: ['readonly'],
  acl: ['sortedset'],
  keySpecs: RO_ACCESS,
  tips: ['nondeterministic_output'],
  options: ['WITHSCORES'],
  run: (ctx, args) => {
    if (args.length > 1) return zrandmemberWithCount(ctx, args)
    const z = readZset(ctx.db, args[0] as string)
    if (z === undefined) return NULL_BULK
    return bulk(z.at(Math.floor(ctx.engine.random() * z.size))[0])
  },
})

/** What ZRANK and ZREVRANK share: they differ only in direction. */
const RANK_BASE = {
  group: 'sorted-set',
  since: '2.0.0',
  // Redis 7.2's arity, for WITHSCORE (7.0 has 3)
  arity: -3,
  flags: ['readonly', 'fast'],
  acl: ['sortedset'],
  keySpecs: RO_ACCESS,
  newerOptions: ['WITHSCORE'],
} as const

export const zrankCommand = defineCommand({
  ...RANK_BASE,
  name: 'zrank',
  summary: 'Returns the 0-based position of a member in a sorted set, lowest score first.',
  run: (ctx, args) => zrankGeneric(ctx, args, false),
})

export const zremCommand = defineCommand({
  name: 'zrem',
  group: 'sorted-set',
  since: '1.2.0',
  summary: 'Removes members from a sorted set; deletes the key when it empties.',
  arity: -3,
  flags: ['write', 'fast'],
  acl: ['sortedset'],
  keySpecs: [ks.one(['RW', 'delete'])],
  run: (ctx, args) => {
    const key = args[0] as string
    const db = ctx.db
    const z = writeZset(db, key)
    if (z === undefined) return ZERO
    let removed = 0
    for (let i = 1; i < args.length && z.size !== 0; i++) if (z.delete(args[i] as string)) removed++
    if (removed !== 0) {
      ctx.wrote(db, key, NOTIFY_ZSET, 'zrem')
      deleteIfEmpty(ctx, db, key, z)
    }
    return integer(removed)
  },
})

export const zrevrankCommand = defineCommand({
  ...RANK_BASE,
  name: 'zrevrank',
  summary: 'Returns the 0-based position of a member in a sorted set, highest score first.',
  run: (ctx, args) => zrankGeneric(ctx, args, true),
})

export const zscanCommand = defineCommand({
  name: 'zscan',
  group: 'sorted-set',
  since: '2.8.0',
  summary: 'Iterates over the members and scores of a sorted set.',
  arity: -3,
  flags: ['readonly'],
  acl: ['sortedset'],
  keySpecs: RO_ACCESS,
  tips: ['nondeterministic_output'],
  options: ['MATCH', 'COUNT'],
  run: (ctx, args) => {
    const cursor = parseScanCursor(args[1] as string)
    const z = readZset(ctx.db, args[0] as string)
    if (z === undefined) return EMPTY_SCAN
    const { count, match } = parseScanOptions(args, 2)
    const out: string[] = []
    const next = z.scan(cursor, count, (m, s) => {
      if (match === null || match(m)) out.push(m, formatDouble(s))
    })
    return scanReply(next, out)
  },
})

export const zscoreCommand = defineCommand({
  name: 'zscore',
  group: 'sorted-set',
  since: '1.2.0',
  summary: 'Returns the score of a member of a sorted set.',
  arity: 3,
  flags: ['readonly', 'fast'],
  acl: ['sortedset'],
  keySpecs: RO_ACCESS,
  run: (ctx, [key, member]) => {
    const s = readZset(ctx.db, key as string)?.score(member as string)
    return s === undefined ? NULL_BULK : double(s)
  },
})

const byName = new Map<string, CommandSpec>()
for (const c of [
  zaddCommand,
  zcardCommand,
  zincrbyCommand,
  zmscoreCommand,
  zrandmemberCommand,
  zrankCommand,
  zremCommand,
  zrevrankCommand,
  zscanCommand,
  zscoreCommand,
  ...zrangeCommands,
  ...zalgebraCommands,
  ...zpopCommands,
]) {
  byName.set(c.name, c)
}

/** In redis.io order (alphabetical). */
export const sortedSetCommands: readonly CommandSpec[] = [...byName.keys()].sort().map((n) => byName.get(n) as CommandSpec)
