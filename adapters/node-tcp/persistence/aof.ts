/**
 * The append-only files on disk, in Redis 7's multi-part layout under
 * `dir/appenddirname`: a base (a redlet snapshot), incremental files of RESP
 * commands, and the manifest naming them. The manifest is only ever replaced
 * atomically, so after a crash it names a complete set of files.
 */
import { closeSync, existsSync, fdatasync, fdatasyncSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import {
  AofLog,
  AofManifestError,
  aofNames,
  formatManifest,
  nextSeqs,
  parseManifest,
  readAof,
  type AofFileInfo,
  type AofManifest,
  type Engine,
} from '../../../src/index.js'
import { fsyncDir, removeQuietly, writeAll, writeFileAtomic } from './files.js'
import { latin1Slice } from '../buffers.js'
import { loadSnapshotBytes, PersistenceLoadError, replayInto } from './load.js'

export interface AofLoadStats {
  keys: number
  expired: number
  commands: number
}

/** What a rewrite switched to when it began; `finish` needs it to complete. */
export interface RewriteStart {
  readonly baseSeq: number
  readonly tempPath: string
  readonly basePath: string
  /** The incremental file writes go to from the start of the rewrite (null: the AOF is off). */
  readonly incr: AofFileInfo | null
  /** Files the manifest listed before: deleted once the new base is in place. */
  readonly previous: readonly AofFileInfo[]
}

/** Numbers temporary files, so that no two jobs of this process ever share one. */
let tempFiles = 0

export class AofFiles {
  readonly log = new AofLog()
  manifest: AofManifest | null = null
  private fd = -1
  private incr: AofFileInfo | null = null
  baseSize = 0
  /** Bytes of the incremental files the manifest lists (the current one included). */
  incrSize = 0
  /** Total size after the last rewrite or load: automatic rewrites measure growth from it. */
  rewriteBaseSize = 0
  lastWriteOk = true
  writeError = ''
  /** Bytes a failed write left behind, tried again before anything newer. */
  private retry: Buffer | null = null
  private unsynced = false
  private syncing = false
  /** Size of the open incremental file: a failed write is cut back to it. */
  private fileSize = 0

  constructor(
    readonly dir: string,
    readonly prefix: string,
    private readonly say: (line: string) => void,
  ) {}

  private path(name: string): string {
    return join(this.dir, name)
  }

  get manifestPath(): string {
    return this.path(aofNames.manifest(this.prefix))
  }

  /** Whether a manifest exists (an AOF to load). */
  exists(): boolean {
    return existsSync(this.manifestPath)
  }

  get currentSize(): number {
    return this.baseSize + this.incrSize
  }

  /** Bytes fed and not yet written to the file. */
  get pending(): number {
    return this.log.pending + (this.retry?.length ?? 0)
  }

  get isOpen(): boolean {
    return this.fd >= 0
  }

  private writeManifest(m: AofManifest): void {
    writeFileAtomic(this.manifestPath, formatManifest(m), `temp-${this.prefix}.manifest`)
    this.manifest = m
  }

  /**
   * Removes leftovers of rewrites that a crash interrupted: temporary files, and
   * (given the manifest) bases and incremental files it no longer lists.
   */
  private removeTemps(m?: AofManifest): void {
    const mark = `temp-${this.prefix}.`
    const listed = new Set([...(m?.base ? [m.base.file] : []), ...(m?.incrs ?? []).map((f) => f.file)])
    const ours = (name: string): boolean => name.startsWith(`${this.prefix}.`) && /^\d+\.(base\.redlet|incr\.aof)$/.test(name.slice(this.prefix.length + 1))
    for (const name of readdirSync(this.dir)) {
      if (name.startsWith(mark) || (m !== undefined && ours(name) && !listed.has(name))) removeQuietly(this.path(name))
    }
  }

  /**
   * Loads the base and the incremental files into `engine`, repairing a
   * cut-off last file when `truncatedOk`; throws PersistenceLoadError when the
   * data cannot be trusted. Leaves the last incremental file open for appends.
   */
  load(engine: Engine, truncatedOk: boolean): AofLoadStats {
    let m: AofManifest
    try {
      m = parseManifest(readFileSync(this.manifestPath, 'latin1'))
    } catch (e) {
      if (e instanceof AofManifestError) throw new PersistenceLoadError(`${e.message} (${this.manifestPath})`)
      throw e
    }
    this.removeTemps(m)
    const stats: AofLoadStats = { keys: 0, expired: 0, commands: 0 }
    const files = [...(m.base ? [m.base] : []), ...m.incrs]
    this.baseSize = 0
    this.incrSize = 0
    files.forEach((f, i) => {
      const path = this.path(f.file)
      if (!existsSync(path)) throw new PersistenceLoadError(`The AOF file ${f.file} listed in the manifest does not exist`)
      const bytes = readFileSync(path)
      let size = bytes.length
      if (f.type === 'b' && bytes.length > 0 && bytes[0] !== 0x2a) {
        const counts = loadSnapshotBytes(engine, bytes, `AOF base ${f.file}`)
        stats.keys += counts.keys
        stats.expired += counts.expired
      } else {
        const r = readAof(bytes, replayInto(engine, f.file), latin1Slice)
        stats.commands += r.commands
        if (r.status === 'corrupt') {
          throw new PersistenceLoadError(
            `Bad file format reading the append only file ${f.file} at offset ${r.errorAt}: make a backup of it, then cut it at the last good command or remove what is damaged`,
          )
        }
        if (r.status === 'truncated') {
          const last = i === files.length - 1
          const what = r.inMulti ? 'ends inside a MULTI/EXEC transaction' : 'ends in the middle of a command'
          if (!last) throw new PersistenceLoadError(`The append only file ${f.file} ${what}, and it is not the last file: cannot load`)
          if (!truncatedOk) {
            throw new PersistenceLoadError(`The append only file ${f.file} ${what} (a short read at offset ${r.validEnd}). Set aof-load-truncated yes to load it anyway, cut at the last complete command`)
          }
          this.say(`!!! Warning: the append only file ${f.file} ${what}: a short read at offset ${r.validEnd} of ${bytes.length} bytes !!!`)
          truncateSync(path, r.validEnd)
          size = r.validEnd
          this.say(`!!! Cut ${f.file} back to ${r.validEnd} bytes, its last complete command: loaded anyway because aof-load-truncated is enabled !!!`)
        }
      }
      if (f.type === 'b') this.baseSize = size
      else this.incrSize += size
    })
    this.manifest = m
    const last = m.incrs[m.incrs.length - 1]
    if (last === undefined) this.addIncr(m)
    else this.openIncr(last)
    this.rewriteBaseSize = this.currentSize
    return stats
  }

  private openIncr(f: AofFileInfo, fresh = false): void {
    // a new file may have a leftover namesake from a crash before the manifest listed it: start it empty
    if (fresh) closeSync(openSync(this.path(f.file), 'w'))
    this.fd = openSync(this.path(f.file), 'a')
    this.fileSize = fstatSync(this.fd).size
    this.incr = f
    this.log.newFile()
  }

  /** Starts a new incremental file and lists it after the others. */
  private addIncr(m: AofManifest): void {
    const f: AofFileInfo = { file: aofNames.incr(this.prefix, nextSeqs(m).incr), seq: nextSeqs(m).incr, type: 'i' }
    this.openIncr(f, true)
    fsyncDir(this.dir)
    this.writeManifest({ base: m.base, incrs: [...m.incrs, f] })
  }

  /** A server started with appendonly and no AOF: a base of the data now (empty), an empty incremental file, the manifest. */
  create(engine: Engine): void {
    mkdirSync(this.dir, { recursive: true })
    this.removeTemps()
    const base: AofFileInfo = { file: aofNames.base(this.prefix, 1), seq: 1, type: 'b' }
    const bytes = engine.snapshot()
    writeFileAtomic(this.path(base.file), bytes, aofNames.temp(this.prefix, 1))
    this.say(`Creating AOF base file ${base.file} on server start`)
    this.baseSize = bytes.length
    this.incrSize = 0
    const m: AofManifest = { base, incrs: [] }
    this.addIncr(m)
    this.say(`Creating AOF incr file ${(this.incr as AofFileInfo).file} on server start`)
    this.rewriteBaseSize = this.currentSize
  }

  /** Writes what was fed to the open incremental file. False (and writes refused) when the disk said no. */
  write(): boolean {
    if (this.fd < 0) return true
    let data = this.retry
    this.retry = null
    if (this.log.pending !== 0) {
      const more = Buffer.from(this.log.take(), 'latin1')
      data = data === null ? more : Buffer.concat([data, more])
    }
    if (data === null || data.length === 0) return true
    try {
      writeAll(this.fd, data)
    } catch (e) {
      // a partial write is cut off again, and the whole piece is tried later
      try {
        ftruncateSync(this.fd, this.fileSize)
      } catch {
        // the retry appends after whatever stayed; a load would see a cut-off command at worst
      }
      this.retry = data
      if (this.lastWriteOk) this.say(`Error writing to the AOF file: ${errorText(e)}`)
      this.lastWriteOk = false
      this.writeError = errorText(e)
      return false
    }
    this.incrSize += data.length
    this.fileSize += data.length
    this.unsynced = true
    return true
  }

  /** fsync now (appendfsync always, shutdown, file switches). */
  syncNow(): void {
    if (this.fd < 0 || !this.unsynced) return
    fdatasyncSync(this.fd)
    this.unsynced = false
  }

  /** fsync in the background (appendfsync everysec). */
  syncLater(): void {
    if (this.fd < 0 || !this.unsynced || this.syncing) return
    const fd = this.fd
    this.syncing = true
    this.unsynced = false
    fdatasync(fd, (e) => {
      this.syncing = false
      if (e && fd === this.fd) this.unsynced = true
    })
  }

  /**
   * The moment a rewrite begins: what was fed goes to the current file, then a
   * new incremental file takes the writes from here on, and the manifest lists
   * it after the others (base + every incremental file is still the whole data
   * set). With `enabling` (appendonly just turned on) the manifest waits for
   * the new base. With the AOF off only a base will be written.
   */
  beginRewrite(aofOn: boolean, enabling: boolean): RewriteStart {
    mkdirSync(this.dir, { recursive: true })
    const m = this.manifest ?? (this.exists() ? safeManifest(this.manifestPath) : null)
    const seqs = m ? nextSeqs(m) : { base: 1, incr: 1 }
    const previous = m ? [...(m.base ? [m.base] : []), ...m.incrs] : []
    let incr: AofFileInfo | null = null
    if (aofOn || enabling) {
      if (!this.write()) throw new Error(`cannot write the AOF: ${this.writeError}`)
      this.syncNow()
      incr = { file: aofNames.incr(this.prefix, seqs.incr), seq: seqs.incr, type: 'i' }
      const oldFd = this.fd
      closeSync(openSync(this.path(incr.file), 'w'))
      const fd = openSync(this.path(incr.file), 'a')
      fsyncDir(this.dir)
      if (aofOn && m) this.writeManifest({ base: m.base, incrs: [...m.incrs, incr] })
      if (oldFd >= 0) closeSync(oldFd)
      this.fd = fd
      this.fileSize = 0
      this.incr = incr
      this.log.newFile()
      if (enabling) this.incrSize = 0
    }
    return {
      baseSeq: seqs.base,
      // unique: a cancelled rewrite may still be closing its own temporary file
      tempPath: this.path(`${aofNames.temp(this.prefix, seqs.base)}.${process.pid}.${++tempFiles}`),
      basePath: this.path(aofNames.base(this.prefix, seqs.base)),
      incr,
      previous,
    }
  }

  /** The new base is in place: the manifest switches to it and the writes since, and older files go. */
  finishRewrite(r: RewriteStart, baseBytes: number): void {
    const base: AofFileInfo = { file: aofNames.base(this.prefix, r.baseSeq), seq: r.baseSeq, type: 'b' }
    const incrs = r.incr ? (this.manifest?.incrs ?? []).filter((f) => f.seq >= (r.incr as AofFileInfo).seq) : []
    if (r.incr && !incrs.some((f) => f.seq === (r.incr as AofFileInfo).seq)) incrs.unshift(r.incr)
    this.writeManifest({ base, incrs })
    const keep = new Set([base.file, ...incrs.map((f) => f.file)])
    for (const f of r.previous) if (!keep.has(f.file)) removeQuietly(this.path(f.file))
    this.baseSize = baseBytes
    this.incrSize = incrs.reduce((n, f) => n + sizeOf(this.path(f.file)), 0) + this.log.pending
    this.rewriteBaseSize = this.currentSize
  }

  /** Writes and fsyncs what is pending, then closes the file. */
  close(): void {
    if (this.fd < 0) return
    try {
      this.write()
      this.syncNow()
    } finally {
      closeSync(this.fd)
      this.fd = -1
      this.incr = null
    }
  }
}

function safeManifest(path: string): AofManifest | null {
  try {
    return parseManifest(readFileSync(path, 'latin1'))
  } catch {
    return null
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return (e as NodeJS.ErrnoException).code ? `${(e as NodeJS.ErrnoException).code}: ${e.message}` : e.message
  return String(e)
}

export { PersistenceLoadError }
