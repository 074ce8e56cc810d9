// https://redis.io/commands/?group=set
import { NOTIFY_GENERIC, NOTIFY_SET } from '../core/notify.js'
import { parseInt64, parseLL } from '../core/numbers.js'
import type { Db } from '../core/keyspace.js'
import { RepeatBudget } from '../core/values/random-picks.js'
import { SetValue } from '../core/values/set.js'
import { CommandError, Err, SetErr } from '../errors.js'
import { array, bulk, bulks, EMPTY_BULKS, EMPTY_SET, integer, NULL_BULK, ONE, set, ZERO, type Reply } from '../resp/types.js'
import { readTyped, syntaxError, writeTyped, wrongType } from './args.js'
import { EMPTY_SCAN, parseScanCursor, parseScanOptions, scanReply } from './collection-scan.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { arg } from './server-command-docs.js'
import {
  membersReply,
  sdiffCommand,
  sdiffstoreCommand,
  sintercardCommand,
  sinterCommand,
  sinterstoreCommand,
  sunionCommand,
  sunionstoreCommand,
} from './set-algebra.js'

const INT64_MAX = 9223372036854775807n
const key0 = arg.key('key', 0)
const members = arg.string('member', { multiple: true })
/** SPOP with a count is logged as SREMs of this many members each (SPOP_REPLICATION_BATCH_SIZE). */
const POP_BATCH = 1024

function readSet(ctx: CommandContext, key: string): SetValue | undefined {
  return readTyped<SetValue>(ctx.db, key, 'set')
}

/** Deletes the key once its last member is gone. */
function deleteIfEmpty(ctx: CommandContext, db: Db, key: string, s: SetValue): void {
  if (s.size !== 0) return
  db.delete(key)
  ctx.notify(NOTIFY_GENERIC, 'del', db, key)
}

/** SPOP key count (spopWithCountCommand). */
function spopWithCount(ctx: CommandContext, key: string, countArg: string): Reply {
  const n = parseLL(countArg)
  if (n === null || n < 0) throw new CommandError(Err.valueOutOfRangePositive)
  const db = ctx.db
  const s = writeTyped<SetValue>(db, key, 'set')
  if (s === undefined || n === 0) return EMPTY_SET
  const size = s.size
  ctx.wrote(db, key, NOTIFY_SET, 'spop')
  if (n >= size) {
    const reply = membersReply(s)
    db.delete(key)
    ctx.notify(NOTIFY_GENERIC, 'del', db, key)
    ctx.propagate(['del', key])
    return reply
  }
  const random = ctx.engine.random
  let popped: string[]
  if ((size - n) * 5 <= n) {
    // Few members stay: Redis picks them into a new set (which may be an
    // intset again) and returns what is left of the old one.
    const keep = new SetValue()
    const limits = ctx.engine.limits
    for (const m of s.randomMembers(size - n, random)) keep.add(m, limits)
    popped = []
    for (const m of s.members()) if (!keep.has(m)) popped.push(m)
    db.replace(key, keep)
  } else {
    popped = new Array<string>(n)
    for (let i = 0; i < n; i++) {
      const m = s.randomMember(random)
      s.delete(m)
      popped[i] = m
    }
  }
  for (let i = 0; i < popped.length; i += POP_BATCH) ctx.propagate(['srem', key, ...popped.slice(i, i + POP_BATCH)])
  return set(popped.map(bulk))
}

/** SRANDMEMBER key count (srandmemberWithCountCommand). */
function srandmemberWithCount(ctx: CommandContext, key: string, countArg: string): Reply {
  const count = parseInt64(countArg)
  if (count === null) throw new CommandError(Err.notInteger)
  if (count < -INT64_MAX) throw new CommandError(Err.randomCountRange)
  const s = readSet(ctx, key)
  if (s === undefined || count === 0n) return EMPTY_BULKS
  const random = ctx.engine.random
  // negative: repeats allowed, within a size limit (RepeatBudget)
  if (count < 0n || count === 1n) {
    const picks = count < 0n ? -count : count
    const budget = RepeatBudget.open(picks, 1, ctx.engine.config.getInt('proto-max-bulk-len'))
    if (budget === null) throw new CommandError(SetErr.randomCountTooLarge)
    const n = Number(picks)
    const out = new Array<string>(n)
    for (let i = 0; i < n; i++) {
      const m = s.randomMember(random)
      if (!budget.charge(m.length)) throw new CommandError(SetErr.randomCountTooLarge)
      out[i] = m
    }
    return bulks(out)
  }
  if (count >= BigInt(s.size)) return bulks([...s.members()])
  return bulks(s.randomMembers(Number(count), random))
}

