/**
 * A background save or AOF rewrite: the data is walked in slices of a few
 * milliseconds between event-loop turns (SnapshotJob keeps what writes change
 * meanwhile), and the bytes are written to a temporary file as they come,
 * which is fsynced and renamed into place at the end.
 */
import { performance } from 'node:perf_hooks'
import { SnapshotJob, type Engine } from '../../../src/index.js'
import type { RewriteStart } from './aof.js'
import { BackgroundFile } from './files.js'

/** Encoded bytes handed to the file writer at a time. */
const CHUNK = 1 << 20
/** The walk pauses while this much waits to be written. */
const MAX_QUEUED = 64 << 20

export class BackgroundJob {
  readonly snap: SnapshotJob
  readonly file: BackgroundFile
  readonly started = Date.now()
  private cancelled = false

  constructor(
    readonly kind: 'rdb' | 'aof',
    private readonly engine: Engine,
    tempPath: string,
    /** Where the file goes once complete. */
    readonly finalPath: string,
    /** `dirty` when the job began: a BGSAVE leaves the changes made since. */
    readonly dirtyAtStart: number,
    /** The AOF files switched when a rewrite began. */
    readonly rewrite: RewriteStart | null,
    private readonly sliceMs: number,
  ) {
    this.snap = new SnapshotJob(engine.dbs, engine.functionLibraries())
    this.file = new BackgroundFile(tempPath)
  }

  /** Runs the job; `done` gets null once the file is in place, or the error. Not called after `cancel`. */
  start(done: (err: unknown) => void): void {
    setImmediate(() => this.slice(done))
  }

  /** Stops the job and removes its temporary file. */
  cancel(): void {
    this.cancelled = true
    void this.file.abort()
  }

  private slice(done: (err: unknown) => void): void {
    if (this.cancelled) return
    if (this.file.queued > MAX_QUEUED) {
      setTimeout(() => this.slice(done), 2)
      return
    }
    const snap = this.snap
    // rdb-key-save-delay (a testing knob, µs per key) makes a save slow on purpose: one key per turn
    const delay = this.engine.config.getInt('rdb-key-save-delay')
    const deadline = performance.now() + this.sliceMs
    let walked = false
    do {
      walked = snap.step(delay > 0 ? 1 : 512)
      if (snap.buffered >= CHUNK) this.file.write(snap.take())
    } while (!walked && delay <= 0 && performance.now() < deadline)
    if (snap.buffered > 0) this.file.write(snap.take())
    if (!walked) {
      if (delay > 0) setTimeout(() => this.slice(done), Math.max(1, Math.round(delay / 1000)))
      else setImmediate(() => this.slice(done))
      return
    }
    this.file.write(snap.end())
    this.file.finish(this.finalPath).then(
      () => {
        if (!this.cancelled) done(null)
      },
      async (err: unknown) => {
        if (this.cancelled) return
        await this.file.abort()
        done(err)
      },
    )
  }
}
