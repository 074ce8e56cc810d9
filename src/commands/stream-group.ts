// https://redis.io/commands/?group=stream (consumer groups: XGROUP, XACK, XPENDING)
import { NOTIFY_STREAM } from '../core/notify.js'
import { cmpId, MAX_ID, MIN_ID, type StreamId } from '../core/stream-id.js'
import { INVALID_ENTRIES_READ, type Nack, type StreamGroup } from '../core/values/stream-group.js'
import { Stream } from '../core/values/stream.js'
import { CommandError, StreamErr, unknownSubcommand, unknownSubcommandOrArity } from '../errors.js'
import { array, bulk, EMPTY_ARRAY, integer, NULL_ARRAY, NULL_BULK, OK, ONE, ZERO, type Reply } from '../resp/types.js'
import { is, parseBigInteger, parseInteger, readTyped, syntaxError, writeTyped } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks } from './define.js'
import { helpReply } from './server-command-docs.js'
import { parseId, parseIdOrEdge, parseRangeEnd, parseRangeStart } from './stream-args.js'

/** ENTRIESREAD: an int64 that is -1 or not negative. */
function parseEntriesRead(arg: string): number | bigint {
  const v = parseBigInteger(arg)
  if (v < 0n && v !== -1n) throw new CommandError(StreamErr.entriesRead)
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v
}

/** Parses XGROUP CREATE/SETID options from args[3]; a bad one is the subcommand syntax error. */
function groupOptions(ctx: CommandContext, args: readonly string[], create: boolean): { mkstream: boolean; entriesRead: number | bigint } {
  const out = { mkstream: false, entriesRead: INVALID_ENTRIES_READ as number | bigint }
  for (let i = 3; i < args.length; i++) {
    const a = args[i] as string
    if (create && is(a, 'mkstream')) out.mkstream = true
    else if (is(a, 'entriesread') && i + 1 < args.length) out.entriesRead = parseEntriesRead(args[++i] as string)
    else throw new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'xgroup'))
  }
  return out
}

/** The stream an XGROUP subcommand works on: it must exist (and, `needGroup`, hold the group). */
function groupTarget(ctx: CommandContext, key: string, group: string, needGroup: boolean): [Stream, StreamGroup | undefined] {
  const s = writeTyped<Stream>(ctx.db, key, 'stream')
  if (s === undefined) throw new CommandError(StreamErr.xgroupNoKey)
  const g = s.group(group)
  if (g === undefined && needGroup) throw new CommandError(StreamErr.noGroupForKey(group, key))
  return [s, g]
}

const RW = (flag: 'insert' | 'update' | 'delete') => [ks.one(['RW', flag], 2)]

const createCommand = defineCommand({
  name: 'create',
  group: 'stream',
  since: '5.0.0',
  summary: 'Creates a consumer group, and with MKSTREAM the stream too.',
  complexity: 'O(1)',
  arity: -5,
  flags: ['write', 'denyoom'],
  acl: ['stream'],
  keySpecs: RW('insert'),
  options: ['MKSTREAM', 'ENTRIESREAD'],
  run: (ctx, args) => {
    const [key, name, idArg] = args as [string, string, string]
    const opts = groupOptions(ctx, args, true)
    const db = ctx.db
    let s = writeTyped<Stream>(db, key, 'stream')
    if (s === undefined && !opts.mkstream) throw new CommandError(StreamErr.xgroupNoKey)
    if (args.length > 6) throw new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'xgroup'))
    const id = idArg === '$' ? (s?.lastId ?? MIN_ID) : parseId(idArg)
    if (s === undefined) {
      s = new Stream()
      db.set(key, s)
      ctx.modified(db, key)
    }
    if (s.createGroup(name, id, opts.entriesRead) === null) throw new CommandError(StreamErr.busyGroup)
    ctx.engine.dirty++
    ctx.notify(NOTIFY_STREAM, 'xgroup-create', db, key)
    return OK
  },
})

