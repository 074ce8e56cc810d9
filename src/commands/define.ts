import type { Reply } from '../resp/types.js'
import type { CommandContext } from './context.js'
import type { CommandDocs } from './server-command-docs.js'

/** Command flags as COMMAND INFO prints them, in Redis's order. */
export const FLAG_ORDER = [
  'write',
  'readonly',
  'denyoom',
  'module',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'asking',
  'fast',
  'no_auth',
  'may_replicate',
  'sentinel',
  'only_sentinel',
  'no_mandatory_keys',
  'protected',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
] as const
export type CommandFlag = (typeof FLAG_ORDER)[number]

/** ACL categories in Redis's order. */
export const ACL_ORDER = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
] as const
export type AclCategory = (typeof ACL_ORDER)[number]

export type KeySpecFlag =
  | 'RO'
  | 'RW'
  | 'OW'
  | 'RM'
  | 'access'
  | 'update'
  | 'insert'
  | 'delete'
  | 'not_key'
  | 'incomplete'
  | 'variable_flags'

/** Where a key spec starts looking: an argument index, or after a keyword. */
export type BeginSearch = { index: number } | { keyword: string; startfrom: number } | { unknown: true }

/** How a key spec finds keys: a range, or a count argument (numkeys style). */
export type FindKeys =
  | { range: readonly [lastkey: number, keystep: number, limit: number] }
  | { keynum: readonly [keynumidx: number, firstkey: number, keystep: number] }
  | { unknown: true }

export interface KeySpec {
  readonly flags: readonly KeySpecFlag[]
  readonly begin: BeginSearch
  readonly find: FindKeys
  readonly notes?: string
}

/** What a handler returns: a reply, or undefined when it wrote its replies itself (or blocked). */
export type HandlerResult = Reply | undefined

export type Handler = (ctx: CommandContext, args: readonly string[]) => HandlerResult

export interface CommandSpec extends CommandDocs {
  /** Lowercase name; a subcommand is named by its own word (`get` under `config`). */
  readonly name: string
  readonly group: string
  readonly since: string
  readonly summary: string
  readonly complexity?: string
  /** Redis's rule: positive is exact, negative is a minimum; the count includes the name. */
  readonly arity: number
  readonly flags: readonly CommandFlag[]
  /** ACL categories beyond those implied by the flags. */
  readonly acl?: readonly AclCategory[]
  readonly keySpecs?: readonly KeySpec[]
  readonly tips?: readonly string[]
  /** Positions (in argv, the name at 0) of the keys, where key specs alone cannot tell. */
  readonly getKeys?: (argv: readonly string[]) => number[]
  /** Option keywords (NX, WITHSCORES, ...): the meta suite checks that differential tests exercise each. */
  readonly options?: readonly string[]
  /** A Redis version newer than 7.0 that introduced this command or option: the differential suite skips it. */
  readonly newerThanOracle?: boolean
  /** Option keywords newer than Redis 7.0 (ZRANK WITHSCORE is 7.2's): unit-tested only; the arity is the newer one. */
  readonly newerOptions?: readonly string[]
  readonly run?: Handler
  readonly subcommands?: readonly CommandSpec[]
  /** A config (`enable-debug-command`) that must allow this command for the session (Redis's CMD_PROTECTED). */
  readonly protectedBy?: string
}

/** A command as the table holds it, with derived data. */
export interface Command extends CommandSpec {
  /** `get`, or `config|get` for a subcommand. */
  readonly fullName: string
  readonly parent: Command | null
  readonly subs: Map<string, Command> | null
  readonly allFlags: readonly CommandFlag[]
  readonly categories: readonly AclCategory[]
  readonly isWrite: boolean
  readonly isReadonly: boolean
  readonly denyOom: boolean
  readonly noAuth: boolean
  readonly isAdmin: boolean
  readonly movableKeys: boolean
  readonly legacyKeys: { first: number; last: number; step: number }
  /** A small integer unique to this command (subcommands included): its slot in each engine's statistics. */
  readonly id: number
}

/** One command's statistics in one engine, for INFO commandstats. */
export interface CommandStats {
  calls: number
  usec: number
  rejected: number
  failed: number
}

let nextCommandId = 0

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec
}

/** Key spec shorthands for the common shapes. */
export const ks = {
  /** One key at `index`. */
  one: (flags: readonly KeySpecFlag[], index = 1): KeySpec => ({ flags, begin: { index }, find: { range: [0, 1, 0] } }),
  /** Keys from `index` to the last argument (minus `fromEnd`), every `step`. */
  range: (flags: readonly KeySpecFlag[], index: number, lastkey: number, step = 1, limit = 0): KeySpec => ({
    flags,
    begin: { index },
    find: { range: [lastkey, step, limit] },
  }),
  /** A numkeys argument at `index`, keys following it. */
  keynum: (flags: readonly KeySpecFlag[], index: number, keynumidx = 0, firstkey = 1, step = 1): KeySpec => ({
    flags,
    begin: { index },
    find: { keynum: [keynumidx, firstkey, step] },
  }),
}

