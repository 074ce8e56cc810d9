// https://redis.io/commands/?group=server: MONITOR, SLOWLOG and LATENCY
import { parseLL } from '../core/numbers.js'
import { CommandError, DiagnosticErr, unknownSubcommandOrArity } from '../errors.js'
import { array, bulk, EMPTY_ARRAY, integer, map, OK, verbatim, ZERO, type Reply } from '../resp/types.js'
import type { CommandContext } from './context.js'
import { defineCommand, type Command, type CommandFlag, type CommandSpec, type CommandStats } from './define.js'
import type { CommandStatsTable } from '../core/stats.js'
import { arg, helpSubcommand } from './server-command-docs.js'

export const monitorCommand = defineCommand({
  name: 'monitor',
  group: 'server',
  since: '1.0.0',
  summary: 'Streams every command the server runs, as it runs it.',
  arity: 1,
  flags: ['admin', 'noscript', 'loading', 'stale'],
  run: (ctx) => {
    const e = ctx.engine
    // Redis refuses clients that expect one reply per command (inside EXEC); here also those that cannot wait
    if (ctx.nested || !e.canBlock(ctx.session)) throw new CommandError(DiagnosticErr.monitorDenyBlocking)
    // a second MONITOR gets no reply at all
    return e.monitors.add(ctx.session) ? OK : undefined
  },
})

const ADMIN: readonly CommandFlag[] = ['admin', 'loading', 'stale']

const SLOWLOG_HELP = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
]

const slowlogGetCommand = defineCommand({
  name: 'get',
  group: 'server',
  since: '2.2.12',
  summary: 'Returns the slow log entries.',
  complexity: 'O(N) where N is the number of entries returned',
  arity: -2,
  flags: ADMIN,
  tips: ['request_policy:all_nodes', 'nondeterministic_output'],
  history: [['4.0.0', 'Client address and name in each entry.']],
  arguments: [arg.integer('count', { optional: true })],
  run: (ctx, args) => {
    if (args.length > 1) throw new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'slowlog'))
    let count = 10
    if (args.length === 1) {
      const n = parseLL(args[0] as string)
      if (n === null || n < -1) throw new CommandError(DiagnosticErr.slowlogCount)
      count = n
    }
    return array(
      ctx.engine.slowlog
        .latest(count)
        .map((e) => array([integer(e.id), integer(e.time), integer(e.micros), array(e.args.map(bulk)), bulk(e.addr), bulk(e.name)])),
    )
  },
})

const slowlogLenCommand = defineCommand({
  name: 'len',
  group: 'server',
  since: '2.2.12',
  summary: 'Returns the number of entries in the slow log.',
  complexity: 'O(1)',
  arity: 2,
  flags: ADMIN,
  tips: ['request_policy:all_nodes', 'response_policy:agg_sum', 'nondeterministic_output'],
  run: (ctx) => integer(ctx.engine.slowlog.length),
})

const slowlogResetCommand = defineCommand({
  name: 'reset',
  group: 'server',
  since: '2.2.12',
  summary: 'Empties the slow log.',
  complexity: 'O(N) where N is the number of entries in the slowlog',
  arity: 2,
  flags: ADMIN,
  tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
  run: (ctx) => {
    ctx.engine.slowlog.reset()
    return OK
  },
})

export const slowlogCommand = defineCommand({
  name: 'slowlog',
  group: 'server',
  since: '2.2.12',
  summary: 'A container for slow log commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: [slowlogGetCommand, helpSubcommand('slowlog', 'server', '6.2.0', SLOWLOG_HELP), slowlogLenCommand, slowlogResetCommand],
})

// ---- LATENCY ----
// redlet records no latency events (the latency monitor's samples of slow commands, expiry cycles, forks...):
// LATEST and HISTORY are empty and RESET finds nothing, as in Redis with latency-monitor-threshold 0.

const LATENCY_HELP = [
  'DOCTOR',
  '    Return a human readable latency analysis report.',
  'GRAPH <event>',
  '    Return an ASCII latency graph for the <event> class.',
  'HISTORY <event>',
  '    Return time-latency samples for the <event> class.',
  'LATEST',
  '    Return the latest latency samples for all events.',
  'RESET [<event> ...]',
  '    Reset latency data of one or more <event> classes.',
  '    (default: reset all data for all event classes)',
  'HISTOGRAM [COMMAND ...]',
  '    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.',
  '    If no commands are specified then all histograms are replied.',
]

/** Redis 7.0's fixed DOCTOR reports: monitoring disabled, and enabled with no event recorded. */
const DOCTOR_DISABLED =
  "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n"
const DOCTOR_NO_EVENTS =
  'Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n'

const LATENCY_FLAGS: readonly CommandFlag[] = ['admin', 'noscript', 'loading', 'stale']
const SPECIAL_TIPS = ['nondeterministic_output', 'request_policy:all_nodes', 'response_policy:special']

const doctorCommand = defineCommand({
  name: 'doctor',
  group: 'server',
  since: '2.8.13',
  summary: 'Returns a human-readable latency analysis report.',
  complexity: 'O(1)',
  arity: 2,
  flags: LATENCY_FLAGS,
  tips: SPECIAL_TIPS,
  run: (ctx) => verbatim(ctx.engine.config.getInt('latency-monitor-threshold') === 0 ? DOCTOR_DISABLED : DOCTOR_NO_EVENTS),
})

