// https://redis.io/commands/xclaim/ and https://redis.io/commands/xautoclaim/
import { cmpId, formatId, parseStreamId, type StreamId } from '../core/stream-id.js'
import type { Consumer, Nack, StreamGroup } from '../core/values/stream-group.js'
import type { Stream } from '../core/values/stream.js'
import { CommandError, StreamErr } from '../errors.js'
import { array, bulk, type Reply } from '../resp/types.js'
import { is, parseBigInteger, parseInteger, readTyped, syntaxError } from './args.js'
import { defineCommand, ks } from './define.js'
import { entryReply, idReply, parseId, parseRangeStart } from './stream-args.js'
import { claimLog, consumerFor, flushLog, setidLog, type EffectLog } from './stream-deliver.js'

/** The stream and group of a claim, or NOGROUP. */
function claimTarget(key: string, group: string, s: Stream | undefined): [Stream, StreamGroup] {
  const g = s?.group(group)
  if (s === undefined || g === undefined) throw new CommandError(StreamErr.noGroup(key, group))
  return [s, g]
}

/** The claimed entry as replied: its ID, or the whole entry. */
function claimedReply(s: Stream, id: StreamId, justid: boolean): Reply {
  if (justid) return idReply(id)
  const at = s.locate(id) as NonNullable<ReturnType<Stream['locate']>>
  return entryReply(at[0], at[1])
}

/** Drops a pending entry whose stream entry was deleted; logged as the XCLAIM that does the same on replay. */
function dropDeleted(key: string, g: StreamGroup, nack: Nack, log: EffectLog): void {
  log.push(claimLog(key, g, nack))
  g.ack(nack)
}

export const xclaimCommand = defineCommand({
  name: 'xclaim',
  group: 'stream',
  since: '5.0.0',
  summary: 'Transfers pending entries idle long enough to another consumer of the group.',
  complexity: 'O(log N) per ID.',
  arity: -6,
  flags: ['write', 'fast'],
  acl: ['stream'],
  keySpecs: [ks.one(['RW', 'update'])],
  tips: ['nondeterministic_output'],
  options: ['IDLE', 'TIME', 'RETRYCOUNT', 'FORCE', 'JUSTID', 'LASTID'],
  run: (ctx, args) => {
    const [key, groupName, consumerName] = args as [string, string, string]
    const db = ctx.db
    const [s, g] = claimTarget(key, groupName, readTyped<Stream>(db, key, 'stream'))
    let minIdle = parseInteger(args[3] as string, StreamErr.claimMinIdle)
    if (minIdle < 0) minIdle = 0
    let j = 4
    while (j < args.length && parseStreamId(args[j] as string, true, 0) !== null) j++
    const idsEnd = j
    const now = ctx.now()
    let time = -1
    let retryCount = -1
    let force = false
    let justid = false
    let lastId: StreamId | null = null
    for (; j < args.length; j++) {
      const opt = args[j] as string
      const more = j + 1 < args.length
      if (is(opt, 'force')) force = true
      else if (is(opt, 'justid')) justid = true
      else if (is(opt, 'idle') && more) time = now - parseInteger(args[++j] as string, StreamErr.claimIdle)
      else if (is(opt, 'time') && more) time = parseInteger(args[++j] as string, StreamErr.claimTime)
      else if (is(opt, 'retrycount') && more) retryCount = parseInteger(args[++j] as string, StreamErr.claimRetryCount)
      else if (is(opt, 'lastid') && more) lastId = parseId(args[++j] as string)
      else throw new CommandError(StreamErr.unknownClaimOption(opt))
    }
    const log: EffectLog = []
    let moved = false
    if (lastId !== null && cmpId(lastId, g.lastId) > 0) {
      g.lastId = lastId
      moved = true
    }
    // a bogus delivery time (negative, or in the future) becomes now
    if (time < 0 || time > now) time = now
    let consumer: Consumer | null = null
    const out: Reply[] = []
    for (let k = 4; k < idsEnd; k++) {
      const id = parseId(args[k] as string)
      let nack = g.pel.find(id.ms, id.seq)
      let deliveries: number
      if (nack === undefined) {
        // FORCE creates the pending entry, but only for an entry the stream has
        if (!force || !s.has(id)) continue
        deliveries = 1
      } else {
        if (!s.has(id)) {
          dropDeleted(key, g, nack, log)
          continue
        }
        if (minIdle !== 0 && now - nack.time < minIdle) continue
        deliveries = nack.deliveries
      }
      if (retryCount >= 0) deliveries = retryCount
      else if (!justid) deliveries++
      consumer ??= consumerFor(ctx, db, key, g, consumerName, log)
      nack = g.assign(nack, id, consumer, time, deliveries)
      log.push(claimLog(key, g, nack))
      out.push(claimedReply(s, id, justid))
    }
    if (moved) log.push(setidLog(key, g))
    flushLog(ctx, log)
    return array(out)
  },
})

