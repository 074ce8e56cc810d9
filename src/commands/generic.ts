// https://redis.io/commands/?group=generic
import type { Db } from '../core/keyspace.js'
import { NOTIFY_GENERIC } from '../core/notify.js'
import { parseLL } from '../core/numbers.js'
import { typeOf } from '../core/values/types.js'
import { CommandError, Err, KeyErr } from '../errors.js'
import { integer, OK, ONE, simple, ZERO, type Reply } from '../resp/types.js'
import { is, syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import {
  expireatCommand,
  expireCommand,
  expiretimeCommand,
  persistCommand,
  pexpireatCommand,
  pexpireCommand,
  pexpiretimeCommand,
  pttlCommand,
  ttlCommand,
} from './generic-expire.js'
import { objectCommand } from './generic-object.js'
import { keysCommand, randomkeyCommand, scanCommand } from './generic-scan.js'

/** A C `int` argument (getIntFromObjectOrReply). */
export function parseInt32(s: string): number {
  const v = parseLL(s)
  if (v === null) throw new CommandError(Err.notInteger)
  if (v < -2147483648 || v > 2147483647) throw new CommandError(KeyErr.intOutOfRange)
  return v
}

/** The database a DB argument names, or DB index is out of range. */
function targetDb(ctx: CommandContext, arg: string): Db {
  const db = ctx.engine.dbs[parseInt32(arg)]
  if (db === undefined) throw new CommandError(Err.dbIndexOutOfRange)
  return db
}

function delGeneric(ctx: CommandContext, keys: readonly string[]): Reply {
  const db = ctx.db
  let n = 0
  for (const k of keys) {
    if (db.delete(k)) {
      n++
      ctx.wrote(db, k, NOTIFY_GENERIC, 'del')
    }
  }
  return integer(n)
}

/** RENAME and RENAMENX (renameGenericCommand). */
function renameGeneric(ctx: CommandContext, from: string, to: string, nx: boolean): Reply {
  const db = ctx.db
  if (db.get(from) === undefined) throw new CommandError(Err.noSuchKey)
  if (from === to) return nx ? ZERO : OK
  if (db.get(to) !== undefined && nx) return ZERO
  db.rename(from, to)
  ctx.modified(db, from)
  ctx.modified(db, to)
  ctx.notify(NOTIFY_GENERIC, 'rename_from', db, from)
  ctx.notify(NOTIFY_GENERIC, 'rename_to', db, to)
  return nx ? ONE : OK
}

export const copyCommand = defineCommand({
  name: 'copy',
  group: 'generic',
  since: '6.2.0',
  summary: 'Copies the value of a key to a new key.',
  complexity: 'O(1) for a string, O(N) for a collection of N elements.',
  arity: -3,
  flags: ['write', 'denyoom'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RO', 'access']), ks.one(['OW', 'update'], 2)],
  options: ['DB', 'REPLACE'],
  run: (ctx, args) => {
    const key = args[0] as string
    const newKey = args[1] as string
    const src = ctx.db
    let dst = src
    let replace = false
    for (let j = 2; j < args.length; j++) {
      const opt = args[j] as string
      if (is(opt, 'replace')) replace = true
      else if (is(opt, 'db') && j + 1 < args.length) dst = targetDb(ctx, args[++j] as string)
      else throw syntaxError()
    }
    if (src === dst && key === newKey) throw new CommandError(Err.sameObject)
    if (src.read(key) === undefined) return ZERO
    if (dst.get(newKey) !== undefined) {
      if (!replace) return ZERO
      dst.delete(newKey)
    }
    src.copyTo(key, dst, newKey)
    ctx.wrote(dst, newKey, NOTIFY_GENERIC, 'copy_to')
    return ONE
  },
})

export const delCommand = defineCommand({
  name: 'del',
  group: 'generic',
  since: '1.0.0',
  summary: 'Deletes one or more keys.',
  complexity: 'O(N) for N keys, plus O(M) for a collection of M elements.',
  arity: -2,
  flags: ['write'],
  acl: ['keyspace'],
  keySpecs: [ks.range(['RM', 'delete'], 1, -1)],
  tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
  run: delGeneric,
})

export const existsCommand = defineCommand({
  name: 'exists',
  group: 'generic',
  since: '1.0.0',
  summary: 'Determines whether one or more keys exist.',
  complexity: 'O(N) for N keys.',
  arity: -2,
  flags: ['readonly', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.range(['RO'], 1, -1)],
  tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
  run: (ctx, keys) => {
    const db = ctx.db
    let n = 0
    for (const k of keys) if (db.readNoTouch(k) !== undefined) n++
    return integer(n)
  },
})

export const moveCommand = defineCommand({
  name: 'move',
  group: 'generic',
  since: '1.0.0',
  summary: 'Moves a key to another database.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['write', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RW', 'access', 'update'])],
  run: (ctx, [key, index]) => {
    const k = key as string
    const src = ctx.db
    const dst = targetDb(ctx, index as string)
    if (src === dst) throw new CommandError(Err.sameObject)
    if (src.get(k) === undefined) return ZERO
    if (dst.get(k) !== undefined) return ZERO
    src.moveTo(k, dst)
    ctx.modified(src, k)
    ctx.modified(dst, k)
    ctx.notify(NOTIFY_GENERIC, 'move_from', src, k)
    ctx.notify(NOTIFY_GENERIC, 'move_to', dst, k)
    return ONE
  },
})

