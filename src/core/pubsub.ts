/**
 * Channels, patterns and shard channels, and delivery of messages to the
 * sessions subscribed to them.
 *
 * Subscribers of a channel get messages in subscription order. Redis walks its
 * pattern table in hash order, which is random per process; here it is the
 * order in which patterns were first subscribed.
 */
import { bulk, integer, NULL_BULK, push, type Reply } from '../resp/types.js'
import type { Session } from '../session.js'
import { compileGlob } from './glob.js'

const MESSAGE = bulk('message')
const PMESSAGE = bulk('pmessage')
const SMESSAGE = bulk('smessage')

export type SubscriptionKind = 'channel' | 'pattern' | 'shard'

interface PatternEntry {
  readonly match: (s: string) => boolean
  readonly sessions: Set<Session>
}

export class PubSub {
  readonly channels = new Map<string, Set<Session>>()
  readonly patterns = new Map<string, PatternEntry>()
  readonly shardChannels = new Map<string, Set<Session>>()
  /** While a session runs EXEC, pushes to it join its reply array (Redis writes them inline). */
  private captureSession: Session | null = null
  private captureOut: Reply[] | null = null

  /** True when nobody listens to anything that PUBLISH reaches (keyspace events skip their work). */
  get idle(): boolean {
    return this.channels.size === 0 && this.patterns.size === 0
  }

  private sessionSet(s: Session, kind: SubscriptionKind): Set<string> {
    if (kind === 'channel') return (s.channels ??= new Set())
    if (kind === 'pattern') return (s.patterns ??= new Set())
    return (s.shardChannels ??= new Set())
  }

  /** Subscribes; returns false when already subscribed. */
  subscribe(s: Session, kind: SubscriptionKind, name: string): boolean {
    const mine = this.sessionSet(s, kind)
    if (mine.has(name)) return false
    mine.add(name)
    if (kind === 'pattern') {
      let p = this.patterns.get(name)
      if (!p) this.patterns.set(name, (p = { match: compileGlob(name), sessions: new Set() }))
      p.sessions.add(s)
    } else {
      const map = kind === 'channel' ? this.channels : this.shardChannels
      let set = map.get(name)
      if (!set) map.set(name, (set = new Set()))
      set.add(s)
    }
    return true
  }

  /** Unsubscribes; returns false when not subscribed. */
  unsubscribe(s: Session, kind: SubscriptionKind, name: string): boolean {
    const mine = kind === 'channel' ? s.channels : kind === 'pattern' ? s.patterns : s.shardChannels
    if (!mine || !mine.delete(name)) return false
    if (kind === 'pattern') {
      const p = this.patterns.get(name)
      if (p) {
        p.sessions.delete(s)
        if (p.sessions.size === 0) this.patterns.delete(name)
      }
    } else {
      const map = kind === 'channel' ? this.channels : this.shardChannels
      const set = map.get(name)
      if (set) {
        set.delete(s)
        if (set.size === 0) map.delete(name)
      }
    }
    return true
  }

  /** Drops every subscription of a session (disconnect, RESET). */
  unsubscribeAll(s: Session): void {
    for (const c of [...(s.channels ?? [])]) this.unsubscribe(s, 'channel', c)
    for (const p of [...(s.patterns ?? [])]) this.unsubscribe(s, 'pattern', p)
    for (const c of [...(s.shardChannels ?? [])]) this.unsubscribe(s, 'shard', c)
  }

  /** The count SUBSCRIBE and PSUBSCRIBE confirmations report: channels plus patterns. */
  static count(s: Session): number {
    return (s.channels?.size ?? 0) + (s.patterns?.size ?? 0)
  }

  /** The count SSUBSCRIBE confirmations report: shard channels only. */
  static shardCount(s: Session): number {
    return s.shardChannels?.size ?? 0
  }

  private deliver(s: Session, msg: Reply): void {
    if (s === this.captureSession) (this.captureOut as Reply[]).push(msg)
    else s.push(msg)
  }

  /** Delivers a message to channel and pattern subscribers; returns the number of receivers. */
  publish(channel: string, message: string): number {
    let n = 0
    const subs = this.channels.get(channel)
    if (subs) {
      const msg: Reply = push([MESSAGE, bulk(channel), bulk(message)])
      for (const s of subs) this.deliver(s, msg)
      n += subs.size
    }
    if (this.patterns.size !== 0) {
      let ch: Reply | null = null
      let m: Reply | null = null
      for (const [pattern, p] of this.patterns) {
        if (!p.match(channel)) continue
        ch ??= bulk(channel)
        m ??= bulk(message)
        const msg: Reply = push([PMESSAGE, bulk(pattern), ch, m])
        for (const s of p.sessions) this.deliver(s, msg)
        n += p.sessions.size
      }
    }
    return n
  }

  /** Delivers a shard message (SPUBLISH); returns the number of receivers. */
  publishShard(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel)
    if (!subs) return 0
    const msg: Reply = push([SMESSAGE, bulk(channel), bulk(message)])
    for (const s of subs) this.deliver(s, msg)
    return subs.size
  }

  /** Runs `fn` with pushes to `s` collected into `out` instead of sent (EXEC). */
  capturing<T>(s: Session, out: Reply[], fn: () => T): T {
    const prevS = this.captureSession
    const prevOut = this.captureOut
    this.captureSession = s
    this.captureOut = out
    try {
      return fn()
    } finally {
      this.captureSession = prevS
      this.captureOut = prevOut
    }
  }

  /** The subscribe/unsubscribe confirmation frame; a null name is Redis's "nothing to unsubscribe". */
  static confirmation(kind: string, name: string | null, count: number): Reply {
    return push([bulk(kind), name === null ? NULL_BULK : bulk(name), integer(count)])
  }
}
