/**
 * Pub/sub messages for the in-process clients: recognising message pushes,
 * turning them into plain objects, and handing them to listeners and async
 * iterators after the engine's current command has finished.
 */
import { toBytes, utf8Decode, type Reply } from '../../src/index.js'

/** A message received by a subscription. */
export interface PubSubMessage {
  /** `message` (SUBSCRIBE), `pmessage` (PSUBSCRIBE) or `smessage` (SSUBSCRIBE). */
  readonly type: 'message' | 'pmessage' | 'smessage'
  /** The channel it was published to. */
  readonly channel: string
  /** The pattern that matched, for `pmessage`. */
  readonly pattern?: string
  /** The payload: a UTF-8 string, or bytes with the `bytes` option. */
  readonly message: string | Uint8Array
}

export type MessageListener = (message: PubSubMessage) => void

const KINDS = new Set(['message', 'pmessage', 'smessage'])

/** True for a published message (as opposed to a reply or a subscribe confirmation). */
export function isMessagePush(r: Reply): boolean {
  if (r.t !== 'push') return false
  const head = r.v[0]
  return head !== undefined && head.t === 'bulk' && KINDS.has(head.v)
}

function text(r: Reply | undefined): string {
  return r !== undefined && r.t === 'bulk' ? r.v : ''
}

/** Converts a message push; channel and pattern names are decoded as UTF-8. */
export function toMessage(r: Reply, bytes: boolean): PubSubMessage {
  const v = r.t === 'push' ? r.v : []
  const type = text(v[0]) as PubSubMessage['type']
  const payload = (s: string): string | Uint8Array => (bytes ? toBytes(s) : utf8Decode(s))
  if (type === 'pmessage') return { type, pattern: utf8Decode(text(v[1])), channel: utf8Decode(text(v[2])), message: payload(text(v[3])) }
  return { type, channel: utf8Decode(text(v[1])), message: payload(text(v[2])) }
}

/**
 * Splits what EXEC wrote into its replies and the messages pushed to the client
 * meanwhile. The engine sends Redis's bytes: an array as long as the queue, then
 * any frames beyond it (a SUBSCRIBE of two channels, a message to itself).
 */
export function splitExec(replies: Reply[]): { replies: Reply[]; messages: Reply[] } {
  const first = replies[0]
  if (first === undefined || first.t !== 'array') return { replies, messages: [] }
  const all = [...first.v, ...replies.slice(1)]
  if (replies.length === 1 && !first.v.some(isMessagePush)) return { replies, messages: [] }
  const messages = all.filter(isMessagePush)
  const rest = all.filter((r) => !isMessagePush(r))
  return { replies: [{ t: 'array', v: rest }], messages }
}

/** An invalidation from CLIENT TRACKING: the keys to drop from a local cache, or null for all of them (a flush). */
export interface Invalidation {
  readonly keys: (string | Uint8Array)[] | null
}

/**
 * True for a client-side-caching push: an invalidation (RESP3, or a message on
 * __redis__:invalidate to a RESP2 redirect target) or `tracking-redir-broken`.
 */
export function isTrackingPush(r: Reply): boolean {
  if (r.t !== 'push') return false
  const head = text(r.v[0])
  if (head === 'invalidate' || head === 'tracking-redir-broken') return true
  return head === 'message' && text(r.v[1]) === '__redis__:invalidate'
}

/** The keys of an invalidation push (null for a flush); null for `tracking-redir-broken`, which is not one. */
export function toInvalidation(r: Reply, bytes: boolean): Invalidation | null {
  const v = r.t === 'push' ? r.v : []
  const head = text(v[0])
  if (head === 'tracking-redir-broken') return null
  const payload = head === 'message' ? v[2] : v[1]
  const keys = payload?.t === 'bulks' ? payload.v : payload?.t === 'array' ? payload.v.map((k) => text(k)) : null
  return { keys: keys === null ? null : keys.map((k) => (bytes ? toBytes(k ?? '') : utf8Decode(k ?? ''))) }
}

interface Waiter<T> {
  queue: T[]
  wake: ((r: IteratorResult<T>) => void) | null
}

/**
 * Listeners and iterators of one client. Messages arrive while the engine runs
 * another client's command; they are delivered in a later microtask, so that a
 * listener may run commands itself.
 */
export class MessageHub<T = PubSubMessage> {
  private readonly listeners = new Set<((message: T) => void)>()
  private readonly waiters = new Set<Waiter<T>>()
  private pending: T[] = []
  private scheduled = false
  private closed = false

  /** Calls `fn` for every message from now on; returns a function that stops it. */
  on(fn: ((message: T) => void)): () => void {
    this.listeners.add(fn)
    return () => {
      this.listeners.delete(fn)
    }
  }

  /** Queues a message for delivery. */
  push(m: T): void {
    if (this.closed || (this.listeners.size === 0 && this.waiters.size === 0)) return
    this.pending.push(m)
    if (this.scheduled) return
    this.scheduled = true
    void Promise.resolve().then(() => this.flush())
  }

  private flush(): void {
    this.scheduled = false
    const batch = this.pending
    this.pending = []
    let failure: { error: unknown } | null = null
    for (const m of batch) {
      for (const w of this.waiters) {
        if (w.wake) {
          const wake = w.wake
          w.wake = null
          wake({ value: m, done: false })
        } else w.queue.push(m)
      }
      for (const fn of this.listeners) {
        try {
          fn(m)
        } catch (error) {
          failure ??= { error }
        }
      }
    }
    // a throwing listener does not stop delivery to the others; its error surfaces afterwards
    if (failure) throw failure.error
  }

  /** An async iterator over messages from now on; it ends when the hub closes. */
  iterate(): AsyncIterableIterator<T> {
    const w: Waiter<T> = { queue: [], wake: null }
    if (!this.closed) this.waiters.add(w)
    const done = (): IteratorResult<T> => ({ value: undefined, done: true })
    const it: AsyncIterableIterator<T> = {
      next: () => {
        const m = w.queue.shift()
        if (m !== undefined) return Promise.resolve({ value: m, done: false })
        if (this.closed || !this.waiters.has(w)) return Promise.resolve(done())
        return new Promise((resolve) => {
          w.wake = resolve
        })
      },
      return: () => {
        this.waiters.delete(w)
        w.wake?.(done())
        w.wake = null
        return Promise.resolve(done())
      },
      [Symbol.asyncIterator]: () => it,
    }
    return it
  }

  /** Ends every iterator (after the messages they hold) and drops the listeners. */
  close(): void {
    this.closed = true
    this.listeners.clear()
    for (const w of this.waiters) {
      w.wake?.({ value: undefined, done: true })
      w.wake = null
    }
    this.waiters.clear()
  }
}
