/**
 * The Durable Object's data in its SQLite storage: one row per key (database,
 * key, type, expiry time, the value codec's blob). Keys are TEXT: a byte string
 * goes in as the UTF-8 of its chars (0-255) and comes back the same, NULs
 * included, and binding a string costs less than building a BLOB. A value whose blob is larger
 * than INLINE_MAX is cut into content-defined chunks in a second table, so a
 * change to a big collection rewrites only the chunks that changed.
 *
 * The engine reports every changed key (`onKeyModified`) and every write as it
 * took effect (`onPropagate`); the keys collect in a dirty set that `commit()`
 * writes with the synchronous `ctx.storage.sql`, in the same turn as the
 * commands, before any reply leaves (the output gate holds replies until then).
 */
import { decodeValue, encodeValue, keyPositions, type Engine } from '../../src/index.js'
import { splitChunks } from './chunking.js'
import { resolveCommand } from './slots.js'

/** The subset of `SqlStorage` used here (workers-types' cursor is richer). */
export interface SqlLike {
  exec(query: string, ...bindings: unknown[]): { raw(): IterableIterator<unknown[]>; toArray(): unknown[]; readonly rowsWritten: number }
}

/** Blobs up to this size live in the key's own row. */
export const INLINE_MAX = 128 * 1024
/** Rows per multi-row statement (a Durable Object query binds at most 100 parameters). */
const BATCH = 19

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS redlet_keys (db INTEGER NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL, expire INTEGER, val BLOB, parts TEXT, PRIMARY KEY (db, key)) WITHOUT ROWID`,
  // an index on expire made every write several times slower (measured); expired rows go at load, in the full scan
  `DROP INDEX IF EXISTS redlet_keys_expire`,
  `CREATE TABLE IF NOT EXISTS redlet_chunks (db INTEGER NOT NULL, key TEXT NOT NULL, id INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (db, key, id)) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS redlet_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
]

export interface LoadStats {
  keys: number
  chunked: number
  expired: number
  skipped: number
  ms: number
}

const upsertSql: string[] = []
function upsertStatement(rows: number): string {
  let s = upsertSql[rows]
  if (s === undefined) {
    s = 'INSERT OR REPLACE INTO redlet_keys (db, key, type, expire, val, parts) VALUES ' + Array(rows).fill('(?, ?, ?, ?, ?, NULL)').join(', ')
    upsertSql[rows] = s
  }
  return s
}

const deleteSql: string[] = []
function deleteStatement(keys: number): string {
  let s = deleteSql[keys]
  if (s === undefined) {
    s = `DELETE FROM redlet_keys WHERE db = ? AND key IN (${Array(keys).fill('?').join(', ')})`
    deleteSql[keys] = s
  }
  return s
}

function typeOf(value: unknown): string {
  return typeof value === 'string' ? 'string' : (value as { type: string }).type
}

export class Store {
  /** Keys to write, per database. */
  private dirty: Set<string>[] = []
  private pending = 0
  /** Keys stored as chunks → their chunk ids (so a rewrite knows what is there). */
  private readonly chunked = new Map<string, number[]>()
  private engine: Engine | null = null
  /** Rows written by `commit` since start (for tests and INFO-style figures). */
  rowsWritten = 0

  constructor(private readonly sql: SqlLike) {
    for (const q of SCHEMA) sql.exec(q)
  }

  getMeta(name: string): string | null {
    for (const [v] of this.sql.exec('SELECT value FROM redlet_meta WHERE name = ?', name).raw()) return v as string
    return null
  }

  setMeta(name: string, value: string | null): void {
    if (value === null) this.sql.exec('DELETE FROM redlet_meta WHERE name = ?', name)
    else this.sql.exec('INSERT OR REPLACE INTO redlet_meta (name, value) VALUES (?, ?)', name, value)
  }

  /** Meta rows whose names start with `prefix`, without the prefix. */
  metaWithPrefix(prefix: string): [string, string][] {
    const out: [string, string][] = []
    for (const [n, v] of this.sql.exec('SELECT name, value FROM redlet_meta WHERE name >= ? AND name < ?', prefix, prefix + '\uffff').raw()) {
      out.push([(n as string).slice(prefix.length), v as string])
    }
    return out
  }

