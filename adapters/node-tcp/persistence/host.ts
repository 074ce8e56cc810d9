/**
 * Persistence for the Node server: the AOF (under `appendfsync`), snapshots
 * (SAVE, BGSAVE, `save` rules), BGREWRITEAOF, SHUTDOWN and the INFO figures.
 *
 * Background saves and rewrites snapshot the data as it was when they began,
 * in slices of a few milliseconds between event-loop turns (SnapshotJob keeps
 * the keys a write is about to change), and write the file asynchronously.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  aofRewriteGrowth,
  BGSAVE_RETRY_DELAY_MS,
  dueSaveRule,
  installPersistence,
  parseSaveRules,
  type SnapshotJob,
  type BgsaveResult,
  type DeniedWrites,
  type Engine,
  type PersistenceHost,
  type PersistenceStatus,
  type RewriteResult,
  type SaveResult,
  type ShutdownOptions,
  type ShutdownResult,
} from '../../../src/index.js'
import { AofFiles, errorText, type RewriteStart } from './aof.js'
import { BackgroundJob } from './background.js'
import { writeFileAtomic } from './files.js'
import { loadSnapshotBytes, withClockStopped, withoutStats } from './load.js'

export interface PersistenceOptions {
  /** Log lines (loading, saves, rewrites, warnings). */
  log?: (line: string) => void
  /** After SHUTDOWN (or a signal) saved what it had to: close the server, end the process. */
  onShutdown?: () => void
  /** Work per slice of a background save, in ms (default 5). */
  sliceMs?: number
}

const CRON_MS = 100

export class NodePersistence implements PersistenceHost {
  private job: BackgroundJob | null = null
  private aof: AofFiles | null = null
  private aofState: 'off' | 'on' | 'wait-rewrite' = 'off'
  private rdbScheduled = false
  private aofScheduled = false
  private held: (() => void)[] = []
  private turnScheduled = false
  private timer: NodeJS.Timeout | null = null
  private lastFsync = 0
  private closed = false
  private unlisten: (() => void) | null = null
  private uninstall: (() => void) | null = null
  private readonly log: (line: string) => void
  private readonly sliceMs: number
  // figures for INFO
  private rdbSaves = 0
  private lastBgsaveOk = true
  private lastBgsaveTry = 0
  private lastBgsaveTimeSec = -1
  private aofRewrites = 0
  private lastRewriteOk = true
  private lastRewriteTimeSec = -1
  private rewriteFailures = 0
  private loadKeys = 0
  private loadExpired = 0
  private temps = 0

  constructor(
    readonly engine: Engine,
    private readonly options: PersistenceOptions = {},
  ) {
    this.log = options.log ?? (() => {})
    this.sliceMs = options.sliceMs ?? 5
  }

  private get dir(): string {
    return this.engine.config.get('dir')
  }

  private aofFiles(): AofFiles {
    const c = this.engine.config
    this.aof ??= new AofFiles(join(this.dir, c.get('appenddirname')), c.get('appendfilename'), this.log)
    return this.aof
  }

  /**
   * Loads the data (the AOF when appendonly is on, else the snapshot file),
   * opens the AOF, and starts serving persistence. Throws PersistenceLoadError
   * when the files cannot be trusted.
   */
  start(): void {
    const e = this.engine
    const c = e.config
    withoutStats(e, () => {
      const t0 = performance.now()
      if (c.getBool('appendonly')) {
        const aof = this.aofFiles()
        if (aof.exists()) {
          const s = withClockStopped(e, () => aof.load(e, c.getBool('aof-load-truncated')))
          this.loadKeys = s.keys
          this.loadExpired = s.expired
          this.log(`DB loaded from append only file: ${((performance.now() - t0) / 1000).toFixed(3)} seconds`)
        } else aof.create(e)
        this.aofState = 'on'
      } else {
        const path = join(this.dir, c.get('dbfilename'))
        if (existsSync(path)) {
          const s = loadSnapshotBytes(e, readFileSync(path), path)
          this.loadKeys = s.keys
          this.loadExpired = s.expired
          this.log(`DB loaded from disk: ${((performance.now() - t0) / 1000).toFixed(3)} seconds`)
        }
      }
    })
    e.dirty = 0
    this.unlisten = e.onPropagate((argv, db) => this.feed(argv, db))
    this.uninstall = installPersistence(e, this)
    c.onChange((name, value) => {
      if (this.closed || name !== 'appendonly') return
      if (value === 'yes' && this.aofState === 'off') this.enableAof()
      else if (value === 'no' && this.aofState !== 'off') this.disableAof()
    })
    this.timer = setInterval(() => this.cron(), CRON_MS)
    this.timer.unref()
  }