const createconsumerCommand = defineCommand({
  name: 'createconsumer',
  group: 'stream',
  since: '6.2.0',
  summary: 'Creates a consumer in a consumer group.',
  complexity: 'O(1)',
  arity: 5,
  flags: ['write', 'denyoom'],
  acl: ['stream'],
  keySpecs: RW('insert'),
  run: (ctx, [key, group, consumer]) => {
    const g = groupTarget(ctx, key as string, group as string, true)[1] as StreamGroup
    if (g.consumer(consumer as string) !== undefined) return ZERO
    g.createConsumer(consumer as string, ctx.now())
    ctx.engine.dirty++
    ctx.notify(NOTIFY_STREAM, 'xgroup-createconsumer', ctx.db, key as string)
    return ONE
  },
})

const delconsumerCommand = defineCommand({
  name: 'delconsumer',
  group: 'stream',
  since: '5.0.0',
  summary: 'Deletes a consumer from a consumer group, with its pending entries.',
  complexity: 'O(N) with N the number of entries pending for the consumer.',
  arity: 5,
  flags: ['write'],
  acl: ['stream'],
  keySpecs: RW('delete'),
  run: (ctx, [key, group, consumer]) => {
    const g = groupTarget(ctx, key as string, group as string, true)[1] as StreamGroup
    const c = g.consumer(consumer as string)
    if (c === undefined) return ZERO
    const pending = g.deleteConsumer(c)
    ctx.engine.dirty++
    ctx.notify(NOTIFY_STREAM, 'xgroup-delconsumer', ctx.db, key as string)
    return integer(pending)
  },
})

const destroyCommand = defineCommand({
  name: 'destroy',
  group: 'stream',
  since: '5.0.0',
  summary: 'Destroys a consumer group.',
  complexity: 'O(N) with N the number of pending entries of the group.',
  arity: 4,
  flags: ['write'],
  acl: ['stream'],
  keySpecs: RW('delete'),
  run: (ctx, [key, group]) => {
    const [s] = groupTarget(ctx, key as string, group as string, false)
    if (!s.destroyGroup(group as string)) return ZERO
    ctx.engine.dirty++
    ctx.notify(NOTIFY_STREAM, 'xgroup-destroy', ctx.db, key as string)
    // clients blocked in XREADGROUP on this group get a NOGROUP error
    ctx.ready(ctx.db, key as string)
    return ONE
  },
})

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
]

const helpCommand = defineCommand({
  name: 'help',
  group: 'stream',
  since: '5.0.0',
  summary: 'Lists the XGROUP subcommands.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['loading', 'stale'],
  acl: ['stream'],
  run: () => helpReply('xgroup', XGROUP_HELP),
})

const setidCommand = defineCommand({
  name: 'setid',
  group: 'stream',
  since: '5.0.0',
  summary: "Sets a consumer group's last delivered ID (and its entries-read counter).",
  complexity: 'O(1)',
  arity: -5,
  flags: ['write'],
  acl: ['stream'],
  keySpecs: RW('update'),
  options: ['ENTRIESREAD'],
  run: (ctx, args) => {
    const [key, name, idArg] = args as [string, string, string]
    const opts = groupOptions(ctx, args, false)
    const [s, g] = groupTarget(ctx, key, name, true)
    if (args.length !== 3 && args.length !== 5) throw new CommandError(unknownSubcommandOrArity(ctx.argv[1] as string, 'xgroup'))
    const id = idArg === '$' ? s.lastId : parseIdOrEdge(idArg)
    const group = g as StreamGroup
    group.lastId = id
    group.entriesRead = opts.entriesRead
    ctx.engine.dirty++
    ctx.notify(NOTIFY_STREAM, 'xgroup-setid', ctx.db, key)
    return OK
  },
})

export const xgroupCommand = defineCommand({
  name: 'xgroup',
  group: 'stream',
  since: '5.0.0',
  summary: 'A container for consumer group commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  acl: [],
  subcommands: [createCommand, createconsumerCommand, delconsumerCommand, destroyCommand, helpCommand, setidCommand],
  run: (_ctx, args) => {
    throw new CommandError(unknownSubcommand(args[0] as string, 'xgroup'))
  },
})

