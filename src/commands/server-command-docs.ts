/**
 * What COMMAND INFO and COMMAND DOCS print for a command record, built from the
 * record alone. Also the argument notation records use to describe themselves.
 */
import { array, bulk, integer, map, set, simple, type Reply } from '../resp/types.js'
import type { AclCategory, Command, CommandSpec, KeySpec, KeySpecFlag } from './define.js'

export type ArgType = 'string' | 'integer' | 'double' | 'key' | 'pattern' | 'unix-time' | 'pure-token' | 'oneof' | 'block'

/** One argument as COMMAND DOCS describes it. */
export interface ArgSpec {
  readonly name: string
  readonly type: ArgType
  /** For `key` arguments: the index of its key spec. */
  readonly keySpecIndex?: number
  readonly token?: string
  readonly since?: string
  readonly deprecatedSince?: string
  readonly optional?: boolean
  readonly multiple?: boolean
  readonly multipleToken?: boolean
  readonly arguments?: readonly ArgSpec[]
}

/** Documentation fields of a command record (all optional). */
export interface CommandDocs {
  /** The arguments, for COMMAND DOCS (and redis-cli hints). */
  readonly arguments?: readonly ArgSpec[]
  /** Changes of the command: the Redis version and our own short note. */
  readonly history?: readonly (readonly [version: string, note: string])[]
  readonly docFlags?: readonly ('deprecated' | 'syscmd')[]
  readonly deprecatedSince?: string
  readonly replacedBy?: string
}

type ArgOptions = Omit<Partial<ArgSpec>, 'name' | 'type' | 'arguments' | 'keySpecIndex'>

/** Shorthands for argument trees: `arg.string('message', { optional: true })`. */
export const arg = {
  string: (name: string, o: ArgOptions = {}): ArgSpec => ({ name, type: 'string', ...o }),
  integer: (name: string, o: ArgOptions = {}): ArgSpec => ({ name, type: 'integer', ...o }),
  double: (name: string, o: ArgOptions = {}): ArgSpec => ({ name, type: 'double', ...o }),
  pattern: (name: string, o: ArgOptions = {}): ArgSpec => ({ name, type: 'pattern', ...o }),
  unixTime: (name: string, o: ArgOptions = {}): ArgSpec => ({ name, type: 'unix-time', ...o }),
  key: (name: string, keySpecIndex: number, o: ArgOptions = {}): ArgSpec => ({ name, type: 'key', keySpecIndex, ...o }),
  /** A keyword alone; its name is the lowercased token unless given. */
  token: (token: string, o: ArgOptions & { name?: string } = {}): ArgSpec => ({ name: token.toLowerCase(), type: 'pure-token', token, ...o }),
  oneof: (name: string, args: readonly ArgSpec[], o: ArgOptions = {}): ArgSpec => ({ name, type: 'oneof', ...o, arguments: args }),
  block: (name: string, args: readonly ArgSpec[], o: ArgOptions = {}): ArgSpec => ({ name, type: 'block', ...o, arguments: args }),
}

const KEY_FLAG_ORDER: readonly KeySpecFlag[] = ['RO', 'RW', 'OW', 'RM', 'access', 'update', 'insert', 'delete', 'not_key', 'incomplete', 'variable_flags']

/** Key spec flags in Redis's order. */
export function orderedKeyFlags(flags: readonly KeySpecFlag[]): KeySpecFlag[] {
  return KEY_FLAG_ORDER.filter((f) => flags.includes(f))
}

const symbols = (names: readonly string[]): Reply => set(names.map(simple))

function keySpecReply(k: KeySpec): Reply {
  const b = k.begin
  const begin =
    'index' in b
      ? [bulk('type'), bulk('index'), bulk('spec'), map([bulk('index'), integer(b.index)])]
      : 'keyword' in b
        ? [bulk('type'), bulk('keyword'), bulk('spec'), map([bulk('keyword'), bulk(b.keyword), bulk('startfrom'), integer(b.startfrom)])]
        : [bulk('type'), bulk('unknown'), bulk('spec'), map([])]
  const f = k.find
  const find =
    'range' in f
      ? [bulk('type'), bulk('range'), bulk('spec'), map([bulk('lastkey'), integer(f.range[0]), bulk('keystep'), integer(f.range[1]), bulk('limit'), integer(f.range[2])])]
      : 'keynum' in f
        ? [bulk('type'), bulk('keynum'), bulk('spec'), map([bulk('keynumidx'), integer(f.keynum[0]), bulk('firstkey'), integer(f.keynum[1]), bulk('keystep'), integer(f.keynum[2])])]
        : [bulk('type'), bulk('unknown'), bulk('spec'), map([])]
  const out: Reply[] = []
  if (k.notes !== undefined) out.push(bulk('notes'), bulk(k.notes))
  out.push(bulk('flags'), symbols(orderedKeyFlags(k.flags)), bulk('begin_search'), map(begin), bulk('find_keys'), map(find))
  return map(out)
}

