/**
 * SCAN cursors over a Map or Set. A cursor names a live iterator kept here, so
 * every key present for the whole iteration is returned (a live Map iterator
 * sees each entry that stays in the map exactly once, whatever else changes).
 * The cursor also carries how far the scan got: an evicted or replayed cursor
 * resumes by skipping that many entries of a fresh iterator.
 */
const ID_BITS = 2 ** 20
const MAX_OPEN = 1024

interface Open<K> {
  it: Iterator<K>
  pos: number
}

export class ScanCursors<K> {
  private readonly open = new Map<number, Open<K>>()
  private nextId = 1

  /** Forgets every open cursor (the collection was replaced). */
  reset(): void {
    this.open.clear()
  }

  /**
   * Visits up to `count` keys from `cursor` (0 starts over), calling `visit` for
   * each, and returns the next cursor (0 when done).
   */
  scan(keys: () => IterableIterator<K>, cursor: number, count: number, visit: (k: K) => void): number {
    let state: Open<K> | undefined
    if (cursor === 0) state = { it: keys(), pos: 0 }
    else {
      const id = cursor % ID_BITS
      const pos = Math.floor(cursor / ID_BITS)
      state = this.open.get(id)
      if (state !== undefined && state.pos === pos) this.open.delete(id)
      else {
        const it = keys()
        for (let i = 0; i < pos; i++) if (it.next().done) break
        state = { it, pos }
      }
    }
    let n = 0
    while (n < count) {
      const r = state.it.next()
      if (r.done) return 0
      visit(r.value)
      n++
    }
    state.pos += n
    const id = this.nextId
    this.nextId = this.nextId + 1 >= ID_BITS ? 1 : this.nextId + 1
    if (this.open.size >= MAX_OPEN) {
      const oldest = this.open.keys().next().value as number
      this.open.delete(oldest)
    }
    this.open.set(id, state)
    return state.pos * ID_BITS + id
  }
}
