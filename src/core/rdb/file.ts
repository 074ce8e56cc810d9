/**
 * Whole Redis RDB files: `REDIS` and a 4-digit version, AUX fields, function
 * libraries, per database a selector, a size hint and the keys (each with its
 * optional expire time and LRU/LFU hint), an EOF opcode and a CRC-64 of all
 * that (0 when the writer had checksums off). Reads versions 1..10 with every
 * value encoding read.ts knows, so a server can start from redis-server's
 * dump.rdb. (redlet saves in its own snapshot format: core/codec.ts.)
 */
import { fromBytes } from '../bytes.js'
import type { Db } from '../keyspace.js'
import type { RestoreStep } from '../snapshot.js'
import type { EncodingLimits, Value } from '../values/types.js'
import { crc64 } from './crc64.js'
import { fail, RdbError, RdbReader } from './rdb-io.js'
import { RDB_VERSION, readObject } from './read.js'

export const RDB_MAGIC = 'REDIS'

export const OP_FUNCTION2 = 0xf5
export const OP_FUNCTION_PRE_GA = 0xf6
export const OP_MODULE_AUX = 0xf7
export const OP_IDLE = 0xf8
export const OP_FREQ = 0xf9
export const OP_AUX = 0xfa
export const OP_RESIZEDB = 0xfb
export const OP_EXPIRETIME_MS = 0xfc
export const OP_EXPIRETIME = 0xfd
export const OP_SELECTDB = 0xfe
export const OP_EOF = 0xff
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
