/**
 * A sorted set: a Map member → score for O(1) ZSCORE, and a B+tree of the pairs
 * in (score, member) order for ranks and ranges (zset-tree.ts). Redis keeps a
 * small set in a listpack and converts it to a skiplist for good once it grows
 * past `zset-max-listpack-entries` or holds a member longer than
 * `zset-max-listpack-value`; here that is a flag with the same history.
 *
 * Memory (node --expose-gc, 1M members "member:N", member strings included):
 * 79 B per member with integer scores added in order, 86 B in random order,
 * 102 B with random fractional scores (the map boxes them); Redis 7.0 uses
 * 109 B for each of these.
 */
import { BOXED_NUMBER, isSmi, mapTableBytes, stringBytes } from '../memory.js'
import { ScanCursors } from '../scan.js'
import type { Collection, EncodingLimits } from './types.js'
import { type Leaf, ZsetTree } from './zset-tree.js'

export class SortedSetValue implements Collection {
  private readonly scores: Map<string, number>
  private tree: ZsetTree
  /** Reported as `listpack`; once false it stays false. */
  private listpack: boolean
  private cursors: ScanCursors<string> | null = null
  /** Heap bytes of the members and boxed scores (memory()). */
  private bytes = 0

  constructor(listpack = true, scores: Map<string, number> = new Map(), tree: ZsetTree = new ZsetTree()) {
    this.listpack = listpack
    this.scores = scores
    this.tree = tree
    for (const [m, sc] of scores) this.bytes += entryBytes(m, sc)
  }

  /**
   * Builds a set from pairs (the value codec, ZUNIONSTORE and friends) with the
   * encoding Redis gives such a result: `listpack` when it fits the limits.
   * Later pairs for the same member replace earlier ones.
   */
  static fromEntries(entries: Iterable<readonly [string, number]>, limits: EncodingLimits): SortedSetValue {
    const map = new Map<string, number>()
    for (const [m, s] of entries) map.set(m, s)
    return SortedSetValue.fromMap(map, limits)
  }

  /** Like `fromEntries`, taking ownership of the map. */
  static fromMap(map: Map<string, number>, limits: EncodingLimits): SortedSetValue {
    const listpack = fitsListpack(map.size, map.keys(), limits)
    if (listpack) {
      // a listpack stores -0 as the integer 0
      for (const [m, s] of map) if (s === 0) map.set(m, 0)
    }
    const [members, scores] = sortPairs(map)
    return new SortedSetValue(listpack, map, ZsetTree.fromSorted(members, scores))
  }

  /** Builds a set from distinct members already in zset order (ZRANGESTORE), encoded as `fromEntries` does. */
  static fromSortedPairs(members: string[], scores: number[], limits: EncodingLimits): SortedSetValue {
    const listpack = fitsListpack(members.length, members, limits)
    const map = new Map<string, number>()
    for (let i = 0; i < members.length; i++) {
      const s = scores[i] as number
      if (listpack && s === 0) scores[i] = 0
      map.set(members[i] as string, scores[i] as number)
    }
    return new SortedSetValue(listpack, map, ZsetTree.fromSorted(members, scores))
  }

  get type(): 'zset' {
    return 'zset'
  }

  get size(): number {
    return this.scores.size
  }

  encoding(): string {
    return this.listpack ? 'listpack' : 'skiplist'
  }

  /** True while Redis would keep this set in a listpack (scanned whole in one call). */
  get isListpack(): boolean {
    return this.listpack
  }

  /** Converts to `skiplist` for good, as SORT does to the set it sorts (zsetConvert). */
  toSkiplist(): void {
    this.listpack = false
  }

  clone(): SortedSetValue {
    const members: string[] = []
    const scores: number[] = []
    this.tree.walk(0, this.tree.size, false, (m, s) => {
      members.push(m)
      scores.push(s)
    })
    return new SortedSetValue(this.listpack, new Map(this.scores), ZsetTree.fromSorted(members, scores))
  }

  /** The object, the score map's table, the tree (about 18 bytes a member) and the strings (core/memory.ts). */
  memory(): number {
    return 600 + mapTableBytes(this.scores.size) + this.scores.size * 18 + this.bytes
  }

  score(member: string): number | undefined {
    return this.scores.get(member)
  }

  has(member: string): boolean {
    return this.scores.has(member)
  }

  /**
   * Sets a member's score, adding it when new; true when it was new. Converts
   * to `skiplist` before adding as zsetAdd does.
   */
  set(member: string, score: number, limits: EncodingLimits): boolean {
    const cur = this.scores.get(member)
    if (cur === undefined) {
      if (this.listpack && (this.scores.size + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue)) {
        this.listpack = false
      }
      const s = this.listpack && score === 0 ? 0 : score
      this.scores.set(member, s)
      this.tree.insert(s, member)
      this.bytes += entryBytes(member, s)
      return true
    }
    const s = this.listpack && score === 0 ? 0 : score
    if (cur === s) return false
    this.bytes += scoreBytes(s) - scoreBytes(cur)
    this.scores.set(member, s)
    this.tree.delete(cur, member)
    this.tree.insert(s, member)
    return false
  }