  // ---- the AOF write path ----

  private feed(argv: readonly string[], db: number): void {
    const aof = this.aof
    if (aof === null || !aof.isOpen) return
    aof.log.feed(argv, db)
    this.scheduleTurn()
  }

  private scheduleTurn(): void {
    if (this.turnScheduled) return
    this.turnScheduled = true
    setImmediate(() => this.turn())
  }

  /** Once per event-loop turn with writes: write them (and fsync under `always`), then let held replies go. */
  private turn(): void {
    this.turnScheduled = false
    const aof = this.aof
    // a failed write or fsync is tried again here (from the timer too) until it works
    if (aof !== null && aof.isOpen && (aof.pending !== 0 || !aof.lastWriteOk)) {
      if (!aof.write()) return
      if (this.engine.config.get('appendfsync') === 'always') {
        try {
          aof.syncNow()
        } catch (e) {
          if (aof.lastWriteOk) this.log(`Can't persist the AOF (fsync error under appendfsync always): ${errorText(e)}`)
          aof.lastWriteOk = false
          aof.writeError = errorText(e)
          return
        }
      }
      if (!aof.lastWriteOk) this.log('The AOF error is solved: writes are accepted again.')
      aof.lastWriteOk = true
      aof.writeError = ''
    }
    this.release()
  }

  private release(): void {
    if (this.held.length === 0) return
    const held = this.held
    this.held = []
    for (const resume of held) resume()
  }

  holdReplies(resume: () => void): boolean {
    const aof = this.aof
    if (aof === null || !aof.isOpen || (aof.pending === 0 && aof.lastWriteOk)) return false
    this.held.push(resume)
    this.scheduleTurn()
    return true
  }

  deniedWrites(): DeniedWrites | null {
    const aof = this.aof
    if (aof !== null && !aof.lastWriteOk) return { kind: 'aof', reason: aof.writeError }
    const c = this.engine.config
    if (!this.lastBgsaveOk && c.getBool('stop-writes-on-bgsave-error') && c.get('save') !== '') return { kind: 'rdb' }
    return null
  }

  get capture(): SnapshotJob | null {
    const job = this.job
    return job === null || job.snap.walked ? null : job.snap
  }

  // ---- commands ----

  save(): SaveResult {
    if (this.job?.kind === 'rdb') return 'in-progress'
    this.rdbSaves++
    return this.saveNow() ? 'ok' : 'failed'
  }

  /** A snapshot written before returning (SAVE, FLUSHALL with save rules, SHUTDOWN). */
  private saveNow(): boolean {
    const e = this.engine
    try {
      const name = e.config.get('dbfilename')
      writeFileAtomic(join(this.dir, name), e.snapshot(), `temp-${process.pid}-${name}`)
    } catch (err) {
      this.log(`Failed saving the DB: ${errorText(err)}`)
      return false
    }
    e.dirty = 0
    e.lastSave = e.clock.now()
    this.lastBgsaveOk = true
    this.log('DB saved on disk')
    return true
  }

  bgsave(schedule: boolean, inExec: boolean): BgsaveResult {
    if (this.job?.kind === 'rdb') return 'in-progress'
    if (this.job !== null || inExec) {
      if (!schedule && !inExec) return 'busy'
      this.rdbScheduled = true
      return 'scheduled'
    }
    this.startBgsave()
    return 'started'
  }

  bgrewriteaof(inExec: boolean): RewriteResult {
    if (this.job?.kind === 'aof') return 'in-progress'
    if (this.job !== null || inExec) {
      this.aofScheduled = true
      this.rewriteFailures = 0
      return 'scheduled'
    }
    return this.startRewrite() ? 'started' : 'failed'
  }

  flushedAll(): void {
    if (this.job?.kind === 'rdb') {
      this.log('Background saving stopped: FLUSHALL emptied the data set')
      this.cancelJob()
    }
    if (this.engine.config.get('save') !== '') this.saveNow()
  }

