// https://redis.io/commands/xread/ and https://redis.io/commands/xreadgroup/
import { cmpId, formatId, incrId, MAX_ID, MIN_ID, type StreamId } from '../core/stream-id.js'
import type { StreamGroup } from '../core/values/stream-group.js'
import type { Stream } from '../core/values/stream.js'
import { CommandError, StreamErr } from '../errors.js'
import { array, bulk, error, map, NULL_ARRAY, type Reply } from '../resp/types.js'
import { is, parseInteger, syntaxError, wrongType } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, type KeySpec } from './define.js'
import { entryReply, parseBlockMs, parseId } from './stream-args.js'
import { consumerFor, deliverHistory, deliverNew, flushLog, type EffectLog } from './stream-deliver.js'

/** A served client blocked without COUNT gets at most this many entries per stream (XREAD_BLOCKED_DEFAULT_COUNT). */
const BLOCKED_DEFAULT_COUNT = 1000

interface ReadArgs {
  count: number
  /** Absolute deadline in ms, 0 for forever, -1 without BLOCK. */
  deadline: number
  streamsAt: number
  streams: number
  group: string | null
  consumer: string
  noack: boolean
}

function parseRead(ctx: CommandContext, args: readonly string[], xreadgroup: boolean): ReadArgs {
  const r: ReadArgs = { count: 0, deadline: -1, streamsAt: -1, streams: 0, group: null, consumer: '', noack: false }
  for (let i = 0; i < args.length; i++) {
    const more = args.length - 1 - i
    const opt = args[i] as string
    if (is(opt, 'block') && more >= 1) r.deadline = parseBlockMs(args[++i] as string, ctx.now())
    else if (is(opt, 'count') && more >= 1) {
      r.count = parseInteger(args[++i] as string)
      if (r.count < 0) r.count = 0
    } else if (is(opt, 'streams') && more >= 1) {
      r.streamsAt = i + 1
      const n = args.length - r.streamsAt
      if (n % 2 !== 0) throw new CommandError(StreamErr.unbalanced)
      r.streams = n / 2
      break
    } else if (is(opt, 'group') && more >= 2) {
      if (!xreadgroup) throw new CommandError(StreamErr.groupWithoutGroup)
      r.group = args[i + 1] as string
      r.consumer = args[i + 2] as string
      i += 2
    } else if (is(opt, 'noack')) {
      if (!xreadgroup) throw new CommandError(StreamErr.noackWithoutGroup)
      r.noack = true
    } else throw syntaxError()
  }
  if (r.streamsAt < 0) throw syntaxError()
  if (xreadgroup && r.group === null) throw new CommandError(StreamErr.missingGroup)
  return r
}

/** The keyed reply: [[key, entries]...] in RESP2, a map in RESP3. */
function keyedReply(ctx: CommandContext, items: [string, Reply[]][]): Reply {
  if (ctx.proto === 3) return map(items.flatMap(([k, v]) => [bulk(k), array(v)]))
  return array(items.map(([k, v]) => array([bulk(k), array(v)])))
}

/** The stream at `key` for reading: undefined when absent, WRONGTYPE for another type. */
function lookup(ctx: CommandContext, key: string): Stream | undefined {
  const v = ctx.db.read(key)
  if (v === undefined) return undefined
  if (typeof v === 'string' || v.type !== 'stream') throw wrongType()
  return v as Stream
}

function xreadGeneric(ctx: CommandContext, args: readonly string[], xreadgroup: boolean): Reply | undefined {
  const r = parseRead(ctx, args, xreadgroup)
  if (ctx.retrying) return xreadgroup ? serveBlockedGroup(ctx, args, r) : serveBlockedRead(ctx, args, r)
  const keys = args.slice(r.streamsAt, r.streamsAt + r.streams)
  // the ID each stream must exceed; null for XREADGROUP's ">"
  const after: (StreamId | null)[] = []
  const groups: StreamGroup[] = []
  for (let i = 0; i < r.streams; i++) {
    const key = keys[i] as string
    const idArg = args[r.streamsAt + r.streams + i] as string
    const s = lookup(ctx, key)
    if (r.group !== null) {
      const g = s?.group(r.group)
      if (g === undefined) throw new CommandError(StreamErr.noGroupRead(key, r.group))
      groups.push(g)
    }
    if (idArg === '$') {
      if (xreadgroup) throw new CommandError(StreamErr.dollarInGroup)
      after.push(s?.lastId ?? MIN_ID)
    } else if (idArg === '>') {
      if (!xreadgroup) throw new CommandError(StreamErr.greaterOnlyInGroup)
      after.push(null)
    } else {
      const id = parseId(idArg)
      // Redis marks ">" with the largest ID, so that ID means ">" too
      after.push(xreadgroup && cmpId(id, MAX_ID) === 0 ? null : id)
    }
  }
  const db = ctx.db
  const served: [string, Reply[]][] = []
  const log: EffectLog = []
  for (let i = 0; i < r.streams; i++) {
    const key = keys[i] as string
    const s = db.read(key) as Stream | undefined
    if (s === undefined) continue
    const gt = after[i] as StreamId | null
    if (r.group !== null) {
      const g = groups[i] as StreamGroup
      if (gt !== null) {
        const c = consumerFor(ctx, db, key, g, r.consumer, log)
        served.push([key, deliverHistory(ctx, s, key, g, c, incrId(gt) as StreamId, r.count, log)])
      } else if (s.length !== 0 && cmpId(s.lastValidId(), g.lastId) > 0) {
        const c = consumerFor(ctx, db, key, g, r.consumer, log)
        served.push([key, deliverNew(ctx, s, key, g, c, incrId(g.lastId) as StreamId, r.count, r.noack, log)])
      }
    } else if (gt !== null && s.length !== 0 && cmpId(s.lastValidId(), gt) > 0) {
      served.push([key, readAfter(s, gt, r.count)])
    }
  }
  if (xreadgroup) flushLog(ctx, log)
  if (served.length !== 0) return keyedReply(ctx, served)
  if (r.deadline < 0) return NULL_ARRAY
  // the retry reads after the IDs resolved now ("$" is the last ID at block time)
  let retry: readonly string[] = ctx.argv
  if (!xreadgroup) {
    const base = ctx.argv.length - r.streams
    retry = ctx.argv.map((a, j) => (j >= base ? formatId(after[j - base] as StreamId) : a))
  }
  return ctx.block(keys, r.deadline, NULL_ARRAY, retry)
}

