/**
 * Writes a version-10 Redis RDB file from engine databases, as redis-server
 * 7.0.15 lays one out: fixtures for the RDB reader (redlet itself saves in its
 * own snapshot format).
 */
import { crc64 } from '../../src/core/rdb/crc64.js'
import { OP_AUX, OP_EOF, OP_EXPIRETIME_MS, OP_FUNCTION2, OP_RESIZEDB, OP_SELECTDB } from '../../src/core/rdb/file.js'
import { RdbWriter } from '../../src/core/rdb/rdb-io.js'
import { RDB_VERSION } from '../../src/core/rdb/read.js'
import { writeValue } from '../../src/core/rdb/write.js'
import type { Db } from '../../src/core/keyspace.js'
import type { EncodingLimits } from '../../src/core/values/types.js'

/** Every non-empty database and the libraries; keys expired at `now` left out. */
export function writeRdbFile(dbs: readonly Db[], libraries: readonly string[], now: number, limits: EncodingLimits, usedMem = 0): Uint8Array {
  const w = new RdbWriter()
  w.raw(`REDIS00${RDB_VERSION}`)
  const aux: [string, string][] = [
    ['redis-ver', '7.0.15'],
    ['redis-bits', '64'],
    ['ctime', String(Math.floor(now / 1000))],
    ['used-mem', String(usedMem)],
    ['aof-base', '0'],
  ]
  for (const [name, value] of aux) {
    w.byte(OP_AUX)
    w.string(name)
    w.string(value)
  }
  for (const code of libraries) {
    w.byte(OP_FUNCTION2)
    w.string(code)
  }
  for (const db of dbs) {
    const live = [...db.entries()].filter(([key]) => (db.getExpire(key) ?? Infinity) >= now)
    if (live.length === 0) continue
    w.byte(OP_SELECTDB)
    w.length(db.id)
    w.byte(OP_RESIZEDB)
    w.length(live.length)
    w.length(live.filter(([key]) => db.getExpire(key) !== undefined).length)
    for (const [key, value] of live) {
      const at = db.getExpire(key)
      if (at !== undefined) {
        w.byte(OP_EXPIRETIME_MS)
        w.uintLE(BigInt(at), 8)
      }
      const body = new RdbWriter()
      const type = writeValue(body, value, limits)
      w.byte(type)
      w.string(key)
      w.raw(body.done())
    }
  }
  w.byte(OP_EOF)
  const s = w.done()
  return new Uint8Array(Buffer.from(s + crc64(s), 'latin1'))
}
