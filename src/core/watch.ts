/**
 * WATCH: which sessions watch which keys. A write to a watched key (any
 * `modified` call, expiry included) marks its watchers dirty, and their EXEC fails.
 */
import type { Session } from '../session.js'
import type { Db } from './keyspace.js'

export class Watches {
  /** `db\0key` → sessions watching it. */
  private readonly watchers = new Map<string, Set<Session>>()

  get size(): number {
    return this.watchers.size
  }

  watch(s: Session, db: number, key: string): void {
    const id = db + '\0' + key
    const watched = (s.watched ??= new Map())
    if (watched.has(id)) return
    watched.set(id, { db, key })
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

  /** A key changed: its watchers' EXEC will fail. */
  touched(db: number, key: string): void {
    const set = this.watchers.get(db + '\0' + key)
    if (set) for (const s of set) s.watchDirty = true
  }

  /** True when a key the session watches has passed its expiry time (Redis 7 fails EXEC then). */
  anyExpired(s: Session, dbs: readonly Db[]): boolean {
    if (!s.watched) return false
    for (const { db, key } of s.watched.values()) {
      if ((dbs[db] as Db).isExpired(key)) return true
    }
    return false
  }

  /**
   * Marks watchers of keys in `db` dirty when the key exists there, or in `other`
   * (FLUSHDB and FLUSHALL pass no other; SWAPDB passes the other database).
   */
  touchAll(dbs: readonly Db[], db: number, other?: number): void {
    if (this.watchers.size === 0) return
    for (const set of this.watchers.values()) {
      for (const s of set) {
        for (const w of s.watched?.values() ?? []) {
          if (w.db !== db) continue
          const exists = (dbs[db] as Db).peek(w.key) !== undefined || (other !== undefined && (dbs[other] as Db).peek(w.key) !== undefined)
          if (exists) s.watchDirty = true
        }
      }
    }
  }
}
