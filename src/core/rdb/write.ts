/**
 * Redlet values into Redis 7.0 DUMP payloads: the RDB type byte, the value as
 * rdb.c saves it, the RDB version (10) and a CRC-64 of all that. Small
 * encodings (listpack, intset, single-node quicklist) are laid out as Redis
 * holds them, so those payloads equal Redis's byte for byte.
 */
import { formatDouble } from '../numbers.js'
import type { HashValue } from '../values/hash.js'
import type { ListValue } from '../values/list.js'
import type { SetValue } from '../values/set.js'
import type { SortedSetValue } from '../values/sorted-set.js'
import type { Stream } from '../values/stream.js'
import type { EncodingLimits, Value } from '../values/types.js'
import { crc64 } from './crc64.js'
import { intsetEncode } from './intset.js'
import { lpBuild, lpEntry } from './listpack.js'
import { RdbWriter } from './rdb-io.js'
import {
  RDB_VERSION,
  T_HASH,
  T_HASH_LISTPACK,
  T_LIST_QUICKLIST_2,
  T_SET,
  T_SET_INTSET,
  T_STREAM_LISTPACKS_2,
  T_STRING,
  T_ZSET_2,
  T_ZSET_LISTPACK,
} from './read.js'
import { writeStream } from './stream.js'

const QUICKLIST_PACKED = 2
/** quicklist.c: the byte limits of fill -1..-5, the estimate added per entry, and the cap for count-based fills. */
const FILL_BYTES = [4096, 8192, 16384, 32768, 65536]
const SIZE_ESTIMATE_OVERHEAD = 8
const SIZE_SAFETY_LIMIT = 8192

/** d2string as zset listpacks store scores (-0 is stored as 0 by ZADD already). */
function scoreText(d: number): string {
  return formatDouble(d)
}

/** Whether a quicklist node of `bytes` listpack bytes and `count` entries takes one more element of `sz` bytes. */
function nodeTakes(bytes: number, count: number, sz: number, fill: number): boolean {
  const next = bytes + sz + SIZE_ESTIMATE_OVERHEAD
  if (fill < 0) {
    const limit = FILL_BYTES[-fill - 1]
    if (limit !== undefined && next <= limit) return true
  }
  if (next > SIZE_SAFETY_LIMIT) return false
  return count < fill
}

function writeList(w: RdbWriter, v: ListValue, fill: number): void {
  const nodes: string[][] = []
  let cur: string[] | null = null
  let bytes = 0
  for (const x of v.values()) {
    const e = lpEntry(x)
    if (cur === null || !nodeTakes(bytes, cur.length, x.length, fill)) {
      cur = []
      nodes.push(cur)
      bytes = 7
    }
    cur.push(e)
    bytes += e.length
  }
  w.length(nodes.length)
  for (const n of nodes) {
    w.length(QUICKLIST_PACKED)
    w.string(lpBuild(n))
  }
}

function writeSet(w: RdbWriter, v: SetValue): number {
  if (v.isIntset) {
    w.string(intsetEncode([...v.members()], v.intsetWidth))
    return T_SET_INTSET
  }
  w.length(v.size)
  for (const m of v.members()) w.string(m)
  return T_SET
}

function writeZset(w: RdbWriter, v: SortedSetValue): number {
  if (v.isListpack) {
    const entries: string[] = []
    for (const [m, s] of v.entries()) entries.push(lpEntry(m), lpEntry(scoreText(s)))
    w.string(lpBuild(entries))
    return T_ZSET_LISTPACK
  }
  // rdb.c saves a skiplist from the tail so that loading inserts at the head
  w.length(v.size)
  const all = [...v.entries()]
  for (let i = all.length - 1; i >= 0; i--) {
    const [m, s] = all[i] as [string, number]
    w.string(m)
    w.binaryDouble(s)
  }
  return T_ZSET_2
}

function writeHash(w: RdbWriter, v: HashValue): number {
  if (v.isListpack) {
    const entries: string[] = []
    for (const [f, x] of v.entries()) entries.push(lpEntry(f), lpEntry(x))
    w.string(lpBuild(entries))
    return T_HASH_LISTPACK
  }
  w.length(v.size)
  for (const [f, x] of v.entries()) {
    w.string(f)
    w.string(x)
  }
  return T_HASH
}

/** Writes a value's RDB encoding and returns its type byte. */
export function writeValue(w: RdbWriter, v: Value, limits: EncodingLimits): number {
  if (typeof v === 'string') {
    w.string(v)
    return T_STRING
  }
  switch (v.type) {
    case 'list':
      writeList(w, v as ListValue, limits.listMaxListpackSize)
      return T_LIST_QUICKLIST_2
    case 'set':
      return writeSet(w, v as SetValue)
    case 'zset':
      return writeZset(w, v as SortedSetValue)
    case 'hash':
      return writeHash(w, v as HashValue)
    case 'stream':
      writeStream(w, v as Stream)
      return T_STREAM_LISTPACKS_2
  }
}

/** The length of a value's RDB encoding, without its type byte (DEBUG OBJECT's serializedlength). */
export function serializedLength(v: Value, limits: EncodingLimits): number {
  const w = new RdbWriter()
  writeValue(w, v, limits)
  return w.done().length
}

/** The DUMP payload of a value. */
export function dumpPayload(v: Value, limits: EncodingLimits): string {
  const w = new RdbWriter()
  const type = writeValue(w, v, limits)
  const body = String.fromCharCode(type) + w.done() + String.fromCharCode(RDB_VERSION & 0xff, RDB_VERSION >> 8)
  return body + crc64(body)
}
