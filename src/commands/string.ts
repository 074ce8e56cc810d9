// https://redis.io/commands/?group=string
import { NOTIFY_GENERIC, NOTIFY_STRING } from '../core/notify.js'
import { parseInt64 } from '../core/numbers.js'
import { CommandError, Err, wrongArity } from '../errors.js'
import { bulk, bulkOrNull, bulks, integer, NULL_BULK, OK, ONE, ZERO, type Reply } from '../resp/types.js'
import { parseInteger, readString, writeString } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { incrbyfloatCommand } from './string-float.js'
import { decrbyCommand, decrCommand, incrbyCommand, incrCommand } from './string-incr.js'
import { lcsCommand } from './string-lcs.js'
import { getexCommand, getsetCommand, psetexCommand, setCommand, setexCommand, setnxCommand } from './string-set.js'

const EMPTY_BULK = bulk('')
/** V8's longest string (2^29 - 24 chars), below Redis's default proto-max-bulk-len. */
const MAX_STRING = 536870888

/** Refuses strings longer than proto-max-bulk-len (checkStringLength). */
export function checkStringLength(ctx: CommandContext, size: number): void {
  if (size > ctx.engine.config.getInt('proto-max-bulk-len') || size > MAX_STRING) throw new CommandError(Err.stringTooLong)
}

/** An int64 index, exact: a number when safe, a bigint beyond. */
function parseIndex(s: string): number | bigint {
  const v = parseInteger(s)
  return Number.isSafeInteger(v) ? v : (parseInt64(s) as bigint)
}

/** GETRANGE and SUBSTR: inclusive, negative indexes from the end, clamped. */
function getRange(ctx: CommandContext, [key, s, e]: readonly string[]): Reply {
  const start0 = parseIndex(s as string)
  const end0 = parseIndex(e as string)
  const v = readString(ctx.db, key as string)
  if (v === undefined) return EMPTY_BULK
  if (start0 < 0 && end0 < 0 && start0 > end0) return EMPTY_BULK
  const len = v.length
  // beyond ±2^53 an index is past either end of any string
  let start = typeof start0 === 'bigint' ? (start0 < 0n ? -Infinity : Infinity) : start0
  let end = typeof end0 === 'bigint' ? (end0 < 0n ? -Infinity : Infinity) : end0
  if (start < 0) start = len + start
  if (end < 0) end = len + end
  if (start < 0) start = 0
  if (end < 0) end = 0
  if (end >= len) end = len - 1
  if (start > end || len === 0) return EMPTY_BULK
  return bulk(v.slice(start, end + 1))
}

function msetGeneric(ctx: CommandContext, args: readonly string[], nx: boolean): Reply {
  if (args.length % 2 !== 0) throw new CommandError(wrongArity(ctx.cmd?.fullName ?? ''))
  const db = ctx.db
  if (nx) {
    for (let i = 0; i < args.length; i += 2) if (db.get(args[i] as string) !== undefined) return ZERO
  }
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i] as string
    db.set(key, args[i + 1] as string)
    ctx.wrote(db, key, NOTIFY_STRING, 'set')
  }
  return nx ? ONE : OK
}

export const appendCommand = defineCommand({
  name: 'append',
  group: 'string',
  since: '2.0.0',
  summary: 'Appends a string to the value of a key. Creates the key if it does not exist.',
  complexity: 'O(1), amortized.',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'insert'])],
  run: (ctx, [key, value]) => {
    const db = ctx.db
    const k = key as string
    const add = value as string
    const cur = writeString(db, k)
    let next: string
    if (cur === undefined) {
      next = add
      db.set(k, next)
    } else {
      checkStringLength(ctx, cur.length + add.length)
      next = cur + add
      db.replace(k, next)
      // the value is unshared into a `raw` string, even when nothing is appended
      db.markRaw(k)
    }
    ctx.wrote(db, k, NOTIFY_STRING, 'append')
    return integer(next.length)
  },
})

export const getCommand = defineCommand({
  name: 'get',
  group: 'string',
  since: '1.0.0',
  summary: 'Returns the string value of a key.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RO', 'access'])],
  run: (ctx, [key]) => bulkOrNull(readString(ctx.db, key as string)),
})

export const getdelCommand = defineCommand({
  name: 'getdel',
  group: 'string',
  since: '6.2.0',
  summary: 'Returns the string value of a key and deletes the key.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['write', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'access', 'delete'])],
  run: (ctx, [key]) => {
    const db = ctx.db
    const k = key as string
    const v = readString(db, k)
    if (v === undefined) return NULL_BULK
    db.delete(k)
    ctx.wrote(db, k, NOTIFY_GENERIC, 'del')
    ctx.propagate(['del', k])
    return bulk(v)
  },
})

