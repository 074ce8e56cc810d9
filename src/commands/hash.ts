// https://redis.io/commands/?group=hash
import { addLongDouble, formatLongDouble, parseLongDouble } from '../core/long-double.js'
import { NOTIFY_GENERIC, NOTIFY_HASH } from '../core/notify.js'
import { parseInt64, parseLL, toReplyInt } from '../core/numbers.js'
import type { Db } from '../core/keyspace.js'
import { HashValue } from '../core/values/hash.js'
import { RepeatBudget } from '../core/values/random-picks.js'
import { CommandError, Err, HashErr, wrongArity } from '../errors.js'
import {
  array,
  bulk,
  bulkOrNull,
  bulks,
  EMPTY_ARRAY,
  EMPTY_BULKS,
  EMPTY_MAP,
  integer,
  map,
  NULL_BULK,
  OK,
  ONE,
  ZERO,
  type Reply,
} from '../resp/types.js'
import { is, readTyped, syntaxError, writeTyped } from './args.js'
import { EMPTY_SCAN, parseScanCursor, parseScanOptions, scanReply } from './collection-scan.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { arg } from './server-command-docs.js'

const INT64_MAX = 9223372036854775807n
const INT64_MIN = -9223372036854775808n

function readHash(ctx: CommandContext, key: string): HashValue | undefined {
  return readTyped<HashValue>(ctx.db, key, 'hash')
}

/** The hash at `key` for writing, created (and stored) when missing: hashTypeLookupWriteOrCreate. */
function hashForWrite(db: Db, key: string): HashValue {
  let h = writeTyped<HashValue>(db, key, 'hash')
  if (h === undefined) {
    h = new HashValue()
    db.set(key, h)
  }
  return h
}

/** Deletes the key once its last field is gone. */
function deleteIfEmpty(ctx: CommandContext, db: Db, key: string, h: HashValue): void {
  if (h.size !== 0) return
  db.delete(key)
  ctx.notify(NOTIFY_GENERIC, 'del', db, key)
}

/** HSET and HMSET (hsetCommand). */
function hsetGeneric(ctx: CommandContext, args: readonly string[]): number {
  if (args.length % 2 === 0) throw new CommandError(wrongArity(ctx.cmd?.fullName ?? 'hset'))
  const key = args[0] as string
  const db = ctx.db
  const h = hashForWrite(db, key)
  const limits = ctx.engine.limits
  let created = 0
  for (let i = 1; i < args.length; i += 2) if (h.set(args[i] as string, args[i + 1] as string, limits)) created++
  ctx.wrote(db, key, NOTIFY_HASH, 'hset')
  return created
}

/** `count` random fields (HRANDFIELD key count [WITHVALUES]): hrandfieldWithCountCommand. */
function randomFields(ctx: CommandContext, key: string, count: bigint, withValues: boolean): Reply {
  const h = readHash(ctx, key)
  if (h === undefined || count === 0n) return EMPTY_ARRAY
  if (count < 0n) return repeatedFields(ctx, h, -count, withValues)
  const fields = count >= BigInt(h.size) ? [...h.keys()] : h.randomFields(Number(count), ctx.engine.random)
  if (!withValues) return bulks(fields)
  if (ctx.proto === 3) return array(fields.map((f) => bulks([f, h.get(f) as string])))
  const flat = new Array<string>(fields.length * 2)
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as string
    flat[2 * i] = f
    flat[2 * i + 1] = h.get(f) as string
  }
  return bulks(flat)
}

/**
 * HRANDFIELD with a negative count: repeats allowed, within a size limit
 * (RepeatBudget); in RESP3 a field picked again shares its pair.
 */
function repeatedFields(ctx: CommandContext, h: HashValue, picks: bigint, withValues: boolean): Reply {
  const budget = RepeatBudget.open(picks, withValues ? 2 : 1, ctx.engine.config.getInt('proto-max-bulk-len'))
  if (budget === null) throw new CommandError(HashErr.withValuesCountRange)
  const n = Number(picks)
  const flat: string[] = []
  const pairs: Reply[] = []
  const shared = new Map<string, Reply>()
  for (let i = 0; i < n; i++) {
    const f = h.randomField(ctx.engine.random)
    const v = h.get(f) as string
    if (!budget.charge(f.length) || (withValues && !budget.charge(v.length))) throw new CommandError(HashErr.withValuesCountRange)
    if (!withValues) flat.push(f)
    else if (ctx.proto === 2) flat.push(f, v)
    else {
      let pair = shared.get(f)
      if (pair === undefined) shared.set(f, (pair = bulks([f, v])))
      pairs.push(pair)
    }
  }
  return withValues && ctx.proto === 3 ? array(pairs) : bulks(flat)
}

