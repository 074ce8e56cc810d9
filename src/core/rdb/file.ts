/**
 * Whole Redis RDB files: `REDIS` and a 4-digit version, AUX fields, function
 * libraries, per database a selector, a size hint and the keys (each with its
 * optional expire time and LRU/LFU hint), an EOF opcode and a CRC-64 of all
 * that (0 when the writer had checksums off). Reads versions 1..10 with every
 * value encoding read.ts knows; writes version 10 as Redis 7.0.15 does.
 */
import { fromBytes, toBytes } from '../bytes.js'
import type { Db } from '../keyspace.js'
import type { RestoreStep } from '../snapshot.js'
import type { EncodingLimits, Value } from '../values/types.js'
import { Crc64, crc64 } from './crc64.js'
import { fail, RdbError, RdbReader, RdbWriter } from './rdb-io.js'
import { RDB_VERSION, readObject, T_STRING } from './read.js'
import { writeValue } from './write.js'

export const RDB_MAGIC = 'REDIS'

const OP_FUNCTION2 = 0xf5
const OP_FUNCTION_PRE_GA = 0xf6
const OP_MODULE_AUX = 0xf7
const OP_IDLE = 0xf8
const OP_FREQ = 0xf9
const OP_AUX = 0xfa
const OP_RESIZEDB = 0xfb
const OP_EXPIRETIME_MS = 0xfc
const OP_EXPIRETIME = 0xfd
const OP_SELECTDB = 0xfe
const OP_EOF = 0xff
const T_MODULE_PRE_GA = 6
const T_MODULE_2 = 7
/** Files from this version on end with a checksum. */
const CHECKSUM_VERSION = 5

export interface RdbEntry {
  db: number
  key: string
  value: Value
  /** Absolute unix time in ms, or undefined without a TTL. */
  expireAt: number | undefined
}

export interface RdbFile {
  version: number
  aux: [string, string][]
  /** Function library code (FUNCTION LOAD's argument), in file order. */
  libraries: string[]
  entries: RdbEntry[]
  /** False when the file carries a 0 checksum (rdbchecksum no) or predates checksums. */
  checksummed: boolean
}

/** Whether `bytes` start with the RDB magic. */
export function isRdbFile(bytes: Uint8Array): boolean {
  if (bytes.length < RDB_MAGIC.length) return false
  for (let i = 0; i < RDB_MAGIC.length; i++) if (bytes[i] !== RDB_MAGIC.charCodeAt(i)) return false
  return true
}

/** Parses a whole RDB file; throws RdbError, saying why, on anything malformed or unsupported. */
export function readRdbFile(bytes: Uint8Array | string, limits: EncodingLimits): RdbFile {
  const s = typeof bytes === 'string' ? bytes : fromBytes(bytes)
  try {
    return parse(s, limits)
  } catch (e) {
    if (e instanceof RdbError) throw e
    // a value class refusing what the bytes describe (or a size beyond what fits): still bad data
    throw new RdbError(`bad data (${e instanceof Error ? e.message : String(e)})`)
  }
}

function parse(s: string, limits: EncodingLimits): RdbFile {
  if (s.length < 9 || s.slice(0, 5) !== RDB_MAGIC) fail('wrong signature')
  const vtext = s.slice(5, 9)
  if (!/^[0-9]{4}$/.test(vtext)) fail('bad version field')
  const version = Number(vtext)
  if (version < 1 || version > RDB_VERSION) fail(`can't handle RDB format version ${version}`)
  const r = new RdbReader(s)
  r.pos = 9
  const out: RdbFile = { version, aux: [], libraries: [], entries: [], checksummed: false }
  let db = 0
  let expireAt: number | undefined
  for (;;) {
    const type = r.byte()
    switch (type) {
      case OP_EXPIRETIME_MS:
        expireAt = r.millis()
        continue
      case OP_EXPIRETIME: {
        const secs = Number(r.uintLE(4))
        expireAt = (secs >= 2 ** 31 ? secs - 2 ** 32 : secs) * 1000
        continue
      }
      case OP_IDLE:
        r.length()
        continue
      case OP_FREQ:
        r.byte()
        continue
      case OP_SELECTDB:
        db = r.length()
        continue
      case OP_RESIZEDB:
        r.length()
        r.length()
        continue
      case OP_AUX:
        out.aux.push([r.string(), r.string()])
        continue
      case OP_FUNCTION2:
        out.libraries.push(r.string())
        continue
      case OP_FUNCTION_PRE_GA:
        return fail('pre-release function format not supported')
      case OP_MODULE_AUX:
        return fail('module auxiliary data not supported (redlet has no modules)')
      case OP_EOF:
        break
      default: {
        if (type === T_MODULE_PRE_GA || type === T_MODULE_2) fail('module value not supported (redlet has no modules)')
        const key = r.string()
        const value = readObject(type, r, limits)
        out.entries.push({ db, key, value, expireAt })
        expireAt = undefined
        continue
      }
    }
    break
  }
  if (version >= CHECKSUM_VERSION) {
    const end = r.pos
    const stored = r.raw(8)
    if (stored !== '\0\0\0\0\0\0\0\0') {
      if (stored !== crc64(s, 0, end)) fail('checksum mismatch')
      out.checksummed = true
    }
  }
  return out
}

/**
 * Reads an RDB file and returns the step that replaces the contents of `dbs`
 * with it. Keys whose time has passed at `now` are left out, as a Redis master
 * does when loading (counted in `counts.expired`). Throws RdbError on bad bytes
 * or a database index beyond `dbs`, before anything changes.
 */
