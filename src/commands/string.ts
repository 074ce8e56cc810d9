// https://redis.io/commands/?group=string
import { NOTIFY_GENERIC, NOTIFY_STRING } from '../core/notify.js'
import type { Db } from '../core/keyspace.js'
import { CommandError, Err, invalidExpire, wrongArity } from '../errors.js'
import { bulk, bulkOrNull, bulks, EMPTY_BULKS, integer, NULL_BULK, OK, ONE, ZERO, type Reply } from '../resp/types.js'
import { parseBigInteger, parseInteger, readString, syntaxError, writeString } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { lcsCommand } from './string-lcs.js'
import { incrbyfloatCommand } from './string-float.js'

const EMPTY_BULK = bulk('')
const INT64_MAX = 9223372036854775807n
const INT64_MIN = -9223372036854775808n

/** Flags of SET and GETEX. */
const F_NX = 1
const F_XX = 2
const F_GET = 4
const F_KEEPTTL = 8
const F_EX = 16
const F_PX = 32
const F_EXAT = 64
const F_PXAT = 128
const F_PERSIST = 256
const F_ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT

interface ExtendedArgs {
  flags: number
  expire: string | null
}

/**
 * Parses SET's and GETEX's options (Redis's parseExtendedStringArgumentsOrReply):
 * any conflict is a syntax error.
 */
function parseExtended(args: readonly string[], from: number, forSet: boolean): ExtendedArgs {
  let flags = 0
  let expire: string | null = null
  for (let j = from; j < args.length; j++) {
    const opt = (args[j] as string).toLowerCase()
    const next = j + 1 < args.length ? (args[j + 1] as string) : null
    if (opt === 'nx' && forSet && !(flags & F_XX)) flags |= F_NX
    else if (opt === 'xx' && forSet && !(flags & F_NX)) flags |= F_XX
    else if (opt === 'get' && forSet) flags |= F_GET
    else if (opt === 'keepttl' && forSet && !(flags & (F_PERSIST | F_ANY_EXPIRE))) flags |= F_KEEPTTL
    else if (opt === 'persist' && !forSet && !(flags & (F_ANY_EXPIRE | F_KEEPTTL))) flags |= F_PERSIST
    else if (next !== null && !(flags & (F_KEEPTTL | F_PERSIST | F_ANY_EXPIRE)) && (opt === 'ex' || opt === 'px' || opt === 'exat' || opt === 'pxat')) {
      flags |= opt === 'ex' ? F_EX : opt === 'px' ? F_PX : opt === 'exat' ? F_EXAT : F_PXAT
      expire = next
      j++
    } else throw syntaxError()
  }
  return { flags, expire }
}

/** Turns an expire argument into absolute ms (getExpireMillisecondsOrReply). */
function expireAt(ctx: CommandContext, flags: number, arg: string): number {
  const v = parseBigInteger(arg)
  const seconds = (flags & (F_EX | F_EXAT)) !== 0
  if (v <= 0n || (seconds && v > INT64_MAX / 1000n)) throw new CommandError(invalidExpire(ctx.cmd?.fullName ?? ''))
  let ms = seconds ? v * 1000n : v
  if (flags & (F_EX | F_PX)) ms += BigInt(ctx.now())
  if (ms <= 0n || ms > INT64_MAX) throw new CommandError(invalidExpire(ctx.cmd?.fullName ?? ''))
  return Number(ms)
}

