/**
 * The stream type: entries in ID order, filed in macro nodes the way Redis 7.0
 * files them (see stream-node.ts), plus the stream's counters and its consumer
 * groups. Nodes sit in an array sorted by their first ID: appends touch the last
 * node, range reads binary-search the node and then the entry.
 */
import { cmpId, compareIds, idKeyBytes, isZeroId, MAX_ID, MIN_ID, u64Inc, type StreamId, type U64 } from '../stream-id.js'
import { INVALID_ENTRIES_READ, StreamGroup, type Consumer, type Nack } from './stream-group.js'
import { StreamNode } from './stream-node.js'
import type { Collection } from './types.js'

/** Listpacks never grow past 1 GB (STREAM_LISTPACK_MAX_SIZE). */
export const STREAM_LISTPACK_MAX_SIZE = 1 << 30

export interface NodeLimits {
  /** stream-node-max-bytes (0: the listpack maximum). */
  maxBytes: number
  /** stream-node-max-entries (0: no limit). */
  maxEntries: number
}

/** The defaults of stream-node-max-bytes and stream-node-max-entries. */
export const DEFAULT_NODE_LIMITS: NodeLimits = { maxBytes: 4096, maxEntries: 100 }

export interface TrimSpec {
  strategy: 'maxlen' | 'minid'
  maxlen: number
  minid: StreamId
  approx: boolean
  /** Most entries to remove (0: no limit). */
  limit: number
}

/** A visitor over entries: node and index; return false to stop. */
export type EntryVisitor = (node: StreamNode, i: number) => boolean | void

/** a - b for counters that may exceed 2^53. */
export function counterSub(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = a - b
    if (Number.isSafeInteger(d)) return d
  }
  const d = BigInt(a) - BigInt(b)
  return d >= -9007199254740991n && d <= 9007199254740991n ? Number(d) : d
}

export class Stream implements Collection {
  readonly type = 'stream' as const
  nodes: StreamNode[] = []
  length = 0
  lastId: StreamId = MIN_ID
  /** ID of the first live entry, as Redis records it (0-0 when empty). */
  firstId: StreamId = MIN_ID
  maxDeletedId: StreamId = MIN_ID
  /** Entries ever added. */
  entriesAdded: U64 = 0
  groups: Map<string, StreamGroup> | null = null

  get size(): number {
    return this.length
  }

  encoding(): string {
    return 'stream'
  }

  // ---- entries ----

  /** Appends an entry with an ID greater than lastId; `fv` holds field, value... pairs. */
  append(id: StreamId, fv: readonly string[], limits: NodeLimits): void {
    let node = this.nodes[this.nodes.length - 1]
    if (node) {
      let maxBytes = limits.maxBytes
      if (maxBytes === 0 || maxBytes > STREAM_LISTPACK_MAX_SIZE) maxBytes = STREAM_LISTPACK_MAX_SIZE
      let bytes = 0
      for (const s of fv) bytes += s.length
      if (node.bytes + bytes >= maxBytes || (limits.maxEntries !== 0 && node.total >= limits.maxEntries)) {
        node.shrink()
        node = undefined
      }
    }
    if (!node) {
      const fields: string[] = []
      for (let i = 0; i < fv.length; i += 2) fields.push(fv[i] as string)
      node = new StreamNode(fields)
      this.nodes.push(node)
    }
    node.append(id, fv)
    this.length++
    this.entriesAdded = u64Inc(this.entriesAdded)
    this.lastId = id
    if (this.length === 1) this.firstId = id
  }

