// https://redis.io/commands/debug/
// DEBUG is one command to Redis (no subcommand records: COMMAND INFO lists none); it picks its
// subcommand by name and argument count, and answers anything else with one error. Only
// subcommands that make sense without Redis's process, allocator and files are here: the crash
// ones (SEGFAULT, PANIC, ASSERT, OOM, RESTART, CRASH-AND-RECOVER), DIGEST/DIGEST-VALUE and the
// allocator, AOF and cluster ones answer as unknown subcommands.
import { parseMemory } from '../core/config.js'
import { parseDoubleLoose, parseLL } from '../core/numbers.js'
import { CommandError, DebugErr, Err, unknownSubcommandOrArity } from '../errors.js'
import {
  array,
  bignum,
  bool,
  bulk,
  error,
  integer,
  map,
  NULL_BULK,
  OK,
  push,
  set,
  simple,
  verbatim,
  type Reply,
} from '../resp/types.js'
import type { Value } from '../core/values/types.js'
import type { CommandContext } from './context.js'
import { debugObjectLine } from './debug-object.js'
import { defineCommand, type CommandSpec, type HandlerResult } from './define.js'
import { helpReply } from './server-command-docs.js'

const HELP = [
  'AOF-FLUSH-SLEEP <microsec>',
  '    Server will sleep before flushing the AOF, this is used for testing.',
  'ASSERT',
  '    Crash by assertion failed.',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'CONFIG-REWRITE-FORCE-ALL',
  '    Like CONFIG REWRITE but writes all configuration options, including',
  '    keywords not listed in original configuration file or default values.',
  'CRASH-AND-RECOVER [<milliseconds>]',
  '    Hard crash and restart after a <milliseconds> delay (default 0).',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LEAK <string>',
  '    Create a memory leak of the input string.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'HTSTATS <dbid>',
  '    Return hash table statistics of the specified Redis database.',
  'HTSTATS-KEY <key>',
  "    Like HTSTATS but for the hash table stored at <key>'s value.",
  'LOADAOF',
  '    Flush the AOF buffers on disk and reload the AOF in memory.',
  'REPLICATE <string>',
  '    Replicates the provided string to replicas, allowing data divergence.',
  'MALLCTL <key> [<val>]',
  '    Get or set a malloc tuning integer.',
  'MALLCTL-STR <key> [<val>]',
  '    Get or set a malloc tuning string.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'DROP-CLUSTER-PACKET-FILTER <packet-type>',
  '    Drop all packets that match the filtered type. Set to -1 allow all packets.',
  'OOM',
  '    Crash the server simulating an out-of-memory error.',
  'PANIC',
  '    Crash the server simulating a panic.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  "    it is used instead of the 'key' prefix. These are not propagated to",
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  '    Examples:',
  '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
  '      the database.',
  '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
  '      existing RDB file.',
  '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
  '      file to the database.',
  'RESTART [<milliseconds>]',
  '    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).',
  'SDSLEN <key>',
  '    Show low level SDS string info representing `key` and value.',
  'SEGFAULT',
  '    Crash the server with sigsegv.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-SKIP-CHECKSUM-VALIDATION <0|1>',
  "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'STRINGMATCH-TEST',
  '    Run a fuzz tester against the stringmatchlen() function.',
  'STRUCTSIZE',
  '    Return the size of different Redis core C structures.',
  'LISTPACK <key>',
  '    Show low level info about the listpack encoding of <key>.',
  'QUICKLIST <key> [<0|1>]',
  '    Show low level info about the quicklist encoding of <key>.',
  '    The optional argument (0 by default) sets the level of detail',
  'CLIENT-EVICTION',
  '    Show low level client eviction pools info (maxmemory-clients).',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
  'REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>',
  '    Sets the time (in milliseconds) to wait between client reply buffer peak resets.',
  '    In case NEVER is provided the last observed peak will never be reset',
  '    In case RESET is provided the peak reset time will be restored to the default value',
  'REPLYBUFFER RESIZING <0|1>',
  '    Enable or disable the reply buffer resize cron job',
  'CLUSTERLINK KILL <to|from|all> <node-id>',
  '    Kills the link based on the direction to/from (both) with the provided node.',
]