/** SET, SETNX, SETEX, PSETEX and GETSET share this (Redis's setGenericCommand). */
function setGeneric(
  ctx: CommandContext,
  flags: number,
  key: string,
  value: string,
  expire: string | null,
  okReply: Reply,
  abortReply: Reply,
): Reply {
  const at = expire !== null ? expireAt(ctx, flags, expire) : 0
  const db = ctx.db
  let old: Reply | null = null
  if (flags & F_GET) old = bulkOrNull(readString(db, key))
  if (flags & (F_NX | F_XX)) {
    const found = db.get(key) !== undefined
    if (((flags & F_NX) && found) || ((flags & F_XX) && !found)) {
      ctx.propagateNothing()
      return old ?? abortReply
    }
  }
  db.set(key, value, (flags & F_KEEPTTL) !== 0)
  ctx.wrote(db, key, NOTIFY_STRING, 'set')
  if (expire !== null) {
    db.setExpire(key, at)
    ctx.notify(NOTIFY_GENERIC, 'expire', db, key)
    ctx.propagate(['set', key, value, 'PXAT', String(at)])
  } else if (flags & F_GET) {
    ctx.propagate(['set', key, value, ...((flags & F_KEEPTTL) !== 0 ? ['KEEPTTL'] : [])])
  }
  return old ?? okReply
}

function incrDecr(ctx: CommandContext, key: string, by: bigint | number): Reply {
  const db = ctx.db
  const cur = writeString(db, key)
  let next: number | bigint
  if (cur === undefined) next = by
  else {
    const v = parseBigIntegerFast(cur)
    if (typeof v === 'number' && typeof by === 'number') {
      next = v + by
      if (!Number.isSafeInteger(next)) next = checkedAdd(BigInt(v), BigInt(by))
    } else next = checkedAdd(BigInt(v), BigInt(by))
  }
  const text = String(next)
  db.set(key, text, true)
  ctx.wrote(db, key, NOTIFY_STRING, 'incrby')
  return integer(typeof next === 'bigint' && next >= -9007199254740991n && next <= 9007199254740991n ? Number(next) : next)
}

/** The stored value as an integer (a number when small), or WRONG "not an integer". */
function parseBigIntegerFast(s: string): number | bigint {
  const n = parseInteger(s)
  return Number.isSafeInteger(n) ? n : parseBigInteger(s)
}

function checkedAdd(a: bigint, b: bigint): bigint {
  const r = a + b
  if (r > INT64_MAX || r < INT64_MIN) throw new CommandError(Err.overflow)
  return r
}

/** Refuses strings longer than proto-max-bulk-len (checkStringLength). */
export function checkStringLength(ctx: CommandContext, size: number): void {
  if (size > ctx.engine.config.getInt('proto-max-bulk-len')) throw new CommandError(Err.stringTooLong)
}

function getRange(ctx: CommandContext, [key, s, e]: readonly string[]): Reply {
  let start = parseInteger(s as string)
  let end = parseInteger(e as string)
  const v = readString(ctx.db, key as string)
  if (v === undefined) return EMPTY_BULK
  const len = v.length
  if (start < 0 && end < 0 && start > end) return EMPTY_BULK
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
  const db: Db = ctx.db
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

const RW_ACCESS_UPDATE = [ks.one(['RW', 'access', 'update'])]

export const getCommand = defineCommand({
  name: 'get',
  group: 'string',
  since: '1.0.0',
  summary: 'Returns the string value of a key.',
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
  arity: 2,
  flags: ['write', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'access', 'delete'])],
  run: (ctx, [key]) => {
    const db = ctx.db
    const v = readString(db, key as string)
    if (v === undefined) return NULL_BULK
    db.delete(key as string)
    ctx.wrote(db, key as string, NOTIFY_GENERIC, 'del')
    ctx.propagate(['del', key as string])
    return bulk(v)
  },
})

export const getexCommand = defineCommand({
  name: 'getex',
  group: 'string',
  since: '6.2.0',
  summary: 'Returns the string value of a key after setting its expiration time.',
  arity: -2,
  flags: ['write', 'fast'],
  acl: ['string'],
  keySpecs: [{ flags: ['RW', 'access', 'update'], begin: { index: 1 }, find: { range: [0, 1, 0] }, notes: 'RW and UPDATE because it changes the TTL' }],
  run: (ctx, args) => {
    const key = args[0] as string
    const { flags, expire } = parseExtended(args, 1, false)
    const at = expire !== null ? expireAt(ctx, flags, expire) : 0
    const db = ctx.db
    const v = readString(db, key)
    if (v === undefined) return NULL_BULK
    if ((flags & (F_EXAT | F_PXAT)) && at <= ctx.now()) {
      db.delete(key)
      ctx.wrote(db, key, NOTIFY_GENERIC, 'del')
      ctx.propagate(['del', key])
    } else if (expire !== null) {
      db.setExpire(key, at)
      ctx.wrote(db, key, NOTIFY_GENERIC, 'expire')
      ctx.propagate(['pexpireat', key, String(at)])
    } else if (flags & F_PERSIST) {
      if (db.persist(key)) {
        ctx.wrote(db, key, NOTIFY_GENERIC, 'persist')
        ctx.propagate(['persist', key])
      }
    }
    return bulk(v)
  },
})

