/**
 * `engine.snapshot()` and `engine.restore()`: every database through the value
 * codec, TTLs included, and the function libraries. A restore reads the whole
 * snapshot before it touches the keyspace, so bad bytes leave the data as it was.
 */
import { decodeSnapshot, encodeSnapshot } from './codec.js'
import type { Db } from './keyspace.js'
import type { EncodingLimits, Value } from './values/types.js'

export function snapshotDatabases(dbs: readonly Db[], libraries: readonly string[] = []): Uint8Array {
  return encodeSnapshot({
    *databases() {
      for (const db of dbs) {
        if (db.size === 0) continue
        yield [db.id, entriesOf(db)]
      }
    },
    libraries: () => libraries,
  })
}

function* entriesOf(db: Db): IterableIterator<[string, Value, number | undefined]> {
  for (const [key, value] of db.entries()) yield [key, value, db.getExpire(key)]
}

/** The step that applies a read snapshot: returns the keys loaded. `libraries` holds its function libraries' code. */
export interface RestoreStep {
  (): number
  readonly libraries: readonly string[]
}

/**
 * Reads a snapshot (throwing CodecError on bad bytes) and returns the step that
 * replaces the contents of `dbs` with it. Keys already expired at `now` are left
 * out, as Redis does when it loads a snapshot (counted in `counts.expired`).
 * Loading the libraries is the caller's part (`engine.loadFunctionLibraries`).
 */
export function prepareRestore(dbs: readonly Db[], bytes: Uint8Array, limits: EncodingLimits, now: number, counts?: { expired: number }): RestoreStep {
  const staged: [number, string, Value, number | undefined][] = []
  const libraries: string[] = []
  decodeSnapshot(
    bytes,
    limits,
    (db, key, value, expireAt) => {
      if (db >= dbs.length) return
      if (expireAt !== undefined && expireAt <= now) {
        if (counts !== undefined) counts.expired++
        return
      }
      staged.push([db, key, value, expireAt])
    },
    (code) => libraries.push(code),
  )
  const step = (): number => {
    for (const db of dbs) db.clear()
    for (const [i, key, value, expireAt] of staged) {
      const db = dbs[i] as Db
      db.set(key, value)
      if (expireAt !== undefined) db.setExpire(key, expireAt)
    }
    return staged.length
  }
  return Object.assign(step, { libraries })
}
