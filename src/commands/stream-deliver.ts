/**
 * Consumer-group deliveries shared by XREADGROUP, XCLAIM and XAUTOCLAIM, and the
 * commands that log their effects. The log replays to the same group state:
 * each delivery or claim as `XCLAIM ... FORCE JUSTID` with its time and count
 * (as Redis propagates it), a new consumer as `XGROUP CREATECONSUMER`, and a
 * moved group position as `XGROUP SETID ... ENTRIESREAD` (Redis logs the last
 * two only in some cases; here always, so a replay keeps the counters).
 */
import type { Db } from '../core/keyspace.js'
import { NOTIFY_STREAM } from '../core/notify.js'
import { cmpId, formatId, MAX_ID, type StreamId } from '../core/stream-id.js'
import type { Consumer, Nack, StreamGroup } from '../core/values/stream-group.js'
import type { Stream } from '../core/values/stream.js'
import type { Reply } from '../resp/types.js'
import type { CommandContext } from './context.js'
import { deletedEntryReply, entryReply } from './stream-args.js'

/** Commands to log, in order. */
export type EffectLog = string[][]

/** A consumer by name, created (and announced) when missing; its seen-time becomes now. */
export function consumerFor(ctx: CommandContext, db: Db, key: string, g: StreamGroup, name: string, log: EffectLog): Consumer {
  let c = g.consumer(name)
  if (c === undefined) {
    c = g.createConsumer(name, ctx.now())
    ctx.notify(NOTIFY_STREAM, 'xgroup-createconsumer', db, key)
    log.push(['XGROUP', 'CREATECONSUMER', key, g.name, name])
  } else c.seenTime = ctx.now()
  return c
}

/** The log form of a pending entry's state: an XCLAIM that recreates it. */
export function claimLog(key: string, g: StreamGroup, nack: Nack): string[] {
  return [
    'XCLAIM',
    key,
    g.name,
    nack.consumer.name,
    '0',
    `${nack.ms}-${nack.seq}`,
    'TIME',
    String(nack.time),
    'RETRYCOUNT',
    String(nack.deliveries),
    'FORCE',
    'JUSTID',
    'LASTID',
    formatId(g.lastId),
  ]
}

/** The log form of a group's position. */
export function setidLog(key: string, g: StreamGroup): string[] {
  return ['XGROUP', 'SETID', key, g.name, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]
}

/** Propagates the collected log (or nothing), and counts the change. */
export function flushLog(ctx: CommandContext, log: EffectLog): void {
  if (log.length === 0) {
    ctx.propagateNothing()
    return
  }
  ctx.engine.dirty++
  for (const argv of log) ctx.propagate(argv)
}

/**
 * Delivers entries after `start` to a consumer (XREADGROUP with `>`): the group
 * moves past each one, and unless `noack` each becomes pending for the consumer.
 */
export function deliverNew(
  ctx: CommandContext,
  s: Stream,
  key: string,
  g: StreamGroup,
  consumer: Consumer,
  start: StreamId,
  count: number,
  noack: boolean,
  log: EffectLog,
): Reply[] {
  const out: Reply[] = []
  const now = ctx.now()
  const before = g.lastId
  s.range(start, MAX_ID, false, (node, i) => {
    const id = node.id(i)
    if (cmpId(id, g.lastId) > 0) s.advanceGroup(g, id)
    if (!noack) {
      // a pending entry read again after XGROUP SETID moves here, its count reset
      const nack = g.assign(g.pel.find(id.ms, id.seq), id, consumer, now, 1)
      log.push(claimLog(key, g, nack))
    }
    out.push(entryReply(node, i))
    return out.length !== count
  })
  if (cmpId(before, g.lastId) !== 0) log.push(setidLog(key, g))
  return out
}

/**
 * Re-delivers a consumer's pending entries after `start` (XREADGROUP with an
 * ID): each live one counts as delivered again; a deleted one is reported as
 * [id, nil] and left as it is.
 */
export function deliverHistory(ctx: CommandContext, s: Stream, key: string, g: StreamGroup, consumer: Consumer, start: StreamId, count: number, log: EffectLog): Reply[] {
  const picked: Nack[] = []
  for (const nack of consumer.pel.from(start.ms, start.seq)) {
    picked.push(nack)
    if (picked.length === count) break
  }
  const now = ctx.now()
  const out: Reply[] = []
  for (const nack of picked) {
    const at = s.locate(nack)
    if (at === null) {
      out.push(deletedEntryReply(nack))
      continue
    }
    nack.time = now
    nack.deliveries++
    log.push(claimLog(key, g, nack))
    out.push(entryReply(at[0], at[1]))
  }
  return out
}