function readAfter(s: Stream, gt: StreamId, count: number): Reply[] {
  const out: Reply[] = []
  const start = incrId(gt)
  if (start === null) return out
  s.range(start, MAX_ID, false, (node, i) => {
    out.push(entryReply(node, i))
    return out.length !== count
  })
  return out
}

/**
 * A blocked XREAD whose key became ready: Redis serves it from that key alone,
 * once the stream's last ID passes the one it waits after.
 */
function serveBlockedRead(ctx: CommandContext, args: readonly string[], r: ReadArgs): Reply | undefined {
  const count = r.count === 0 ? BLOCKED_DEFAULT_COUNT : r.count
  for (let i = 0; i < r.streams; i++) {
    const key = args[r.streamsAt + i] as string
    if (key !== ctx.readyKey) continue
    const v = ctx.db.get(key)
    if (v === undefined || typeof v === 'string' || v.type !== 'stream') break
    const s = v as Stream
    const gt = parseId(args[r.streamsAt + r.streams + i] as string)
    if (cmpId(s.lastId, gt) <= 0) break
    return keyedReply(ctx, [[key, readAfter(s, gt, count)]])
  }
  return ctx.block([], 0)
}

/**
 * A blocked XREADGROUP whose key became ready (or was deleted, or lost its
 * group): served from that key with entries after the group's last ID.
 */
function serveBlockedGroup(ctx: CommandContext, args: readonly string[], r: ReadArgs): Reply | undefined {
  const count = r.count === 0 ? BLOCKED_DEFAULT_COUNT : r.count
  const db = ctx.db
  for (let i = 0; i < r.streams; i++) {
    const key = args[r.streamsAt + i] as string
    if (key !== ctx.readyKey) continue
    const v = db.get(key)
    if (v === undefined || typeof v === 'string' || v.type !== 'stream') return error(StreamErr.keyGone)
    const s = v as Stream
    const g = s.group(r.group as string)
    if (g === undefined) return error(StreamErr.groupGone)
    if (cmpId(s.lastId, g.lastId) <= 0) break
    const log: EffectLog = []
    const c = consumerFor(ctx, db, key, g, r.consumer, log)
    const entries = deliverNew(ctx, s, key, g, c, incrId(g.lastId) as StreamId, count, r.noack, log)
    flushLog(ctx, log)
    return keyedReply(ctx, [[key, entries]])
  }
  return ctx.block([], 0)
}

const STREAMS_KEYS = (startfrom: number, flags: KeySpec['flags']): KeySpec[] => [
  { flags, begin: { keyword: 'STREAMS', startfrom }, find: { range: [-1, 1, 2] } },
]

export const xreadCommand = defineCommand({
  name: 'xread',
  group: 'stream',
  since: '5.0.0',
  summary: 'Returns entries after the given IDs from one or more streams, optionally blocking until some arrive.',
  complexity: 'O(N) per stream with N the number of entries returned.',
  arity: -4,
  flags: ['readonly', 'blocking'],
  acl: ['stream'],
  keySpecs: STREAMS_KEYS(1, ['RO', 'access']),
  options: ['COUNT', 'BLOCK', 'STREAMS'],
  run: (ctx, args) => xreadGeneric(ctx, args, false),
})

export const xreadgroupCommand = defineCommand({
  name: 'xreadgroup',
  group: 'stream',
  since: '5.0.0',
  summary: "Reads entries for a consumer of a group: new ones with '>', or its pending ones; can block.",
  complexity: 'O(M) per stream with M the number of entries returned.',
  arity: -7,
  flags: ['write', 'blocking'],
  acl: ['stream'],
  keySpecs: STREAMS_KEYS(4, ['RO', 'access']),
  options: ['GROUP', 'COUNT', 'BLOCK', 'NOACK', 'STREAMS'],
  run: (ctx, args) => xreadGeneric(ctx, args, true),
})
