// https://redis.io/commands/command/
import { globMatch } from '../core/glob.js'
import { parseLL } from '../core/numbers.js'
import type { Engine } from '../engine.js'
import { CommandError, Err, ServerErr } from '../errors.js'
import { array, bulk, bulks, integer, map, NULL_BULK, set, simple, type Reply } from '../resp/types.js'
import { is } from './args.js'
import { defineCommand, keyPositions, type Command, type KeySpec, type KeySpecFlag } from './define.js'
import { arg, commandDocsReply, commandInfoReply, helpSubcommand, orderedKeyFlags, subcommandsOf } from './server-command-docs.js'

const tables = new WeakMap<Map<string, Command>, Command[]>()

/** Every top-level command of the engine's table, once each. */
export function tableCommands(engine: Engine): Command[] {
  let list = tables.get(engine.commands)
  if (!list) {
    list = [...new Set(engine.commands.values())]
    tables.set(engine.commands, list)
  }
  return list
}

/** A command by full name (`get`, `config|get`), case-insensitively. */
export function commandByFullName(engine: Engine, name: string): Command | undefined {
  const bar = name.indexOf('|')
  if (bar < 0) return engine.lookup(name)
  const parent = engine.lookup(name.slice(0, bar))
  return parent?.subs?.get(name.slice(bar + 1).toLowerCase())
}

/** The command an argv would run: the subcommand of a container, as dispatch finds it. */
function commandOfArgv(engine: Engine, argv: readonly string[]): Command | undefined {
  const cmd = engine.lookup(argv[0] as string)
  if (!cmd || !cmd.subs) return cmd
  if (argv.length < 2) return undefined
  return cmd.subs.get((argv[1] as string).toLowerCase())
}

export interface FoundKey {
  pos: number
  flags: readonly KeySpecFlag[]
}

/** The first index a key spec's begin_search points at, or -1 (keyword absent), or null (cannot tell). */
function beginOf(k: KeySpec, argv: readonly string[]): number | null {
  const b = k.begin
  if ('index' in b) return b.index
  if (!('keyword' in b)) return null
  const kw = b.keyword.toLowerCase()
  const from = b.startfrom > 0 ? b.startfrom : argv.length + b.startfrom
  const to = b.startfrom > 0 ? argv.length - 1 : 0
  for (let i = from; i !== to; i = from <= to ? i + 1 : i - 1) {
    if (i >= argv.length || i < 1) break
    if ((argv[i] as string).toLowerCase() === kw) return i + 1
  }
  return -1
}

/**
 * Keys found through the key specs, as COMMAND GETKEYS reads them: null when a
 * spec cannot be applied (a bad key count, keys beyond the arguments).
 */
function keysFromSpecs(cmd: Command, argv: readonly string[], partial: boolean): FoundKey[] | null {
  const out: FoundKey[] = []
  for (const k of cmd.keySpecs ?? []) {
    if (k.flags.includes('not_key')) continue
    let first = beginOf(k, argv)
    if (first === -1) continue
    let last = 0
    let step = 1
    const f = k.find
    let valid = first !== null
    if (first !== null && 'range' in f) {
      const [lastkey, keystep, limit] = f.range
      if (lastkey >= 0) last = first + lastkey
      else if (limit === 0) last = argv.length + lastkey
      else last = first + (Math.floor((argv.length - first) / limit) + lastkey)
      step = keystep
    } else if (first !== null && 'keynum' in f) {
      const [numIdx, firstKey, keystep] = f.keynum
      const n = numIdx >= argv.length ? null : parseLL((argv[first + numIdx] ?? '') as string)
      if (n === null || n < 0) valid = false
      else {
        first += firstKey
        last = first + n - 1
        step = keystep
      }
    } else valid = false
    // keys a spec cannot fully describe (MIGRATE's KEYS) come from the command's own key finder
    if (k.flags.includes('incomplete')) valid = false
    if (valid && first !== null && (last >= argv.length || last < first || first >= argv.length)) valid = false
    if (!valid || first === null) {
      if (partial) continue
      return null
    }
    for (let i = first; i <= last; i += step) {
      if (i >= argv.length) continue
      out.push({ pos: i, flags: k.flags })
    }
  }
  return out
}