  shutdown(o: ShutdownOptions): ShutdownResult {
    if (o.abort === true) return 'not-shutting-down'
    if (o.signal === undefined) this.log('User requested shutdown...')
    const fail = (why: string): ShutdownResult => {
      this.log(why)
      this.log('Errors trying to shut down the server. Check the logs for more information.')
      return 'failed'
    }
    const job = this.job
    if (job !== null) {
      if (job.kind === 'aof' && this.aofState === 'wait-rewrite') {
        if (o.force !== true) return fail("Writing initial AOF, can't exit.")
        this.log('Writing initial AOF. Exit anyway.')
      }
      this.log(job.kind === 'rdb' ? 'Stopping the background save in progress.' : 'Stopping the AOF rewrite in progress.')
      this.cancelJob()
    }
    const aof = this.aof
    if (aof !== null && aof.isOpen) {
      this.log('Calling fsync() on the AOF file.')
      try {
        aof.write()
        aof.syncNow()
      } catch (e) {
        this.log(`Error writing the AOF: ${errorText(e)}`)
      }
    }
    if ((this.engine.config.get('save') !== '' && o.nosave !== true) || o.save === true) {
      this.log('Saving the final snapshot before exiting.')
      if (!this.saveNow()) {
        if (o.force !== true) return fail("Error trying to save the DB, can't exit.")
        this.log('Error trying to save the DB. Exit anyway.')
      }
    }
    this.stop()
    // at once, as Redis exits inside the command: no other client's write may run unlogged
    this.options.onShutdown?.()
    return 'ok'
  }

  status(): PersistenceStatus {
    const job = this.job
    const aof = this.aof
    const now = Date.now()
    const secs = (since: number): number => Math.floor((now - since) / 1000)
    const aofOn = this.aofState !== 'off'
    return {
      rdbBgsaveInProgress: job?.kind === 'rdb',
      rdbLastBgsaveOk: this.lastBgsaveOk,
      rdbLastBgsaveTimeSec: this.lastBgsaveTimeSec,
      rdbCurrentBgsaveTimeSec: job?.kind === 'rdb' ? secs(job.started) : -1,
      rdbSaves: this.rdbSaves,
      loadKeysLoaded: this.loadKeys,
      loadKeysExpired: this.loadExpired,
      aofEnabled: aofOn,
      aofRewriteInProgress: job?.kind === 'aof',
      aofRewriteScheduled: this.aofScheduled,
      aofLastRewriteTimeSec: this.lastRewriteTimeSec,
      aofCurrentRewriteTimeSec: job?.kind === 'aof' ? secs(job.started) : -1,
      aofLastBgrewriteOk: this.lastRewriteOk,
      aofRewrites: this.aofRewrites,
      aofRewritesConsecutiveFailures: this.rewriteFailures,
      aofLastWriteOk: aof?.lastWriteOk ?? true,
      aofCurrentSize: aofOn && aof !== null ? aof.currentSize : 0,
      aofBaseSize: aofOn && aof !== null ? aof.baseSize : 0,
      aofPendingRewrite: this.aofScheduled,
      aofBufferLength: aof?.pending ?? 0,
      saveKeysProcessed: job?.snap.processed ?? 0,
      saveKeysTotal: job?.snap.total ?? 0,
    }
  }

  // ---- background jobs ----

  private startBgsave(): void {
    const e = this.engine
    this.rdbScheduled = false
    this.lastBgsaveTry = e.clock.now()
    this.rdbSaves++
    const name = e.config.get('dbfilename')
    this.run(new BackgroundJob('rdb', e, join(this.dir, `temp-bg-${process.pid}-${++this.temps}-${name}`), join(this.dir, name), e.dirty, null, this.sliceMs))
    this.log('Background saving started')
  }

  private startRewrite(): boolean {
    this.aofScheduled = false
    let rewrite: RewriteStart
    try {
      rewrite = this.aofFiles().beginRewrite(this.aofState === 'on', this.aofState === 'wait-rewrite')
    } catch (err) {
      this.log(`Can't start the AOF rewrite: ${errorText(err)}`)
      this.lastRewriteOk = false
      this.rewriteFailures++
      return false
    }
    this.aofRewrites++
    this.run(new BackgroundJob('aof', this.engine, rewrite.tempPath, rewrite.basePath, this.engine.dirty, rewrite, this.sliceMs))
    this.log('Background append only file rewriting started')
    return true
  }

  private run(job: BackgroundJob): void {
    this.job = job
    job.start((err) => {
      if (job !== this.job) return
      this.job = null
      if (err === null && job.rewrite !== null) {
        try {
          this.aofFiles().finishRewrite(job.rewrite, job.snap.written)
        } catch (e) {
          err = e
        }
      }
      if (err === null) this.succeeded(job)
      else this.failed(job, err)
    })
  }

