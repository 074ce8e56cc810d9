// https://redis.io/commands/?group=server
import { CommandError, Err, ServerErr } from '../errors.js'
import { array, bulk, integer, OK } from '../resp/types.js'
import { is, parseInteger } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, type CommandSpec } from './define.js'
import { commandCommand } from './server-command.js'
import { arg } from './server-command-docs.js'
import { configCommand } from './server-config.js'
import { infoCommand } from './server-info.js'

export const dbsizeCommand = defineCommand({
  name: 'dbsize',
  group: 'server',
  since: '1.0.0',
  summary: 'Returns the number of keys in the database.',
  complexity: 'O(1)',
  arity: 1,
  flags: ['readonly', 'fast'],
  acl: ['keyspace'],
  tips: ['request_policy:all_shards', 'response_policy:agg_sum'],
  run: (ctx) => integer(ctx.db.size),
})

const FLUSH_ARGS = [arg.oneof('async', [arg.token('ASYNC', { since: '4.0.0' }), arg.token('SYNC', { since: '6.2.0' })], { optional: true })]
const FLUSH_HISTORY: readonly (readonly [string, string])[] = [
  ['4.0.0', 'The ASYNC mode.'],
  ['6.2.0', 'The SYNC mode.'],
]

/** FLUSHALL and FLUSHDB take an optional ASYNC or SYNC; both empty at once here. */
function checkFlushMode(args: readonly string[]): void {
  if (args.length === 0) return
  if (args.length > 1 || !(is(args[0] as string, 'async') || is(args[0] as string, 'sync'))) throw new CommandError(Err.syntax)
}

/** Empties one database: watchers of its keys see the change. Returns the keys removed. */
function flushDb(ctx: CommandContext, id: number): number {
  const e = ctx.engine
  const db = e.dbs[id]
  if (!db) return 0
  const n = db.size
  e.watches.touchAll(e.dbs, id)
  db.clear()
  // blocked clients re-check their keys: XREADGROUP ends as in Redis 7.0
  e.blocking.signalDb(id)
  return n
}

export const flushallCommand = defineCommand({
  name: 'flushall',
  group: 'server',
  since: '1.0.0',
  summary: 'Removes all keys from all databases.',
  complexity: 'O(N) where N is the total number of keys in all databases',
  arity: -1,
  flags: ['write'],
  acl: ['keyspace', 'dangerous'],
  tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
  options: ['ASYNC', 'SYNC'],
  history: FLUSH_HISTORY,
  arguments: FLUSH_ARGS,
  run: (ctx, args) => {
    checkFlushMode(args)
    let n = 0
    for (const db of ctx.engine.dbs) n += flushDb(ctx, db.id)
    ctx.engine.tracking.flushed()
    ctx.engine.dirty += n
    // a BGSAVE in progress stops, and with save rules the empty data set is saved at once
    ctx.engine.persistence?.flushedAll()
    // logged even when nothing was removed, as Redis does
    ctx.propagate(ctx.argv)
    return OK
  },
})

export const flushdbCommand = defineCommand({
  name: 'flushdb',
  group: 'server',
  since: '1.0.0',
  summary: 'Removes all keys from the current database.',
  complexity: 'O(N) where N is the number of keys in the selected database',
  arity: -1,
  flags: ['write'],
  acl: ['keyspace', 'dangerous'],
  tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
  options: ['ASYNC', 'SYNC'],
  history: FLUSH_HISTORY,
  arguments: FLUSH_ARGS,
  run: (ctx, args) => {
    checkFlushMode(args)
    ctx.engine.dirty += flushDb(ctx, ctx.session.db)
    ctx.engine.tracking.flushed()
    ctx.propagate(ctx.argv)
    return OK
  },
})

export const lastsaveCommand = defineCommand({
  name: 'lastsave',
  group: 'server',
  since: '1.0.0',
  summary: 'Returns the Unix timestamp of the last successful save to disk.',
  complexity: 'O(1)',
  arity: 1,
  flags: ['loading', 'stale', 'fast'],
  acl: ['admin', 'dangerous'],
  tips: ['nondeterministic_output'],
  run: (ctx) => integer(Math.floor(ctx.engine.lastSave / 1000)),
})

/** A SWAPDB index: an int, else Redis's "invalid first/second DB index". */
function dbIndex(s: string, message: string): number {
  const v = parseInteger(s, message)
  if (v > 2147483647 || v < -2147483648) throw new CommandError(message)
  return v
}

export const swapdbCommand = defineCommand({
  name: 'swapdb',
  group: 'server',
  since: '4.0.0',
  summary: 'Swaps two Redis databases.',
  complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
  arity: 3,
  flags: ['write', 'fast'],
  acl: ['keyspace', 'dangerous'],
  arguments: [arg.integer('index1'), arg.integer('index2')],
  run: (ctx, [a, b]) => {
    const e = ctx.engine
    const i = dbIndex(a as string, ServerErr.invalidFirstDbIndex)
    const j = dbIndex(b as string, ServerErr.invalidSecondDbIndex)
    const n = e.dbs.length
    if (i < 0 || i >= n || j < 0 || j >= n) throw new CommandError(Err.dbIndexOutOfRange)
    if (i !== j) {
      // a watched key changes when it exists on either side of the swap
      e.watches.touchAll(e.dbs, i, j)
      e.watches.touchAll(e.dbs, j, i)
      ;(e.dbs[i] as (typeof e.dbs)[number]).swap(e.dbs[j] as (typeof e.dbs)[number])
      // clients blocked on either database look at their keys again
      e.blocking.signalDb(i)
      e.blocking.signalDb(j)
    }
    e.dirty++
    return OK
  },
})

export const timeCommand = defineCommand({
  name: 'time',
  group: 'server',
  since: '2.6.0',
  summary: 'Returns the server time.',
  complexity: 'O(1)',
  arity: 1,
  flags: ['loading', 'stale', 'fast'],
  tips: ['nondeterministic_output'],
  run: (ctx) => {
    const ms = ctx.now()
    const sec = Math.floor(ms / 1000)
    return array([bulk(String(sec)), bulk(String(Math.floor((ms - sec * 1000) * 1000)))])
  },
})

/** In redis.io order. */
export const serverCommands: readonly CommandSpec[] = [
  commandCommand,
  configCommand,
  dbsizeCommand,
  flushallCommand,
  flushdbCommand,
  infoCommand,
  lastsaveCommand,
  swapdbCommand,
  timeCommand,
]