  /**
   * Loads every stored key into the engine's databases. Keys whose time has
   * passed are deleted from storage instead.
   */
  load(engine: Engine, now: number): LoadStats {
    const t0 = Date.now()
    const stats: LoadStats = { keys: 0, chunked: 0, expired: 0, skipped: 0, ms: 0 }
    const sql = this.sql
    const limits = engine.limits
    const dbs = engine.dbs
    const expired: [number, string, boolean][] = []
    for (const row of sql.exec('SELECT db, key, expire, val, parts FROM redlet_keys').raw()) {
      const dbIndex = row[0] as number
      const key = row[1] as string
      const parts = row[4] as string | null
      const at = row[2] as number | null
      if (at !== null && at <= now) {
        expired.push([dbIndex, key, parts !== null])
        continue
      }
      const db = dbs[dbIndex]
      if (db === undefined) {
        stats.skipped++
        continue
      }
      let blob: Uint8Array
      if (parts !== null) {
        const ids = parts === '' ? [] : parts.split(',').map(Number)
        blob = this.readChunks(dbIndex, key, ids)
        this.chunked.set(dbIndex + '\0' + key, ids)
        stats.chunked++
      } else blob = new Uint8Array(row[3] as ArrayBuffer)
      try {
        const { value, expireAt } = decodeValue(blob, limits)
        db.set(key, value)
        if (expireAt !== undefined) db.setExpire(key, expireAt)
        stats.keys++
      } catch (e) {
        // a row this version cannot read stays in storage untouched
        console.error(`redlet: cannot load key ${JSON.stringify(key)} of db ${dbIndex}:`, e)
        stats.skipped++
      }
    }
    for (const [db, key, chunked] of expired) {
      sql.exec('DELETE FROM redlet_keys WHERE db = ? AND key = ?', db, key)
      if (chunked) sql.exec('DELETE FROM redlet_chunks WHERE db = ? AND key = ?', db, key)
    }
    stats.expired = expired.length
    stats.ms = Date.now() - t0
    return stats
  }

  private readChunks(db: number, key: string, ids: number[]): Uint8Array {
    const byId = new Map<number, Uint8Array>()
    for (const [id, data] of this.sql.exec('SELECT id, data FROM redlet_chunks WHERE db = ? AND key = ?', db, key).raw()) {
      byId.set(id as number, new Uint8Array(data as ArrayBuffer))
    }
    let size = 0
    for (const id of ids) size += byId.get(id)?.length ?? 0
    const out = new Uint8Array(size)
    let off = 0
    for (const id of ids) {
      const part = byId.get(id)
      if (part === undefined) throw new Error(`redlet: chunk ${id} of a stored value is missing`)
      out.set(part, off)
      off += part.length
    }
    return out
  }

  /** Rows in storage: keys, and chunks of large values. */
  counts(): { keys: number; chunks: number } {
    const one = (q: string): number => {
      for (const [n] of this.sql.exec(q).raw()) return n as number
      return 0
    }
    return { keys: one('SELECT count(*) FROM redlet_keys'), chunks: one('SELECT count(*) FROM redlet_chunks') }
  }

  /** Starts following the engine's writes. */
  attach(engine: Engine): void {
    this.engine = engine
    this.dirty = engine.dbs.map(() => new Set<string>())
    engine.onKeyModified = (db, key) => this.mark(db, key)
    engine.onPropagate((argv, db) => this.propagated(argv, db))
  }

  /** A key to write at the next commit. */
  mark(db: number, key: string): void {
    const set = this.dirty[db]
    if (set === undefined || set.has(key)) return
    set.add(key)
    this.pending++
  }

  get pendingKeys(): number {
    return this.pending
  }

  /**
   * Every write as it took effect. Most keys were reported by `onKeyModified`
   * already; some stream writes (XGROUP, XACK, XCLAIM...) leave WATCH alone and
   * show up only here. Whole-database operations apply to storage at once.
   */
  private propagated(argv: readonly string[], db: number): void {
    const engine = this.engine as Engine
    const name = (argv[0] as string).toLowerCase()
    if (name === 'multi' || name === 'exec') return
    if (name === 'flushall') return this.flushAll()
    if (name === 'flushdb') return this.flushDb(db)
    if (name === 'swapdb') return this.swapDb(Number(argv[1]), Number(argv[2]))
    const cmd = resolveCommand(engine, argv)
    if (cmd === undefined) return
    for (const p of keyPositions(cmd, argv)) {
      const key = argv[p]
      if (key !== undefined) this.mark(db, key)
    }
  }

  private flushAll(): void {
    this.sql.exec('DELETE FROM redlet_keys')
    this.sql.exec('DELETE FROM redlet_chunks')
    this.chunked.clear()
    for (const set of this.dirty) set.clear()
    this.pending = 0
  }

  private flushDb(db: number): void {
    this.sql.exec('DELETE FROM redlet_keys WHERE db = ?', db)
    this.sql.exec('DELETE FROM redlet_chunks WHERE db = ?', db)
    const prefix = db + '\0'
    for (const k of [...this.chunked.keys()]) if (k.startsWith(prefix)) this.chunked.delete(k)
    const set = this.dirty[db]
    if (set !== undefined) {
      this.pending -= set.size
      set.clear()
    }
  }