export const getrangeCommand = defineCommand({
  name: 'getrange',
  group: 'string',
  since: '2.4.0',
  summary: 'Returns a substring of the string stored at a key.',
  arity: 4,
  flags: ['readonly'],
  acl: ['string'],
  keySpecs: [ks.one(['RO', 'access'])],
  run: getRange,
})

export const getsetCommand = defineCommand({
  name: 'getset',
  group: 'string',
  since: '1.0.0',
  summary: 'Returns the previous string value of a key after setting it to a new value.',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: RW_ACCESS_UPDATE,
  run: (ctx, [key, value]) => {
    const db = ctx.db
    const old = readString(db, key as string)
    db.set(key as string, value as string)
    ctx.wrote(db, key as string, NOTIFY_STRING, 'set')
    ctx.propagate(['set', key as string, value as string])
    return bulkOrNull(old)
  },
})

export const incrCommand = defineCommand({
  name: 'incr',
  group: 'string',
  since: '1.0.0',
  summary: 'Increments the integer value of a key by one.',
  arity: 2,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: RW_ACCESS_UPDATE,
  run: (ctx, [key]) => incrDecr(ctx, key as string, 1),
})

export const incrbyCommand = defineCommand({
  name: 'incrby',
  group: 'string',
  since: '1.0.0',
  summary: 'Increments the integer value of a key by a number.',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: RW_ACCESS_UPDATE,
  run: (ctx, [key, by]) => incrDecr(ctx, key as string, parseBigIntegerFast(by as string)),
})

export { incrbyfloatCommand }

export const decrCommand = defineCommand({
  name: 'decr',
  group: 'string',
  since: '1.0.0',
  summary: 'Decrements the integer value of a key by one.',
  arity: 2,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: RW_ACCESS_UPDATE,
  run: (ctx, [key]) => incrDecr(ctx, key as string, -1),
})

export const decrbyCommand = defineCommand({
  name: 'decrby',
  group: 'string',
  since: '1.0.0',
  summary: 'Decrements a number from the integer value of a key.',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: RW_ACCESS_UPDATE,
  run: (ctx, [key, by]) => {
    const v = parseBigIntegerFast(by as string)
    if (v === INT64_MIN) throw new CommandError(Err.decrementOverflow)
    return incrDecr(ctx, key as string, -v)
  },
})

export { lcsCommand }

export const mgetCommand = defineCommand({
  name: 'mget',
  group: 'string',
  since: '1.0.0',
  summary: 'Atomically returns the string values of one or more keys.',
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
    return out.length === 0 ? EMPTY_BULKS : bulks(out)
  },
})

export const msetCommand = defineCommand({
  name: 'mset',
  group: 'string',
  since: '1.0.1',
  summary: 'Atomically creates or modifies the string values of one or more keys.',
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
  arity: -3,
  flags: ['write', 'denyoom'],
  acl: ['string'],
  keySpecs: [ks.range(['OW', 'insert'], 1, -1, 2)],
  tips: ['request_policy:multi_shard', 'response_policy:agg_min'],
  run: (ctx, args) => msetGeneric(ctx, args, true),
})

export const psetexCommand = defineCommand({
  name: 'psetex',
  group: 'string',
  since: '2.6.0',
  summary: 'Sets the string value and expiration time in milliseconds of a key.',
  arity: 4,
  flags: ['write', 'denyoom'],
  acl: ['string'],
  keySpecs: [ks.one(['OW', 'update'])],
  run: (ctx, [key, ms, value]) => setGeneric(ctx, F_PX, key as string, value as string, ms as string, OK, NULL_BULK),
})

