// https://redis.io/commands/?group=generic: walking the keyspace (KEYS, SCAN, RANDOMKEY)
import { compileGlob } from '../core/glob.js'
import { parseLL } from '../core/numbers.js'
import { typeOf } from '../core/values/types.js'
import { CommandError, Err } from '../errors.js'
import { bulk, bulks, NULL_BULK } from '../resp/types.js'
import { is, syntaxError } from './args.js'
import { parseScanCursor, scanReply } from './collection-scan.js'
import { defineCommand } from './define.js'

export const keysCommand = defineCommand({
  name: 'keys',
  group: 'generic',
  since: '1.0.0',
  summary: 'Returns all key names that match a pattern.',
  complexity: 'O(N) for N keys in the database.',
  arity: 2,
  flags: ['readonly'],
  acl: ['keyspace', 'dangerous'],
  tips: ['request_policy:all_shards', 'nondeterministic_output_order'],
  run: (ctx, [pattern]) => {
    const match = compileGlob(pattern as string)
    const out: string[] = []
    for (const k of ctx.db.keys()) if (match(k)) out.push(k)
    return bulks(out)
  },
})

export const randomkeyCommand = defineCommand({
  name: 'randomkey',
  group: 'generic',
  since: '1.0.0',
  summary: 'Returns a random key name from the database.',
  complexity: 'O(1)',
  arity: 1,
  flags: ['readonly'],
  acl: ['keyspace'],
  tips: ['request_policy:all_shards', 'nondeterministic_output'],
  run: (ctx) => {
    const k = ctx.db.randomKey()
    return k === undefined ? NULL_BULK : bulk(k)
  },
})

export const scanCommand = defineCommand({
  name: 'scan',
  group: 'generic',
  since: '2.8.0',
  summary: 'Iterates over the key names in the database.',
  complexity: 'O(1) per call, O(N) for a complete iteration over N keys.',
  arity: -2,
  flags: ['readonly'],
  acl: ['keyspace'],
  tips: ['nondeterministic_output', 'request_policy:special'],
  options: ['MATCH', 'COUNT', 'TYPE'],
  run: (ctx, args) => {
    const cursor = parseScanCursor(args[0] as string)
    let count = 10
    let match: ((s: string) => boolean) | null = null
    let type: string | null = null
    for (let i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) throw syntaxError()
      const opt = args[i] as string
      const arg = args[i + 1] as string
      if (is(opt, 'count')) {
        const n = parseLL(arg)
        if (n === null) throw new CommandError(Err.notInteger)
        if (n < 1) throw syntaxError()
        count = n
      } else if (is(opt, 'match')) match = arg === '*' ? null : compileGlob(arg)
      // an unknown type name matches nothing (Redis 7.0 does not reject it)
      else if (is(opt, 'type')) type = arg.toLowerCase()
      else throw syntaxError()
    }
    const out: string[] = []
    const next = ctx.db.scan(cursor, count, (k, v) => {
      if (match !== null && !match(k)) return
      if (type !== null && typeOf(v) !== type) return
      out.push(k)
    })
    return scanReply(next, out)
  },
})
