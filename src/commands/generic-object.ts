// https://redis.io/commands/object/
import { ENC_INT_UNSHARED } from '../core/keyspace.js'
import { CommandError, KeyErr, unknownSubcommand } from '../errors.js'
import { bulk, integer, NULL_BULK, type Reply } from '../resp/types.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { helpSubcommand } from './server-command-docs.js'

/** Integers Redis keeps as shared objects (OBJ_SHARED_INTEGERS). */
const SHARED_INTEGERS = 10000
/** OBJECT REFCOUNT of a shared object (OBJ_SHARED_REFCOUNT, INT_MAX). */
const SHARED_REFCOUNT = 2147483647

const HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
]

const SUB = {
  group: 'generic',
  arity: 3,
  flags: ['readonly'],
  acl: ['keyspace'],
  keySpecs: [ks.one(['RO'], 2)],
  tips: ['nondeterministic_output'],
  complexity: 'O(1)',
} as const

/** An LRU/LFU policy with maxmemory set: Redis stops sharing small integers then. */
function sharingIntegers(ctx: CommandContext): boolean {
  const policy = ctx.engine.config.get('maxmemory-policy')
  return ctx.engine.config.getInt('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'))
}

const encodingCommand = defineCommand({
  ...SUB,
  name: 'encoding',
  since: '2.2.3',
  summary: 'Returns the internal encoding of a value.',
  run: (ctx, [key]) => {
    const db = ctx.db
    const v = db.readNoTouch(key as string, false)
    if (v === undefined) return NULL_BULK
    return bulk(typeof v === 'string' ? db.stringEncoding(key as string, v) : v.encoding())
  },
})

const freqCommand = defineCommand({
  ...SUB,
  name: 'freq',
  since: '4.0.0',
  summary: 'Returns the logarithmic access frequency counter of a value.',
  run: (ctx, [key]) => {
    const db = ctx.db
    if (db.readNoTouch(key as string, false) === undefined) return NULL_BULK
    if (!ctx.engine.config.get('maxmemory-policy').endsWith('-lfu')) throw new CommandError(KeyErr.lfuNotSelected)
    return integer(db.frequency(key as string))
  },
})

const helpCommand = helpSubcommand('object', 'generic', '6.2.0', HELP, ['keyspace'])

const idletimeCommand = defineCommand({
  ...SUB,
  name: 'idletime',
  since: '2.2.3',
  summary: 'Returns the time since the last access to a value.',
  run: (ctx, [key]) => {
    const db = ctx.db
    if (db.readNoTouch(key as string, false) === undefined) return NULL_BULK
    if (ctx.engine.config.get('maxmemory-policy').endsWith('-lfu')) throw new CommandError(KeyErr.lfuSelected)
    // tracking starts with the first question: until then every key counts as just accessed
    db.trackAccess()
    return integer(db.idleTime(key as string))
  },
})

const refcountCommand = defineCommand({
  ...SUB,
  name: 'refcount',
  since: '2.2.3',
  summary: 'Returns the reference count of a value.',
  run: (ctx, [key]): Reply => {
    const db = ctx.db
    const k = key as string
    const v = db.readNoTouch(k, false)
    if (v === undefined) return NULL_BULK
    if (typeof v !== 'string' || db.stringEncoding(k, v) !== 'int' || db.encodingOf(k) === ENC_INT_UNSHARED) return integer(1)
    const n = Number(v)
    return integer(n >= 0 && n < SHARED_INTEGERS && sharingIntegers(ctx) ? SHARED_REFCOUNT : 1)
  },
})

export const objectCommand = defineCommand({
  name: 'object',
  group: 'generic',
  since: '2.2.3',
  summary: 'A container for object introspection commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  acl: [],
  subcommands: [encodingCommand, freqCommand, helpCommand, idletimeCommand, refcountCommand] satisfies CommandSpec[],
  run: (_ctx, args) => {
    throw new CommandError(unknownSubcommand(args[0] as string, 'object'))
  },
})
