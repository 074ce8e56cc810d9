// https://redis.io/commands/?group=generic: key expiry (EXPIRE family, PERSIST, TTL family)
import { NOTIFY_GENERIC } from '../core/notify.js'
import { CommandError, Err, invalidExpire, KeyErr } from '../errors.js'
import { integer, ONE, ZERO, type Reply } from '../resp/types.js'
import { parseBigInteger } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks } from './define.js'

const INT64_MAX = 9223372036854775807n
const INT64_MIN = -9223372036854775808n

const NX = 1
const XX = 2
const GT = 4
const LT = 8

/**
 * EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT (expireGenericCommand). `relative`
 * adds the current time; `seconds` scales the argument. A time that has passed
 * deletes the key (logged as DEL); otherwise the write is logged as PEXPIREAT.
 */
function expireGeneric(ctx: CommandContext, args: readonly string[], relative: boolean, seconds: boolean): Reply {
  const key = args[0] as string
  let flags = 0
  for (let j = 2; j < args.length; j++) {
    const opt = (args[j] as string).toLowerCase()
    if (opt === 'nx') flags |= NX
    else if (opt === 'xx') flags |= XX
    else if (opt === 'gt') flags |= GT
    else if (opt === 'lt') flags |= LT
    else throw new CommandError(KeyErr.unsupportedOption(args[j] as string))
  }
  if (flags & NX && flags & (XX | GT | LT)) throw new CommandError(Err.nxXxGtLtExclusive)
  if (flags & GT && flags & LT) throw new CommandError(KeyErr.gtAndLt)
  let when = parseBigInteger(args[1] as string)
  const name = ctx.cmd?.fullName ?? ''
  if (seconds) {
    // C's LLONG_MIN / 1000 truncates toward zero
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) throw new CommandError(invalidExpire(name))
    when *= 1000n
  }
  const now = ctx.now()
  const base = relative ? BigInt(now) : 0n
  if (when > INT64_MAX - base) throw new CommandError(invalidExpire(name))
  when += base
  const db = ctx.db
  if (db.get(key) === undefined) return ZERO
  const at = Number(when)
  if (flags !== 0) {
    const cur = db.getExpire(key)
    if (flags & NX && cur !== undefined) return ZERO
    if (flags & XX && cur === undefined) return ZERO
    // no TTL counts as an infinite one
    if (flags & GT && (cur === undefined || at <= cur)) return ZERO
    if (flags & LT && cur !== undefined && at >= cur) return ZERO
  }
  if (at <= now) {
    db.delete(key)
    ctx.wrote(db, key, NOTIFY_GENERIC, 'del')
    ctx.propagate(['del', key])
    return ONE
  }
  db.setExpire(key, at)
  ctx.wrote(db, key, NOTIFY_GENERIC, 'expire')
  ctx.propagate(['pexpireat', key, String(when)])
  return ONE
}

/** TTL, PTTL, EXPIRETIME and PEXPIRETIME: -2 missing, -1 no TTL; seconds are rounded. */
function ttlGeneric(ctx: CommandContext, key: string, ms: boolean, absolute: boolean): Reply {
  const db = ctx.db
  if (db.readNoTouch(key) === undefined) return integer(-2)
  const at = db.getExpire(key)
  if (at === undefined) return integer(-1)
  const v = absolute ? at : Math.max(0, at - ctx.now())
  return integer(ms ? v : Math.floor((v + 500) / 1000))
}

const EXPIRE_BASE = {
  group: 'generic',
  complexity: 'O(1)',
  arity: -3,
  flags: ['write', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RW', 'update'])],
  options: ['NX', 'XX', 'GT', 'LT'],
} as const

const TTL_BASE = {
  group: 'generic',
  complexity: 'O(1)',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RO', 'access'])],
} as const

export const expireCommand = defineCommand({
  ...EXPIRE_BASE,
  name: 'expire',
  since: '1.0.0',
  summary: 'Sets the expiration time of a key in seconds.',
  run: (ctx, args) => expireGeneric(ctx, args, true, true),
})

export const expireatCommand = defineCommand({
  ...EXPIRE_BASE,
  name: 'expireat',
  since: '1.2.0',
  summary: 'Sets the expiration time of a key to a Unix timestamp.',
  run: (ctx, args) => expireGeneric(ctx, args, false, true),
})

export const expiretimeCommand = defineCommand({
  ...TTL_BASE,
  name: 'expiretime',
  since: '7.0.0',
  summary: 'Returns the expiration time of a key as a Unix timestamp.',
  run: (ctx, [key]) => ttlGeneric(ctx, key as string, false, true),
})

export const persistCommand = defineCommand({
  name: 'persist',
  group: 'generic',
  since: '2.2.0',
  summary: 'Removes the expiration time of a key.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['write', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RW', 'update'])],
  run: (ctx, [key]) => {
    const db = ctx.db
    const k = key as string
    if (db.get(k) === undefined || !db.persist(k)) return ZERO
    ctx.wrote(db, k, NOTIFY_GENERIC, 'persist')
    return ONE
  },
})

export const pexpireCommand = defineCommand({
  ...EXPIRE_BASE,
  name: 'pexpire',
  since: '2.6.0',
  summary: 'Sets the expiration time of a key in milliseconds.',
  run: (ctx, args) => expireGeneric(ctx, args, true, false),
})

export const pexpireatCommand = defineCommand({
  ...EXPIRE_BASE,
  name: 'pexpireat',
  since: '2.6.0',
  summary: 'Sets the expiration time of a key to a Unix milliseconds timestamp.',
  run: (ctx, args) => expireGeneric(ctx, args, false, false),
})

export const pexpiretimeCommand = defineCommand({
  ...TTL_BASE,
  name: 'pexpiretime',
  since: '7.0.0',
  summary: 'Returns the expiration time of a key as a Unix milliseconds timestamp.',
  run: (ctx, [key]) => ttlGeneric(ctx, key as string, true, true),
})

export const pttlCommand = defineCommand({
  ...TTL_BASE,
  name: 'pttl',
  since: '2.6.0',
  summary: 'Returns the expiration time in milliseconds of a key.',
  tips: ['nondeterministic_output'],
  run: (ctx, [key]) => ttlGeneric(ctx, key as string, true, false),
})

export const ttlCommand = defineCommand({
  ...TTL_BASE,
  name: 'ttl',
  since: '1.0.0',
  summary: 'Returns the expiration time in seconds of a key.',
  tips: ['nondeterministic_output'],
  run: (ctx, [key]) => ttlGeneric(ctx, key as string, false, false),
})