const key0 = arg.key('key', 0)
const field = arg.string('field')
const fieldValues = arg.block('field_value', [arg.string('field'), arg.string('value')], { multiple: true })
const SCAN_ARGS = [key0, arg.integer('cursor'), arg.pattern('pattern', { token: 'MATCH', optional: true }), arg.integer('count', { token: 'COUNT', optional: true })]

const RW_UPDATE = [ks.one(['RW', 'update'])]
const RW_ACCESS_UPDATE = [ks.one(['RW', 'access', 'update'])]
const RO_ACCESS = [ks.one(['RO', 'access'])]
const RO = [ks.one(['RO'])]

/** What HGETALL, HKEYS and HVALS share: they differ only in what they return of each field. */
const WHOLE_HASH_BASE = {
  group: 'hash',
  since: '2.0.0',
  complexity: 'O(N) where N is the size of the hash.',
  arity: 2,
  flags: ['readonly'],
  acl: ['hash'],
  keySpecs: RO_ACCESS,
  arguments: [key0],
  tips: ['nondeterministic_output_order'],
} as const

export const hdelCommand = defineCommand({
  name: 'hdel',
  group: 'hash',
  since: '2.0.0',
  summary: 'Removes one or more fields from a hash and deletes the key once it is empty.',
  complexity: 'O(N) where N is the number of fields to remove.',
  arity: -3,
  flags: ['write', 'fast'],
  acl: ['hash'],
  keySpecs: [ks.one(['RW', 'delete'])],
  arguments: [key0, arg.string('field', { multiple: true })],
  history: [['2.4.0', 'Accepts several fields.']],
  run: (ctx, args) => {
    const key = args[0] as string
    const db = ctx.db
    const h = writeTyped<HashValue>(db, key, 'hash')
    if (h === undefined) return ZERO
    let deleted = 0
    for (let i = 1; i < args.length; i++) {
      if (h.delete(args[i] as string)) {
        deleted++
        if (h.size === 0) break
      }
    }
    if (deleted !== 0) {
      ctx.wrote(db, key, NOTIFY_HASH, 'hdel')
      deleteIfEmpty(ctx, db, key, h)
    }
    return integer(deleted)
  },
})

export const hexistsCommand = defineCommand({
  name: 'hexists',
  group: 'hash',
  since: '2.0.0',
  summary: 'Tells whether a field exists in a hash.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['readonly', 'fast'],
  acl: ['hash'],
  keySpecs: RO,
  arguments: [key0, field],
  run: (ctx, [key, field]) => (readHash(ctx, key as string)?.has(field as string) === true ? ONE : ZERO),
})

export const hgetCommand = defineCommand({
  name: 'hget',
  group: 'hash',
  since: '2.0.0',
  summary: 'Returns the value of a field in a hash.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['readonly', 'fast'],
  acl: ['hash'],
  keySpecs: RO_ACCESS,
  arguments: [key0, field],
  run: (ctx, [key, field]) => bulkOrNull(readHash(ctx, key as string)?.get(field as string)),
})

export const hgetallCommand = defineCommand({
  ...WHOLE_HASH_BASE,
  name: 'hgetall',
  summary: 'Returns all fields and values of a hash.',
  run: (ctx, [key]) => {
    const h = readHash(ctx, key as string)
    if (h === undefined) return EMPTY_MAP
    const out: Reply[] = new Array(h.size * 2)
    let i = 0
    for (const [f, v] of h.entries()) {
      out[i++] = bulk(f)
      out[i++] = bulk(v)
    }
    return map(out)
  },
})

export const hincrbyCommand = defineCommand({
  name: 'hincrby',
  group: 'hash',
  since: '2.0.0',
  summary: 'Increments the integer value of a field in a hash by a number, from 0 when it is missing.',
  complexity: 'O(1)',
  arity: 4,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['hash'],
  keySpecs: RW_ACCESS_UPDATE,
  arguments: [key0, field, arg.integer('increment')],
  run: (ctx, [key, field, by]) => {
    const incr = parseInt64(by as string)
    if (incr === null) throw new CommandError(Err.notInteger)
    const db = ctx.db
    const h = hashForWrite(db, key as string)
    const cur = h.get(field as string)
    let value = 0n
    if (cur !== undefined) {
      const v = parseInt64(cur)
      if (v === null) throw new CommandError(Err.hashValueNotInteger)
      value = v
    }
    const next = value + incr
    if (next > INT64_MAX || next < INT64_MIN) throw new CommandError(Err.overflow)
    h.set(field as string, String(next), ctx.engine.limits)
    ctx.wrote(db, key as string, NOTIFY_HASH, 'hincrby')
    return integer(toReplyInt(next))
  },
})

