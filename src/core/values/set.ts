/**
 * A set: one Set of members. Redis keeps a set of canonical int64 members, up to
 * `set-max-intset-entries`, as a sorted `intset`; here such a set is only flagged
 * and read in ascending order (sorted once per change, and only while small).
 *
 * Memory (node --expose-gc, 1M members of 10 B): 53 B per member; Redis 7.0
 * uses 48 B for the same data.
 */
import { setTableBytes, stringBytes } from '../memory.js'
import { parseLL } from '../numbers.js'
import { RandomPicks } from './random-picks.js'
import { ScanCursors } from '../scan.js'
import type { Collection, EncodingLimits } from './types.js'

/** Redis caps intsets at 2^30 entries whatever the config says. */
const INTSET_HARD_MAX = 1 << 30

/** Whether Redis would store `m` in an intset (string2ll: canonical int64). */
export function isIntsetMember(m: string): boolean {
  return m.length <= 20 && parseLL(m) !== null
}

/** The bytes an intset needs per element for an integer member: 2, 4 or 8. */
export function intsetWidthOf(m: string): 2 | 4 | 8 {
  const v = Number(m)
  if (v >= -32768 && v <= 32767) return 2
  if (v >= -2147483648 && v <= 2147483647) return 4
  return 8
}

/** Orders canonical int64 strings numerically without parsing them. */
function compareInts(a: string, b: string): number {
  const na = a.charCodeAt(0) === 45
  const nb = b.charCodeAt(0) === 45
  if (na !== nb) return na ? -1 : 1
  if (a.length !== b.length) return a.length < b.length !== na ? -1 : 1
  if (a === b) return 0
  return a < b !== na ? -1 : 1
}

export class SetValue implements Collection {
  private readonly set: Set<string>
  /** Reported as `intset`; once false it stays false (except for SPOP's rebuilt set). */
  private intset: boolean
  /** The members in ascending order while an intset, built on demand. */
  private sorted: string[] | null = null
  private picks: RandomPicks | null = null
  private cursors: ScanCursors<string> | null = null
  /** Heap bytes of the members (memory()). */
  private bytes = 0
  /** While an intset: its element width, which, as in Redis, grows with the members and never shrinks. */
  private width: 2 | 4 | 8 = 2

  constructor(intset = true, set: Set<string> = new Set(), bytes = -1) {
    this.set = set
    this.intset = intset
    if (bytes < 0) {
      bytes = 0
      for (const m of set) bytes += stringBytes(m.length)
    }
    this.bytes = bytes
  }

  /**
   * Builds a set from stored members (the value codec) with the encoding Redis
   * gives a loaded set: `intset` while every member is an integer and the count
   * is within `set-max-intset-entries`.
   */
  static fromMembers(members: Iterable<string>, limits: EncodingLimits): SetValue {
    const s = new SetValue()
    for (const m of members) s.add(m, limits)
    return s
  }

  get type(): 'set' {
    return 'set'
  }

  get size(): number {
    return this.set.size
  }

  encoding(): string {
    return this.intset ? 'intset' : 'hashtable'
  }

  /** True while Redis would keep this set in an intset (sorted, scanned in one call). */
  get isIntset(): boolean {
    return this.intset
  }

  clone(): SetValue {
    const c = new SetValue(this.intset, new Set(this.set), this.bytes)
    c.width = this.width
    return c
  }

  /** The intset's element width in bytes (DUMP writes the intset at this width). */
  get intsetWidth(): 2 | 4 | 8 {
    return this.width
  }

  /** Keeps at least `width` bytes per element (a loaded intset keeps the width it was saved with). */
  widenIntset(width: 2 | 4 | 8): void {
    if (width > this.width) this.width = width
  }

  /** The object, its Set and table, and the members (core/memory.ts). */
  memory(): number {
    return 147 + setTableBytes(this.set.size) + this.bytes
  }

  has(member: string): boolean {
    return this.set.has(member)
  }

  /** Adds a member; true when it is new. Converts to `hashtable` as setTypeAdd does. */
  add(member: string, limits: EncodingLimits): boolean {
    const set = this.set
    if (set.has(member)) return false
    if (this.intset) {
      const max = Math.min(limits.setMaxIntsetEntries, INTSET_HARD_MAX)
      if (!isIntsetMember(member) || set.size + 1 > max) {
        this.intset = false
        this.sorted = null
      } else {
        const w = intsetWidthOf(member)
        if (w > this.width) this.width = w
      }
    }
    set.add(member)
    this.bytes += stringBytes(member.length)
    if (this.sorted !== null) this.sorted = null
    this.picks?.added(member)
    return true
  }

  /** Removes a member; true when it was there. */
  delete(member: string): boolean {
    if (!this.set.delete(member)) return false
    this.bytes -= stringBytes(member.length)
    if (this.sorted !== null) this.sorted = null
    this.picks?.deleted()
    return true
  }

  /** The members in Redis's order where it is defined (ascending for an intset). */
  members(): IterableIterator<string> {
    if (!this.intset) return this.set.values()
    return this.ordered().values()
  }

  private ordered(): string[] {
    return (this.sorted ??= [...this.set].sort(compareInts))
  }

  private get random(): RandomPicks {
    return (this.picks ??= new RandomPicks(this.set))
  }

  /** A random member; the set must not be empty. */
  randomMember(random: () => number): string {
    return this.random.one(random)
  }

  /** `count` distinct random members, `count` below the size. */
  randomMembers(count: number, random: () => number): string[] {
    return this.random.distinct(count, random)
  }

  /**
   * One SSCAN step from `cursor`: visits up to about `count` members and returns
   * the next cursor. An intset is visited whole in one call with cursor 0.
   */
  scan(cursor: number, count: number, visit: (member: string) => void): number {
    if (this.intset || (cursor === 0 && this.set.size < count)) {
      for (const m of this.members()) visit(m)
      return 0
    }
    const set = this.set
    const cursors = (this.cursors ??= new ScanCursors<string>())
    return cursors.scan(() => set.values(), cursor, count, visit, set.size)
  }
}
