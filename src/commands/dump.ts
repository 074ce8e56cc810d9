// https://redis.io/commands/?group=generic (DUMP, RESTORE)
import type { Db } from '../core/keyspace.js'
import { NOTIFY_GENERIC } from '../core/notify.js'
import { readPayload, verifyPayload } from '../core/rdb/read.js'
import { dumpPayload } from '../core/rdb/write.js'
import { parseInt64 } from '../core/numbers.js'
import type { Value } from '../core/values/types.js'
import { CommandError, DumpErr, Err } from '../errors.js'
import { bulk, NULL_BULK, OK, type Reply } from '../resp/types.js'
import { is, syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks } from './define.js'

const LRU_CLOCK_MAX = 0xffffff

function parseLongLong(s: string): bigint {
  const v = parseInt64(s)
  if (v === null) throw new CommandError(Err.notInteger)
  return v
}

/** objectSetLRUOrLFU: FREQ under an LFU policy, IDLETIME otherwise; the other one is ignored. */
function setAccess(ctx: CommandContext, db: Db, key: string, idle: bigint, freq: number): void {
  const now = ctx.now()
  if (db.accessMode === 'lfu') {
    if (freq < 0 || !db.tracksAccess) return
    db.contents.access?.set(key, ((Math.floor(now / 60000) & 0xffff) << 8) | freq)
    return
  }
  if (idle < 0n) return
  db.trackAccess()
  const clock = BigInt(Math.floor(now / 1000) & LRU_CLOCK_MAX)
  let abs = clock - idle
  if (abs < 0n) abs += BigInt(LRU_CLOCK_MAX)
  // the object's lru field is 24 bits wide
  db.contents.access?.set(key, Number(BigInt.asUintN(24, abs)))
}

function restoreCommand(ctx: CommandContext, args: readonly string[]): Reply {
  const key = args[0] as string
  const payload = args[2] as string
  let replace = false
  let absttl = false
  let idle = -1n
  let freq = -1
  for (let j = 3; j < args.length; j++) {
    const opt = args[j] as string
    const more = j + 1 < args.length
    if (is(opt, 'replace')) replace = true
    else if (is(opt, 'absttl')) absttl = true
    else if (is(opt, 'idletime') && more && freq === -1) {
      idle = parseLongLong(args[++j] as string)
      if (idle < 0n) throw new CommandError(DumpErr.invalidIdletime)
    } else if (is(opt, 'freq') && more && idle === -1n) {
      const f = parseLongLong(args[++j] as string)
      if (f < 0n || f > 255n) throw new CommandError(DumpErr.invalidFreq)
      freq = Number(f)
    } else throw syntaxError()
  }
  const db = ctx.db
  if (!replace && db.get(key) !== undefined) throw new CommandError(Err.busyKey)
  const ttl = parseLongLong(args[1] as string)
  if (ttl < 0n) throw new CommandError(DumpErr.invalidTtl)
  if (!verifyPayload(payload)) throw new CommandError(DumpErr.payload)
  const value = readPayload(payload, ctx.engine.limits)
  if (value === null) throw new CommandError(DumpErr.badData)

  const deleted = replace && db.delete(key)
  const now = ctx.now()
  const at = ttl !== 0n && !absttl ? ttl + BigInt(now) : ttl
  if (ttl !== 0n && at <= BigInt(now)) {
    // already expired: the key is gone (Redis logs the replaced key's removal as DEL)
    if (deleted) {
      ctx.wrote(db, key, NOTIFY_GENERIC, 'del')
      ctx.propagate(['DEL', key])
    }
    return OK
  }
  db.set(key, value)
  if (ttl !== 0n) db.setExpire(key, Number(at))
  setAccess(ctx, db, key, idle, freq)
  ctx.wrote(db, key, NOTIFY_GENERIC, 'restore')
  if (wakes(value)) ctx.ready(db, key)
  if (ttl !== 0n && !absttl) {
    // the relative TTL is logged as an absolute one (7.0 rewrites argv with ABSTTL)
    ctx.propagate(['RESTORE', key, String(at), ...args.slice(2), 'ABSTTL'])
  }
  return OK
}

function wakes(v: Value): boolean {
  return typeof v !== 'string' && (v.type === 'list' || v.type === 'zset' || v.type === 'stream')
}

export const dumpCommand = defineCommand({
  name: 'dump',
  group: 'generic',
  since: '2.6.0',
  summary: 'Returns a serialized representation of the value stored at a key.',
  complexity: 'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size.',
  arity: 2,
  flags: ['readonly'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RO', 'access'])],
  tips: ['nondeterministic_output'],
  run: (ctx, [key]) => {
    const v = ctx.db.read(key as string)
    return v === undefined ? NULL_BULK : bulk(dumpPayload(v, ctx.engine.limits))
  },
})

const restoreSpec = {
  group: 'generic',
  since: '2.6.0',
  summary: 'Creates a key from the serialized representation of a value.',
  complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value.',
  arity: -4,
  acl: ['keyspace', 'dangerous'],
  keySpecs: [ks.one(['OW', 'update'])],
  options: ['REPLACE', 'ABSTTL', 'IDLETIME', 'FREQ'],
  run: restoreCommand,
} as const

export const restoreCommandSpec = defineCommand({ ...restoreSpec, name: 'restore', flags: ['write', 'denyoom'] })

/** The cluster-internal twin (MIGRATE sends it after ASKING); the same handler. */
export const restoreAskingCommand = defineCommand({
  ...restoreSpec,
  name: 'restore-asking',
  group: 'server',
  since: '3.0.0',
  summary: 'An internal command for migrating keys in a cluster.',
  flags: ['write', 'denyoom', 'asking'],
  docFlags: ['syscmd'],
})

export const dumpCommands = [dumpCommand, restoreCommandSpec, restoreAskingCommand]
