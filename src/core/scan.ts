/**
 * SCAN cursors over a Map or Set. A cursor names a live iterator kept here, so
 * every key present for the whole iteration is returned (a live Map iterator
 * sees each entry that stays in the map exactly once, whatever else changes).
 *
 * Entries come in insertion order, so every entry present when the scan began
 * precedes every entry added later: after as many visits as the collection had
 * entries at the start, all of its survivors have been seen. The walk stops
 * there, which makes a scan finish even while keys are added as fast as it
 * reads them (Redis's scan ends too: its cursor space is the table's).
 *
 * The cursor also carries how far the scan got: an evicted or replayed cursor
 * resumes by skipping that many entries of a fresh iterator (the one case where
 * deletions made meanwhile can hide keys from the rest of the scan).
 */
const ID_BITS = 2 ** 20
const MAX_OPEN = 1024

interface Open<K> {
  it: Iterator<K>
  pos: number
  /** Visits after which the scan is complete. */
  limit: number
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
   * each, and returns the next cursor (0 when done). `size`, the collection's
   * size now, bounds a new scan (see above), so that a scan of a growing
   * collection ends.
   */
  scan(keys: () => IterableIterator<K>, cursor: number, count: number, visit: (k: K) => void, size: number): number {
    let state: Open<K> | undefined
    if (cursor === 0) state = { it: keys(), pos: 0, limit: size }
    else {
      const id = cursor % ID_BITS
      const pos = Math.floor(cursor / ID_BITS)
      state = this.open.get(id)
      if (state !== undefined && state.pos === pos) this.open.delete(id)
      else {
        const it = keys()
        for (let i = 0; i < pos; i++) if (it.next().done) break
        state = { it, pos, limit: pos + size }
      }
    }
    let n = 0
    const stop = Math.min(count, state.limit - state.pos)
    while (n < stop) {
      const r = state.it.next()
      if (r.done) return 0
      visit(r.value)
      n++
    }
    state.pos += n
    if (state.pos >= state.limit) return 0
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
