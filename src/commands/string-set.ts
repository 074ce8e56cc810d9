// https://redis.io/commands/?group=string: SET and its relatives (SETEX, PSETEX, SETNX, GETSET, GETEX)
import { NOTIFY_GENERIC, NOTIFY_STRING } from '../core/notify.js'
import { CommandError, invalidExpire } from '../errors.js'
import { bulk, bulkOrNull, NULL_BULK, OK, ONE, ZERO, type Reply } from '../resp/types.js'
import { is, parseBigInteger, readString, syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks } from './define.js'

const INT64_MAX = 9223372036854775807n

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
const F_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT

interface ExtendedArgs {
  flags: number
  expire: string | null
}

/**
 * Parses SET's and GETEX's options as Redis 7.0 does: an option may repeat
 * (the last expire wins), but two that conflict are a syntax error.
 */
function parseExtended(args: readonly string[], from: number, forSet: boolean): ExtendedArgs {
  let flags = 0
  let expire: string | null = null
  for (let j = from; j < args.length; j++) {
    const opt = (args[j] as string).toLowerCase()
    const next = j + 1 < args.length ? (args[j + 1] as string) : null
    if (forSet && opt === 'nx' && !(flags & F_XX)) flags |= F_NX
    else if (forSet && opt === 'xx' && !(flags & F_NX)) flags |= F_XX
    else if (forSet && opt === 'get') flags |= F_GET
    else if (forSet && opt === 'keepttl' && !(flags & (F_PERSIST | F_EXPIRE))) flags |= F_KEEPTTL
    else if (!forSet && opt === 'persist' && !(flags & (F_KEEPTTL | F_EXPIRE))) flags |= F_PERSIST
    else {
      const f = opt === 'ex' ? F_EX : opt === 'px' ? F_PX : opt === 'exat' ? F_EXAT : opt === 'pxat' ? F_PXAT : 0
      if (f === 0 || next === null || flags & (F_KEEPTTL | F_PERSIST | (F_EXPIRE & ~f))) throw syntaxError()
      flags |= f
      expire = next
      j++
    }
  }
  return { flags, expire }
}

/** An expire argument as absolute ms (getExpireMillisecondsOrReply). */
function expireAt(ctx: CommandContext, flags: number, arg: string): number {
  const v = parseBigInteger(arg)
  const seconds = (flags & (F_EX | F_EXAT)) !== 0
  const name = ctx.cmd?.fullName ?? ''
  if (v <= 0n || (seconds && v > INT64_MAX / 1000n)) throw new CommandError(invalidExpire(name))
  let ms = seconds ? v * 1000n : v
  if (flags & (F_EX | F_PX)) ms += BigInt(ctx.now())
  // C's signed overflow wraps negative: the same error
  if (ms > INT64_MAX) throw new CommandError(invalidExpire(name))
  return Number(ms)
}

/** SET, SETNX, SETEX and PSETEX (Redis's setGenericCommand). */
function setGeneric(ctx: CommandContext, flags: number, key: string, value: string, expire: string | null, okReply: Reply, abortReply: Reply): Reply {
  const at = expire !== null ? expireAt(ctx, flags, expire) : 0
  const db = ctx.db
  let old: Reply | null = null
  if (flags & F_GET) old = bulkOrNull(readString(db, key))
  if (flags & (F_NX | F_XX)) {
    const found = db.get(key) !== undefined
    if ((flags & F_NX && found) || (flags & F_XX && !found)) {
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
    // logged without its GET options
    ctx.propagate(ctx.argv.filter((a, i) => i < 3 || !is(a, 'get')))
  }
  return old ?? okReply
}

export const getexCommand = defineCommand({
  name: 'getex',
  group: 'string',
  since: '6.2.0',
  summary: 'Returns the string value of a key after setting its expiration time.',
  complexity: 'O(1)',
  arity: -2,
  flags: ['write', 'fast'],
  acl: ['string'],
  keySpecs: [{ flags: ['RW', 'access', 'update'], begin: { index: 1 }, find: { range: [0, 1, 0] }, notes: 'RW and UPDATE because it changes the TTL' }],
  options: ['EX', 'PX', 'EXAT', 'PXAT', 'PERSIST'],
  run: (ctx, args) => {
    const key = args[0] as string
    const { flags, expire } = parseExtended(args, 1, false)
    const db = ctx.db
    const v = readString(db, key)
    if (v === undefined) return NULL_BULK
    // unlike SET, the time is checked only once the key is known to be a string
    const at = expire !== null ? expireAt(ctx, flags, expire) : 0
    if (flags & (F_EXAT | F_PXAT) && at <= ctx.now()) {
      db.delete(key)
      ctx.wrote(db, key, NOTIFY_GENERIC, 'del')
      ctx.propagate(['del', key])
    } else if (expire !== null) {
      db.setExpire(key, at)
      ctx.wrote(db, key, NOTIFY_GENERIC, 'expire')
      ctx.propagate(['pexpireat', key, String(at)])
    } else if (flags & F_PERSIST && db.persist(key)) {
      ctx.wrote(db, key, NOTIFY_GENERIC, 'persist')
      ctx.propagate(['persist', key])
    }
    return bulk(v)
  },
})

export const getsetCommand = defineCommand({
  name: 'getset',
  group: 'string',
  since: '1.0.0',
  summary: 'Returns the previous string value of a key after setting it to a new value.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'access', 'update'])],
  run: (ctx, [key, value]) => {
    const db = ctx.db
    const old = readString(db, key as string)
    db.set(key as string, value as string)
    ctx.wrote(db, key as string, NOTIFY_STRING, 'set')
    ctx.propagate(['set', key as string, value as string])
    return bulkOrNull(old)
  },
})

export const psetexCommand = defineCommand({
  name: 'psetex',
  group: 'string',
  since: '2.6.0',
  summary: 'Sets the string value and expiration time in milliseconds of a key.',
  complexity: 'O(1)',
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
  complexity: 'O(1)',
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
  options: ['NX', 'XX', 'GET', 'EX', 'PX', 'EXAT', 'PXAT', 'KEEPTTL'],
  run: (ctx, args) => {
    const key = args[0] as string
    const value = args[1] as string
    if (args.length === 2) return setGeneric(ctx, 0, key, value, null, OK, NULL_BULK)
    const { flags, expire } = parseExtended(args, 2, true)
    return setGeneric(ctx, flags, key, value, expire, OK, NULL_BULK)
  },
})

export const setexCommand = defineCommand({
  name: 'setex',
  group: 'string',
  since: '2.0.0',
  summary: 'Sets the string value and expiration time of a key. Creates the key if it does not exist.',
  complexity: 'O(1)',
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
  complexity: 'O(1)',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['OW', 'insert'])],
  run: (ctx, [key, value]) => setGeneric(ctx, F_NX, key as string, value as string, null, ONE, ZERO),
})