  /** Index of the node that may hold `id`: the last whose first ID ≤ id (0 when none). */
  private nodeFor(ms: U64, seq: U64): number {
    const nodes = this.nodes
    let lo = 0
    let hi = nodes.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const n = nodes[mid] as StreamNode
      if (compareIds(n.firstMs, n.firstSeq, ms, seq) <= 0) lo = mid + 1
      else hi = mid
    }
    return lo > 0 ? lo - 1 : 0
  }

  /** Whether a live entry has this ID. */
  has(id: StreamId): boolean {
    const node = this.nodes[this.nodeFor(id.ms, id.seq)]
    if (!node) return false
    const i = node.indexOf(id.ms, id.seq)
    return i >= 0 && !node.isDeleted(i)
  }

  /** The node and index of a live entry, or null. */
  locate(id: StreamId): [StreamNode, number] | null {
    const node = this.nodes[this.nodeFor(id.ms, id.seq)]
    if (!node) return null
    const i = node.indexOf(id.ms, id.seq)
    return i >= 0 && !node.isDeleted(i) ? [node, i] : null
  }

  /** XDEL of one ID: true when a live entry was removed. */
  delete(id: StreamId): boolean {
    const ni = this.nodeFor(id.ms, id.seq)
    const node = this.nodes[ni]
    if (!node) return false
    const i = node.indexOf(id.ms, id.seq)
    if (i < 0 || node.isDeleted(i)) return false
    node.markDeleted(i)
    this.length--
    if (node.count === 0) this.nodes.splice(ni, 1)
    return true
  }

  /** Visits live entries with start ≤ ID ≤ end, ascending (or descending when `rev`). */
  range(start: StreamId, end: StreamId, rev: boolean, visit: EntryVisitor): void {
    if (cmpId(start, end) > 0) return
    const nodes = this.nodes
    if (!rev) {
      const n0 = this.nodeFor(start.ms, start.seq)
      for (let ni = n0; ni < nodes.length; ni++) {
        const node = nodes[ni] as StreamNode
        const ms = node.ms
        const seq = node.seq
        for (let i = ni === n0 ? node.lowerBound(start.ms, start.seq) : 0; i < ms.length; i++) {
          if (compareIds(ms[i] as U64, seq[i] as U64, end.ms, end.seq) > 0) return
          if (!node.isDeleted(i) && visit(node, i) === false) return
        }
      }
      return
    }
    for (let ni = this.nodeFor(end.ms, end.seq); ni >= 0; ni--) {
      const node = nodes[ni] as StreamNode
      const ms = node.ms
      const seq = node.seq
      let i = node.lowerBound(end.ms, end.seq)
      if (i >= ms.length || compareIds(ms[i] as U64, seq[i] as U64, end.ms, end.seq) > 0) i--
      for (; i >= 0; i--) {
        if (compareIds(ms[i] as U64, seq[i] as U64, start.ms, start.seq) < 0) return
        if (!node.isDeleted(i) && visit(node, i) === false) return
      }
    }
  }

  /** The first (or last) live entry, or null when empty. */
  edge(last: boolean): [StreamNode, number] | null {
    const node = last ? this.nodes[this.nodes.length - 1] : this.nodes[0]
    if (!node) return null
    if (last) {
      for (let i = node.total - 1; i >= 0; i--) if (!node.isDeleted(i)) return [node, i]
    } else {
      for (let i = 0; i < node.total; i++) if (!node.isDeleted(i)) return [node, i]
    }
    return null
  }

  /** ID of the last live entry (0-0 when empty): streamLastValidID. */
  lastValidId(): StreamId {
    const e = this.edge(true)
    return e ? e[0].id(e[1]) : MIN_ID
  }

  private refreshFirstId(): void {
    const e = this.edge(false)
    this.firstId = e ? e[0].id(e[1]) : MIN_ID
  }

  /** Called after XDEL removed entries: keeps firstId in step. */
  deletedSome(firstDeleted: boolean): void {
    if (this.length === 0) this.firstId = MIN_ID
    else if (firstDeleted) this.refreshFirstId()
  }

  /**
   * XTRIM and XADD's trimming, by Redis 7.0's rules: whole nodes go first; an
   * approximate trim stops at the first node it cannot drop whole, an exact one
   * marks entries of that node deleted. Returns the number of entries removed.
   */
  trim(spec: TrimSpec): number {
    const nodes = this.nodes
    let removed = 0
    let dropped = 0
    while (dropped < nodes.length) {
      if (spec.strategy === 'maxlen' && this.length <= spec.maxlen) break
      const node = nodes[dropped] as StreamNode
      const entries = node.count
      if (spec.limit !== 0 && removed + entries > spec.limit) break
      let whole: boolean
      if (spec.strategy === 'maxlen') whole = this.length - entries >= spec.maxlen
      else {
        // the node's last ID, tombstones included
        const last = node.total - 1
        whole = compareIds(node.ms[last] as U64, node.seq[last] as U64, spec.minid.ms, spec.minid.seq) < 0
      }
      if (whole) {
        dropped++
        this.length -= entries
        removed += entries
        continue
      }
      if (spec.approx) break
      for (let i = 0; i < node.total; i++) {
        if (spec.strategy === 'maxlen') {
          if (this.length <= spec.maxlen) break
        } else if (compareIds(node.ms[i] as U64, node.seq[i] as U64, spec.minid.ms, spec.minid.seq) >= 0) break
        if (node.isDeleted(i)) continue
        node.markDeleted(i)
        this.length--
        removed++
      }
      break
    }
    if (dropped !== 0) nodes.splice(0, dropped)
    this.refreshFirstId()
    return removed
  }

  // ---- consumer groups ----

  group(name: string): StreamGroup | undefined {
    return this.groups?.get(name)
  }

  createGroup(name: string, lastId: StreamId, entriesRead: number | bigint): StreamGroup | null {
    if (this.groups === null) this.groups = new Map()
    if (this.groups.has(name)) return null
    const g = new StreamGroup(name, lastId, entriesRead)
    this.groups.set(name, g)
    return g
  }

  destroyGroup(name: string): boolean {
    return this.groups?.delete(name) ?? false
  }

  /** Groups in name order. */
  sortedGroups(): StreamGroup[] {
    if (this.groups === null) return []
    return [...this.groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** Whether a tombstone may lie in [start, end]: streamRangeHasTombstones. */
  rangeHasTombstones(start: StreamId, end: StreamId = MAX_ID): boolean {
    if (this.length === 0 || isZeroId(this.maxDeletedId)) return false
    // the latest tombstone lies before the first entry
    if (cmpId(this.firstId, this.maxDeletedId) > 0) return false
    return cmpId(start, this.maxDeletedId) <= 0 && cmpId(this.maxDeletedId, end) <= 0
  }

  /**
   * The logical position (entries-read counter) of an ID counted from the first
   * entry ever added, or INVALID_ENTRIES_READ when it cannot be known.
   */
  estimateEntriesRead(id: StreamId): number | bigint {
    const added = this.entriesAdded
    if (added === 0) return 0
    if (this.length === 0 && cmpId(id, this.lastId) <= 0) return added
    const c = cmpId(id, this.lastId)
    if (c === 0) return added
    if (c > 0) return INVALID_ENTRIES_READ
    if (isZeroId(this.maxDeletedId) || cmpId(this.maxDeletedId, this.firstId) < 0) {
      const cf = cmpId(id, this.firstId)
      if (cf < 0) return counterSub(added, this.length)
      if (cf === 0) return counterSub(added, this.length - 1)
    }
    return INVALID_ENTRIES_READ
  }

  /** A group's lag as XINFO reports it, or null when unknown. */
  lag(g: StreamGroup): number | bigint | null {
    if (this.entriesAdded === 0) return 0
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(g.lastId)) return counterSub(this.entriesAdded, g.entriesRead)
    const read = this.estimateEntriesRead(g.lastId)
    return read === INVALID_ENTRIES_READ ? null : counterSub(this.entriesAdded, read)
  }

  /** Moves a group past `id` as a delivery of that entry does, updating entries-read. */
  advanceGroup(g: StreamGroup, id: StreamId): void {
    if (g.entriesRead !== INVALID_ENTRIES_READ && !this.rangeHasTombstones(id)) {
      g.entriesRead = counterSub(g.entriesRead, -1)
    } else if (this.entriesAdded !== 0) g.entriesRead = this.estimateEntriesRead(id)
    g.lastId = id
  }

  // ---- introspection ----

  /** Number of radix tree nodes Redis would use to index the macro nodes. */
  radixTreeNodes(): number {
    const keys = this.nodes.map((n) => idKeyBytes({ ms: n.firstMs, seq: n.firstSeq }))
    if (keys.length === 0) return 1
    return countTrie(keys, 0, keys.length, 0)
  }

  clone(): Stream {
    const s = new Stream()
    s.nodes = this.nodes.map((n) => n.clone())
    s.length = this.length
    s.lastId = this.lastId
    s.firstId = this.firstId
    s.maxDeletedId = this.maxDeletedId
    s.entriesAdded = this.entriesAdded
    if (this.groups !== null) {
      s.groups = new Map()
      for (const [name, g] of this.groups) s.groups.set(name, g.clone())
    }
    return s
  }

  // ---- value codec ----

  /** Every live entry in ID order: [id, field, value, field, value...]. */
  *entries(): IterableIterator<[StreamId, string[]]> {
    for (const node of this.nodes) {
      for (let i = 0; i < node.total; i++) if (!node.isDeleted(i)) yield [node.id(i), node.fieldValues(i)]
    }
  }

  /** The stream's counters and groups as plain data. */
  toData(): StreamData {
    return {
      lastId: this.lastId,
      firstId: this.firstId,
      maxDeletedId: this.maxDeletedId,
      entriesAdded: this.entriesAdded,
      groups: this.sortedGroups().map((g) => ({
        name: g.name,
        lastId: g.lastId,
        entriesRead: g.entriesRead,
        consumers: g.sortedConsumers().map((c) => ({ name: c.name, seenTime: c.seenTime })),
        pending: [...g.pel].map((n: Nack) => ({ id: { ms: n.ms, seq: n.seq }, consumer: n.consumer.name, time: n.time, deliveries: n.deliveries })),
      })),
    }
  }

  /** Builds a stream from its entries (in ID order) and `toData()` output. */
  static fromData(entries: Iterable<[StreamId, readonly string[]]>, data: StreamData, limits: NodeLimits = DEFAULT_NODE_LIMITS): Stream {
    const s = new Stream()
    for (const [id, fv] of entries) s.append(id, fv, limits)
    s.lastId = data.lastId
    s.firstId = data.firstId
    s.maxDeletedId = data.maxDeletedId
    s.entriesAdded = data.entriesAdded
    for (const g of data.groups) {
      const group = s.createGroup(g.name, g.lastId, g.entriesRead) as StreamGroup
      for (const c of g.consumers) group.createConsumer(c.name, c.seenTime)
      for (const p of g.pending) {
        const c: Consumer = group.consumer(p.consumer) ?? group.createConsumer(p.consumer, p.time)
        group.assign(undefined, p.id, c, p.time, p.deliveries)
      }
    }
    return s
  }

  // ---- memory (core/memory.ts; added by the eviction work) ----

  /** Nodes before the last one, summed once: they change only by losing entries, which shrinks `length`. */
  private memCache: { nodes: StreamNode[]; first: StreamNode | undefined; upto: number; bytes: number; length: number } | null = null

  /** Estimated heap bytes: each node's arrays and strings (its listpack size stands in for the payload), and the groups. */
  memory(): number {
    const nodes = this.nodes
    let c = this.memCache
    if (c === null || c.nodes !== nodes || c.first !== nodes[0] || this.length < c.length || nodes.length - 1 < c.upto) {
      c = this.memCache = { nodes, first: nodes[0], upto: 0, bytes: 0, length: 0 }
    }
    const last = nodes.length - 1
    while (c.upto < last) c.bytes += streamNodeMemory(nodes[c.upto++] as StreamNode)
    c.length = this.length
    let total = 300 + c.bytes + (last >= 0 ? streamNodeMemory(nodes[last] as StreamNode) : 0)
    if (this.groups !== null) for (const g of this.groups.values()) total += 200 + g.pel.size * 100 + g.consumers.size * 150
    return total
  }
}