export const saddCommand = defineCommand({
  name: 'sadd',
  group: 'set',
  since: '1.0.0',
  summary: 'Adds one or more members to a set, creating the key if needed; returns how many were new.',
  complexity: 'O(1) per member added, O(N) for N members.',
  arity: -3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['set'],
  keySpecs: [ks.one(['RW', 'insert'])],
  arguments: [key0, members],
  history: [['2.4.0', 'Accepts several members.']],
  run: (ctx, args) => {
    const key = args[0] as string
    const db = ctx.db
    let s = writeTyped<SetValue>(db, key, 'set')
    if (s === undefined) {
      s = new SetValue()
      db.set(key, s)
    }
    const limits = ctx.engine.limits
    let added = 0
    for (let i = 1; i < args.length; i++) if (s.add(args[i] as string, limits)) added++
    if (added !== 0) ctx.wrote(db, key, NOTIFY_SET, 'sadd')
    return integer(added)
  },
})

export const scardCommand = defineCommand({
  name: 'scard',
  group: 'set',
  since: '1.0.0',
  summary: 'Returns the number of members in a set.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['set'],
  keySpecs: [ks.one(['RO'])],
  arguments: [key0],
  run: (ctx, [key]) => integer(readSet(ctx, key as string)?.size ?? 0),
})

export { sdiffCommand, sdiffstoreCommand, sinterCommand, sintercardCommand, sinterstoreCommand }

export const sismemberCommand = defineCommand({
  name: 'sismember',
  group: 'set',
  since: '1.0.0',
  summary: 'Tells whether a value is a member of a set.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['readonly', 'fast'],
  acl: ['set'],
  keySpecs: [ks.one(['RO'])],
  arguments: [key0, arg.string('member')],
  run: (ctx, [key, member]) => (readSet(ctx, key as string)?.has(member as string) === true ? ONE : ZERO),
})

export const smembersCommand = defineCommand({
  name: 'smembers',
  group: 'set',
  since: '1.0.0',
  summary: 'Returns all members of a set.',
  complexity: 'O(N) where N is the size of the set.',
  arity: 2,
  flags: ['readonly'],
  acl: ['set'],
  keySpecs: [ks.one(['RO', 'access'])],
  arguments: [key0],
  tips: ['nondeterministic_output_order'],
  run: (ctx, [key]) => {
    const s = readSet(ctx, key as string)
    return s === undefined ? EMPTY_SET : membersReply(s)
  },
})

export const smismemberCommand = defineCommand({
  name: 'smismember',
  group: 'set',
  since: '6.2.0',
  summary: 'Tells for each of several values whether it is a member of a set.',
  complexity: 'O(N) where N is the number of values checked.',
  arity: -3,
  flags: ['readonly', 'fast'],
  acl: ['set'],
  keySpecs: [ks.one(['RO', 'access'])],
  arguments: [key0, members],
  run: (ctx, args) => {
    const s = readSet(ctx, args[0] as string)
    const out: Reply[] = new Array(args.length - 1)
    for (let i = 1; i < args.length; i++) out[i - 1] = s?.has(args[i] as string) === true ? ONE : ZERO
    return array(out)
  },
})

export const smoveCommand = defineCommand({
  name: 'smove',
  group: 'set',
  since: '1.0.0',
  summary: 'Moves a member from one set to another.',
  complexity: 'O(1)',
  arity: 4,
  flags: ['write', 'fast'],
  acl: ['set'],
  keySpecs: [ks.one(['RW', 'access', 'delete'], 1), ks.one(['RW', 'insert'], 2)],
  arguments: [arg.key('source', 0), arg.key('destination', 1), arg.string('member')],
  run: (ctx, [srcKey, dstKey, member]) => {
    const db = ctx.db
    const src = db.get(srcKey as string)
    if (src === undefined) return ZERO
    const dstValue = db.get(dstKey as string)
    if (typeof src === 'string' || src.type !== 'set') throw wrongType()
    if (dstValue !== undefined && (typeof dstValue === 'string' || dstValue.type !== 'set')) throw wrongType()
    const from = src as SetValue
    if (from === dstValue) return from.has(member as string) ? ONE : ZERO
    if (!from.delete(member as string)) return ZERO
    ctx.wrote(db, srcKey as string, NOTIFY_SET, 'srem')
    deleteIfEmpty(ctx, db, srcKey as string, from)
    let to = dstValue as SetValue | undefined
    if (to === undefined) {
      to = new SetValue()
      db.set(dstKey as string, to)
    }
    if (to.add(member as string, ctx.engine.limits)) ctx.wrote(db, dstKey as string, NOTIFY_SET, 'sadd')
    else ctx.modified(db, dstKey as string)
    return ONE
  },
})

