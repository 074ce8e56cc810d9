// https://redis.io/commands/incrbyfloat/
import { ENC_EMBSTR } from '../core/keyspace.js'
import { addLongDouble, formatLongDouble, parseLongDouble } from '../core/long-double.js'
import { NOTIFY_STRING } from '../core/notify.js'
import { CommandError, Err } from '../errors.js'
import { bulk } from '../resp/types.js'
import { writeString } from './args.js'
import { defineCommand, ks } from './define.js'

/**
 * Redis 7.0 adds in x87 long double and prints `%.17Lf` without trailing zeros,
 * so 5016 + 0.1 is "5016.10000000000000009" and 1e308 + 1e308 does not overflow
 * (test/differential/string.test.ts, "INCRBYFLOAT").
 */
export const incrbyfloatCommand = defineCommand({
  name: 'incrbyfloat',
  group: 'string',
  since: '2.6.0',
  summary: 'Increment the floating point value of a key by a number.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'access', 'update'])],
  run: (ctx, [key, by]) => {
    const k = key as string
    const db = ctx.db
    const cur = writeString(db, k)
    const value = cur === undefined ? parseLongDouble('0') : parseLongDouble(cur)
    const incr = parseLongDouble(by as string)
    if (value === null || incr === null) throw new CommandError(Err.notFloat)
    const sum = addLongDouble(value, incr)
    if (sum === null || sum.inf) throw new CommandError(Err.nanOrInfinity)
    const text = formatLongDouble(sum)
    db.set(k, text, true)
    // a new object made from the printed number: `embstr` even when it reads as an integer
    db.setEncoding(k, ENC_EMBSTR)
    ctx.wrote(db, k, NOTIFY_STRING, 'incrbyfloat')
    // replicas and the AOF get the result, not the increment
    ctx.propagate(['set', k, text, 'KEEPTTL'])
    return bulk(text)
  },
})
