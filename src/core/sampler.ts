/**
 * Random picks from a Map's or Set's keys in amortized O(1): an array of the
 * keys is built on first use and rebuilt once the collection has changed by
 * half its size. A pick that is gone by now is skipped.
 */
export class Sampler<K> {
  private keys: K[] | null = null
  private changes = 0

  constructor(
    private readonly source: () => { readonly size: number; keys(): IterableIterator<K> },
    private readonly random: () => number,
  ) {}

  /** Heap bytes of the key array while one is built (core/memory.ts). */
  get bytes(): number {
    return this.keys === null ? 0 : 32 + this.keys.length * 8
  }

    /** Records an insertion or deletion. */
  touch(): void {
    if (this.keys !== null) this.changes++
  }

  /** Forgets everything (after a flush or swap). */
  reset(): void {
    this.keys = null
    this.changes = 0
  }

  private rebuild(): K[] {
    const keys = [...this.source().keys()]
    this.keys = keys
    this.changes = 0
    return keys
  }

  /** A random key for which `alive` holds, or undefined when there is none. */
  pick(alive: (k: K) => boolean): K | undefined {
    const size = this.source().size
    if (size === 0) return undefined
    let keys = this.keys
    if (keys === null || this.changes > (keys.length >> 1) + 16) keys = this.rebuild()
    for (let attempt = 0; attempt < 2; attempt++) {
      for (let i = 0; i < 16 && keys.length > 0; i++) {
        const k = keys[Math.floor(this.random() * keys.length)] as K
        if (alive(k)) return k
      }
      keys = this.rebuild()
    }
    for (const k of keys) if (alive(k)) return k
    return undefined
  }
}