export const hincrbyfloatCommand = defineCommand({
  name: 'hincrbyfloat',
  group: 'hash',
  since: '2.6.0',
  summary: 'Increments the floating point value of a field in a hash by a number, from 0 when it is missing.',
  complexity: 'O(1)',
  arity: 4,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['hash'],
  keySpecs: RW_ACCESS_UPDATE,
  arguments: [key0, field, arg.double('increment')],
  run: (ctx, [key, field, by]) => {
    const incr = parseLongDouble(by as string)
    if (incr === null) throw new CommandError(Err.notFloat)
    if (incr.inf) throw new CommandError(HashErr.incrNanOrInfinity)
    const db = ctx.db
    const h = hashForWrite(db, key as string)
    const cur = h.get(field as string)
    let next = incr
    if (cur !== undefined) {
      const v = parseLongDouble(cur)
      if (v === null) throw new CommandError(Err.hashValueNotFloat)
      const sum = addLongDouble(v, incr)
      if (sum === null || sum.inf) throw new CommandError(Err.nanOrInfinity)
      next = sum
    }
    // Redis adds to 0.0L, which turns -0 into 0; the formatter prints both as "0"
    const text = formatLongDouble(next)
    h.set(field as string, text, ctx.engine.limits)
    ctx.wrote(db, key as string, NOTIFY_HASH, 'hincrbyfloat')
    // logged as HSET with the result, so that replicas need not repeat the float math
    ctx.propagate(['hset', key as string, field as string, text])
    return bulk(text)
  },
})

export const hkeysCommand = defineCommand({
  ...WHOLE_HASH_BASE,
  name: 'hkeys',
  summary: 'Returns all fields in a hash.',
  run: (ctx, [key]) => {
    const h = readHash(ctx, key as string)
    return h === undefined ? EMPTY_BULKS : bulks([...h.keys()])
  },
})

export const hlenCommand = defineCommand({
  name: 'hlen',
  group: 'hash',
  since: '2.0.0',
  summary: 'Returns the number of fields in a hash.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['hash'],
  keySpecs: RO,
  arguments: [key0],
  run: (ctx, [key]) => integer(readHash(ctx, key as string)?.size ?? 0),
})

export const hmgetCommand = defineCommand({
  name: 'hmget',
  group: 'hash',
  since: '2.0.0',
  summary: 'Returns the values of several fields in a hash.',
  complexity: 'O(N) where N is the number of fields asked for.',
  arity: -3,
  flags: ['readonly', 'fast'],
  acl: ['hash'],
  keySpecs: RO_ACCESS,
  arguments: [key0, arg.string('field', { multiple: true })],
  run: (ctx, args) => {
    const h = readHash(ctx, args[0] as string)
    const out: (string | null)[] = new Array(args.length - 1)
    for (let i = 1; i < args.length; i++) out[i - 1] = h?.get(args[i] as string) ?? null
    return bulks(out)
  },
})

export const hmsetCommand = defineCommand({
  name: 'hmset',
  group: 'hash',
  since: '2.0.0',
  summary: 'Sets several fields of a hash (deprecated: HSET takes several pairs).',
  complexity: 'O(N) where N is the number of fields set.',
  arity: -4,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['hash'],
  keySpecs: RW_UPDATE,
  arguments: [key0, fieldValues],
  docFlags: ['deprecated'],
  deprecatedSince: '4.0.0',
  replacedBy: '`HSET` with multiple field-value pairs',
  run: (ctx, args) => {
    hsetGeneric(ctx, args)
    return OK
  },
})