export const setCommand = defineCommand({
  name: 'set',
  group: 'string',
  since: '1.0.0',
  summary: 'Sets the string value of a key, ignoring its type. The key is created if it does not exist.',
  arity: -3,
  flags: ['write', 'denyoom'],
  acl: ['string'],
  keySpecs: [
    {
      flags: ['RW', 'access', 'update', 'variable_flags'],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
      notes: 'RW and ACCESS due to the optional `GET` argument',
    },
  ],
  run: (ctx, args) => {
    if (args.length === 2) return setGeneric(ctx, 0, args[0] as string, args[1] as string, null, OK, NULL_BULK)
    const { flags, expire } = parseExtended(args, 2, true)
    return setGeneric(ctx, flags, args[0] as string, args[1] as string, expire, OK, NULL_BULK)
  },
})

export const setexCommand = defineCommand({
  name: 'setex',
  group: 'string',
  since: '2.0.0',
  summary: 'Sets the string value and expiration time of a key. Creates the key if it does not exist.',
  arity: 4,
  flags: ['write', 'denyoom'],
  acl: ['string'],
  keySpecs: [ks.one(['OW', 'update'])],
  run: (ctx, [key, secs, value]) => setGeneric(ctx, F_EX, key as string, value as string, secs as string, OK, NULL_BULK),
})

export const setnxCommand = defineCommand({
  name: 'setnx',
  group: 'string',
  since: '1.0.0',
  summary: 'Set the string value of a key only when the key does not exist.',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['OW', 'insert'])],
  run: (ctx, [key, value]) => setGeneric(ctx, F_NX, key as string, value as string, null, ONE, ZERO),
})

export const setrangeCommand = defineCommand({
  name: 'setrange',
  group: 'string',
  since: '2.2.0',
  summary: 'Overwrites a part of a string value with another by an offset. Creates the key if it does not exist.',
  arity: 4,
  flags: ['write', 'denyoom'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'update'])],
  run: (ctx, [key, off, value]) => {
    const offset = parseInteger(off as string)
    if (offset < 0) throw new CommandError(Err.offsetOutOfRange)
    const db = ctx.db
    const cur = writeString(db, key as string)
    const v = value as string
    if (cur === undefined) {
      if (v.length === 0) return ZERO
      checkStringLength(ctx, offset + v.length)
    } else {
      if (v.length === 0) return integer(cur.length)
      checkStringLength(ctx, offset + v.length)
    }
    const base = cur ?? ''
    const padded = base.length < offset ? base + '\0'.repeat(offset - base.length) : base
    const next = padded.slice(0, offset) + v + padded.slice(offset + v.length)
    if (cur === undefined) db.set(key as string, next)
    else db.replace(key as string, next)
    db.markRaw(key as string)
    ctx.wrote(db, key as string, NOTIFY_STRING, 'setrange')
    return integer(next.length)
  },
})

export const strlenCommand = defineCommand({
  name: 'strlen',
  group: 'string',
  since: '2.2.0',
  summary: 'Returns the length of a string value.',
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
  arity: 4,
  flags: ['readonly'],
  acl: ['string'],
  keySpecs: [ks.one(['RO', 'access'])],
  run: getRange,
})

export const appendCommand = defineCommand({
  name: 'append',
  group: 'string',
  since: '2.0.0',
  summary: 'Appends a string to the value of a key. Creates the key if it does not exist.',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'insert'])],
  run: (ctx, [key, value]) => {
    const db = ctx.db
    const cur = writeString(db, key as string)
    let next: string
    if (cur === undefined) {
      next = value as string
      db.set(key as string, next)
    } else {
      checkStringLength(ctx, cur.length + (value as string).length)
      next = cur + (value as string)
      db.replace(key as string, next)
      db.markRaw(key as string)
    }
    ctx.wrote(db, key as string, NOTIFY_STRING, 'append')
    return integer(next.length)
  },
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

