/**
 * Random picks from a Map's or Set's keys (HRANDFIELD, SRANDMEMBER, SPOP): single
 * picks in amortized O(1), distinct picks in O(count).
 *
 * Single picks draw from an array of the keys, built on first use. Added keys
 * are appended to it; deleted keys stay as dead slots, skipped when drawn, until
 * they are half of it and it is rebuilt. A key deleted and added again may hold
 * two slots (twice the odds) until then, so small collections, where a rebuild
 * is cheap, are rebuilt as soon as that may have happened.
 */

export interface Keyed {
  readonly size: number
  keys(): IterableIterator<string>
  has(k: string): boolean
}

/** Up to this size a possibly skewed key array is rebuilt before a pick. */
const SMALL = 1024

export class RandomPicks {
  private slots: string[] | null = null
  private dead = 0
  /** Keys added while dead slots existed: maybe present twice. */
  private readded = 0

  constructor(private readonly source: Keyed) {}

  /** Records an insertion. */
  added(k: string): void {
    const slots = this.slots
    if (slots === null) return
    slots.push(k)
    if (this.dead !== 0) this.readded++
  }

  /** Records a deletion. */
  deleted(): void {
    if (this.slots !== null) this.dead++
  }

  private rebuild(): string[] {
    this.dead = 0
    this.readded = 0
    return (this.slots = [...this.source.keys()])
  }

  /** One random key; the source must not be empty. */
  one(random: () => number): string {
    const src = this.source
    let slots = this.slots
    if (
      slots === null ||
      this.dead + this.readded > slots.length >> 1 ||
      (this.readded !== 0 && slots.length <= SMALL)
    ) {
      slots = this.rebuild()
    }
    for (;;) {
      const k = slots[Math.floor(random() * slots.length)] as string
      if (src.has(k)) return k
      // dead slots are under half of the array: a live key comes soon
    }
  }

  /**
   * `count` distinct random keys, `count` below the size. Near the size a
   * partial shuffle of all keys; otherwise random picks until enough differ.
   */
  distinct(count: number, random: () => number): string[] {
    const src = this.source
    if (count * 3 > src.size) {
      const all = [...src.keys()]
      for (let i = 0; i < count; i++) {
        const j = i + Math.floor(random() * (all.length - i))
        const t = all[i] as string
        all[i] = all[j] as string
        all[j] = t
      }
      all.length = count
      return all
    }
    const chosen = new Set<string>()
    while (chosen.size < count) chosen.add(this.one(random))
    return [...chosen]
  }

  /** `count` distinct random keys in iteration order (selection sampling; small collections). */
  distinctInOrder(count: number, random: () => number): string[] {
    const out: string[] = []
    let left = this.source.size
    let need = count
    for (const k of this.source.keys()) {
      if (need === 0) break
      if (random() * left < need) {
        out.push(k)
        need--
      }
      left--
    }
    return out
  }
}

/** What a reply element costs on top of its bytes: its RESP framing and our reference to it. */
const ELEMENT_COST = 16
/** Elements in one reply at most, well below V8's array limit (about 1.3e8, where it aborts). */
const MAX_ELEMENTS = 2 ** 26

/**
 * The size budget of a reply of random picks with repeats (SRANDMEMBER,
 * HRANDFIELD and ZRANDMEMBER with a negative count). Redis 7.0 builds such a
 * reply whatever its size: `SRANDMEMBER s -100000000` on a 3-member set sends
 * 1e8 members (700 MB, 670 MB of server memory, 5 s), and -9223372036854775807
 * allocates until the process dies. redlet refuses, with "value is out of
 * range" (7.0's error for a WITHVALUES/WITHSCORES count it cannot double), a
 * reply that would take more than `proto-max-bulk-len` bytes (each element
 * counted as its length plus 16) or more than 2^26 elements: at once when the
 * count alone is too large, otherwise as soon as the picks exceed it (so with
 * members of different lengths a count near the limit may pass or not).
 * Pinned by the "huge negative counts" tests of set, hash and sorted-set.
 */
export class RepeatBudget {
  private constructor(private left: number) {}

  /** A budget for `picks` picks of `perPick` elements each, or null when they cannot fit whatever their size. */
  static open(picks: bigint, perPick: number, limit: number): RepeatBudget | null {
    const elements = picks * BigInt(perPick)
    if (elements > BigInt(MAX_ELEMENTS) || elements * BigInt(ELEMENT_COST) > BigInt(limit)) return null
    return new RepeatBudget(limit)
  }

  /** Charges an element of `bytes` bytes; false once the reply is over budget. */
  charge(bytes: number): boolean {
    this.left -= bytes + ELEMENT_COST
    return this.left >= 0
  }
}
