import type { Db } from './keyspace.js'

/**
 * Active expiry over all databases, adaptive as Redis's cycle: each database is
 * sampled in rounds of `20 + 5 * (effort - 1)` keys, and rounds continue while
 * more than `10 - (effort - 1)` percent of the sampled keys had expired. The
 * work per run is bounded; the next run resumes at the database where this one
 * stopped, and `behind` tells the caller to run again soon.
 */
export class ExpireCycle {
  private next = 0
  /** The last run used its whole budget while still finding expired keys. */
  behind = false

  run(dbs: readonly Db[], effort = 1, budget?: number): number {
    const e = Math.min(10, Math.max(1, effort)) - 1
    const perLoop = 20 + 5 * e
    const stale = 10 - e
    const limit = budget ?? perLoop * 100
    let work = 0
    let expired = 0
    this.behind = false
    const n = dbs.length
    for (let visited = 0; visited < n && work < limit; visited++) {
      const db = dbs[this.next] as Db
      let done = true
      while (db.expiresCount !== 0) {
        const [checked, got] = db.activeExpire(perLoop)
        work += checked
        expired += got
        if (checked === 0 || got * 100 <= stale * checked) break
        if (work >= limit) {
          done = false
          this.behind = true
          break
        }
      }
      if (done) this.next = (this.next + 1) % n
    }
    return expired
  }
}