  private succeeded(job: BackgroundJob): void {
    const secs = Math.floor((Date.now() - job.started) / 1000)
    if (job.kind === 'rdb') {
      const e = this.engine
      e.dirty = Math.max(0, e.dirty - job.dirtyAtStart)
      e.lastSave = e.clock.now()
      this.lastBgsaveOk = true
      this.lastBgsaveTimeSec = secs
      this.log('Background saving terminated with success')
    } else {
      this.lastRewriteOk = true
      this.lastRewriteTimeSec = secs
      this.rewriteFailures = 0
      if (this.aofState === 'wait-rewrite') this.aofState = 'on'
      this.log('Background AOF rewrite finished successfully')
    }
  }

  private failed(job: BackgroundJob, err: unknown): void {
    const secs = Math.floor((Date.now() - job.started) / 1000)
    if (job.kind === 'rdb') {
      this.lastBgsaveOk = false
      this.lastBgsaveTimeSec = secs
      this.log(`Background saving error: ${errorText(err)}`)
    } else {
      this.lastRewriteOk = false
      this.lastRewriteTimeSec = secs
      this.rewriteFailures++
      this.log(`Background AOF rewrite failed: ${errorText(err)}`)
      // appendonly was just turned on: keep trying
      if (this.aofState === 'wait-rewrite') this.aofScheduled = true
    }
  }

  /** Stops the job in progress and removes its temporary file. */
  private cancelJob(): void {
    const job = this.job
    if (job === null) return
    this.job = null
    job.cancel()
  }

  // ---- appendonly switched at run time ----

  private enableAof(): void {
    this.aofState = 'wait-rewrite'
    if (this.job !== null) {
      this.aofScheduled = true
      this.log('AOF was enabled but another background operation runs: the AOF rewrite starts when it ends.')
    } else if (!this.startRewrite()) this.aofScheduled = true
  }

  private disableAof(): void {
    if (this.job?.kind === 'aof') this.cancelJob()
    this.aofScheduled = false
    this.aofState = 'off'
    try {
      this.aof?.close()
    } catch (e) {
      this.log(`Error closing the AOF: ${errorText(e)}`)
    }
    this.aof = null
    this.release()
  }

  // ---- the timer: save rules, automatic rewrites, scheduled jobs, everysec fsync ----

  private cron(): void {
    if (this.closed) return
    const e = this.engine
    const c = e.config
    const aof = this.aof
    if (aof !== null && aof.isOpen) {
      if (aof.pending !== 0 || !aof.lastWriteOk) this.turn()
      if (c.get('appendfsync') === 'everysec' && Date.now() - this.lastFsync >= 1000) {
        this.lastFsync = Date.now()
        aof.syncLater()
      }
    }
    if (this.job !== null) return
    if (this.aofScheduled) {
      this.startRewrite()
      return
    }
    if (this.rdbScheduled && (this.lastBgsaveOk || e.clock.now() - this.lastBgsaveTry > BGSAVE_RETRY_DELAY_MS)) {
      this.startBgsave()
      return
    }
    const rule = dueSaveRule(parseSaveRules(c.get('save')), e.clock.now(), e.dirty, e.lastSave, this.lastBgsaveTry, this.lastBgsaveOk)
    if (rule !== null) {
      this.log(`${rule.changes} changes in ${rule.seconds} seconds. Saving...`)
      this.startBgsave()
      return
    }
    if (this.aofState === 'on' && aof !== null) {
      const growth = aofRewriteGrowth(aof.currentSize, aof.rewriteBaseSize, c.getInt('auto-aof-rewrite-percentage'), c.getInt('auto-aof-rewrite-min-size'))
      if (growth !== null) {
        this.log(`Starting automatic rewriting of AOF on ${growth}% growth`)
        this.startRewrite()
      }
    }
  }

  /** Stops timers and jobs, writes and fsyncs the AOF and closes it (server close, shutdown). */
  stop(): void {
    if (this.closed) return
    this.closed = true
    if (this.timer !== null) clearInterval(this.timer)
    this.cancelJob()
    try {
      this.aof?.close()
    } catch (e) {
      this.log(`Error closing the AOF: ${errorText(e)}`)
    }
    this.unlisten?.()
    this.uninstall?.()
    this.release()
  }
}
