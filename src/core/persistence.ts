/**
 * Persistence, portable parts: the host interface an adapter installs (SAVE,
 * BGSAVE, BGREWRITEAOF, SHUTDOWN and INFO call it), the save-rule and
 * AOF-rewrite policies, and the background snapshot that a single-threaded
 * engine takes in slices between event-loop turns.
 */
import { SnapshotStream } from './codec.js'
import type { Db } from './keyspace.js'

export type SaveResult = 'ok' | 'in-progress' | 'failed'
export type BgsaveResult = 'started' | 'scheduled' | 'in-progress' | 'busy'
export type RewriteResult = 'started' | 'scheduled' | 'in-progress' | 'failed'
export type ShutdownResult = 'ok' | 'failed' | 'not-shutting-down'

/** SHUTDOWN's modifiers, and whether a signal asked (SIGTERM, SIGINT). */
export interface ShutdownOptions {
  save?: boolean
  nosave?: boolean
  now?: boolean
  force?: boolean
  abort?: boolean
  signal?: string
}

/** Figures for INFO persistence that only the host knows. */
export interface PersistenceStatus {
  rdbBgsaveInProgress: boolean
  rdbLastBgsaveOk: boolean
  /** Seconds the last BGSAVE took, -1 before any. */
  rdbLastBgsaveTimeSec: number
  /** Seconds the running BGSAVE has taken, -1 when none runs. */
  rdbCurrentBgsaveTimeSec: number
  rdbSaves: number
  loadKeysLoaded: number
  loadKeysExpired: number
  aofEnabled: boolean
  aofRewriteInProgress: boolean
  aofRewriteScheduled: boolean
  aofLastRewriteTimeSec: number
  aofCurrentRewriteTimeSec: number
  aofLastBgrewriteOk: boolean
  aofRewrites: number
  aofRewritesConsecutiveFailures: number
  aofLastWriteOk: boolean
  aofCurrentSize: number
  aofBaseSize: number
  aofPendingRewrite: boolean
  aofBufferLength: number
  /** Keys a background save has written, and the keys it started with. */
  saveKeysProcessed: number
  saveKeysTotal: number
}

/** Why writes are refused: a failed BGSAVE under save rules, or a failed AOF write. */
export type DeniedWrites = { readonly kind: 'rdb' } | { readonly kind: 'aof'; readonly reason: string }

/**
 * What an adapter provides for persistence (Node: files under `dir`). The
 * engine holds it as `engine.persistence`; null means the runtime has no
 * persistence, and the commands say so.
 */
export interface PersistenceHost {
  /** SAVE: a snapshot written before the reply. */
  save(): SaveResult
  /** `inExec`: called inside a transaction, where Redis only schedules. */
  bgsave(schedule: boolean, inExec: boolean): BgsaveResult
  bgrewriteaof(inExec: boolean): RewriteResult
  /** 'ok': the server is going away (no reply is sent); the host ends the process. */
  shutdown(options: ShutdownOptions): ShutdownResult
  /** FLUSHALL ran: a BGSAVE in progress stops, and save rules save the empty data set at once. */
  flushedAll(): void
  /** The background snapshot in progress, which must see every write before it happens. */
  readonly capture: SnapshotJob | null
  /** Non-null while writes must be refused (MISCONF). */
  deniedWrites(): DeniedWrites | null
  status(): PersistenceStatus
  /**
   * Replies of a client are about to leave. True when they must wait until the
   * log holds the writes they acknowledge (appendfsync); `resume` runs then.
   */
  holdReplies(resume: () => void): boolean
}

// ---- policies ----

export interface SaveRule {
  readonly seconds: number
  readonly changes: number
}

/** The `save` setting ("3600 1 300 100") as rules. */
export function parseSaveRules(value: string): SaveRule[] {
  const parts = value.split(/\s+/).filter((p) => p !== '')
  const out: SaveRule[] = []
  for (let i = 0; i + 1 < parts.length; i += 2) out.push({ seconds: Number(parts[i]), changes: Number(parts[i + 1]) })
  return out
}

/** After a failed background save, rules wait this long before trying again (Redis's 5 s). */
export const BGSAVE_RETRY_DELAY_MS = 5000

/**
 * The save rule that asks for a background save now, or null: its number of
 * changes is reached and more than its seconds have passed since the last save.
 */