/**
 * Flags of keys whose spec says `variable_flags`: they depend on the arguments,
 * as each command's own key finder tells in Redis 7.0.
 */
const VARIABLE_FLAGS: Record<string, (argv: readonly string[]) => readonly KeySpecFlag[]> = {
  set: (argv) => (argv.slice(3).some((a) => is(a, 'get')) ? ['RW', 'access', 'update'] : ['OW', 'update']),
  bitfield: (argv) => (argv.slice(2).some((a) => is(a, 'set') || is(a, 'incrby')) ? ['RW', 'access', 'update'] : ['RO', 'access']),
}

function settleFlags(cmd: Command, argv: readonly string[], keys: FoundKey[]): FoundKey[] {
  return keys.map((k) => {
    if (!k.flags.includes('variable_flags')) return k
    const rule = VARIABLE_FLAGS[cmd.fullName]
    return { pos: k.pos, flags: rule ? rule(argv) : k.flags.filter((f) => f !== 'variable_flags') }
  })
}

/** Keys of a full command with their spec flags; null when the arguments cannot hold them (also ACL's key checks). */
export function commandKeys(cmd: Command, argv: readonly string[]): FoundKey[] | null {
  if (!cmd.getKeys) {
    const found = keysFromSpecs(cmd, argv, false)
    if (found !== null) return settleFlags(cmd, argv, found)
  }
  const positions = keyPositions(cmd, argv)
  const bySpec = keysFromSpecs(cmd, argv, true) ?? []
  const fallback = (cmd.keySpecs ?? []).find((k) => !k.flags.includes('not_key'))?.flags ?? []
  return settleFlags(
    cmd,
    argv,
    positions.map((pos) => ({ pos, flags: bySpec.find((k) => k.pos === pos)?.flags ?? fallback })),
  )
}

function hasKeys(cmd: Command): boolean {
  return cmd.getKeys !== undefined || (cmd.keySpecs ?? []).some((k) => !k.flags.includes('not_key'))
}

function getKeysGeneric(engine: Engine, argv: readonly string[], withFlags: boolean): Reply {
  const cmd = commandOfArgv(engine, argv)
  if (!cmd) throw new CommandError(ServerErr.invalidCommand)
  if (!hasKeys(cmd)) throw new CommandError(ServerErr.noKeyArguments)
  const arity = cmd.arity
  if ((arity > 0 && argv.length !== arity) || argv.length < -arity) throw new CommandError(ServerErr.invalidNumberOfArguments)
  const keys = commandKeys(cmd, argv) ?? []
  if (keys.length === 0 && !cmd.allFlags.includes('no_mandatory_keys')) throw new CommandError(ServerErr.invalidArguments)
  if (!withFlags) return bulks(keys.map((k) => argv[k.pos] as string))
  return array(keys.map((k) => array([bulk(argv[k.pos] as string), set(orderedKeyFlags(k.flags).map(simple))])))
}

const countCommand = defineCommand({
  name: 'count',
  group: 'server',
  since: '2.8.13',
  summary: 'Returns a count of commands.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['loading', 'stale'],
  acl: ['connection'],
  run: (ctx) => integer(tableCommands(ctx.engine).length),
})

const docsCommand = defineCommand({
  name: 'docs',
  group: 'server',
  since: '7.0.0',
  summary: 'Returns documentary information about one, multiple or all commands.',
  complexity: 'O(N) where N is the number of commands to look up',
  arity: -2,
  flags: ['loading', 'stale'],
  acl: ['connection'],
  tips: ['nondeterministic_output_order'],
  arguments: [arg.string('command-name', { optional: true, multiple: true })],
  run: (ctx, names) => {
    const out: Reply[] = []
    const cmds = names.length === 0 ? tableCommands(ctx.engine) : names.map((n) => commandByFullName(ctx.engine, n))
    for (const c of cmds) if (c) out.push(bulk(c.fullName), commandDocsReply(c))
    return map(out)
  },
})

