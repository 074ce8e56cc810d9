/** Sorted-set pops: ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN, BZPOPMAX, BZMPOP. */
import type { Db } from '../core/keyspace.js'
import { NOTIFY_ZSET } from '../core/notify.js'
import type { SortedSetValue } from '../core/values/sorted-set.js'
import { CommandError, Err } from '../errors.js'
import { array, bulk, double, EMPTY_BULKS, NULL_ARRAY, type Reply } from '../resp/types.js'
import { is, parseInteger, parseTimeout, syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { deleteIfEmpty, pairsReply, withScoresReply, writeZset } from './sorted-set-util.js'

interface Popped {
  key: string
  members: string[]
  scores: number[]
}

/** Pops up to `count` elements from the low end (or the high end when `max`) of a non-empty set. */
function popFrom(ctx: CommandContext, db: Db, key: string, z: SortedSetValue, max: boolean, count: number): Popped {
  const out: Popped = { key, members: [], scores: [] }
  const n = Math.min(count, z.size)
  const size = z.size
  z.walk(max ? size - 1 : 0, n, max, (m, s) => {
    out.members.push(m)
    out.scores.push(s)
  })
  if (max) z.deleteRange(size - n, size - 1)
  else z.deleteRange(0, n - 1)
  ctx.wrote(db, key, NOTIFY_ZSET, max ? 'zpopmax' : 'zpopmin')
  deleteIfEmpty(ctx, db, key, z)
  return out
}

/**
 * Pops from the first of `keys` that exists (genericZpopCommand): WRONGTYPE if
 * that key holds another type, null when none exists.
 */
function popFirst(ctx: CommandContext, keys: readonly string[], max: boolean, count: number): Popped | null {
  const db = ctx.db
  for (const key of keys) {
    const z = writeZset(db, key)
    if (z === undefined) continue
    return popFrom(ctx, db, key, z, max, count)
  }
  return null
}

/** While serving a blocked client: pops from the key that became ready, as Redis 7.0 does. */
function popReady(ctx: CommandContext, keys: readonly string[], max: boolean, count: number): Popped | null {
  const key = ctx.readyKey
  if (key === null || !keys.includes(key)) return popFirst(ctx, keys, max, count)
  const db = ctx.db
  const z = writeZset(db, key)
  return z === undefined ? null : popFrom(ctx, db, key, z, max, count)
}

function popName(max: boolean): string {
  return max ? 'ZPOPMAX' : 'ZPOPMIN'
}

/** ZPOPMIN and ZPOPMAX. */
function zpopGeneric(ctx: CommandContext, args: readonly string[], max: boolean): Reply {
  if (args.length > 2) throw syntaxError()
  const hasCount = args.length === 2
  let count = 1
  if (hasCount) {
    count = parseInteger(args[1] as string, Err.valueOutOfRangePositive)
    if (count < 0) throw new CommandError(Err.valueOutOfRangePositive)
  }
  const key = args[0] as string
  const db = ctx.db
  const z = writeZset(db, key)
  if (z === undefined || count === 0) return EMPTY_BULKS
  const p = popFrom(ctx, db, key, z, max, count)
  // RESP3 nests pairs only when a count was given
  return withScoresReply(hasCount ? ctx.proto : 2, p.members, p.scores)
}

interface MpopRequest {
  keys: readonly string[]
  max: boolean
  count: number
}

/** `numkeys key... MIN|MAX [COUNT n]` from `args[from]` (zmpopGenericCommand). */
function parseMpop(args: readonly string[], from: number): MpopRequest {
  const numkeys = parseInteger(args[from] as string, Err.numkeysZero)
  if (numkeys < 1) throw new CommandError(Err.numkeysZero)
  const whereIdx = from + 1 + numkeys
  if (whereIdx >= args.length) throw syntaxError()
  const where = args[whereIdx] as string
  let max: boolean
  if (is(where, 'min')) max = false
  else if (is(where, 'max')) max = true
  else throw syntaxError()
  let count = -1
  for (let j = whereIdx + 1; j < args.length; j++) {
    if (count === -1 && is(args[j] as string, 'count') && j + 1 < args.length) {
      j++
      count = parseInteger(args[j] as string, Err.countPositive)
      if (count < 1) throw new CommandError(Err.countPositive)
    } else throw syntaxError()
  }
  return { keys: args.slice(from + 1, whereIdx), max, count: count === -1 ? 1 : count }
}

function mpopReply(ctx: CommandContext, p: Popped, max: boolean): Reply {
  ctx.propagate([popName(max), p.key, String(p.members.length)])
  return array([bulk(p.key), pairsReply(p.members, p.scores)])
}

export const bzmpopCommand = defineCommand({
  name: 'bzmpop',
  group: 'sorted-set',
  since: '7.0.0',
  summary: 'Pops members with the lowest or highest scores from the first non-empty sorted set, or blocks until one is available.',
  arity: -5,
  flags: ['write', 'blocking'],
  acl: ['sortedset'],
  keySpecs: [ks.keynum(['RW', 'access', 'delete'], 2)],
  options: ['MIN', 'MAX', 'COUNT'],
  run: (ctx, args) => {
    const req = parseMpop(args, 1)
    const deadline = parseTimeout(args[0] as string, ctx.now())
    const p = ctx.retrying ? popReady(ctx, req.keys, req.max, req.count) : popFirst(ctx, req.keys, req.max, req.count)
    if (p !== null) return mpopReply(ctx, p, req.max)
    return ctx.block(req.keys, deadline, NULL_ARRAY)
  },
})

function bzpopGeneric(ctx: CommandContext, args: readonly string[], max: boolean): Reply {
  const keys = args.slice(0, -1)
  const deadline = parseTimeout(args[args.length - 1] as string, ctx.now())
  const p = ctx.retrying ? popReady(ctx, keys, max, 1) : popFirst(ctx, keys, max, 1)
  if (p === null) return ctx.block(keys, deadline, NULL_ARRAY)
  ctx.propagate([popName(max), p.key])
  return array([bulk(p.key), bulk(p.members[0] as string), double(p.scores[0] as number)])
}

/** What BZPOPMAX and BZPOPMIN share: they differ only in the end they pop. */
const BZPOP_BASE = {
  group: 'sorted-set',
  since: '5.0.0',
  arity: -3,
  flags: ['write', 'noscript', 'blocking', 'fast'],
  acl: ['sortedset'],
  keySpecs: [ks.range(['RW', 'access', 'delete'], 1, -2)],
} as const

export const bzpopmaxCommand = defineCommand({
  ...BZPOP_BASE,
  name: 'bzpopmax',
  summary: 'Pops the member with the highest score from the first non-empty sorted set, or blocks until one is available.',
  run: (ctx, args) => bzpopGeneric(ctx, args, true),
})

export const bzpopminCommand = defineCommand({
  ...BZPOP_BASE,
  name: 'bzpopmin',
  summary: 'Pops the member with the lowest score from the first non-empty sorted set, or blocks until one is available.',
  run: (ctx, args) => bzpopGeneric(ctx, args, false),
})

export const zmpopCommand = defineCommand({
  name: 'zmpop',
  group: 'sorted-set',
  since: '7.0.0',
  summary: 'Pops members with the lowest or highest scores from the first non-empty sorted set.',
  arity: -4,
  flags: ['write'],
  acl: ['sortedset'],
  keySpecs: [ks.keynum(['RW', 'access', 'delete'], 1)],
  options: ['MIN', 'MAX', 'COUNT'],
  run: (ctx, args) => {
    const req = parseMpop(args, 0)
    const p = popFirst(ctx, req.keys, req.max, req.count)
    return p === null ? NULL_ARRAY : mpopReply(ctx, p, req.max)
  },
})

/** What ZPOPMAX and ZPOPMIN share: they differ only in the end they pop. */
const ZPOP_BASE = {
  group: 'sorted-set',
  since: '5.0.0',
  arity: -2,
  flags: ['write', 'fast'],
  acl: ['sortedset'],
  keySpecs: [ks.one(['RW', 'access', 'delete'])],
} as const

export const zpopmaxCommand = defineCommand({
  ...ZPOP_BASE,
  name: 'zpopmax',
  summary: 'Removes and returns the members with the highest scores of a sorted set.',
  run: (ctx, args) => zpopGeneric(ctx, args, true),
})

export const zpopminCommand = defineCommand({
  ...ZPOP_BASE,
  name: 'zpopmin',
  summary: 'Removes and returns the members with the lowest scores of a sorted set.',
  run: (ctx, args) => zpopGeneric(ctx, args, false),
})

export const zpopCommands: readonly CommandSpec[] = [bzmpopCommand, bzpopmaxCommand, bzpopminCommand, zmpopCommand, zpopmaxCommand, zpopminCommand]