export const xackCommand = defineCommand({
  name: 'xack',
  group: 'stream',
  since: '5.0.0',
  summary: "Acknowledges entries: removes them from a consumer group's pending entries list.",
  complexity: 'O(1) per ID.',
  arity: -4,
  flags: ['write', 'fast'],
  acl: ['stream'],
  keySpecs: [ks.one(['RW', 'update'])],
  run: (ctx, args) => {
    const key = args[0] as string
    const s = readTyped<Stream>(ctx.db, key, 'stream')
    const g = s?.group(args[1] as string)
    if (g === undefined) return ZERO
    // every ID is checked before any is acknowledged
    const ids = args.slice(2).map((a) => parseId(a))
    let n = 0
    for (const id of ids) {
      const nack = g.pel.find(id.ms, id.seq)
      if (nack === undefined) continue
      g.ack(nack)
      n++
    }
    ctx.engine.dirty += n
    return integer(n)
  },
})

function pendingEntry(nack: Nack, now: number): Reply {
  const idle = now - nack.time
  return array([bulk(`${nack.ms}-${nack.seq}`), bulk(nack.consumer.name), integer(idle > 0 ? idle : 0), integer(nack.deliveries)])
}

export const xpendingCommand = defineCommand({
  name: 'xpending',
  group: 'stream',
  since: '5.0.0',
  summary: "Returns a summary of a consumer group's pending entries, or the entries themselves in an ID range.",
  complexity: 'O(N) with N the number of entries returned; O(M) scanned with IDLE.',
  arity: -3,
  flags: ['readonly'],
  acl: ['stream'],
  keySpecs: [ks.one(['RO', 'access'])],
  tips: ['nondeterministic_output'],
  options: ['IDLE'],
  run: (ctx, args) => {
    const [key, name] = args as [string, string]
    const argc = args.length + 1
    if (argc !== 3 && (argc < 6 || argc > 9)) throw syntaxError()
    let minIdle = 0
    let count = 0
    let start: StreamId = MIN_ID
    let end: StreamId = MAX_ID
    let consumerName: string | null = null
    if (argc >= 6) {
      let at = 2
      if (is(args[2] as string, 'idle')) {
        minIdle = parseInteger(args[3] as string)
        if (argc < 8) throw syntaxError()
        at += 2
      }
      count = parseInteger(args[at + 2] as string)
      if (count < 0) count = 0
      start = parseRangeStart(args[at] as string)
      end = parseRangeEnd(args[at + 1] as string)
      if (at + 3 < args.length) consumerName = args[at + 3] as string
    }
    const s = readTyped<Stream>(ctx.db, key, 'stream')
    const g = s?.group(name)
    if (g === undefined) throw new CommandError(StreamErr.noGroup(key, name))
    if (argc === 3) {
      const first = g.pel.first()
      const last = g.pel.last()
      if (first === undefined || last === undefined) return array([ZERO, NULL_BULK, NULL_BULK, NULL_ARRAY])
      const owners: Reply[] = []
      for (const c of g.sortedConsumers()) if (c.pel.size !== 0) owners.push(array([bulk(c.name), bulk(String(c.pel.size))]))
      return array([integer(g.pel.size), bulk(`${first.ms}-${first.seq}`), bulk(`${last.ms}-${last.seq}`), array(owners)])
    }
    let pel = g.pel
    if (consumerName !== null) {
      const c = g.consumer(consumerName)
      if (c === undefined) return EMPTY_ARRAY
      pel = c.pel
    }
    const now = ctx.now()
    const out: Reply[] = []
    if (count === 0) return EMPTY_ARRAY
    for (const nack of pel.from(start.ms, start.seq)) {
      if (cmpId(nack, end) > 0) break
      if (minIdle !== 0 && now - nack.time < minIdle) continue
      out.push(pendingEntry(nack, now))
      if (out.length === count) break
    }
    return array(out)
  },
})
