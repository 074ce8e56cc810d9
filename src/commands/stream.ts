// https://redis.io/commands/?group=stream
import { NOTIFY_STREAM } from '../core/notify.js'
import { cmpId, formatId, incrId, isZeroId, MIN_ID, u64, U64_MAX, type StreamId, type U64 } from '../core/stream-id.js'
import { Stream, STREAM_LISTPACK_MAX_SIZE } from '../core/values/stream.js'
import { CommandError, Err, StreamErr, wrongArity } from '../errors.js'
import { array, bulk, EMPTY_ARRAY, integer, NULL_ARRAY, NULL_BULK, OK, ZERO, type Reply } from '../resp/types.js'
import { is, parseBigInteger, parseInteger, syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { entryReply, exactTrimLog, nodeLimits, parseAddTrim, parseId, parseRangeEnd, parseRangeStart, readStream, writeStream } from './stream-args.js'
import { xautoclaimCommand, xclaimCommand } from './stream-claim.js'
import { xackCommand, xgroupCommand, xpendingCommand } from './stream-group.js'
import { xinfoCommand } from './stream-info.js'
import { xreadCommand, xreadgroupCommand } from './stream-read.js'

/** The ID an XADD gets: `*`, `<ms>-*` or explicit, checked against the last ID. */
function nextId(ctx: CommandContext, last: StreamId, given: { id: StreamId; seqGiven: boolean } | null): StreamId {
  if (given === null) {
    const now = ctx.now()
    return now > last.ms ? { ms: now, seq: 0 } : (incrId(last) as StreamId)
  }
  const id = given.id
  if (!given.seqGiven) {
    if (id.ms === last.ms) {
      // Redis 7.0 reports a sequence overflow of <ms>-* this way
      if (last.seq === U64_MAX) throw new CommandError(StreamErr.tooLarge)
      return incrId(last) as StreamId
    }
    if (id.ms > last.ms) return id
    throw new CommandError(StreamErr.xaddSmaller)
  }
  if (cmpId(id, last) <= 0) throw new CommandError(StreamErr.xaddSmaller)
  return id
}

export const xaddCommand = defineCommand({
  name: 'xadd',
  group: 'stream',
  since: '5.0.0',
  summary: 'Appends an entry to a stream, creating the stream when needed.',
  complexity: 'O(1) to add, O(N) to trim N entries.',
  arity: -5,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['stream'],
  keySpecs: [{ flags: ['RW', 'update'], begin: { index: 1 }, find: { range: [0, 1, 0] }, notes: 'UPDATE instead of INSERT because of the optional trimming feature' }],
  tips: ['nondeterministic_output'],
  options: ['NOMKSTREAM', 'MAXLEN', 'MINID', 'LIMIT'],
  run: (ctx, args) => {
    const key = args[0] as string
    const p = parseAddTrim(ctx, args, true)
    const nfv = args.length - p.idAt - 1
    if (nfv <= 0 || nfv % 2 !== 0) throw new CommandError(wrongArity('xadd'))
    if (p.id !== null && p.id.seqGiven && isZeroId(p.id.id)) throw new CommandError(StreamErr.xaddZero)
    const db = ctx.db
    let s = writeStream(db, key)
    if (s === undefined && p.nomkstream) return NULL_BULK
    const fv = args.slice(p.idAt + 1)
    let bytes = 0
    for (const x of fv) bytes += x.length
    if (bytes > STREAM_LISTPACK_MAX_SIZE) throw new CommandError(StreamErr.tooLarge)
    const last = s?.lastId ?? MIN_ID
    if (last.ms === U64_MAX && last.seq === U64_MAX) throw new CommandError(StreamErr.exhausted)
    const id = nextId(ctx, last, p.id)
    if (s === undefined) {
      s = new Stream()
      db.set(key, s)
    }
    s.append(id, fv, nodeLimits(ctx))
    ctx.wrote(db, key, NOTIFY_STREAM, 'xadd')
    ctx.ready(db, key)
    let log: string[] = [...ctx.argv]
    log[p.idAt + 1] = formatId(id)
    if (p.trim !== null) {
      if (s.trim(p.trim) !== 0) ctx.notify(NOTIFY_STREAM, 'xtrim', db, key)
      if (p.trim.approx) log = exactTrimLog(log, p, s)
    }
    ctx.propagate(log)
    return bulk(formatId(id))
  },
})

function rangeGeneric(ctx: CommandContext, args: readonly string[], rev: boolean): Reply {
  const key = args[0] as string
  const start = parseRangeStart(args[rev ? 2 : 1] as string)
  const end = parseRangeEnd(args[rev ? 1 : 2] as string)
  let count = -1
  for (let i = 3; i < args.length; i++) {
    if (is(args[i] as string, 'count') && i + 1 < args.length) {
      count = parseInteger(args[++i] as string)
      if (count < 0) count = 0
    } else throw syntaxError()
  }
  const s = readStream(ctx.db, key)
  if (s === undefined) return EMPTY_ARRAY
  if (count === 0) return NULL_ARRAY
  const out: Reply[] = []
  s.range(start, end, rev, (node, i) => {
    out.push(entryReply(node, i))
    return out.length !== count
  })
  return array(out)
}

/** What XRANGE and XREVRANGE share: they differ only in direction. */
const RANGE_BASE = {
  group: 'stream',
  since: '5.0.0',
  complexity: 'O(N) with N the number of entries returned.',
  arity: -4,
  flags: ['readonly'],
  acl: ['stream'],
  keySpecs: [ks.one(['RO', 'access'])],
  options: ['COUNT'],
} as const

export const xrangeCommand = defineCommand({
  ...RANGE_BASE,
  name: 'xrange',
  summary: 'Returns the entries of a stream within a range of IDs.',
  run: (ctx, args) => rangeGeneric(ctx, args, false),
})

export const xrevrangeCommand = defineCommand({
  ...RANGE_BASE,
  name: 'xrevrange',
  summary: 'Returns the entries of a stream within a range of IDs, newest first.',
  run: (ctx, args) => rangeGeneric(ctx, args, true),
})

export const xlenCommand = defineCommand({
  name: 'xlen',
  group: 'stream',
  since: '5.0.0',
  summary: 'Returns the number of entries in a stream.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['stream'],
  keySpecs: [ks.one(['RO'])],
  run: (ctx, [key]) => integer(readStream(ctx.db, key as string)?.length ?? 0),
})

export const xdelCommand = defineCommand({
  name: 'xdel',
  group: 'stream',
  since: '5.0.0',
  summary: 'Deletes entries from a stream by ID and returns how many existed.',
  complexity: 'O(1) per entry.',
  arity: -3,
  flags: ['write', 'fast'],
  acl: ['stream'],
  keySpecs: [ks.one(['RW', 'delete'])],
  run: (ctx, args) => {
    const key = args[0] as string
    const ids = args.slice(1).map((a) => parseId(a))
    const db = ctx.db
    const s = writeStream(db, key)
    if (s === undefined) return ZERO
    let deleted = 0
    let first = false
    for (const id of ids) {
      if (!s.delete(id)) continue
      if (cmpId(id, s.firstId) === 0) first = true
      if (cmpId(id, s.maxDeletedId) > 0) s.maxDeletedId = id
      deleted++
    }
    if (deleted !== 0) {
      s.deletedSome(first)
      ctx.wrote(db, key, NOTIFY_STREAM, 'xdel')
    }
    return integer(deleted)
  },
})

export const xtrimCommand = defineCommand({
  name: 'xtrim',
  group: 'stream',
  since: '5.0.0',
  summary: 'Removes the oldest entries of a stream, by length or by ID.',
  complexity: 'O(N) with N the number of entries removed.',
  arity: -4,
  flags: ['write'],
  acl: ['stream'],
  keySpecs: [ks.one(['RW', 'delete'])],
  tips: ['nondeterministic_output'],
  options: ['MAXLEN', 'MINID', 'LIMIT'],
  run: (ctx, args) => {
    const key = args[0] as string
    const p = parseAddTrim(ctx, args, false)
    const db = ctx.db
    const s = writeStream(db, key)
    if (s === undefined || p.trim === null) return ZERO
    const removed = s.trim(p.trim)
    if (removed !== 0) {
      ctx.wrote(db, key, NOTIFY_STREAM, 'xtrim')
      if (p.trim.approx) ctx.propagate(exactTrimLog(ctx.argv, p, s))
    }
    return integer(removed)
  },
})

export const xsetidCommand = defineCommand({
  name: 'xsetid',
  group: 'stream',
  since: '5.0.0',
  summary: "Sets a stream's last ID and its counters (used to replicate streams).",
  complexity: 'O(1)',
  arity: -3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['stream'],
  keySpecs: [ks.one(['RW', 'update'])],
  options: ['ENTRIESADDED', 'MAXDELETEDID'],
  run: (ctx, args) => {
    const key = args[0] as string
    const id = parseId(args[1] as string)
    let added: U64 | null = null
    let maxDeleted: StreamId = MIN_ID
    for (let i = 2; i < args.length; i++) {
      const more = i + 1 < args.length
      if (is(args[i] as string, 'entriesadded') && more) {
        const v = parseBigInteger(args[++i] as string)
        if (v < 0n) throw new CommandError(StreamErr.entriesAddedNegative)
        added = u64(v)
      } else if (is(args[i] as string, 'maxdeletedid') && more) {
        maxDeleted = parseId(args[++i] as string)
        if (cmpId(id, maxDeleted) < 0) throw new CommandError(StreamErr.xsetidMaxDeleted)
      } else throw syntaxError()
    }
    const db = ctx.db
    const s = writeStream(db, key)
    if (s === undefined) throw new CommandError(Err.noSuchKey)
    if (s.length > 0 && cmpId(id, s.lastValidId()) < 0) throw new CommandError(StreamErr.xsetidSmaller)
    if (added !== null && s.length > added) throw new CommandError(StreamErr.xsetidEntriesAdded)
    s.lastId = id
    if (added !== null) s.entriesAdded = added
    if (!isZeroId(maxDeleted)) s.maxDeletedId = maxDeleted
    // Redis 7.0 does not signal the key as modified here (a WATCH survives)
    ctx.engine.dirty++
    ctx.notify(NOTIFY_STREAM, 'xsetid', db, key)
    return OK
  },
})

/** The stream group in redis.io order. */
export const streamCommands: readonly CommandSpec[] = [
  xackCommand,
  xaddCommand,
  xautoclaimCommand,
  xclaimCommand,
  xdelCommand,
  xgroupCommand,
  xinfoCommand,
  xlenCommand,
  xpendingCommand,
  xrangeCommand,
  xreadCommand,
  xreadgroupCommand,
  xrevrangeCommand,
  xsetidCommand,
  xtrimCommand,
]
