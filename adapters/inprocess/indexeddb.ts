/**
 * Browser persistence: the engine's snapshot (the value codec: every database,
 * TTLs included) kept in IndexedDB, loaded at start and saved after writes.
 */
import type { Engine } from '../../src/index.js'

// The slice of the IndexedDB API used here (the adapter compiles without DOM types).
interface IdbRequest<T> {
  result: T
  error: unknown
  onsuccess: (() => void) | null
  onerror: (() => void) | null
}
interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null
}
interface IdbStore {
  get(key: string): IdbRequest<unknown>
  put(value: unknown, key: string): IdbRequest<unknown>
  delete(key: string): IdbRequest<unknown>
}
interface IdbTransaction {
  objectStore(name: string): IdbStore
}
interface IdbDatabase {
  objectStoreNames: { contains(name: string): boolean }
  createObjectStore(name: string): unknown
  transaction(store: string, mode: 'readonly' | 'readwrite'): IdbTransaction
  close(): void
}
export interface IdbFactory {
  open(name: string, version?: number): IdbOpenRequest
}

type TimerHost = { setTimeout?: (fn: () => void, ms: number) => unknown; clearTimeout?: (t: unknown) => void }

export interface IndexedDbOptions {
  /** Database name (default `redlet`). */
  database?: string
  /** Key of the snapshot in the object store (default `snapshot`): several engines may share a database. */
  key?: string
  /** Save this many ms after a write, batching the writes in between (default 200); 0 saves only on `save()`. */
  debounceMs?: number
  /** The IndexedDB factory (default `globalThis.indexedDB`). */
  indexedDB?: IdbFactory
}

const STORE = 'snapshots'

function request<T>(r: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error)
  })
}

/** A snapshot store for one engine. */
export class IndexedDbPersistence {
  private timer: unknown = null
  private saving: Promise<void> = Promise.resolve()
  private stopListening: (() => void) | null = null

  private constructor(
    private readonly engine: Engine,
    private readonly db: IdbDatabase,
    private readonly key: string,
    private readonly debounceMs: number,
  ) {}

  /** Opens (creating if needed) the database. */
  static async open(engine: Engine, options: IndexedDbOptions = {}): Promise<IndexedDbPersistence> {
    const factory = options.indexedDB ?? (globalThis as { indexedDB?: IdbFactory }).indexedDB
    if (factory === undefined) throw new Error('IndexedDB is not available on this platform')
    const open = factory.open(options.database ?? 'redlet', 1)
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE)
    }
    const db = await request(open)
    return new IndexedDbPersistence(engine, db, options.key ?? 'snapshot', options.debounceMs ?? 200)
  }

  /** Restores the stored snapshot, if any; returns the number of keys loaded, or null when none was stored. */
  async load(): Promise<number | null> {
    const stored = await request(this.db.transaction(STORE, 'readonly').objectStore(STORE).get(this.key))
    if (!(stored instanceof Uint8Array)) return null
    return this.engine.restore(stored)
  }

  /** Stores a snapshot of the engine now. */
  save(): Promise<void> {
    const bytes = this.engine.snapshot()
    this.saving = this.saving.then(() => request(this.db.transaction(STORE, 'readwrite').objectStore(STORE).put(bytes, this.key)).then(() => undefined))
    return this.saving
  }

  /** Saves after every write (debounced); returns a function that stops it. */
  autoSave(): () => void {
    this.stopListening?.()
    const off = this.engine.onPropagate(() => this.schedule())
    this.stopListening = () => {
      off()
      this.stopListening = null
    }
    return this.stopListening
  }

  /** Deletes the stored snapshot. */
  async clear(): Promise<void> {
    await request(this.db.transaction(STORE, 'readwrite').objectStore(STORE).delete(this.key))
  }

  /** Stops autosaving, writes what is pending, and closes the database. */
  async close(): Promise<void> {
    this.stopListening?.()
    const g = globalThis as TimerHost
    if (this.timer !== null) {
      g.clearTimeout?.(this.timer)
      this.timer = null
      await this.save()
    }
    await this.saving
    this.db.close()
  }

  private schedule(): void {
    const g = globalThis as TimerHost
    if (this.timer !== null || this.debounceMs === 0 || typeof g.setTimeout !== 'function') return
    this.timer = g.setTimeout(() => {
      this.timer = null
      void this.save()
    }, this.debounceMs)
  }
}

/**
 * Keeps an engine in IndexedDB: loads what was stored, then saves after writes.
 *
 * @example
 * ```ts
 * import { Redlet, persistToIndexedDB } from 'redlet/inprocess'
 * const r = new Redlet()
 * const store = await persistToIndexedDB(r.engine, { database: 'my-app' })
 * r.incr('visits') // saved ~200 ms later; survives a reload
 * ```
 */
export async function persistToIndexedDB(engine: Engine, options: IndexedDbOptions = {}): Promise<IndexedDbPersistence> {
  const p = await IndexedDbPersistence.open(engine, options)
  await p.load()
  p.autoSave()
  return p
}
