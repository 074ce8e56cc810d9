/**
 * Channels, patterns and shard channels, and delivery of messages to the
 * sessions subscribed to them.
 */
import { bulk, integer, push, type Reply } from '../resp/types.js'
import type { Session } from '../session.js'
import { compileGlob } from './glob.js'

const MESSAGE = bulk('message')
const PMESSAGE = bulk('pmessage')
const SMESSAGE = bulk('smessage')

export type SubscriptionKind = 'channel' | 'pattern' | 'shard'

export class PubSub {
  readonly channels = new Map<string, Set<Session>>()
  readonly patterns = new Map<string, { match: (s: string) => boolean; sessions: Set<Session> }>()
  readonly shardChannels = new Map<string, Set<Session>>()

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

  /** Delivers a message; returns the number of receivers. */
  publish(channel: string, message: string): number {
    let n = 0
    const subs = this.channels.get(channel)
    if (subs) {
      const msg: Reply = push([MESSAGE, bulk(channel), bulk(message)])
      for (const s of subs) {
        s.push(msg)
        n++
      }
    }
    if (this.patterns.size !== 0) {
      for (const [pattern, p] of this.patterns) {
        if (!p.match(channel)) continue
        const msg: Reply = push([PMESSAGE, bulk(pattern), bulk(channel), bulk(message)])
        for (const s of p.sessions) {
          s.push(msg)
          n++
        }
      }
    }
    return n
  }

  /** Delivers a shard message (SPUBLISH); returns the number of receivers. */
  publishShard(channel: string, message: string): number {
    const subs = this.shardChannels.get(channel)
    if (!subs) return 0
    const msg: Reply = push([SMESSAGE, bulk(channel), bulk(message)])
    for (const s of subs) s.push(msg)
    return subs.size
  }

  /** The subscribe/unsubscribe confirmation frame. */
  static confirmation(kind: string, name: string | null, count: number): Reply {
    return push([bulk(kind), name === null ? { t: 'null', arr: false } : bulk(name), integer(count)])
  }
}
