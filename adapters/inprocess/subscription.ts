/**
 * `Subscription`: a subscriber on an in-process engine. Messages published by
 * any client of the engine (in-process, TCP, WebSocket) reach its listeners
 * and async iterators.
 */
import type { Engine } from '../../src/index.js'
import type { MessageListener, PubSubMessage } from './messages.js'
import { Redlet, type Arg } from './redlet.js'
import type { JsValue } from './reply.js'

export interface SubscriptionOptions {
  /** The engine whose channels to listen to. */
  engine: Engine
  /** Payloads as Uint8Array instead of UTF-8 strings. */
  bytes?: boolean
  /** Password for AUTH when the engine has `requirepass`. */
  password?: string
}

/**
 * A subscriber with its own session. It speaks RESP3, so besides (un)subscribing
 * it may run any command with `call` while subscribed.
 *
 * Listeners run in a microtask after the command that published, never inside
 * it, so a listener may itself run commands. Messages that arrive while no
 * listener or iterator is attached are dropped, as a Redis client would drop
 * messages nobody reads.
 *
 * @example
 * ```ts
 * const r = new Redlet()
 * const sub = r.pubsub()
 * sub.psubscribe('news.*')
 * setTimeout(() => r.publish('news.tech', 'hello'), 0)
 * for await (const m of sub) {
 *   console.log(m.pattern, m.channel, m.message) // 'news.*' 'news.tech' 'hello'
 *   break
 * }
 * sub.close()
 * ```
 */
export class Subscription implements AsyncIterable<PubSubMessage> {
  private readonly client: Redlet

  constructor(options: SubscriptionOptions) {
    this.client = new Redlet({
      engine: options.engine,
      protocol: 3,
      bytes: options.bytes ?? false,
      ...(options.password === undefined ? {} : { password: options.password }),
    })
  }

  get engine(): Engine {
    return this.client.engine
  }

  /** Channels, patterns and shard channels subscribed to. */
  get subscriptions(): { channels: string[]; patterns: string[]; shardChannels: string[] } {
    const s = this.client.session
    return { channels: [...(s.channels ?? [])], patterns: [...(s.patterns ?? [])], shardChannels: [...(s.shardChannels ?? [])] }
  }

  /** Subscribes to channels; returns the number of channels and patterns now subscribed. */
  subscribe(...channels: Arg[]): number {
    return this.count('SUBSCRIBE', channels)
  }

  /** Subscribes to glob patterns (`news.*`); returns the number of channels and patterns. */
  psubscribe(...patterns: Arg[]): number {
    return this.count('PSUBSCRIBE', patterns)
  }

  /** Subscribes to shard channels; returns the number of shard channels. */
  ssubscribe(...channels: Arg[]): number {
    return this.count('SSUBSCRIBE', channels)
  }

  /** Unsubscribes from channels, or from all when none are given; returns what remains. */
  unsubscribe(...channels: Arg[]): number {
    return this.count('UNSUBSCRIBE', channels)
  }

  punsubscribe(...patterns: Arg[]): number {
    return this.count('PUNSUBSCRIBE', patterns)
  }

  sunsubscribe(...channels: Arg[]): number {
    return this.count('SUNSUBSCRIBE', channels)
  }

  /** Runs any command on this subscriber's session (RESP3 values). */
  call(...args: Arg[]): JsValue {
    return this.client.call(...args)
  }

  /** Calls `fn` for each message from now on; returns a function that removes it. */
  on(fn: MessageListener): () => void {
    return this.client.messages.on(fn)
  }

  /** Messages from now on, until `close()`. */
  [Symbol.asyncIterator](): AsyncIterator<PubSubMessage> {
    return this.client.messages.iterate()
  }

  /** Like iterating the subscription itself. */
  messages(): AsyncIterableIterator<PubSubMessage> {
    return this.client.messages.iterate()
  }

  /** Drops every subscription and ends the iterators. */
  close(): void {
    this.client.close()
  }

  /** Sends a (un)subscribe command; its confirmations end with the count that remains. */
  private count(command: string, names: Arg[]): number {
    const frames = this.client.call(command, ...names)
    const list = (Array.isArray(frames) && Array.isArray(frames[0]) ? frames : [frames]) as JsValue[][]
    const last = list[list.length - 1]
    return Number(last?.[2] ?? 0)
  }
}