export const spopCommand = defineCommand({
  name: 'spop',
  group: 'set',
  since: '1.0.0',
  summary: 'Removes and returns one or more random members of a set; the key goes when it is empty.',
  complexity: 'O(1) without a count, else O(N) where N is the count.',
  arity: -2,
  flags: ['write', 'fast'],
  acl: ['set'],
  keySpecs: [ks.one(['RW', 'access', 'delete'])],
  arguments: [key0, arg.integer('count', { since: '3.2.0', optional: true })],
  history: [['3.2.0', 'Added the count argument.']],
  tips: ['nondeterministic_output'],
  run: (ctx, args) => {
    const key = args[0] as string
    if (args.length === 2) return spopWithCount(ctx, key, args[1] as string)
    if (args.length > 2) throw syntaxError()
    const db = ctx.db
    const s = writeTyped<SetValue>(db, key, 'set')
    if (s === undefined) return NULL_BULK
    const m = s.randomMember(ctx.engine.random)
    s.delete(m)
    ctx.wrote(db, key, NOTIFY_SET, 'spop')
    // the pick is random: it is logged as the SREM it amounted to
    ctx.propagate(['srem', key, m])
    deleteIfEmpty(ctx, db, key, s)
    return bulk(m)
  },
})

export const srandmemberCommand = defineCommand({
  name: 'srandmember',
  group: 'set',
  since: '1.0.0',
  summary: 'Returns one or more random members of a set; a negative count allows repeats.',
  complexity: 'O(1) without a count, else O(N) where N is the absolute count.',
  arity: -2,
  flags: ['readonly'],
  acl: ['set'],
  keySpecs: [ks.one(['RO', 'access'])],
  arguments: [key0, arg.integer('count', { since: '2.6.0', optional: true })],
  history: [['2.6.0', 'Added the optional count argument.']],
  tips: ['nondeterministic_output'],
  run: (ctx, args) => {
    const key = args[0] as string
    if (args.length === 2) return srandmemberWithCount(ctx, key, args[1] as string)
    if (args.length > 2) throw syntaxError()
    const s = readSet(ctx, key)
    return s === undefined ? NULL_BULK : bulk(s.randomMember(ctx.engine.random))
  },
})

export const sremCommand = defineCommand({
  name: 'srem',
  group: 'set',
  since: '1.0.0',
  summary: 'Removes one or more members from a set and deletes the key once it is empty.',
  complexity: 'O(N) where N is the number of members to remove.',
  arity: -3,
  flags: ['write', 'fast'],
  acl: ['set'],
  keySpecs: [ks.one(['RW', 'delete'])],
  arguments: [key0, members],
  history: [['2.4.0', 'Accepts several members.']],
  run: (ctx, args) => {
    const key = args[0] as string
    const db = ctx.db
    const s = writeTyped<SetValue>(db, key, 'set')
    if (s === undefined) return ZERO
    let deleted = 0
    for (let i = 1; i < args.length; i++) {
      if (s.delete(args[i] as string)) {
        deleted++
        if (s.size === 0) break
      }
    }
    if (deleted !== 0) {
      ctx.wrote(db, key, NOTIFY_SET, 'srem')
      deleteIfEmpty(ctx, db, key, s)
    }
    return integer(deleted)
  },
})

export const sscanCommand = defineCommand({
  name: 'sscan',
  group: 'set',
  since: '2.8.0',
  summary: 'Iterates over the members of a set.',
  complexity: 'O(1) per call, O(N) for a whole iteration where N is the size of the set.',
  arity: -3,
  flags: ['readonly'],
  acl: ['set'],
  keySpecs: [ks.one(['RO', 'access'])],
  arguments: [key0, arg.integer('cursor'), arg.pattern('pattern', { token: 'MATCH', optional: true }), arg.integer('count', { token: 'COUNT', optional: true })],
  tips: ['nondeterministic_output'],
  options: ['MATCH', 'COUNT'],
  run: (ctx, args) => {
    const cursor = parseScanCursor(args[1] as string)
    const s = readSet(ctx, args[0] as string)
    if (s === undefined) return EMPTY_SCAN
    const { count, match } = parseScanOptions(args, 2)
    const out: string[] = []
    const next = s.scan(cursor, count, (m) => {
      if (match === null || match(m)) out.push(m)
    })
    return scanReply(next, out)
  },
})

export { sunionCommand, sunionstoreCommand }

/** In redis.io order. */
export const setCommands: readonly CommandSpec[] = [
  saddCommand,
  scardCommand,
  sdiffCommand,
  sdiffstoreCommand,
  sinterCommand,
  sintercardCommand,
  sinterstoreCommand,
  sismemberCommand,
  smembersCommand,
  smismemberCommand,
  smoveCommand,
  spopCommand,
  srandmemberCommand,
  sremCommand,
  sscanCommand,
  sunionCommand,
  sunionstoreCommand,
]