export const renameCommand = defineCommand({
  name: 'rename',
  group: 'generic',
  since: '1.0.0',
  summary: 'Renames a key and overwrites the destination.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['write'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RW', 'access', 'delete']), ks.one(['OW', 'update'], 2)],
  run: (ctx, [from, to]) => renameGeneric(ctx, from as string, to as string, false),
})

export const renamenxCommand = defineCommand({
  name: 'renamenx',
  group: 'generic',
  since: '1.0.0',
  summary: 'Renames a key only when the target key name does not exist.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['write', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RW', 'access', 'delete']), ks.one(['OW', 'insert'], 2)],
  run: (ctx, [from, to]) => renameGeneric(ctx, from as string, to as string, true),
})

export const touchCommand = defineCommand({
  name: 'touch',
  group: 'generic',
  since: '3.2.1',
  summary: 'Returns the number of existing keys out of those specified after updating the time they were last accessed.',
  complexity: 'O(N) for N keys.',
  arity: -2,
  flags: ['readonly', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.range(['RO'], 1, -1)],
  tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
  run: (ctx, keys) => {
    const db = ctx.db
    let n = 0
    for (const k of keys) {
      // TOUCH counts as an access even for a CLIENT NO-TOUCH client
      if (db.readNoTouch(k) === undefined) continue
      db.touchAccess(k)
      n++
    }
    return integer(n)
  },
})

export const typeCommand = defineCommand({
  name: 'type',
  group: 'generic',
  since: '1.0.0',
  summary: 'Determines the type of value stored at a key.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RO'])],
  run: (ctx, [key]) => {
    const v = ctx.db.readNoTouch(key as string)
    return simple(v === undefined ? 'none' : typeOf(v))
  },
})

export const unlinkCommand = defineCommand({
  name: 'unlink',
  group: 'generic',
  since: '4.0.0',
  summary: 'Asynchronously deletes one or more keys.',
  complexity: 'O(1) per key.',
  arity: -2,
  flags: ['write', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.range(['RM', 'delete'], 1, -1)],
  tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
  run: delGeneric,
})

/** In redis.io order. */
export const genericCommands: readonly CommandSpec[] = [
  copyCommand,
  delCommand,
  existsCommand,
  expireCommand,
  expireatCommand,
  expiretimeCommand,
  keysCommand,
  moveCommand,
  objectCommand,
  persistCommand,
  pexpireCommand,
  pexpireatCommand,
  pexpiretimeCommand,
  pttlCommand,
  randomkeyCommand,
  renameCommand,
  renamenxCommand,
  scanCommand,
  touchCommand,
  ttlCommand,
  typeCommand,
  unlinkCommand,
]
