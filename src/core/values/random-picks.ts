/**
 * Random picks from a Map's or Set's keys (HRANDFIELD, SRANDMEMBER, SPOP): single
 * picks in amortized O(1) through a lazily built key array, distinct picks in
 * O(count).
 */
import { Sampler } from '../sampler.js'

export interface Keyed {
  readonly size: number
  keys(): IterableIterator<string>
  has(k: string): boolean
}

export class RandomPicks {
  private sampler: Sampler<string> | null = null

  constructor(private readonly source: Keyed) {}

  /** Records an insertion or deletion. */
  touch(): void {
    this.sampler?.touch()
  }

  /** One random key; the source must not be empty. */
  one(random: () => number): string {
    const src = this.source
    if (this.sampler === null) this.sampler = new Sampler(() => src, random)
    return this.sampler.pick((k) => src.has(k)) as string
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
