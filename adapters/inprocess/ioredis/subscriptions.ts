/**
 * Subscriptions of the ioredis client: the set it keeps (its "subscriber
 * condition"), the counts (un)subscribe commands resolve with, and the
 * message events.
 */
import type { Reply } from '../../../src/index.js'
import { decodeText, ReplyError } from '../reply.js'
import { bytesOut } from './bytes.js'
import { convert, SUBSCRIBE, UNSUBSCRIBE, type ConvertOptions } from './convert.js'
import type { EventEmitter } from './emitter.js'

/** Channels, patterns and shard channels a client is subscribed to. */
export class SubscriptionSet {
  readonly subscribe = new Set<string>()
  readonly psubscribe = new Set<string>()
  readonly ssubscribe = new Set<string>()

  private set(kind: string): Set<string> {
    if (kind === 'psubscribe' || kind === 'punsubscribe') return this.psubscribe
    if (kind === 'ssubscribe' || kind === 'sunsubscribe') return this.ssubscribe
    return this.subscribe
  }

  add(kind: string, name: string): void {
    this.set(kind).add(name)
  }

  del(kind: string, name: string): void {
    this.set(kind).delete(name)
  }

  channels(kind: string): string[] {
    return [...this.set(kind)]
  }

  isEmpty(): boolean {
    return this.subscribe.size + this.psubscribe.size + this.ssubscribe.size === 0
  }
}

export interface Condition {
  select: number
  subscriber: SubscriptionSet | false
  protocol: 2 | 3
}

/** An error reply of a command, carrying what was sent, as ioredis's. */
export function commandError(message: string, name: string, argv: readonly string[]): ReplyError {
  const err = new ReplyError(message) as ReplyError & { command?: { name: string; args: string[] } }
  err.command = { name, args: argv.slice(1).map(decodeText) }
  return err
}

/** (Un)subscribe confirmations: the subscription set follows them; the count of the last is the result. */
export function subscribed(c: Condition | null, kind: string, argv: readonly string[], replies: Reply[], text: ConvertOptions): unknown {
  let count: unknown = 0
  for (const r of replies) {
    if (r.t === 'error') throw commandError(r.v, kind, argv)
    if (r.t !== 'push' && r.t !== 'array') continue
    const [, channel, n] = r.v
    const name = channel !== undefined && channel.t === 'bulk' ? decodeText(channel.v) : null
    if (c !== null) {
      if (SUBSCRIBE.has(kind)) {
        if (c.subscriber === false) c.subscriber = new SubscriptionSet()
        if (name !== null) c.subscriber.add(kind, name)
      } else if (c.subscriber !== false && name !== null) c.subscriber.del(kind, name)
    }
    count = n !== undefined ? convert(n, text) : 0
    if (c !== null && UNSUBSCRIBE.has(kind) && Number(count) === 0) c.subscriber = false
  }
  return count
}

/** Emits message/messageBuffer, pmessage/pmessageBuffer, smessage/smessageBuffer, as ioredis does. */
export function emitMessage(e: EventEmitter, m: Reply): void {
  if (m.t !== 'push') return
  const v = m.v.map((x) => (x.t === 'bulk' ? x.v : ''))
  const kind = v[0]
  if (kind === 'pmessage') {
    const pattern = decodeText(v[1] ?? '')
    if (e.listenerCount('pmessage') > 0) e.emit('pmessage', pattern, decodeText(v[2] ?? ''), decodeText(v[3] ?? ''))
    e.emit('pmessageBuffer', pattern, bytesOut(v[2] ?? ''), bytesOut(v[3] ?? ''))
  } else if (kind === 'message' || kind === 'smessage') {
    if (e.listenerCount(kind) > 0) e.emit(kind, decodeText(v[1] ?? ''), decodeText(v[2] ?? ''))
    e.emit(kind + 'Buffer', bytesOut(v[1] ?? ''), bytesOut(v[2] ?? ''))
  }
}
