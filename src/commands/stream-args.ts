/** Shared argument parsing and reply shapes of the stream commands. */
import type { Db } from '../core/keyspace.js'
import { decrId, formatId, incrId, parseStreamId, U64_MAX, type ParsedId, type StreamId, type U64 } from '../core/stream-id.js'
import type { StreamNode } from '../core/values/stream-node.js'
import { Stream, type NodeLimits, type TrimSpec } from '../core/values/stream.js'
import { CommandError, Err, StreamErr } from '../errors.js'
import { array, bulk, bulks, NULL_ARRAY, type Reply } from '../resp/types.js'
import { is, parseInteger, readTyped, syntaxError, writeTyped } from './args.js'
import type { CommandContext } from './context.js'

export function readStream(db: Db, key: string): Stream | undefined {
  return readTyped<Stream>(db, key, 'stream')
}

export function writeStream(db: Db, key: string): Stream | undefined {
  return writeTyped<Stream>(db, key, 'stream')
}

/** A strict ID (`-` and `+` refused); a missing sequence part is `missingSeq`. */
export function parseId(arg: string, missingSeq: U64 = 0): StreamId {
  const p = parseStreamId(arg, true, missingSeq)
  if (p === null) throw new CommandError(StreamErr.invalidId)
  return p.id
}

/** An ID where `-` and `+` mean the smallest and the largest. */
export function parseIdOrEdge(arg: string, missingSeq: U64 = 0): StreamId {
  const p = parseStreamId(arg, false, missingSeq)
  if (p === null) throw new CommandError(StreamErr.invalidId)
  return p.id
}

/** A range start: `(id` excludes the ID (streamParseIntervalIDOrReply + streamIncrID). */
export function parseRangeStart(arg: string): StreamId {
  if (arg.length > 1 && arg.charCodeAt(0) === 40 /* ( */) {
    const next = incrId(parseId(arg.slice(1), 0))
    if (next === null) throw new CommandError(StreamErr.invalidStart)
    return next
  }
  return parseIdOrEdge(arg, 0)
}

/** A range end: `(id` excludes the ID; a missing sequence part is the largest. */
export function parseRangeEnd(arg: string): StreamId {
  if (arg.length > 1 && arg.charCodeAt(0) === 40) {
    const prev = decrId(parseId(arg.slice(1), U64_MAX))
    if (prev === null) throw new CommandError(StreamErr.invalidEnd)
    return prev
  }
  return parseIdOrEdge(arg, U64_MAX)
}

export function idReply(id: StreamId): Reply {
  return bulk(formatId(id))
}

/** One entry as XRANGE replies it: [id, [field, value, ...]]. */
export function entryReply(node: StreamNode, i: number): Reply {
  return array([bulk(`${node.ms[i] as U64}-${node.seq[i] as U64}`), bulks(node.fieldValues(i))])
}

/** [id, nil]: a pending entry that was deleted from the stream. */
export function deletedEntryReply(id: StreamId): Reply {
  return array([idReply(id), NULL_ARRAY])
}

/** The macro node limits from the config. */
export function nodeLimits(ctx: CommandContext): NodeLimits {
  const c = ctx.engine.config
  return { maxBytes: c.getInt('stream-node-max-bytes'), maxEntries: c.getInt('stream-node-max-entries') }
}

/** What XADD and XTRIM read from their options. */
export interface AddTrimArgs {
  trim: TrimSpec | null
  /** Index (in args) of the `~` argument, or -1. */
  approxAt: number
  /** Index of the MAXLEN/MINID value. */
  valueAt: number
  /** Index of the LIMIT keyword, or -1. */
  limitAt: number
  /** XADD: index of the ID argument. */
  idAt: number
  /** XADD: the parsed ID, or null for `*`. */
  id: ParsedId | null
  nomkstream: boolean
}

/**
 * Parses `[NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] id|*` (XADD)
 * or the trimming options alone (XTRIM), with Redis's checks in Redis's order.
 */
export function parseAddTrim(ctx: CommandContext, args: readonly string[], xadd: boolean): AddTrimArgs {
  let strategy: TrimSpec['strategy'] | null = null
  let approx = false
  let maxlen = 0
  let minid: StreamId = { ms: 0, seq: 0 }
  let limit = 0
  let limitGiven = false
  const out: AddTrimArgs = { trim: null, approxAt: -1, valueAt: -1, limitAt: -1, idAt: args.length, id: null, nomkstream: false }
  let i = 1
  for (; i < args.length; i++) {
    const more = args.length - 1 - i
    const opt = args[i] as string
    if (xadd && opt === '*') break
    if ((is(opt, 'maxlen') || is(opt, 'minid')) && more >= 1) {
      if (strategy !== null) throw new CommandError(StreamErr.maxlenAndMinid)
      const next = args[i + 1] as string
      if (more >= 2 && next === '~') {
        approx = true
        out.approxAt = i + 1
        i++
      } else if (more >= 2 && next === '=') i++
      const value = args[i + 1] as string
      if (is(opt, 'maxlen')) {
        maxlen = parseInteger(value)
        if (maxlen < 0) throw new CommandError(StreamErr.maxlenNegative)
        strategy = 'maxlen'
      } else {
        minid = parseId(value)
        strategy = 'minid'
      }
      i++
      out.valueAt = i
    } else if (is(opt, 'limit') && more >= 1) {
      limit = parseInteger(args[i + 1] as string)
      if (limit < 0) throw new CommandError(StreamErr.limitNegative)
      limitGiven = true
      out.limitAt = i
      i++
    } else if (xadd && is(opt, 'nomkstream')) out.nomkstream = true
    else if (xadd) {
      const p = parseStreamId(opt, true, 0, true)
      if (p === null) throw new CommandError(StreamErr.invalidId)
      out.id = p
      break
    } else throw syntaxError()
  }
  out.idAt = i
  if (limitGiven && strategy === null) throw new CommandError(StreamErr.limitWithoutStrategy)
  if (limitGiven && !approx) throw new CommandError(StreamErr.limitWithoutApprox)
  if (strategy !== null) {
    if (approx && !limitGiven) {
      const perNode = ctx.engine.config.getInt('stream-node-max-entries')
      limit = perNode !== 0 ? perNode * 100 : 10000
    }
    out.trim = { strategy, maxlen, minid, approx, limit: approx ? limit : 0 }
  } else if (!xadd) throw syntaxError()
  return out
}

/**
 * The log form of an approximate trim: what it left, as an exact trim (Redis
 * rewrites `~` to `=` and the threshold to the resulting length or first ID;
 * LIMIT is dropped here, since an exact trim refuses it).
 */
export function exactTrimLog(argv: readonly string[], p: AddTrimArgs, s: Stream): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = i - 1
    if (p.limitAt >= 0 && (a === p.limitAt || a === p.limitAt + 1)) continue
    if (a === p.approxAt) out.push('=')
    else if (a === p.valueAt) out.push(p.trim?.strategy === 'maxlen' ? String(s.length) : formatId(s.firstId))
    else out.push(argv[i] as string)
  }
  return out
}

/** A BLOCK argument in ms as an absolute deadline (0: forever); -1 when absent. */
export function parseBlockMs(arg: string, now: number): number {
  const ms = parseInteger(arg, StreamErr.timeoutNotInteger)
  if (ms < 0) throw new CommandError(Err.timeoutNegative)
  return ms === 0 ? 0 : now + ms
}