  private swapDb(a: number, b: number): void {
    if (a === b || this.dirty[a] === undefined || this.dirty[b] === undefined) return
    for (const table of ['redlet_keys', 'redlet_chunks']) {
      this.sql.exec(`UPDATE ${table} SET db = -1 WHERE db = ?`, a)
      this.sql.exec(`UPDATE ${table} SET db = ? WHERE db = ?`, a, b)
      this.sql.exec(`UPDATE ${table} SET db = ? WHERE db = -1`, b)
    }
    const da = this.dirty[a] as Set<string>
    this.dirty[a] = this.dirty[b] as Set<string>
    this.dirty[b] = da
    const moved: [string, number[]][] = []
    for (const [k, ids] of [...this.chunked]) {
      const sep = k.indexOf('\0')
      const d = Number(k.slice(0, sep))
      if (d !== a && d !== b) continue
      this.chunked.delete(k)
      moved.push([(d === a ? b : a) + k.slice(sep), ids])
    }
    for (const [k, ids] of moved) this.chunked.set(k, ids)
  }

  /** Writes every pending key; returns how many. Synchronous: call it before replies leave. */
  commit(): number {
    if (this.pending === 0) return 0
    const engine = this.engine as Engine
    const n = this.pending
    const upserts: unknown[] = []
    for (let i = 0; i < this.dirty.length; i++) {
      const set = this.dirty[i] as Set<string>
      if (set.size === 0) continue
      const db = engine.dbs[i] as Engine['dbs'][number]
      const deletes: string[] = []
      for (const key of set) {
        const value = db.peek(key)
        const ck = this.chunked.size === 0 ? null : i + '\0' + key
        if (value === undefined) {
          deletes.push(key)
          if (ck !== null && this.chunked.has(ck)) this.dropChunks(i, key, ck)
          continue
        }
        const expireAt = db.getExpire(key)
        const blob = encodeValue(value, expireAt)
        if (blob.length > INLINE_MAX) {
          this.writeChunked(i, key, typeOf(value), expireAt, blob)
          continue
        }
        if (ck !== null && this.chunked.has(ck)) this.dropChunks(i, key, ck)
        upserts.push(i, key, typeOf(value), expireAt ?? null, blob)
        if (upserts.length === BATCH * 5) this.flushUpserts(upserts)
      }
      set.clear()
      this.flushDeletes(i, deletes)
    }
    this.flushUpserts(upserts)
    this.pending = 0
    return n
  }

  private flushUpserts(rows: unknown[]): void {
    if (rows.length === 0) return
    this.rowsWritten += this.sql.exec(upsertStatement(rows.length / 5), ...rows).rowsWritten
    rows.length = 0
  }

  private flushDeletes(db: number, keys: string[]): void {
    for (let i = 0; i < keys.length; i += 90) {
      const part = keys.slice(i, i + 90)
      this.rowsWritten += this.sql.exec(deleteStatement(part.length), db, ...part).rowsWritten
    }
  }

  private dropChunks(db: number, key: string, ck: string): void {
    this.chunked.delete(ck)
    this.rowsWritten += this.sql.exec('DELETE FROM redlet_chunks WHERE db = ? AND key = ?', db, key).rowsWritten
  }

  /** A large value: writes the chunks that are new, drops the ones no longer used, then the key row. */
  private writeChunked(db: number, key: string, type: string, expireAt: number | undefined, blob: Uint8Array): void {
    const ck = db + '\0' + key
    const old = new Set(this.chunked.get(ck) ?? [])
    const chunks = splitChunks(blob)
    const ids: number[] = []
    const keep = new Set<number>()
    for (const c of chunks) {
      ids.push(c.id)
      if (keep.has(c.id)) continue
      keep.add(c.id)
      if (old.has(c.id)) continue
      this.rowsWritten += this.sql.exec('INSERT OR REPLACE INTO redlet_chunks (db, key, id, data) VALUES (?, ?, ?, ?)', db, key, c.id, blob.subarray(c.from, c.to)).rowsWritten
    }
    for (const id of old) {
      if (!keep.has(id)) this.rowsWritten += this.sql.exec('DELETE FROM redlet_chunks WHERE db = ? AND key = ? AND id = ?', db, key, id).rowsWritten
    }
    this.rowsWritten += this.sql.exec('INSERT OR REPLACE INTO redlet_keys (db, key, type, expire, val, parts) VALUES (?, ?, ?, ?, NULL, ?)', db, key, type, expireAt ?? null, ids.join(',')).rowsWritten
    this.chunked.set(ck, ids)
  }
}
