// https://redis.io/commands/?group=server
import { integer, OK } from '../resp/types.js'
import { defineCommand, type CommandSpec } from './define.js'

export const dbsizeCommand = defineCommand({
  name: 'dbsize',
  group: 'server',
  since: '1.0.0',
  summary: 'Returns the number of keys in the database.',
  arity: 1,
  flags: ['readonly', 'fast'],
  acl: ['keyspace'],
  tips: ['request_policy:all_shards', 'response_policy:agg_sum'],
  run: (ctx) => integer(ctx.db.size),
})

export const flushallCommand = defineCommand({
  name: 'flushall',
  group: 'server',
  since: '1.0.0',
  summary: 'Removes all keys from all databases.',
  arity: -1,
  flags: ['write'],
  acl: ['keyspace', 'dangerous'],
  tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
  run: (ctx) => {
    for (const db of ctx.engine.dbs) {
      ctx.engine.watches.touchAll(ctx.engine.dbs, db.id)
      db.clear()
    }
    ctx.engine.dirty++
    return OK
  },
})

export const serverCommands: readonly CommandSpec[] = [dbsizeCommand, flushallCommand]
