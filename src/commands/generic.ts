// https://redis.io/commands/?group=generic
import { NOTIFY_GENERIC } from '../core/notify.js'
import { typeOf } from '../core/values/types.js'
import { integer, simple } from '../resp/types.js'
import { defineCommand, ks, type CommandSpec } from './define.js'

export const delCommand = defineCommand({
  name: 'del',
  group: 'generic',
  since: '1.0.0',
  summary: 'Deletes one or more keys.',
  arity: -2,
  flags: ['write'],
  acl: ['keyspace'],
  keySpecs: [ks.range(['RM', 'delete'], 1, -1)],
  tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
  run: (ctx, keys) => {
    const db = ctx.db
    let n = 0
    for (const k of keys) {
      if (db.delete(k)) {
        n++
        ctx.wrote(db, k, NOTIFY_GENERIC, 'del')
      }
    }
    return integer(n)
  },
})

export const existsCommand = defineCommand({
  name: 'exists',
  group: 'generic',
  since: '1.0.0',
  summary: 'Determines whether one or more keys exist.',
  arity: -2,
  flags: ['readonly', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.range(['RO'], 1, -1)],
  tips: ['request_policy:multi_shard', 'response_policy:agg_sum'],
  run: (ctx, keys) => {
    const db = ctx.db
    let n = 0
    for (const k of keys) if (db.read(k) !== undefined) n++
    return integer(n)
  },
})

export const typeCommand = defineCommand({
  name: 'type',
  group: 'generic',
  since: '1.0.0',
  summary: 'Determines the type of value stored at a key.',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RO'])],
  run: (ctx, [key]) => {
    const v = ctx.db.read(key as string)
    return simple(v === undefined ? 'none' : typeOf(v))
  },
})

export const genericCommands: readonly CommandSpec[] = [delCommand, existsCommand, typeCommand]
