/**
 * WATCH: which sessions watch which keys. A write to a watched key (any
 * `modified` call, expiry included) marks its watchers dirty, and their EXEC fails.
 *
 * Redis 7.0 remembers whether a key had already expired when it was watched.
 * Such a key's deletion by expiry is no change (EXEC still runs); a key that
 * was live when watched and has expired since fails EXEC, deleted or not.
 * (test/unit/commands/transactions.test.ts, "WATCH and expiry".)
 */
import type { Session } from '../session.js'
import type { Db } from './keyspace.js'

interface Watched {
  readonly db: number
  readonly key: string
  /** The key had expired (deleted or not) when WATCH ran. */
  expired: boolean
}

export class Watches {
  /** `db\0key` → sessions watching it. */
  private readonly watchers = new Map<string, Set<Session>>()

  get size(): number {
    return this.watchers.size
  }

  /** Watches a key; `expired` tells whether it has passed its TTL already. */
  watch(s: Session, db: number, key: string, expired = false): void {
    const id = db + '\0' + key
    const watched = (s.watched ??= new Map())
    if (watched.has(id)) return
    const w: Watched = { db, key, expired }
    watched.set(id, w)
    let set = this.watchers.get(id)
    if (!set) this.watchers.set(id, (set = new Set()))
    set.add(s)
  }

  unwatchAll(s: Session): void {
    if (s.watched) {
      for (const id of s.watched.keys()) {
        const set = this.watchers.get(id)
        if (!set) continue
        set.delete(s)
        if (set.size === 0) this.watchers.delete(id)
      }
    }
    s.watched = null
    s.watchDirty = false
  }

  /** Ends a transaction without running it (DISCARD, EXEC): its queue and its watches go. */
  endTransaction(s: Session): void {
    s.multi = null
    s.multiError = false
    this.unwatchAll(s)
  }

  /** A key changed (call after the change): its watchers' EXEC will fail. */
  touched(db: number, key: string, dbs?: readonly Db[]): void {
    const id = db + '\0' + key
    const set = this.watchers.get(id)
    if (!set) return
    for (const s of set) {
      const w = s.watched?.get(id) as Watched | undefined
      if (w?.expired) {
        // an already expired key that is now gone: logically nothing changed
        if (dbs === undefined || (dbs[db] as Db).peek(key) === undefined) {
          w.expired = false
          continue
        }
      }
      s.watchDirty = true
    }
  }

  /** True when a key the session watched live has passed its expiry time since. */
  anyExpired(s: Session, dbs: readonly Db[]): boolean {
    if (!s.watched) return false
    for (const w of s.watched.values() as IterableIterator<Watched>) {
      if (!w.expired && (dbs[w.db] as Db).isExpired(w.key)) return true
    }
    return false
  }

  /**
   * Call before FLUSHDB, FLUSHALL (no `other`) or SWAPDB (`other` is the database
   * whose contents replace `db`'s): watchers of keys that exist in `db`, or will
   * exist after the swap, are marked dirty.
   */
  touchAll(dbs: readonly Db[], db: number, other?: number): void {
    if (this.watchers.size === 0) return
    const emptied = dbs[db] as Db
    const replacement = other === undefined ? null : (dbs[other] as Db)
    for (const [id, set] of this.watchers) {
      for (const s of set) {
        const w = s.watched?.get(id) as Watched | undefined
        if (w === undefined || w.db !== db) continue
        const inEmptied = emptied.peek(w.key) !== undefined
        const inReplacement = replacement !== null && replacement.peek(w.key) !== undefined
        if (!inEmptied && !inReplacement) continue
        if (w.expired) {
          if (!inReplacement) {
            w.expired = false
            continue
          }
          if ((replacement as Db).isExpired(w.key)) continue
        } else if (!inEmptied && (replacement as Db).isExpired(w.key)) {
          // a missing key replaced by an expired one: no logical change
          w.expired = true
          continue
        }
        s.watchDirty = true
      }
    }
  }
}
