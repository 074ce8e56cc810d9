/**
 * `engine.snapshot()` and `engine.restore()`: every database through the value
 * codec, TTLs included. A restore reads the whole snapshot before it touches the
 * keyspace, so bad bytes leave the data as it was.
 */
import { decodeSnapshot, encodeSnapshot } from './codec.js'
import type { Db } from './keyspace.js'
import type { EncodingLimits, Value } from './values/types.js'

export function snapshotDatabases(dbs: readonly Db[]): Uint8Array {
  return encodeSnapshot({
    *databases() {
      for (const db of dbs) {
        if (db.size === 0) continue
        yield [db.id, entriesOf(db)]
      }
    },
  })
}

function* entriesOf(db: Db): IterableIterator<[string, Value, number | undefined]> {
  for (const [key, value] of db.entries()) yield [key, value, db.getExpire(key)]
}

/**
 * Reads a snapshot (throwing CodecError on bad bytes) and returns the step that
 * replaces the contents of `dbs` with it. Keys already expired at `now` are left
 * out, as Redis does when it loads a snapshot (counted in `counts.expired`). The step returns the keys loaded.
 */
export function prepareRestore(dbs: readonly Db[], bytes: Uint8Array, limits: EncodingLimits, now: number, counts?: { expired: number }): () => number {
  const staged: [number, string, Value, number | undefined][] = []
  decodeSnapshot(bytes, limits, (db, key, value, expireAt) => {
    if (db >= dbs.length) return
    if (expireAt !== undefined && expireAt <= now) {
      if (counts !== undefined) counts.expired++
      return
    }
    staged.push([db, key, value, expireAt])
  })
  return () => {
    for (const db of dbs) db.clear()
    for (const [i, key, value, expireAt] of staged) {
      const db = dbs[i] as Db
      db.set(key, value)
      if (expireAt !== undefined) db.setExpire(key, expireAt)
    }
    return staged.length
  }
}