const getkeysCommand = defineCommand({
  name: 'getkeys',
  group: 'server',
  since: '2.8.13',
  summary: 'Extracts the key names from an arbitrary command.',
  complexity: 'O(N) where N is the number of arguments to the command',
  arity: -4,
  flags: ['loading', 'stale'],
  acl: ['connection'],
  run: (ctx, argv) => getKeysGeneric(ctx.engine, argv, false),
})

const getkeysandflagsCommand = defineCommand({
  name: 'getkeysandflags',
  group: 'server',
  since: '7.0.0',
  summary: 'Extracts the key names and access flags from an arbitrary command.',
  complexity: 'O(N) where N is the number of arguments to the command',
  arity: -4,
  flags: ['loading', 'stale'],
  acl: ['connection'],
  run: (ctx, argv) => getKeysGeneric(ctx.engine, argv, true),
})

const HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
]

const helpCommand = helpSubcommand('command', 'server', '5.0.0', HELP, ['connection'])

const infoCommand = defineCommand({
  name: 'info',
  group: 'server',
  since: '2.8.13',
  summary: 'Returns information about one, multiple or all commands.',
  complexity: 'O(N) where N is the number of commands to look up',
  arity: -2,
  flags: ['loading', 'stale'],
  acl: ['connection'],
  tips: ['nondeterministic_output_order'],
  history: [['7.0.0', 'No arguments means every command.']],
  arguments: [arg.string('command-name', { optional: true, multiple: true })],
  run: (ctx, names) => {
    if (names.length === 0) return array(tableCommands(ctx.engine).map(commandInfoReply))
    return array(
      names.map((n) => {
        const c = commandByFullName(ctx.engine, n)
        return c ? commandInfoReply(c) : NULL_BULK
      }),
    )
  },
})

/** Every command and subcommand name, for COMMAND LIST. */
function allNames(engine: Engine, keep: (c: Command) => boolean): string[] {
  const out: string[] = []
  for (const c of tableCommands(engine)) {
    if (keep(c)) out.push(c.fullName)
    for (const s of subcommandsOf(c)) if (keep(s)) out.push(s.fullName)
  }
  return out
}

const listCommand = defineCommand({
  name: 'list',
  group: 'server',
  since: '7.0.0',
  summary: 'Returns a list of command names.',
  complexity: 'O(N) where N is the total number of Redis commands',
  arity: -2,
  flags: ['loading', 'stale'],
  acl: ['connection'],
  tips: ['nondeterministic_output_order'],
  options: ['FILTERBY', 'MODULE', 'ACLCAT', 'PATTERN'],
  arguments: [
    arg.oneof('filterby', [arg.string('module-name', { token: 'MODULE' }), arg.string('category', { token: 'ACLCAT' }), arg.pattern('pattern', { token: 'PATTERN' })], {
      token: 'FILTERBY',
      optional: true,
    }),
  ],
  run: (ctx, args) => {
    if (args.length === 0) return bulks(allNames(ctx.engine, () => true))
    if (args.length !== 3 || !is(args[0] as string, 'filterby')) throw new CommandError(Err.syntax)
    const kind = (args[1] as string).toLowerCase()
    const value = args[2] as string
    if (kind === 'module') return bulks([])
    if (kind === 'aclcat') {
      const cat = value.toLowerCase()
      return bulks(allNames(ctx.engine, (c) => (c.categories as readonly string[]).includes(cat)))
    }
    if (kind === 'pattern') return bulks(allNames(ctx.engine, (c) => globMatch(value, c.fullName, true)))
    throw new CommandError(Err.syntax)
  },
})

export const commandCommand = defineCommand({
  name: 'command',
  group: 'server',
  since: '2.8.13',
  summary: 'Returns detailed information about all commands.',
  complexity: 'O(N) where N is the total number of Redis commands',
  arity: -1,
  flags: ['loading', 'stale'],
  acl: ['connection'],
  tips: ['nondeterministic_output_order'],
  subcommands: [countCommand, docsCommand, getkeysCommand, getkeysandflagsCommand, helpCommand, infoCommand, listCommand],
  run: (ctx) => array(tableCommands(ctx.engine).map(commandInfoReply)),
})