function legacyRange(spec: CommandSpec): { first: number; last: number; step: number; movable: boolean } {
  const specs = spec.keySpecs ?? []
  if (specs.length === 0) return { first: 0, last: 0, step: 0, movable: false }
  const only = specs[0] as KeySpec
  if (specs.length === 1 && 'index' in only.begin && 'range' in only.find) {
    const [lastkey, keystep, limit] = only.find.range
    const first = only.begin.index
    const last = limit !== 0 ? -1 : lastkey >= 0 ? first + lastkey : lastkey
    return { first, last, step: keystep, movable: false }
  }
  let first = Infinity
  let last = 0
  let prevLast = 0
  let movable = false
  for (const k of specs) {
    if (!('index' in k.begin) || !('range' in k.find)) {
      movable = true
      continue
    }
    const [lastkey, keystep] = k.find.range
    if (keystep !== 1 || (prevLast !== 0 && prevLast !== k.begin.index - 1)) {
      movable = true
      continue
    }
    first = Math.min(first, k.begin.index)
    let abs = lastkey
    if (abs >= 0) abs += k.begin.index
    // Redis compares as unsigned, so -1 (to the end) wins
    const u = (x: number): number => (x < 0 ? Number.MAX_SAFE_INTEGER + x : x)
    last = u(abs) > u(last) ? abs : last
    prevLast = last
  }
  if (first === Infinity) return { first: 0, last: 0, step: 0, movable: true }
  return { first, last, step: 1, movable }
}

/** Fills in the derived fields of a spec (and its subcommands). */
export function buildCommand(spec: CommandSpec, parent: Command | null = null): Command {
  const legacy = legacyRange(spec)
  const movable = legacy.movable || spec.getKeys !== undefined
  const allFlags = FLAG_ORDER.filter((f) => spec.flags.includes(f) || (f === 'movablekeys' && movable))
  const cats = new Set<AclCategory>(spec.acl ?? [])
  const has = (f: CommandFlag): boolean => spec.flags.includes(f)
  if (has('write')) cats.add('write')
  if (has('readonly') && !cats.has('scripting')) cats.add('read')
  if (has('admin')) {
    cats.add('admin')
    cats.add('dangerous')
  }
  if (has('pubsub')) cats.add('pubsub')
  if (has('fast')) cats.add('fast')
  if (has('blocking')) cats.add('blocking')
  if (!cats.has('fast')) cats.add('slow')
  const fullName = parent ? `${parent.name}|${spec.name}` : spec.name
  const cmd: Command = {
    ...spec,
    fullName,
    parent,
    subs: null,
    allFlags,
    categories: ACL_ORDER.filter((c) => cats.has(c)),
    isWrite: has('write'),
    isReadonly: has('readonly'),
    denyOom: has('denyoom'),
    noAuth: has('no_auth'),
    isAdmin: has('admin'),
    movableKeys: movable,
    legacyKeys: { first: legacy.first, last: legacy.last, step: legacy.step },
    id: nextCommandId++,
  }
  if (spec.subcommands) {
    const subs = new Map<string, Command>()
    for (const s of spec.subcommands) subs.set(s.name, buildCommand(s, cmd))
    ;(cmd as { subs: Map<string, Command> | null }).subs = subs
  }
  return cmd
}

/** Argument positions of the keys in `argv`, from the key specs (COMMAND GETKEYS, ACL, cluster slots). */
export function keyPositions(cmd: Command, argv: readonly string[]): number[] {
  if (cmd.getKeys) return cmd.getKeys(argv)
  const out: number[] = []
  for (const k of cmd.keySpecs ?? []) {
    if (k.flags.includes('not_key')) continue
    let start: number
    if ('index' in k.begin) start = k.begin.index
    else if ('keyword' in k.begin) {
      const kw = k.begin.keyword.toLowerCase()
      start = -1
      if (k.begin.startfrom >= 0) {
        for (let i = k.begin.startfrom; i < argv.length; i++) {
          if ((argv[i] as string).toLowerCase() === kw) {
            start = i + 1
            break
          }
        }
      } else {
        for (let i = argv.length + k.begin.startfrom; i > 0; i--) {
          if ((argv[i] as string).toLowerCase() === kw) {
            start = i + 1
            break
          }
        }
      }
      if (start < 0) continue
    } else continue
    if ('range' in k.find) {
      const [lastkey, step, limit] = k.find.range
      let last: number
      if (lastkey >= 0) last = start + lastkey
      else if (limit > 1) last = start + Math.floor((argv.length - start) / limit) - 1
      else last = argv.length + lastkey
      for (let i = start; i <= last && i < argv.length; i += step) out.push(i)
    } else if ('keynum' in k.find) {
      const [numIdx, firstKey, step] = k.find.keynum
      const n = Number(argv[start + numIdx])
      if (!Number.isInteger(n) || n < 0) continue
      const first = start + firstKey
      for (let i = 0; i < n; i++) {
        const p = first + i * step
        if (p < argv.length) out.push(p)
      }
    }
  }
  return out
}