const graphCommand = defineCommand({
  name: 'graph',
  group: 'server',
  since: '2.8.13',
  summary: 'Returns a latency graph for an event.',
  complexity: 'O(1)',
  arity: 3,
  flags: LATENCY_FLAGS,
  tips: SPECIAL_TIPS,
  arguments: [arg.string('event')],
  run: (_ctx, [event]) => {
    throw new CommandError(DiagnosticErr.latencyNoSamples(event as string))
  },
})

/**
 * The label of the histogram bucket holding `ns`: Redis's HDR histogram (2
 * significant figures) reports powers of two from 1024 ns, each labelled with
 * the highest value it holds, in µs (1, 2, 4, 8, 16, 33, 66, 132...).
 */
export function bucketLabel(ns: number): number {
  const v = Math.min(Math.max(ns, 1), 1e9)
  let k = 10
  while (2 ** k + 2 ** (k - 7) - 1 < v) k++
  return Math.floor((2 ** k + 2 ** (k - 7) - 1) / 1000)
}

/**
 * One command's entry. Redis keeps a latency histogram per command; redlet
 * keeps only the calls and their total time (INFO commandstats), so every call
 * is counted in the bucket of the mean duration.
 */
function histogramEntry({ calls, usec }: CommandStats): Reply {
  const label = bucketLabel(Math.round((usec / calls) * 1000))
  return map([bulk('calls'), integer(calls), bulk('histogram_usec'), map([integer(label), integer(calls)])])
}

/** A command and its subcommands that ran at least once, as name/entry pairs. */
function histogramsOf(stats: CommandStatsTable, cmd: Command, out: Reply[]): void {
  for (const x of cmd.subs ? [cmd, ...new Set(cmd.subs.values())] : [cmd]) {
    const st = stats.peek(x)
    if (st !== undefined && st.calls > 0) out.push(bulk(x.fullName), histogramEntry(st))
  }
}

/** A command by name, `container|sub` included; undefined when unknown. */
function commandByName(ctx: CommandContext, name: string): Command | undefined {
  const bar = name.indexOf('|')
  if (bar < 0) return ctx.engine.lookup(name)
  const parent = ctx.engine.lookup(name.slice(0, bar))
  return parent?.subs?.get(name.slice(bar + 1).toLowerCase())
}

const histogramCommand = defineCommand({
  name: 'histogram',
  group: 'server',
  since: '7.0.0',
  summary: 'Returns the cumulative distribution of latencies of a subset or all commands.',
  complexity: 'O(N) where N is the number of commands with latency information being retrieved.',
  arity: -2,
  flags: LATENCY_FLAGS,
  tips: SPECIAL_TIPS,
  arguments: [arg.string('command', { optional: true, multiple: true })],
  run: (ctx, names) => {
    const out: Reply[] = []
    if (names.length === 0) for (const cmd of new Set(ctx.engine.commands.values())) histogramsOf(ctx.engine.commandStats, cmd, out)
    // unknown names are skipped; a name given twice is answered twice, as Redis does
    for (const name of names) {
      const cmd = commandByName(ctx, name)
      if (cmd !== undefined) histogramsOf(ctx.engine.commandStats, cmd, out)
    }
    return map(out)
  },
})

const historyCommand = defineCommand({
  name: 'history',
  group: 'server',
  since: '2.8.13',
  summary: 'Returns timestamp-latency samples for an event.',
  complexity: 'O(1)',
  arity: 3,
  flags: LATENCY_FLAGS,
  tips: SPECIAL_TIPS,
  arguments: [arg.string('event')],
  run: () => EMPTY_ARRAY,
})

const latestCommand = defineCommand({
  name: 'latest',
  group: 'server',
  since: '2.8.13',
  summary: 'Returns the latest latency samples for all events.',
  complexity: 'O(1)',
  arity: 2,
  flags: LATENCY_FLAGS,
  tips: SPECIAL_TIPS,
  run: () => EMPTY_ARRAY,
})

const latencyResetCommand = defineCommand({
  name: 'reset',
  group: 'server',
  since: '2.8.13',
  summary: 'Resets the latency data for one or more events.',
  complexity: 'O(1)',
  arity: -2,
  flags: LATENCY_FLAGS,
  tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
  arguments: [arg.string('event', { optional: true, multiple: true })],
  // the number of event series reset: there are none
  run: () => ZERO,
})

export const latencyCommand = defineCommand({
  name: 'latency',
  group: 'server',
  since: '2.8.13',
  summary: 'A container for latency diagnostics commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: [
    doctorCommand,
    graphCommand,
    helpSubcommand('latency', 'server', '2.8.13', LATENCY_HELP),
    histogramCommand,
    historyCommand,
    latestCommand,
    latencyResetCommand,
  ],
})

/** In redis.io order. */
export const diagnosticCommands: readonly CommandSpec[] = [latencyCommand, monitorCommand, slowlogCommand]
