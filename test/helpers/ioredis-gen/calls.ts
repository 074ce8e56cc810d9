/**
 * Call sequences from ioredis's typings: for each command the table holds, one
 * call per overload (the argument forms ioredis declares: spread or array keys,
 * objects and Maps, tokens), and for the first overload the variants: missing
 * keys, a key of the wrong type, every argument as a Buffer, the `...Buffer`
 * method, a node-style callback.
 */
import { allCommands, type Command } from '../../../src/index.js'
import { keysFor, valueFor, wrongTypeKey, type ValueContext } from './fixture.js'
import type { Overload, Param } from './signatures.js'

/** How a result is compared where the oracle itself is not deterministic. */
export type Mask =
  /** Arrays compared as sorted lists (unordered replies: SMEMBERS, KEYS, SCAN batches). */
  | 'unordered'
  /** Random picks: only the kind of reply (and its length) is compared. */
  | 'random'
  /** Times, ids, counters: only the kind of reply. */
  | 'shape'
  /** Milliseconds left (PTTL): equal within a second. */
  | 'approx'
  /**
   * SCAN-family cursors are positions in each server's own hash table: the
   * harness follows the cursor to the end and compares everything returned.
   */
  | 'cursor'

export interface Call {
  readonly id: string
  /** The method to call (`get`, `getBuffer`). */
  readonly method: string
  readonly args: readonly unknown[]
  /** The command (lowercase), for masks and grouping. */
  readonly command: string
  /** A read-only command: the keyspace is not read back after it. */
  readonly readonly: boolean
  readonly mask: Mask | null
  /** Call with a node-style callback instead of awaiting the promise. */
  readonly callback: boolean
}

/** Commands the generator leaves to the scenarios, or out, and why. */
export const EXCLUDED: Record<string, string> = {
  subscribe: 'subscriber mode: pub/sub scenario',
  psubscribe: 'subscriber mode: pub/sub scenario',
  ssubscribe: 'subscriber mode: pub/sub scenario',
  unsubscribe: 'subscriber mode: pub/sub scenario',
  punsubscribe: 'subscriber mode: pub/sub scenario',
  sunsubscribe: 'subscriber mode: pub/sub scenario',
  multi: 'transaction scenario',
  exec: 'transaction scenario',
  discard: 'transaction scenario',
  watch: 'transaction scenario',
  unwatch: 'transaction scenario',
  quit: 'ends the connection: lifecycle scenario',
  reset: 'resets the connection the comparison runs on',
  hello: 'switches the protocol under the client',
  shutdown: 'stops the server',
  save: 'persistence: writes files',
  bgsave: 'persistence: forks',
  bgrewriteaof: 'persistence: forks',
  monitor: 'a monitor connection',
  sync: 'replication',
  psync: 'replication',
  replicaof: 'replication',
  slaveof: 'replication',
  failover: 'replication',
  debug: 'server internals',
  pfselftest: 'server internals',
  pfdebug: 'server internals (encoding dumps)',
}

/** Container commands: the subcommands safe to run on the comparison connections. */
const SUBCOMMANDS: Record<string, Set<string>> = {
  client: new Set(['GETNAME', 'SETNAME', 'GETREDIR', 'TRACKINGINFO', 'UNBLOCK', 'ID', 'INFO', 'LIST', 'NO-EVICT']),
  // DOCS: summaries are redlet's own sentences (TEAM rule); INFO/DOCS without names list every command
  command: new Set(['INFO', 'GETKEYS', 'GETKEYSANDFLAGS']),
  config: new Set(['GET', 'SET', 'RESETSTAT']),
  // DEBUG: redlet has no Lua debugger (adapters/lua)
  script: new Set(['EXISTS', 'FLUSH', 'KILL', 'LOAD', 'HELP']),
}

/** Explicit masks, by command or `command|SUBCOMMAND`. */
export const MASKS: Record<string, Mask> = {
  time: 'shape',
  lastsave: 'shape',
  info: 'shape',
  'client|ID': 'shape',
  'client|INFO': 'shape',
  'client|LIST': 'shape',
  'object|IDLETIME': 'shape',
  'memory|USAGE': 'shape',
  // MEMORY figures are redlet's estimates; the oracle runs jemalloc (its MALLOC-STATS report)
  'memory|STATS': 'shape',
  'memory|MALLOC-STATS': 'shape',
  // redlet files each command's calls in the bucket of their mean duration
  'latency|HISTOGRAM': 'shape',
  'acl|GENPASS': 'random',
  randomkey: 'random',
  spop: 'random',
  srandmember: 'random',
  hrandfield: 'random',
  zrandmember: 'random',
  pttl: 'approx',
  keys: 'unordered',
  scan: 'cursor',
  sscan: 'cursor',
  hscan: 'cursor',
  zscan: 'cursor',
  smembers: 'unordered',
  sunion: 'unordered',
  sinter: 'unordered',
  sdiff: 'unordered',
}

function findCommand(name: string): Command | undefined {
  return allCommands().find((c) => c.name === name)
}

/** The subcommand named by the overload's first token, when the command is a container. */
function subOf(cmd: Command, o: Overload): { sub: Command | null; word: string | null } {
  if (cmd.subs === null) return { sub: null, word: null }
  const word = o.params[0]?.token ?? null
  return { sub: word === null ? null : (cmd.subs.get(word.toLowerCase()) ?? null), word }
}