export function prepareRdbRestore(dbs: readonly Db[], bytes: Uint8Array, limits: EncodingLimits, now: number, counts?: { expired: number }): RestoreStep {
  const file = readRdbFile(bytes, limits)
  const staged: RdbEntry[] = []
  for (const e of file.entries) {
    if (e.db >= dbs.length) fail(`the file holds database ${e.db}, beyond the ${dbs.length} configured (databases)`)
    if (e.expireAt !== undefined && e.expireAt < now) {
      if (counts !== undefined) counts.expired++
      continue
    }
    staged.push(e)
  }
  const step = (): number => {
    for (const db of dbs) db.clear()
    for (const e of staged) {
      const db = dbs[e.db] as Db
      db.set(e.key, e.value)
      if (e.expireAt !== undefined) db.setExpire(e.key, e.expireAt)
    }
    return staged.length
  }
  return Object.assign(step, { libraries: file.libraries })
}

export interface RdbStreamOptions {
  limits: EncodingLimits
  /** Keys whose time has passed at `now` (ms) are not written; also the `ctime` AUX field. */
  now: number
  /** The `used-mem` AUX field (bytes). */
  usedMem?: number
  /** The RESIZEDB hint written when a database is first selected: [keys, keys with a TTL]. */
  sizes?: (db: number) => [number, number]
}

/**
 * An RDB file written piece by piece: the header at once, then libraries
 * (before any key) and keys in any order, databases selected as they switch;
 * `take` hands out the bytes so far, `end` the rest with the checksum. Keys
 * must not repeat within a database (redis-server refuses such a file).
 */
export class RdbStream {
  /** Tells SnapshotJob that a key must be written once only. */
  readonly unique = true
  private parts: string[] = []
  private size = 0
  private readonly crc = new Crc64()
  private db = -1
  private readonly resized = new Set<number>()
  /** Bytes handed out so far. */
  written = 0

  constructor(private readonly o: RdbStreamOptions) {
    this.push(`${RDB_MAGIC}00${RDB_VERSION}`)
    this.aux('redis-ver', '7.0.15')
    this.aux('redis-bits', '64')
    this.aux('ctime', String(Math.floor(o.now / 1000)))
    this.aux('used-mem', String(Math.max(0, Math.floor(o.usedMem ?? 0))))
    this.aux('aof-base', '0')
  }

  private push(s: string): void {
    this.parts.push(s)
    this.size += s.length
  }

  private aux(name: string, value: string): void {
    const w = new RdbWriter()
    w.byte(OP_AUX)
    w.string(name)
    w.string(value)
    this.push(w.done())
  }

  library(code: string): void {
    const w = new RdbWriter()
    w.byte(OP_FUNCTION2)
    w.string(code)
    this.push(w.done())
  }

  entry(db: number, key: string, value: Value, expireAt: number | undefined): void {
    if (expireAt !== undefined && expireAt < this.o.now) return
    const w = new RdbWriter()
    if (db !== this.db) {
      w.byte(OP_SELECTDB)
      w.length(db)
      this.db = db
      const sizes = this.o.sizes
      if (sizes !== undefined && !this.resized.has(db)) {
        this.resized.add(db)
        const [keys, expires] = sizes(db)
        w.byte(OP_RESIZEDB)
        w.length(keys)
        w.length(expires)
      }
    }
    if (expireAt !== undefined) {
      w.byte(OP_EXPIRETIME_MS)
      w.uintLE(BigInt(expireAt), 8)
    }
    if (typeof value === 'string') {
      w.byte(T_STRING)
      w.string(key)
      w.string(value)
      this.push(w.done())
      return
    }
    const body = new RdbWriter()
    const type = writeValue(body, value, this.o.limits)
    w.byte(type)
    w.string(key)
    this.push(w.done())
    this.push(body.done())
  }

  /** Bytes encoded and not yet taken. */
  get buffered(): number {
    return this.size
  }

  take(): Uint8Array {
    const s = this.parts.join('')
    this.parts = []
    this.size = 0
    this.crc.update(s)
    this.written += s.length
    return toBytes(s)
  }

  /** The last bytes: EOF and the checksum. */
  end(): Uint8Array {
    this.push(String.fromCharCode(OP_EOF))
    const s = this.parts.join('')
    this.parts = []
    this.size = 0
    const tail = s + this.crc.update(s).digest()
    this.written += tail.length
    return toBytes(tail)
  }
}

/**
 * Every database (the non-empty ones, in order) and the function libraries as
 * a version-10 RDB file, keys expired at `now` left out.
 */
export function writeRdbFile(dbs: readonly Db[], libraries: readonly string[], now: number, limits: EncodingLimits, usedMem = 0): Uint8Array {
  const live = (db: Db): [number, number] => {
    let keys = 0
    let expires = 0
    for (const [key] of db.entries()) {
      const at = db.getExpire(key)
      if (at !== undefined && at < now) continue
      keys++
      if (at !== undefined) expires++
    }
    return [keys, expires]
  }
  const stream = new RdbStream({ limits, now, usedMem, sizes: (i) => live(dbs[i] as Db) })
  for (const code of libraries) stream.library(code)
  const pieces: Uint8Array[] = []
  for (const db of dbs) {
    if (db.size === 0) continue
    for (const [key, value] of db.entries()) {
      stream.entry(db.id, key, value, db.getExpire(key))
      if (stream.buffered >= 1 << 20) pieces.push(stream.take())
    }
  }
  pieces.push(stream.take(), stream.end())
  let n = 0
  for (const p of pieces) n += p.length
  const out = new Uint8Array(n)
  let off = 0
  for (const p of pieces) {
    out.set(p, off)
    off += p.length
  }
  return out
}