export const getrangeCommand = defineCommand({
  name: 'getrange',
  group: 'string',
  since: '2.4.0',
  summary: 'Returns a substring of the string stored at a key.',
  complexity: 'O(N) for a returned string of length N.',
  arity: 4,
  flags: ['readonly'],
  acl: ['string'],
  keySpecs: [ks.one(['RO', 'access'])],
  run: getRange,
})

export const mgetCommand = defineCommand({
  name: 'mget',
  group: 'string',
  since: '1.0.0',
  summary: 'Atomically returns the string values of one or more keys.',
  complexity: 'O(N) for N keys.',
  arity: -2,
  flags: ['readonly', 'fast'],
  acl: ['string'],
  keySpecs: [ks.range(['RO', 'access'], 1, -1)],
  tips: ['request_policy:multi_shard'],
  run: (ctx, keys) => {
    const db = ctx.db
    const out: (string | null)[] = new Array(keys.length)
    for (let i = 0; i < keys.length; i++) {
      const v = db.read(keys[i] as string)
      out[i] = typeof v === 'string' ? v : null
    }
    return bulks(out)
  },
})

export const msetCommand = defineCommand({
  name: 'mset',
  group: 'string',
  since: '1.0.1',
  summary: 'Atomically creates or modifies the string values of one or more keys.',
  complexity: 'O(N) for N keys.',
  arity: -3,
  flags: ['write', 'denyoom'],
  acl: ['string'],
  keySpecs: [ks.range(['OW', 'update'], 1, -1, 2)],
  tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'],
  run: (ctx, args) => msetGeneric(ctx, args, false),
})

export const msetnxCommand = defineCommand({
  name: 'msetnx',
  group: 'string',
  since: '1.0.1',
  summary: 'Atomically sets the values of one or more keys only when none of them exist.',
  complexity: 'O(N) for N keys.',
  arity: -3,
  flags: ['write', 'denyoom'],
  acl: ['string'],
  keySpecs: [ks.range(['OW', 'insert'], 1, -1, 2)],
  tips: ['request_policy:multi_shard', 'response_policy:agg_min'],
  run: (ctx, args) => msetGeneric(ctx, args, true),
})

export const setrangeCommand = defineCommand({
  name: 'setrange',
  group: 'string',
  since: '2.2.0',
  summary: 'Overwrites a part of a string value with another by an offset. Creates the key if it does not exist.',
  complexity: 'O(1), not counting the copy of the new value.',
  arity: 4,
  flags: ['write', 'denyoom'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'update'])],
  run: (ctx, [key, off, value]) => {
    const offset = parseInteger(off as string)
    if (offset < 0) throw new CommandError(Err.offsetOutOfRange)
    const db = ctx.db
    const k = key as string
    const v = value as string
    const cur = writeString(db, k)
    // writing nothing changes nothing, not even the encoding
    if (v.length === 0) return integer(cur?.length ?? 0)
    checkStringLength(ctx, offset + v.length)
    const base = cur ?? ''
    const padded = base.length < offset ? base + '\0'.repeat(offset - base.length) : base
    const next = padded.slice(0, offset) + v + padded.slice(offset + v.length)
    if (cur === undefined) db.set(k, next)
    else db.replace(k, next)
    db.markRaw(k)
    ctx.wrote(db, k, NOTIFY_STRING, 'setrange')
    return integer(next.length)
  },
})

export const strlenCommand = defineCommand({
  name: 'strlen',
  group: 'string',
  since: '2.2.0',
  summary: 'Returns the length of a string value.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RO'])],
  run: (ctx, [key]) => integer(readString(ctx.db, key as string)?.length ?? 0),
})

export const substrCommand = defineCommand({
  name: 'substr',
  group: 'string',
  since: '1.0.0',
  summary: 'Returns a substring from a string value.',
  complexity: 'O(N) for a returned string of length N.',
  arity: 4,
  flags: ['readonly'],
  acl: ['string'],
  keySpecs: [ks.one(['RO', 'access'])],
  docFlags: ['deprecated'],
  deprecatedSince: '2.0.0',
  replacedBy: '`GETRANGE`',
  run: getRange,
})

/** In redis.io order. */
export const stringCommands: readonly CommandSpec[] = [
  appendCommand,
  decrCommand,
  decrbyCommand,
  getCommand,
  getdelCommand,
  getexCommand,
  getrangeCommand,
  getsetCommand,
  incrCommand,
  incrbyCommand,
  incrbyfloatCommand,
  lcsCommand,
  mgetCommand,
  msetCommand,
  msetnxCommand,
  psetexCommand,
  setCommand,
  setexCommand,
  setnxCommand,
  setrangeCommand,
  strlenCommand,
  substrCommand,
]