export function dueSaveRule(rules: readonly SaveRule[], now: number, dirty: number, lastSave: number, lastTry: number, lastOk: boolean): SaveRule | null {
  for (const r of rules) {
    if (dirty >= r.changes && now - lastSave > r.seconds * 1000 && (lastOk || now - lastTry > BGSAVE_RETRY_DELAY_MS)) return r
  }
  return null
}

/**
 * Whether the AOF grew enough for an automatic rewrite: past `minSize` and by
 * `percentage` over its size after the last rewrite (or load). Returns the
 * growth in percent, or null.
 */
export function aofRewriteGrowth(currentSize: number, baseSize: number, percentage: number, minSize: number): number | null {
  if (percentage <= 0 || currentSize <= minSize) return null
  const base = baseSize > 0 ? baseSize : 1
  const growth = Math.floor((currentSize * 100) / base) - 100
  return growth >= percentage ? growth : null
}

// ---- the background snapshot ----

/**
 * A snapshot of every database as it was when the job was created, taken in
 * slices (`step`) while clients keep writing. Before a write runs, the engine
 * calls `touch` for each key it is about to change: the job writes that key's
 * value first (copy-on-write, the way a forked child's pages stay as they
 * were), and skips it when its walk reaches it. Keys created after the start
 * are touched while absent, so they are skipped too. The bytes are the value
 * codec's snapshot format, handed out in pieces by `take` and `end`.
 *
 * Whole-database changes (FLUSHALL, FLUSHDB, SWAPDB) call `touchAll` first,
 * which finishes the walk at once.
 */
export class SnapshotJob {
  private readonly stream = new SnapshotStream()
  private dbIndex = 0
  private iter: Iterator<[string, unknown]> | null = null
  /** Per database: keys already written, or seen absent, because a write touched them. */
  private readonly touched: Set<string>[]
  /** Keys when the job began. */
  readonly total: number
  /** Keys written so far. */
  processed = 0
  private ended = false

  constructor(
    private readonly dbs: readonly Db[],
    libraries: readonly string[] = [],
  ) {
    for (const code of libraries) this.stream.library(code)
    this.touched = dbs.map(() => new Set<string>())
    let total = 0
    for (const db of dbs) total += db.size
    this.total = total
  }

  /** Whether every key has been written. */
  get walked(): boolean {
    return this.dbIndex >= this.dbs.length
  }

  /** Writes up to `budget` more keys of the walk; true when the walk is complete. */
  step(budget: number): boolean {
    const dbs = this.dbs
    while (budget > 0 && this.dbIndex < dbs.length) {
      const db = dbs[this.dbIndex] as Db
      if (this.iter === null) {
        if (db.size === 0) {
          this.dbIndex++
          continue
        }
        this.iter = db.entries()
      }
      const r = this.iter.next()
      if (r.done === true) {
        this.iter = null
        this.dbIndex++
        continue
      }
      const key = r.value[0]
      if ((this.touched[this.dbIndex] as Set<string>).has(key)) continue
      this.write(db, key)
      budget--
    }
    return this.dbIndex >= dbs.length
  }

  private write(db: Db, key: string): void {
    const value = db.peek(key)
    if (value === undefined) return
    this.stream.entry(db.id, key, value, db.getExpire(key))
    this.processed++
  }

  /** A write is about to change `key` of database `db`: keep its value as it is now. */
  touch(db: number, key: string): void {
    const done = this.touched[db]
    if (done === undefined || done.has(key)) return
    done.add(key)
    // databases the walk has finished need nothing; in the current one, a key the
    // walk already wrote is written again with the same value (harmless: last one wins)
    if (db < this.dbIndex) return
    this.write(this.dbs[db] as Db, key)
  }

  /** A whole-database change is about to run: finish the walk now. */
  touchAll(): void {
    this.step(Infinity)
  }

  /** Bytes encoded and not yet taken. */
  get buffered(): number {
    return this.stream.buffered
  }

  /** The bytes encoded since the last call. */
  take(): Uint8Array {
    return this.stream.take()
  }

  /** The last bytes of the snapshot; call once the walk is complete. */
  end(): Uint8Array {
    if (!this.walked) throw new Error('snapshot job ended before its walk')
    if (this.ended) throw new Error('snapshot job ended twice')
    this.ended = true
    return this.stream.end()
  }

  /** Total bytes handed out. */
  get written(): number {
    return this.stream.written
  }
}
