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