/** Subcommands of a container, once each. */
export function subcommandsOf(cmd: Command): Command[] {
  return cmd.subs ? [...new Set(cmd.subs.values())] : []
}

/** One command's COMMAND INFO entry. */
export function commandInfoReply(cmd: Command): Reply {
  const subs = subcommandsOf(cmd)
  const k = cmd.legacyKeys
  return array([
    bulk(cmd.fullName),
    integer(cmd.arity),
    symbols(cmd.allFlags),
    integer(k.first),
    integer(k.last),
    integer(k.step),
    symbols(cmd.categories.map((c) => '@' + c)),
    set((cmd.tips ?? []).map(bulk)),
    set((cmd.keySpecs ?? []).map(keySpecReply)),
    // Redis 7.0 writes an empty set when there are none, an array otherwise
    subs.length === 0 ? set([]) : array(subs.map(commandInfoReply)),
  ])
}

function argReply(a: ArgSpec): Reply {
  const out: Reply[] = [bulk('name'), bulk(a.name), bulk('type'), bulk(a.type)]
  if (a.keySpecIndex !== undefined) out.push(bulk('key_spec_index'), integer(a.keySpecIndex))
  if (a.token !== undefined) out.push(bulk('token'), bulk(a.token))
  if (a.since !== undefined) out.push(bulk('since'), bulk(a.since))
  if (a.deprecatedSince !== undefined) out.push(bulk('deprecated_since'), bulk(a.deprecatedSince))
  const flags: string[] = []
  if (a.optional) flags.push('optional')
  if (a.multiple) flags.push('multiple')
  if (a.multipleToken) flags.push('multiple_token')
  if (flags.length) out.push(bulk('flags'), symbols(flags))
  if (a.arguments) out.push(bulk('arguments'), array(a.arguments.map(argReply)))
  return map(out)
}

/** One command's COMMAND DOCS value (the map after its name). */
export function commandDocsReply(cmd: Command): Reply {
  const group = cmd.parent ? cmd.parent.group : cmd.group
  const out: Reply[] = [bulk('summary'), bulk(cmd.summary), bulk('since'), bulk(cmd.since), bulk('group'), bulk(group)]
  if (cmd.complexity !== undefined) out.push(bulk('complexity'), bulk(cmd.complexity))
  if (cmd.docFlags && cmd.docFlags.length) out.push(bulk('doc_flags'), symbols(cmd.docFlags))
  if (cmd.deprecatedSince !== undefined) out.push(bulk('deprecated_since'), bulk(cmd.deprecatedSince))
  if (cmd.replacedBy !== undefined) out.push(bulk('replaced_by'), bulk(cmd.replacedBy))
  if (cmd.history && cmd.history.length) out.push(bulk('history'), set(cmd.history.map(([v, note]) => array([bulk(v), bulk(note)]))))
  if (cmd.arguments && cmd.arguments.length) out.push(bulk('arguments'), array(cmd.arguments.map(argReply)))
  const subs = subcommandsOf(cmd)
  if (subs.length) {
    const m: Reply[] = []
    for (const s of subs) m.push(bulk(s.fullName), commandDocsReply(s))
    out.push(bulk('subcommands'), map(m))
  }
  return map(out)
}

/** A container's HELP reply: Redis's header line, the given lines, then HELP itself. */
export function helpReply(container: string, lines: readonly string[]): Reply {
  const out = [`${container.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`, ...lines, 'HELP', '    Prints this help.']
  return array(out.map(simple))
}

/** The HELP subcommand of a container (`CLIENT HELP`, `CONFIG HELP`...): the same record but for its group, version and lines. */
export function helpSubcommand(container: string, group: string, since: string, lines: readonly string[], acl?: readonly AclCategory[]): CommandSpec {
  return {
    name: 'help',
    group,
    since,
    summary: 'Returns helpful text about the different subcommands.',
    complexity: 'O(1)',
    arity: 2,
    flags: ['loading', 'stale'],
    ...(acl ? { acl } : {}),
    run: () => helpReply(container, lines),
  }
}
