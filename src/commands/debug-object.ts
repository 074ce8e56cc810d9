// https://redis.io/commands/debug/ — DEBUG OBJECT's line.
// The address is a stable fake (a hash of the key: redlet values have no address);
// serializedlength is the value's RDB length, as DUMP writes it (core/rdb/write.ts). A list's
// ql_* figures model a quicklist filled by pushes at its ends: listpack sizes computed as Redis
// lays the elements out, split into nodes by `list-max-listpack-size`.
import { serializedLength } from '../core/rdb/write.js'
import { ENC_INT_UNSHARED, type Db } from '../core/keyspace.js'
import { isIntEncodable } from '../core/numbers.js'
import { ListValue } from '../core/values/list.js'
import type { Value } from '../core/values/types.js'
import type { Engine } from '../engine.js'

/** Integers Redis keeps as shared objects (OBJ_SHARED_INTEGERS) and their refcount (INT_MAX). */
const SHARED_INTEGERS = 10000
const SHARED_REFCOUNT = 2147483647
const LRU_CLOCK_MAX = 0xffffff
/** Bytes per quicklist node for the negative `list-max-listpack-size` settings. */
const NODE_BYTES = [4096, 8192, 16384, 32768, 65536]
/** A node of a positive fill still stops at this many bytes (SIZE_SAFETY_LIMIT). */
const SAFETY_LIMIT = 8192

function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** A stable stand-in for the value's address: the same key in the same database prints the same. */
function fakeAddress(db: number, key: string): string {
  return '0x7f' + (db & 0xff).toString(16).padStart(2, '0') + fnv1a(key).toString(16).padStart(8, '0')
}

/** Bytes of one listpack entry: its encoding, its data and its back-length. */
export function listpackEntryBytes(s: string): number {
  let size: number
  if (s.length <= 20 && isIntEncodable(s)) {
    const n = Number(s)
    if (n >= 0 && n <= 127) size = 1
    else if (n >= -4096 && n <= 4095) size = 2
    else if (n >= -32768 && n <= 32767) size = 3
    else if (n >= -8388608 && n <= 8388607) size = 4
    else if (n >= -2147483648 && n <= 2147483647) size = 5
    else size = 9
  } else if (s.length < 64) size = 1 + s.length
  else if (s.length < 4096) size = 2 + s.length
  else size = 5 + s.length
  const back = size <= 127 ? 1 : size < 16383 ? 2 : size < 2097151 ? 3 : size < 268435455 ? 4 : 5
  return size + back
}

/** A listpack's header (total bytes, count) and end byte. */
const LISTPACK_EMPTY = 7

/** The ql_* fields of a list's quicklist: nodes, average entries per node, fill, compression, bytes. */
function quicklistFields(values: Iterable<string>, count: number, fill: number, compressDepth: number): string {
  let nodes = 0
  let bytes = 0
  let nodeBytes = 0
  let nodeCount = 0
  const maxBytes = fill < 0 ? (NODE_BYTES[Math.min(-fill, NODE_BYTES.length) - 1] as number) : SAFETY_LIMIT
  for (const v of values) {
    const e = listpackEntryBytes(v)
    const fits = nodeCount > 0 && nodeBytes + e <= maxBytes && (fill < 0 || nodeCount < fill)
    if (!fits) {
      bytes += nodeBytes
      nodes++
      nodeBytes = LISTPACK_EMPTY
      nodeCount = 0
    }
    nodeBytes += e
    nodeCount++
  }
  bytes += nodeBytes
  const avg = nodes === 0 ? 0 : count / nodes
  return ` ql_nodes:${nodes} ql_avg_node:${avg.toFixed(2)} ql_listpack_max:${fill} ql_compressed:${compressDepth !== 0 ? 1 : 0} ql_uncompressed_size:${bytes}`
}

/** DEBUG OBJECT's reply text for a value found under `key`. */
export function debugObjectLine(engine: Engine, db: Db, key: string, v: Value): string {
  let refcount = 1
  let encoding: string
  let idle: number
  if (typeof v === 'string') {
    encoding = db.stringEncoding(key, v)
    const policy = engine.config.get('maxmemory-policy')
    const sharing = engine.config.getInt('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'))
    const n = Number(v)
    if (encoding === 'int' && db.encodingOf(key) !== ENC_INT_UNSHARED && sharing && n >= 0 && n < SHARED_INTEGERS) refcount = SHARED_REFCOUNT
  } else encoding = v.encoding()
  const now = Math.floor(engine.clock.now() / 1000) & LRU_CLOCK_MAX
  if (refcount === SHARED_REFCOUNT) {
    // a shared integer object was made at startup and is never touched
    idle = Math.floor((engine.clock.now() - engine.startTime) / 1000)
  } else {
    db.trackAccess()
    idle = db.idleTime(key)
  }
  const lru = (now - idle + LRU_CLOCK_MAX + 1) & LRU_CLOCK_MAX
  const length = serializedLength(v, engine.limits)
  let line = `Value at:${fakeAddress(db.id, key)} refcount:${refcount} encoding:${encoding} serializedlength:${length} lru:${lru} lru_seconds_idle:${idle}`
  if (v instanceof ListValue) {
    line += quicklistFields(v.values(), v.size, engine.config.getInt('list-max-listpack-size'), engine.config.getInt('list-compress-depth'))
  }
  return line
}