export const hrandfieldCommand = defineCommand({
  name: 'hrandfield',
  group: 'hash',
  since: '6.2.0',
  summary: 'Returns one or more random fields of a hash, optionally with their values.',
  complexity: 'O(N) where N is the number of fields returned.',
  arity: -2,
  flags: ['readonly'],
  acl: ['hash'],
  keySpecs: RO_ACCESS,
  arguments: [key0, arg.block('options', [arg.integer('count'), arg.token('WITHVALUES', { optional: true })], { optional: true })],
  tips: ['nondeterministic_output'],
  options: ['WITHVALUES'],
  run: (ctx, args) => {
    const key = args[0] as string
    if (args.length === 1) {
      const h = readHash(ctx, key)
      return h === undefined ? NULL_BULK : bulk(h.randomField(ctx.engine.random))
    }
    const count = parseInt64(args[1] as string)
    if (count === null) throw new CommandError(Err.notInteger)
    if (count < -INT64_MAX) throw new CommandError(Err.randomCountRange)
    if (args.length > 3 || (args.length === 3 && !is(args[2] as string, 'withvalues'))) throw syntaxError()
    const withValues = args.length === 3
    // the reply has twice as many elements: Redis refuses counts it could not double
    if (withValues && (count < -INT64_MAX / 2n || count > INT64_MAX / 2n)) throw new CommandError(HashErr.withValuesCountRange)
    return randomFields(ctx, key, count, withValues)
  },
})

export const hscanCommand = defineCommand({
  name: 'hscan',
  group: 'hash',
  since: '2.8.0',
  summary: 'Iterates over the fields and values of a hash.',
  complexity: 'O(1) per call, O(N) for a whole iteration where N is the size of the hash.',
  arity: -3,
  flags: ['readonly'],
  acl: ['hash'],
  keySpecs: RO_ACCESS,
  arguments: SCAN_ARGS,
  tips: ['nondeterministic_output'],
  options: ['MATCH', 'COUNT'],
  run: (ctx, args) => {
    const cursor = parseScanCursor(args[1] as string)
    const h = readHash(ctx, args[0] as string)
    if (h === undefined) return EMPTY_SCAN
    const { count, match } = parseScanOptions(args, 2)
    const out: string[] = []
    const next = h.scan(cursor, count, (f, v) => {
      if (match === null || match(f)) out.push(f, v)
    })
    return scanReply(next, out)
  },
})

export const hsetCommand = defineCommand({
  name: 'hset',
  group: 'hash',
  since: '2.0.0',
  summary: 'Sets one or more fields of a hash; returns how many were new.',
  complexity: 'O(1) per field set, O(N) for N fields.',
  arity: -4,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['hash'],
  keySpecs: RW_UPDATE,
  arguments: [key0, fieldValues],
  history: [['4.0.0', 'Accepts several field and value pairs.']],
  run: (ctx, args) => integer(hsetGeneric(ctx, args)),
})

export const hsetnxCommand = defineCommand({
  name: 'hsetnx',
  group: 'hash',
  since: '2.0.0',
  summary: 'Sets a field of a hash only when the field does not exist yet.',
  complexity: 'O(1)',
  arity: 4,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['hash'],
  keySpecs: [ks.one(['RW', 'insert'])],
  arguments: [key0, field, arg.string('value')],
  run: (ctx, [key, field, value]) => {
    const db = ctx.db
    const h = hashForWrite(db, key as string)
    if (h.has(field as string)) return ZERO
    h.set(field as string, value as string, ctx.engine.limits)
    ctx.wrote(db, key as string, NOTIFY_HASH, 'hset')
    return ONE
  },
})

export const hstrlenCommand = defineCommand({
  name: 'hstrlen',
  group: 'hash',
  since: '3.2.0',
  summary: 'Returns the length of the value of a field in a hash.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['readonly', 'fast'],
  acl: ['hash'],
  keySpecs: RO,
  arguments: [key0, field],
  run: (ctx, [key, field]) => integer(readHash(ctx, key as string)?.get(field as string)?.length ?? 0),
})

export const hvalsCommand = defineCommand({
  ...WHOLE_HASH_BASE,
  name: 'hvals',
  summary: 'Returns all values in a hash.',
  run: (ctx, [key]) => {
    const h = readHash(ctx, key as string)
    return h === undefined ? EMPTY_BULKS : bulks([...h.values()])
  },
})

/** In redis.io order. */
export const hashCommands: readonly CommandSpec[] = [
  hdelCommand,
  hexistsCommand,
  hgetCommand,
  hgetallCommand,
  hincrbyCommand,
  hincrbyfloatCommand,
  hkeysCommand,
  hlenCommand,
  hmgetCommand,
  hmsetCommand,
  hrandfieldCommand,
  hscanCommand,
  hsetCommand,
  hsetnxCommand,
  hstrlenCommand,
  hvalsCommand,
]