function keyParam(p: Param): boolean {
  return /RedisKey/.test(p.type)
}

interface Built {
  readonly args: unknown[]
  readonly keyPositions: number[]
}

/** Arguments for one overload: tokens as written, keys from the group, values by name; numkeys counts the keys. */
function build(cmd: Command, o: Overload): Built {
  const tokens = o.params.flatMap((p) => (p.token !== null ? [p.token] : []))
  const keys = keysFor(cmd.name, cmd.group)
  const args: unknown[] = []
  const keyPositions: number[] = []
  let numkeysAt = -1
  let keyCount = 0
  let after: string | null = null
  let keyIndex = 0
  for (const p of o.params) {
    const c: ValueContext = { command: cmd.name, group: cmd.group, tokens, after, keys }
    if (p.token !== null) {
      args.push(p.token)
      after = p.token
      continue
    }
    if (p.name === 'numkeys' || p.name === 'numfields') numkeysAt = args.length
    if (keyParam(p)) {
      const dest = /^(destination|destkey|dst)$/.test(p.name)
      const list = dest ? ['dest'] : p.array || p.rest ? [keys[0], keys[1]] : [keys[keyIndex++ % 2] as string]
      keyCount += dest ? 0 : list.length
      if (p.array) {
        keyPositions.push(args.length)
        args.push(list)
      } else
        for (const k of list) {
          keyPositions.push(args.length)
          args.push(k)
        }
    } else {
      const v = valueFor(p, c)
      if (p.rest && Array.isArray(v)) args.push(...(v as unknown[]))
      else args.push(v)
    }
    after = null
  }
  if (numkeysAt >= 0) args[numkeysAt] = keyCount
  return { args, keyPositions }
}

function toBuffers(v: unknown): unknown {
  if (typeof v === 'string') return Buffer.from(v)
  if (Array.isArray(v)) return v.map(toBuffers)
  return v
}

/** `number | string` parameters sent as strings: the other argument form. */
function numbersAsStrings(v: unknown): unknown {
  if (typeof v === 'number') return String(v)
  if (Array.isArray(v)) return v.map(numbersAsStrings)
  return v
}

function withKeys(b: Built, replace: (k: unknown) => unknown): unknown[] {
  const args = [...b.args]
  for (const i of b.keyPositions) {
    const a = args[i]
    args[i] = Array.isArray(a) ? a.map(replace) : replace(a)
  }
  return args
}

export interface GeneratedCalls {
  readonly calls: Call[]
  /** Commands of the table the typings cover, and those skipped (with why). */
  readonly covered: string[]
  readonly skipped: Record<string, string>
}

/** Every call, for the commands in the table now. */
export function generateCalls(overloads: Map<string, Overload[]>): GeneratedCalls {
  const calls: Call[] = []
  const covered: string[] = []
  const skipped: Record<string, string> = {}
  const seen = new Set<string>()
  const names = allCommands()
    .map((c) => c.name)
    .sort()
  for (const name of names) {
    const cmd = findCommand(name) as Command
    if (EXCLUDED[name] !== undefined) {
      skipped[name] = EXCLUDED[name] as string
      continue
    }
    if (cmd.newerThanOracle) {
      skipped[name] = 'newer than Redis 7.0'
      continue
    }
    const list = overloads.get(name)
    if (list === undefined) {
      skipped[name] = 'not in ioredis typings'
      continue
    }
    let first = true
    let n = 0
    for (const o of list) {
      const { sub, word } = subOf(cmd, o)
      if (cmd.subs !== null) {
        if (sub === null || sub.newerThanOracle) continue
        const allowed = SUBCOMMANDS[name]
        if (allowed !== undefined && !allowed.has(word as string)) continue
      }
      const spec = sub ?? cmd
      const tokens = o.params.flatMap((p) => (p.token !== null ? [p.token.toUpperCase()] : []))
      if ((spec.newerOptions ?? []).some((opt) => tokens.includes(opt.toUpperCase()))) continue
      // listing every command: redlet implements a subset
      if (name === 'command' && word === 'INFO' && o.params.length === 1) continue
      const b = build(cmd, o)
      const maskKey = word !== null ? `${name}|${word}` : name
      const mask = MASKS[maskKey] ?? MASKS[name] ?? null
      const readonly = spec.flags.includes('readonly') && !spec.flags.includes('write')
      const push = (suffix: string, method: string, args: unknown[], callback = false): void => {
        const sig = `${method}:${JSON.stringify(args, (_k, v: unknown) => (v instanceof Map ? { map: [...v] } : v))}:${callback}`
        if (seen.has(sig)) return
        seen.add(sig)
        calls.push({ id: `${name}#${n}${suffix}`, method, args, command: name, readonly, mask, callback })
      }
      push('', name, b.args)
      if (first) {
        push(' numbers-as-strings', name, b.args.map(numbersAsStrings))
        push(' missing-keys', name, withKeys(b, (k) => (k === 'dest' ? k : `missing:${String(k)}`)))
        push(' wrong-type', name, withKeys(b, (k) => (k === 'dest' ? k : wrongTypeKey(String(k)))))
        push(' buffers', name, b.args.map(toBuffers))
        push(' Buffer-method', `${name}Buffer`, b.args)
        push(' callback', name, b.args, true)
        first = false
      }
      n++
    }
    if (n === 0) skipped[name] = 'no overload for an implemented subcommand'
    else covered.push(name)
  }
  return { calls, covered, skipped }
}
