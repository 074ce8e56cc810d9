// https://redis.io/commands/?group=set: SINTER, SUNION, SDIFF, their STORE forms and SINTERCARD
import { NOTIFY_GENERIC, NOTIFY_SET } from '../core/notify.js'
import { parseLL } from '../core/numbers.js'
import type { Db } from '../core/keyspace.js'
import { SetValue } from '../core/values/set.js'
import type { Value } from '../core/values/types.js'
import { CommandError, Err } from '../errors.js'
import { bulk, EMPTY_SET, integer, set, ZERO, type Reply } from '../resp/types.js'
import { is, syntaxError, wrongType } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec, type KeySpec } from './define.js'
import { arg } from './server-command-docs.js'

/** The sets at `keys` (null for a missing key); WRONGTYPE for any other type, wherever it is. */
function readSets(db: Db, keys: readonly string[]): (SetValue | null)[] {
  const out: (SetValue | null)[] = new Array(keys.length)
  for (let i = 0; i < keys.length; i++) {
    const v: Value | undefined = db.read(keys[i] as string)
    if (v === undefined) out[i] = null
    else if (typeof v === 'string' || v.type !== 'set') throw wrongType()
    else out[i] = v as SetValue
  }
  return out
}

/** A set reply (RESP3 `~`) of members in the set's order. */
export function membersReply(s: SetValue): Reply {
  const out: Reply[] = new Array(s.size)
  let i = 0
  for (const m of s.members()) out[i++] = bulk(m)
  return set(out)
}

/**
 * The intersection (sinterGenericCommand): the smallest set is walked in its own
 * order, so that an intset smallest set gives ascending members as in Redis.
 * `limit` (SINTERCARD) stops counting early; 0 is no limit.
 */
function intersect(sets: SetValue[], onMember: (m: string) => boolean): void {
  // a stable sort, like glibc's merge-sort qsort that Redis 7.0 calls
  const sorted = sets.slice().sort((a, b) => a.size - b.size)
  const first = sorted[0] as SetValue
  outer: for (const m of first.members()) {
    for (let j = 1; j < sorted.length; j++) {
      const other = sorted[j] as SetValue
      if (other === first) continue
      if (!other.has(m)) continue outer
    }
    if (!onMember(m)) return
  }
}

/** Stores a computed set at `dst`, or deletes `dst` when it is empty. */
function store(ctx: CommandContext, db: Db, dst: string, result: SetValue, event: string): Reply {
  if (result.size !== 0) {
    db.set(dst, result)
    ctx.wrote(db, dst, NOTIFY_SET, event)
    return integer(result.size)
  }
  if (db.delete(dst)) ctx.wrote(db, dst, NOTIFY_GENERIC, 'del')
  return ZERO
}

function sinterGeneric(ctx: CommandContext, keys: readonly string[], dst: string | null): Reply {
  const db = ctx.db
  const sets = readSets(db, keys)
  if (sets.includes(null)) {
    if (dst === null) return EMPTY_SET
    if (db.delete(dst)) ctx.wrote(db, dst, NOTIFY_GENERIC, 'del')
    return ZERO
  }
  const limits = ctx.engine.limits
  if (dst !== null) {
    const result = new SetValue()
    intersect(sets as SetValue[], (m) => {
      result.add(m, limits)
      return true
    })
    return store(ctx, db, dst, result, 'sinterstore')
  }
  const out: Reply[] = []
  intersect(sets as SetValue[], (m) => {
    out.push(bulk(m))
    return true
  })
  return set(out)
}

const UNION = 0
const DIFF = 1

/** SUNION, SDIFF and their STORE forms (sunionDiffGenericCommand). */
function sunionDiffGeneric(ctx: CommandContext, keys: readonly string[], dst: string | null, op: number): Reply {
  const db = ctx.db
  const sets = readSets(db, keys)
  const limits = ctx.engine.limits
  const result = new SetValue()
  const first = sets[0] as SetValue | null
  if (op === UNION) {
    for (const s of sets) if (s !== null) for (const m of s.members()) result.add(m, limits)
  } else if (first !== null && !sets.includes(first, 1)) {
    // Redis picks one of two algorithms by estimated work; they differ in the
    // encoding of the result, which algorithm 2 builds from the whole first set
    let one = 0
    let two = 0
    for (const s of sets) {
      if (s === null) continue
      one += first.size
      two += s.size
    }
    if (Math.floor(one / 2) <= two) {
      outer: for (const m of first.members()) {
        for (let j = 1; j < sets.length; j++) {
          const s = sets[j]
          if (s !== null && s !== undefined && s.has(m)) continue outer
        }
        result.add(m, limits)
      }
    } else {
      for (const m of first.members()) result.add(m, limits)
      for (let j = 1; j < sets.length && result.size !== 0; j++) {
        const s = sets[j]
        if (s === null || s === undefined) continue
        for (const m of s.members()) result.delete(m)
      }
    }
  }
  if (dst === null) return membersReply(result)
  if (result.size !== 0) return store(ctx, db, dst, result, op === UNION ? 'sunionstore' : 'sdiffstore')
  if (db.delete(dst)) ctx.notify(NOTIFY_GENERIC, 'del', db, dst)
  // Redis signals the destination (WATCH, dirty) even when nothing was there
  ctx.modified(db, dst)
  return ZERO
}