/** C's atoi: an optional sign and leading digits, 0 when there are none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s)
  return m ? Number(m[1]) : 0
}

/** C's atof: the longest number at the start of the string, 0 when there is none. */
function atof(s: string): number {
  const whole = parseDoubleLoose(s)
  if (!Number.isNaN(whole)) return whole
  const m = /^[ \t\n\v\f\r]*([+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)/.exec(s)
  if (m === null) return 0
  const d = Number(m[1])
  return Number.isNaN(d) ? Number(m[1]?.replace(/[eE].*$/, '')) : d
}

/** A count or size of POPULATE: a non-negative integer. */
function positive(s: string): number {
  const n = parseLL(s)
  if (n === null || n < 0) throw new CommandError(Err.valueOutOfRangePositive)
  return n
}

/** The value of a key as Redis's debug code finds it: no expiry, no statistics. */
function rawValue(ctx: CommandContext, key: string): Value {
  const v = ctx.db.contents.data.get(key)
  if (v === undefined) throw new CommandError(Err.noSuchKey)
  return v
}

/**
 * DEBUG SLEEP: Redis stops the whole server; redlet's engine cannot stop, so the calling client
 * alone waits, blocked (as BLPOP with a timeout) and answered OK when the delay has passed. Where
 * a client cannot wait (inside MULTI or a script, a synchronous or REST call) it gets OK at once.
 */
function sleepDebug(ctx: CommandContext, seconds: string): HandlerResult {
  const s = atof(seconds)
  if (!(s > 0)) return OK
  const deadline = s === Infinity ? 0 : ctx.now() + s * 1000
  return ctx.block([], deadline, OK)
}

/** DEBUG PROTOCOL's sample replies. */
function protocolDebug(ctx: CommandContext, type: string): Reply {
  switch (type.toLowerCase()) {
    case 'string':
      return bulk('Hello World')
    case 'integer':
      return integer(12345)
    case 'double':
      return { t: 'double', v: 3.141, text: '3.141' }
    case 'bignum':
      return bignum('1234567999999999999999999999999999999')
    case 'null':
      return NULL_BULK
    case 'array':
      return array([integer(0), integer(1), integer(2)])
    case 'set':
      return set([integer(0), integer(1), integer(2)])
    case 'map':
      return map([integer(0), bool(false), integer(1), bool(true), integer(2), bool(false)])
    case 'attrib':
      // Redis sends an attribute (key-popularity) before this in RESP3: redlet's reply model has
      // no attribute type, so only the reply that follows it is sent
      return bulk('Some real reply following the attribute')
    case 'push':
      if (ctx.proto === 2) throw new CommandError(DebugErr.resp2Push)
      ctx.session.push(push([bulk('server-cpu-usage'), integer(42)]))
      return bulk('Some real reply following the push reply')
    case 'verbatim':
      return verbatim('This is a verbatim\nstring')
    case 'true':
      return bool(true)
    case 'false':
      return bool(false)
    default:
      throw new CommandError(DebugErr.protocolType)
  }
}

function populateDebug(ctx: CommandContext, args: readonly string[]): Reply {
  const count = positive(args[0] as string)
  const prefix = args[1] ?? 'key'
  const size = args[2] === undefined ? 0 : positive(args[2])
  const db = ctx.db
  for (let j = 0; j < count; j++) {
    // Redis formats the key into a 128-byte buffer
    const key = `${prefix}:${j}`.slice(0, 127)
    if (db.get(key) !== undefined) continue
    let value = `value:${j}`
    if (size !== 0) value = size <= value.length ? value.slice(0, size) : value + '\0'.repeat(size - value.length)
    db.set(key, value)
    ctx.modified(db, key)
  }
  return OK
}

/**
 * DEBUG RELOAD: the data goes through redlet's snapshot codec and back, in place. With NOSAVE Redis
 * loads the RDB file already on disk; redlet has no such file to read from here, so every option
 * reloads what is in memory (MERGE and NOFLUSH then change nothing either).
 */
function reloadDebug(ctx: CommandContext, args: readonly string[]): Reply {
  for (const a of args) {
    const o = a.toLowerCase()
    if (o !== 'merge' && o !== 'noflush' && o !== 'nosave') throw new CommandError(DebugErr.reloadOptions)
  }
  const e = ctx.engine
  e.restore(e.snapshot())
  return OK
}

/** REPLYBUFFER: redlet's adapters size their buffers on their own; the settings are accepted. */
function replyBufferDebug(name: string, args: readonly string[]): Reply {
  const what = (args[0] as string).toLowerCase()
  const value = args[1] as string
  if (what === 'peak-reset-time') {
    const v = value.toLowerCase()
    if (v !== 'never' && v !== 'reset' && parseLL(value) === null) throw new CommandError(Err.notInteger)
    return OK
  }
  if (what === 'resizing') return OK
  throw new CommandError(unknownSubcommandOrArity(name, 'debug'))
}

/** Redis's limit: 4 GB less 1 MB of headroom. */
const MAX_PACKED_THRESHOLD = 2 ** 32 - 2 ** 20

type Sub = readonly [min: number, max: number, run: (ctx: CommandContext, args: readonly string[]) => HandlerResult]

/** Each subcommand: how many arguments it takes after its name, and what it does. */
const SUBS: ReadonlyMap<string, Sub> = new Map<string, Sub>([
  ['help', [0, 0, () => helpReply('debug', HELP)]],
  ['sleep', [1, 1, (ctx, a) => sleepDebug(ctx, a[0] as string)]],
  [
    'set-active-expire',
    [
      1,
      1,
      (ctx, a) => {
        ctx.engine.activeExpireEnabled = atoi(a[0] as string) !== 0
        return OK
      },
    ],
  ],
  [
    'object',
    [1, 1, (ctx, a) => simple(debugObjectLine(ctx.engine, ctx.db, a[0] as string, rawValue(ctx, a[0] as string)))],
  ],
  ['change-repl-id', [0, 0, () => OK]],
  [
    'error',
    [
      1,
      1,
      (ctx, a) => {
        // written as is, not counted as an error reply in INFO errorstats (Redis adds it raw)
        ctx.reply(error((a[0] as string).replace(/[\r\n]/g, ' ')))
        return undefined
      },
    ],
  ],
  ['log', [1, 1, () => OK]],
  ['protocol', [1, 1, (ctx, a) => protocolDebug(ctx, a[0] as string)]],
  ['stringmatch-test', [0, 0, () => simple('Apparently Redis did not crash: test passed')]],
  [
    'quicklist-packed-threshold',
    [
      1,
      1,
      (_ctx, a) => {
        const n = parseMemory(a[0] as string)
        if (n === null || n > MAX_PACKED_THRESHOLD) throw new CommandError(DebugErr.packedThreshold)
        return OK
      },
    ],
  ],
  [
    'listpack',
    [
      1,
      1,
      (ctx, a) => {
        const v = rawValue(ctx, a[0] as string)
        if (typeof v === 'string' || v.encoding() !== 'listpack') throw new CommandError(DebugErr.notListpack)
        return simple('Listpack structure printed on stdout')
      },
    ],
  ],
  [
    'quicklist',
    [
      1,
      2,
      (ctx, a) => {
        const v = rawValue(ctx, a[0] as string)
        if (typeof v === 'string' || v.encoding() !== 'quicklist') throw new CommandError(DebugErr.notQuicklist)
        return simple('Quicklist structure printed on stdout')
      },
    ],
  ],
  [
    'set-disable-deny-scripts',
    [
      1,
      1,
      (ctx, a) => {
        ctx.engine.scriptDenyDisabled = atoi(a[0] as string) !== 0
        return OK
      },
    ],
  ],
  ['set-skip-checksum-validation', [1, 1, () => OK]],
  // redlet's periodic work is the adapter calling engine.tick(): PAUSE-CRON is accepted and changes nothing
  ['pause-cron', [1, 1, () => OK]],
  ['replybuffer', [2, 2, (ctx, a) => replyBufferDebug(ctx.argv[1] as string, a)]],
  ['populate', [1, 3, populateDebug]],
  ['reload', [0, Infinity, reloadDebug]],
])

function debugCommandRun(ctx: CommandContext, args: readonly string[]): HandlerResult {
  const name = args[0] as string
  const sub = SUBS.get(name.toLowerCase())
  const n = args.length - 1
  if (sub === undefined || n < sub[0] || n > sub[1]) throw new CommandError(unknownSubcommandOrArity(name, 'debug'))
  return sub[2](ctx, args.slice(1))
}

export const debugCommand = defineCommand({
  name: 'debug',
  group: 'server',
  since: '1.0.0',
  summary: 'A container for debugging commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: ['admin', 'noscript', 'loading', 'stale'],
  docFlags: ['syscmd'],
  protectedBy: 'enable-debug-command',
  run: debugCommandRun,
})

export const debugCommands: readonly CommandSpec[] = [debugCommand]
