// https://redis.io/commands/?group=string: integer counters (INCR, INCRBY, DECR, DECRBY)
import { NOTIFY_STRING } from '../core/notify.js'
import { parseLL } from '../core/numbers.js'
import { CommandError, Err } from '../errors.js'
import { integer, type Reply } from '../resp/types.js'
import { writeString } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks } from './define.js'

const INT64_MAX = 9223372036854775807n
const INT64_MIN = -9223372036854775808n

/** An int64 (string2ll rules): a number when safe, else an exact bigint. */
function parseCounter(s: string): number | bigint {
  const n = parseLL(s)
  if (n === null) throw new CommandError(Err.notInteger)
  return Number.isSafeInteger(n) ? n : BigInt(s)
}

/** INCR, INCRBY, DECR and DECRBY (incrDecrCommand): the TTL stays, the result is an `int`. */
function incrDecr(ctx: CommandContext, key: string, by: number | bigint): Reply {
  const db = ctx.db
  const cur = writeString(db, key)
  let next: number | bigint = by
  if (cur !== undefined) {
    const v = parseCounter(cur)
    if (typeof v === 'number' && typeof by === 'number' && Number.isSafeInteger(v + by)) next = v + by
    else {
      const r = BigInt(v) + BigInt(by)
      if (r > INT64_MAX || r < INT64_MIN) throw new CommandError(Err.overflow)
      next = r
    }
  }
  if (typeof next === 'bigint' && next >= -9007199254740991n && next <= 9007199254740991n) next = Number(next)
  db.set(key, String(next), true)
  ctx.wrote(db, key, NOTIFY_STRING, 'incrby')
  return integer(next)
}

const COUNTER = {
  group: 'string',
  complexity: 'O(1)',
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'access', 'update'])],
} as const

export const decrCommand = defineCommand({
  ...COUNTER,
  name: 'decr',
  since: '1.0.0',
  summary: 'Decrements the integer value of a key by one.',
  arity: 2,
  run: (ctx, [key]) => incrDecr(ctx, key as string, -1),
})

export const decrbyCommand = defineCommand({
  ...COUNTER,
  name: 'decrby',
  since: '1.0.0',
  summary: 'Decrements a number from the integer value of a key.',
  arity: 3,
  run: (ctx, [key, by]) => {
    const v = parseCounter(by as string)
    if (v === INT64_MIN) throw new CommandError(Err.decrementOverflow)
    return incrDecr(ctx, key as string, -v)
  },
})

export const incrCommand = defineCommand({
  ...COUNTER,
  name: 'incr',
  since: '1.0.0',
  summary: 'Increments the integer value of a key by one.',
  arity: 2,
  run: (ctx, [key]) => incrDecr(ctx, key as string, 1),
})

export const incrbyCommand = defineCommand({
  ...COUNTER,
  name: 'incrby',
  since: '1.0.0',
  summary: 'Increments the integer value of a key by a number.',
  arity: 3,
  run: (ctx, [key, by]) => incrDecr(ctx, key as string, parseCounter(by as string)),
})