const SOURCES = ks.range(['RO', 'access'], 2, -1)
const KEYS = [arg.key('key', 0, { multiple: true })]
const STORE_ARGS = [arg.key('destination', 0), arg.key('key', 1, { multiple: true })]
const UNION_DIFF_COMPLEXITY = 'O(N) where N is the total number of members of all sets.'
const INTER_COMPLEXITY = 'O(N*M) at worst, N the size of the smallest set and M the number of sets.'

/** What SDIFF, SINTER and SUNION share, but for the complexity. */
const readBase = (complexity: string) =>
  ({
    group: 'set',
    since: '1.0.0',
    complexity,
    arity: -2,
    flags: ['readonly'],
    acl: ['set'],
    keySpecs: [ks.range(['RO', 'access'], 1, -1)],
    arguments: KEYS,
    tips: ['nondeterministic_output_order'],
  }) as const

/** What SDIFFSTORE, SINTERSTORE and SUNIONSTORE share, but for the complexity and how Redis flags the destination. */
const storeBase = (complexity: string, destination: KeySpec) =>
  ({
    group: 'set',
    since: '1.0.0',
    complexity,
    arity: -3,
    flags: ['write', 'denyoom'],
    acl: ['set'],
    keySpecs: [destination, SOURCES],
    arguments: STORE_ARGS,
  }) as const

export const sdiffCommand = defineCommand({
  ...readBase(UNION_DIFF_COMPLEXITY),
  name: 'sdiff',
  summary: 'Returns the members of the first set that are in none of the other sets.',
  run: (ctx, keys) => sunionDiffGeneric(ctx, keys, null, DIFF),
})

export const sdiffstoreCommand = defineCommand({
  ...storeBase(UNION_DIFF_COMPLEXITY, ks.one(['OW', 'update'])),
  name: 'sdiffstore',
  summary: 'Stores the difference of sets in a key, replacing what it held.',
  run: (ctx, args) => sunionDiffGeneric(ctx, args.slice(1), args[0] as string, DIFF),
})

export const sinterCommand = defineCommand({
  ...readBase(INTER_COMPLEXITY),
  name: 'sinter',
  summary: 'Returns the members common to all given sets.',
  run: (ctx, keys) => sinterGeneric(ctx, keys, null),
})

export const sintercardCommand = defineCommand({
  name: 'sintercard',
  group: 'set',
  since: '7.0.0',
  summary: 'Returns the number of members common to all given sets, optionally counting up to a limit.',
  complexity: INTER_COMPLEXITY,
  arity: -3,
  flags: ['readonly'],
  acl: ['set'],
  keySpecs: [ks.keynum(['RO', 'access'], 1)],
  arguments: [arg.integer('numkeys'), arg.key('key', 0, { multiple: true }), arg.integer('limit', { token: 'LIMIT', optional: true })],
  options: ['LIMIT'],
  run: (ctx, args) => {
    const numkeys = parseLL(args[0] as string)
    if (numkeys === null || numkeys < 1) throw new CommandError(Err.numkeysZero)
    if (numkeys > args.length - 1) throw new CommandError(Err.numkeysTooBig)
    let limit = 0
    for (let i = 1 + numkeys; i < args.length; i++) {
      if (is(args[i] as string, 'limit') && i + 1 < args.length) {
        const n = parseLL(args[++i] as string)
        if (n === null || n < 0) throw new CommandError(Err.limitNegative)
        limit = n
      } else throw syntaxError()
    }
    const sets = readSets(ctx.db, args.slice(1, 1 + numkeys))
    if (sets.includes(null)) return ZERO
    let n = 0
    intersect(sets as SetValue[], () => ++n !== limit)
    return integer(n)
  },
})

export const sinterstoreCommand = defineCommand({
  ...storeBase(INTER_COMPLEXITY, ks.one(['RW', 'update'])),
  name: 'sinterstore',
  summary: 'Stores the intersection of sets in a key, replacing what it held.',
  run: (ctx, args) => sinterGeneric(ctx, args.slice(1), args[0] as string),
})

export const sunionCommand = defineCommand({
  ...readBase(UNION_DIFF_COMPLEXITY),
  name: 'sunion',
  summary: 'Returns the members of all given sets.',
  run: (ctx, keys) => sunionDiffGeneric(ctx, keys, null, UNION),
})

export const sunionstoreCommand = defineCommand({
  ...storeBase(UNION_DIFF_COMPLEXITY, ks.one(['OW', 'update'])),
  name: 'sunionstore',
  summary: 'Stores the union of sets in a key, replacing what it held.',
  run: (ctx, args) => sunionDiffGeneric(ctx, args.slice(1), args[0] as string, UNION),
})

export const setAlgebraCommands: readonly CommandSpec[] = [
  sdiffCommand,
  sdiffstoreCommand,
  sinterCommand,
  sintercardCommand,
  sinterstoreCommand,
  sunionCommand,
  sunionstoreCommand,
]
