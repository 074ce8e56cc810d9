/**
 * File steps that make persistence crash-safe: a file is written whole to a
 * temporary name, fsynced, renamed over its final name, and the directory is
 * fsynced, so a crash leaves either the old file or the new one.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** Makes a rename or a new file in `dir` durable. Some file systems cannot fsync a directory: that is not an error. */
export function fsyncDir(dir: string): void {
  let fd = -1
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // EISDIR/EINVAL/EPERM on platforms without directory fsync
  } finally {
    if (fd >= 0) closeSync(fd)
  }
}

/** Writes all of `data` at the file's current position. */
export function writeAll(fd: number, data: Uint8Array): void {
  let off = 0
  while (off < data.length) off += writeSync(fd, data, off, data.length - off)
}

/** Replaces `path` with `data` atomically: temp file, fsync, rename, fsync of the directory. */
export function writeFileAtomic(path: string, data: Uint8Array | string, tempName = `temp-${process.pid}-${basename(path)}`): void {
  const temp = join(dirname(path), tempName)
  const fd = openSync(temp, 'w')
  try {
    writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'latin1') : data)
    fsyncSync(fd)
  } catch (e) {
    closeSync(fd)
    removeQuietly(temp)
    throw e
  }
  closeSync(fd)
  try {
    renameSync(temp, path)
  } catch (e) {
    removeQuietly(temp)
    throw e
  }
  fsyncDir(dirname(path))
}

export function removeQuietly(path: string): void {
  try {
    if (existsSync(path)) unlinkSync(path)
  } catch {
    // best effort: a leftover temp file is ignored at the next start
  }
}

/**
 * A file written in the background: pieces are queued and written in order
 * while the event loop runs; `finish` fsyncs, closes and renames it into place.
 */
export class BackgroundFile {
  private handle: Promise<FileHandle>
  private chain: Promise<void>
  private failure: unknown = null
  private closed = false
  /** Bytes queued and not yet written. */
  queued = 0
  written = 0

  constructor(readonly tempPath: string) {
    this.handle = open(tempPath, 'w')
    this.chain = this.handle.then(
      () => undefined,
      (e: unknown) => {
        this.failure = e
      },
    )
  }

  /** The first error, once one happened. */
  get error(): unknown {
    return this.failure
  }

  write(data: Uint8Array): void {
    if (data.length === 0 || this.failure !== null) return
    this.queued += data.length
    this.chain = this.chain.then(async () => {
      if (this.failure !== null) return
      try {
        const h = await this.handle
        let off = 0
        while (off < data.length) off += (await h.write(data, off, data.length - off)).bytesWritten
        this.written += data.length
      } catch (e) {
        this.failure = e
      } finally {
        this.queued -= data.length
      }
    })
  }

  /** Waits for every piece, fsyncs and closes the file, then renames it to `path` and fsyncs the directory. */
  async finish(path: string): Promise<void> {
    await this.chain
    if (this.failure !== null) throw this.failure
    const h = await this.handle
    await h.sync()
    await h.close()
    this.closed = true
    renameSync(this.tempPath, path)
    fsyncDir(dirname(path))
  }

  /** Stops and removes the temporary file. */
  async abort(): Promise<void> {
    this.failure ??= new Error('aborted')
    await this.chain
    if (!this.closed) {
      this.closed = true
      try {
        await (await this.handle).close()
      } catch {
        // never opened, or already closed
      }
    }
    removeQuietly(this.tempPath)
  }
}
