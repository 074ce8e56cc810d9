/**
 * Consumer groups: the group's pending entries list (PEL), its consumers and
 * theirs. A PEL is an `IdList`: sorted by ID in chunks, so lookups and inserts
 * are O(log n + chunk) and scans from an ID are ordered.
 */
import { compareIds, type StreamId, type U64 } from '../stream-id.js'

interface Keyed {
  readonly ms: U64
  readonly seq: U64
}

const CHUNK = 128

/** A set of ID-keyed items in ID order. */
export class IdList<T extends Keyed> {
  private chunks: T[][] = []
  size = 0

  /** Index of the first chunk whose last item is ≥ the key (chunks.length when none). */
  private chunkFor(ms: U64, seq: U64): number {
    const chunks = this.chunks
    let lo = 0
    let hi = chunks.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const c = chunks[mid] as T[]
      const last = c[c.length - 1] as T
      if (compareIds(last.ms, last.seq, ms, seq) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  private static lower<T extends Keyed>(c: readonly T[], ms: U64, seq: U64): number {
    let lo = 0
    let hi = c.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const x = c[mid] as T
      if (compareIds(x.ms, x.seq, ms, seq) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  find(ms: U64, seq: U64): T | undefined {
    const ci = this.chunkFor(ms, seq)
    const c = this.chunks[ci]
    if (!c) return undefined
    const x = c[IdList.lower(c, ms, seq)]
    return x && x.ms === ms && x.seq === seq ? x : undefined
  }

  /** Adds an item whose ID is not present. */
  insert(item: T): void {
    this.size++
    const chunks = this.chunks
    const last = chunks[chunks.length - 1]
    if (!last) {
      chunks.push([item])
      return
    }
    const tail = last[last.length - 1] as T
    let ci: number
    let c: T[]
    if (compareIds(tail.ms, tail.seq, item.ms, item.seq) < 0) {
      // appends are the common case (XREADGROUP delivers increasing IDs)
      ci = chunks.length - 1
      c = last
      c.push(item)
    } else {
      ci = this.chunkFor(item.ms, item.seq)
      c = chunks[ci] as T[]
      c.splice(IdList.lower(c, item.ms, item.seq), 0, item)
    }
    if (c.length >= 2 * CHUNK) chunks.splice(ci + 1, 0, c.splice(CHUNK))
  }

  remove(ms: U64, seq: U64): T | undefined {
    const ci = this.chunkFor(ms, seq)
    const c = this.chunks[ci]
    if (!c) return undefined
    const i = IdList.lower(c, ms, seq)
    const x = c[i]
    if (!x || x.ms !== ms || x.seq !== seq) return undefined
    if (i === 0 && c.length === 1) this.chunks.splice(ci, 1)
    else if (i === 0) c.shift()
    else c.splice(i, 1)
    this.size--
    return x
  }

  first(): T | undefined {
    return this.chunks[0]?.[0]
  }

  last(): T | undefined {
    const c = this.chunks[this.chunks.length - 1]
    return c?.[c.length - 1]
  }

  /** Items with ID ≥ (ms, seq), in order. The list must not change while iterating. */
  *from(ms: U64, seq: U64): IterableIterator<T> {
    const chunks = this.chunks
    let ci = this.chunkFor(ms, seq)
    const c0 = chunks[ci]
    if (!c0) return
    for (let i = IdList.lower(c0, ms, seq); i < c0.length; i++) yield c0[i] as T
    for (ci++; ci < chunks.length; ci++) yield* chunks[ci] as T[]
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (const c of this.chunks) yield* c
  }
}

/** A pending entry: delivered to `consumer`, not yet acknowledged. */
export interface Nack {
  readonly ms: U64
  readonly seq: U64
  /** Last delivery, ms since the epoch. */
  time: number
  deliveries: number
  consumer: Consumer
}

export class Consumer {
  readonly pel = new IdList<Nack>()

  constructor(
    readonly name: string,
    /** Last time the consumer read or claimed (XINFO's seen-time and idle). */
    public seenTime: number,
  ) {}
}

/** "entries-read is unknown". */
export const INVALID_ENTRIES_READ = -1

export class StreamGroup {
  readonly pel = new IdList<Nack>()
  readonly consumers = new Map<string, Consumer>()

  constructor(
    readonly name: string,
    public lastId: StreamId,
    /** Logical count of entries the group has read; INVALID_ENTRIES_READ when unknown. */
    public entriesRead: number | bigint,
  ) {}

  consumer(name: string): Consumer | undefined {
    return this.consumers.get(name)
  }

  createConsumer(name: string, now: number): Consumer {
    const c = new Consumer(name, now)
    this.consumers.set(name, c)
    return c
  }

  /** Removes a consumer and its pending entries; returns how many it had. */
  deleteConsumer(c: Consumer): number {
    const n = c.pel.size
    for (const nack of c.pel) this.pel.remove(nack.ms, nack.seq)
    this.consumers.delete(c.name)
    return n
  }

  /** Consumers in name order (Redis keeps them in a radix tree). */
  sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** Adds or moves a pending entry to `consumer` (deliveries and time as given). */
  assign(nack: Nack | undefined, id: StreamId, consumer: Consumer, time: number, deliveries: number): Nack {
    if (nack) {
      if (nack.consumer !== consumer) {
        nack.consumer.pel.remove(nack.ms, nack.seq)
        nack.consumer = consumer
        consumer.pel.insert(nack)
      }
      nack.time = time
      nack.deliveries = deliveries
      return nack
    }
    const n: Nack = { ms: id.ms, seq: id.seq, time, deliveries, consumer }
    this.pel.insert(n)
    consumer.pel.insert(n)
    return n
  }

  /** Drops a pending entry from the group and its consumer. */
  ack(nack: Nack): void {
    this.pel.remove(nack.ms, nack.seq)
    nack.consumer.pel.remove(nack.ms, nack.seq)
  }

  clone(): StreamGroup {
    const g = new StreamGroup(this.name, this.lastId, this.entriesRead)
    for (const c of this.consumers.values()) g.createConsumer(c.name, c.seenTime)
    for (const n of this.pel) {
      const c = g.consumers.get(n.consumer.name) as Consumer
      g.assign(undefined, n, c, n.time, n.deliveries)
    }
    return g
  }
}