  /** Removes a member; true when it was there. */
  delete(member: string): boolean {
    const cur = this.scores.get(member)
    if (cur === undefined) return false
    this.scores.delete(member)
    this.tree.delete(cur, member)
    this.bytes -= entryBytes(member, cur)
    return true
  }

  /** 0-based rank from the lowest score (or the highest when `reverse`), or -1. */
  rank(member: string, reverse = false): number {
    const s = this.scores.get(member)
    if (s === undefined) return -1
    const r = this.tree.rank(s, member)
    return reverse ? this.tree.size - 1 - r : r
  }

  /** The pair at a rank (0 <= rank < size). */
  at(rank: number): [string, number] {
    const c = this.tree.at(rank)
    const leaf = c.leaf
    if (leaf === null) throw new Error('rank out of range')
    return [leaf.members[c.index] as string, leaf.scores[c.index] as number]
  }

  /** Visits `count` pairs from `rank` up, or down when `reverse`. */
  walk(rank: number, count: number, reverse: boolean, visit: (member: string, score: number) => void): void {
    this.tree.walk(rank, count, reverse, visit)
  }

  /** How many members from `rank` on (downwards when `reverse`) pass `test` before one fails, at most `max`. */
  countWhile(rank: number, reverse: boolean, max: number, test: (member: string) => boolean): number {
    return this.tree.countWhile(rank, reverse, max, test)
  }

  /** Number of elements scored below `x` (or up to `x` inclusive with `orEqual`). */
  countByScore(x: number, orEqual: boolean): number {
    return this.tree.countByScore(x, orEqual)
  }

  /** Number of elements whose member sorts below `x` (or up to it with `orEqual`), for lex ranges. */
  countByMember(x: string, orEqual: boolean): number {
    return this.tree.countByMember(x, orEqual)
  }

  /** Removes and returns the pair at `rank`. */
  deleteAt(rank: number): [string, number] {
    const p = this.tree.deleteAt(rank)
    this.scores.delete(p[0])
    this.bytes -= entryBytes(p[0], p[1])
    return p
  }

  /** Removes ranks `start..end` inclusive; returns how many went. */
  deleteRange(start: number, end: number): number {
    const n = end - start + 1
    if (n <= 0) return 0
    if (n === this.size) {
      this.scores.clear()
      this.tree.clear()
      this.bytes = 0
      return n
    }
    if (n * 2 > this.size) {
      // most of the set goes: rebuild from what stays rather than delete one by one
      const members: string[] = []
      const scores: number[] = []
      const keep = (m: string, s: number): void => {
        members.push(m)
        scores.push(s)
      }
      this.tree.walk(start, n, false, (m, s) => {
        this.scores.delete(m)
        this.bytes -= entryBytes(m, s)
      })
      if (start > 0) this.tree.walk(0, start, false, keep)
      if (end + 1 < this.tree.size) this.tree.walk(end + 1, this.tree.size - end - 1, false, keep)
      this.tree = ZsetTree.fromSorted(members, scores)
      return n
    }
    for (let i = 0; i < n; i++) this.deleteAt(start)
    return n
  }

  /** The pairs in rank order (the value codec). */
  *entries(): IterableIterator<[string, number]> {
    for (let leaf: Leaf | null = this.tree.firstLeaf(); leaf !== null; leaf = leaf.next) {
      const ms = leaf.members
      const ss = leaf.scores
      for (let i = 0; i < ms.length; i++) yield [ms[i] as string, ss[i] as number]
    }
  }

  /** The members in rank order. */
  *members(): IterableIterator<string> {
    for (const [m] of this.entries()) yield m
  }

  /**
   * One ZSCAN step from `cursor`: a listpack is visited whole in rank order with
   * cursor 0, as Redis does; a larger set in steps of about `count`.
   */
  scan(cursor: number, count: number, visit: (member: string, score: number) => void): number {
    if (this.listpack) {
      this.tree.walk(0, this.tree.size, false, visit)
      return 0
    }
    const scores = this.scores
    const cursors = (this.cursors ??= new ScanCursors<string>())
    return cursors.scan(
      () => scores.keys(),
      cursor,
      count,
      (m) => visit(m, scores.get(m) as number),
      scores.size,
    )
  }

  /** Checks the tree's invariants against the map (tests). */
  check(): void {
    this.tree.check()
    if (this.tree.size !== this.scores.size) throw new Error('map and tree sizes differ')
    for (const [m, s] of this.entries()) if (!Object.is(this.scores.get(m), s)) throw new Error(`score of ${m} differs`)
  }
}

function scoreBytes(score: number): number {
  return isSmi(score) ? 0 : BOXED_NUMBER
}

function entryBytes(member: string, score: number): number {
  return stringBytes(member.length) + scoreBytes(score)
}

/** Whether a set of `size` members of these lengths fits a listpack (zsetConvertToListpackIfNeeded). */
export function fitsListpack(size: number, members: Iterable<string>, limits: EncodingLimits): boolean {
  if (size > limits.zsetMaxListpackEntries) return false
  for (const m of members) if (m.length > limits.zsetMaxListpackValue) return false
  return true
}

/** The pairs of a member → score map in zset order, as parallel arrays. */
export function sortPairs(map: ReadonlyMap<string, number>): [string[], number[]] {
  const pairs = [...map]
  pairs.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return [pairs.map((p) => p[0]), pairs.map((p) => p[1])]
}