function streamNodeMemory(n: StreamNode): number {
  return 250 + n.total * 24 + n.data.length * 28 + n.bytes
}

export interface StreamData {
  lastId: StreamId
  firstId: StreamId
  maxDeletedId: StreamId
  entriesAdded: U64
  groups: {
    name: string
    lastId: StreamId
    entriesRead: number | bigint
    consumers: { name: string; seenTime: number }[]
    pending: { id: StreamId; consumer: string; time: number; deliveries: number }[]
  }[]
}

/**
 * Nodes of a compressed radix tree (Redis's rax) holding the sorted 16-byte keys
 * keys[lo..hi) below `depth`: a run shared by all keys is one compressed node, a
 * fork is one node with a child per distinct byte, and every key ends in a leaf.
 */
function countTrie(keys: readonly string[], lo: number, hi: number, depth: number): number {
  if (depth === 16) return 1
  const first = keys[lo] as string
  const last = keys[hi - 1] as string
  let common = depth
  while (common < 16 && first.charCodeAt(common) === last.charCodeAt(common)) common++
  let n = 0
  if (common > depth) n++
  if (common === 16) return n + 1
  n++
  let i = lo
  while (i < hi) {
    const c = (keys[i] as string).charCodeAt(common)
    let j = i + 1
    while (j < hi && (keys[j] as string).charCodeAt(common) === c) j++
    n += countTrie(keys, i, j, common + 1)
    i = j
  }
  return n
}