/** COUNT beyond this cannot be allocated by Redis (count × 16 bytes of transient memory). */
const COUNT_ALLOCATABLE = 8796093022208n

export const xautoclaimCommand = defineCommand({
  name: 'xautoclaim',
  group: 'stream',
  since: '6.2.0',
  summary: 'Transfers pending entries idle long enough to another consumer, scanning the group from an ID.',
  complexity: 'O(1) with a small COUNT.',
  arity: -6,
  flags: ['write', 'fast'],
  acl: ['stream'],
  keySpecs: [ks.one(['RW', 'delete'])],
  tips: ['nondeterministic_output'],
  options: ['COUNT', 'JUSTID'],
  run: (ctx, args) => {
    const [key, groupName, consumerName] = args as [string, string, string]
    const db = ctx.db
    let minIdle = parseInteger(args[3] as string, StreamErr.autoclaimMinIdle)
    if (minIdle < 0) minIdle = 0
    const start = parseRangeStart(args[4] as string)
    let count = 100
    let justid = false
    for (let j = 5; j < args.length; j++) {
      const opt = args[j] as string
      if (is(opt, 'count') && j + 1 < args.length) {
        // Redis refuses what count × max(16, 10) would overflow, then what it fails to allocate
        const v = parseBigInteger(args[++j] as string, StreamErr.countPositive)
        if (v < 1n || v > 576460752303423487n) throw new CommandError(StreamErr.countPositive)
        if (v > COUNT_ALLOCATABLE) throw new CommandError(StreamErr.countTooHigh)
        count = Number(v)
      } else if (is(opt, 'justid')) justid = true
      else throw syntaxError()
    }
    const [s, g] = claimTarget(key, groupName, readTyped<Stream>(db, key, 'stream'))
    const now = ctx.now()
    // decide first (the scan must not see its own moves), then act
    const claims: Nack[] = []
    const deleted: Nack[] = []
    let attempts = count * 10
    let left = count
    const it = g.pel.from(start.ms, start.seq)
    let next: Nack | undefined
    for (;;) {
      if (attempts-- === 0 || left === 0) {
        next = it.next().value
        break
      }
      const r = it.next()
      if (r.done) break
      const nack = r.value
      if (!s.has(nack)) {
        deleted.push(nack)
        left--
      } else if (minIdle === 0 || now - nack.time >= minIdle) {
        claims.push(nack)
        left--
      }
    }
    const log: EffectLog = []
    const out: Reply[] = []
    let consumer: Consumer | null = null
    for (const nack of claims) {
      consumer ??= consumerFor(ctx, db, key, g, consumerName, log)
      g.assign(nack, nack, consumer, now, justid ? nack.deliveries : nack.deliveries + 1)
      log.push(claimLog(key, g, nack))
      out.push(claimedReply(s, nack, justid))
    }
    const gone: Reply[] = []
    for (const nack of deleted) {
      dropDeleted(key, g, nack, log)
      gone.push(bulk(`${nack.ms}-${nack.seq}`))
    }
    flushLog(ctx, log)
    return array([bulk(next === undefined ? '0-0' : formatId(next)), array(out), array(gone)])
  },
})
