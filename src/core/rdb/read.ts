/**
 * DUMP payloads back into redlet values: every RDB object type a Redis 7.0
 * server loads (RDB version ≤ 10), built through the value classes so that the
 * encodings follow redlet's limits, as Redis converts after loading.
 */
import { parseDoubleLoose } from '../numbers.js'
import { HashValue } from '../values/hash.js'
import { ListValue } from '../values/list.js'
import { SetValue } from '../values/set.js'
import { SortedSetValue } from '../values/sorted-set.js'
import type { EncodingLimits, Value } from '../values/types.js'
import { crc64 } from './crc64.js'
import { intsetDecode, intsetWidth } from './intset.js'
import { lpDecode } from './listpack.js'
import { fail, RdbError, RdbReader } from './rdb-io.js'
import { readStream } from './stream.js'
import { ziplistDecode, zipmapDecode } from './ziplist.js'

export const RDB_VERSION = 10

export const T_STRING = 0
export const T_LIST = 1
export const T_SET = 2
export const T_ZSET = 3
export const T_HASH = 4
export const T_ZSET_2 = 5
export const T_HASH_ZIPMAP = 9
export const T_LIST_ZIPLIST = 10
export const T_SET_INTSET = 11
export const T_ZSET_ZIPLIST = 12
export const T_HASH_ZIPLIST = 13
export const T_LIST_QUICKLIST = 14
export const T_STREAM_LISTPACKS = 15
export const T_HASH_LISTPACK = 16
export const T_ZSET_LISTPACK = 17
export const T_LIST_QUICKLIST_2 = 18
export const T_STREAM_LISTPACKS_2 = 19

/** verifyDumpPayload: at least the footer, an RDB version we know, and a matching CRC-64. */
export function verifyPayload(p: string): boolean {
  const n = p.length
  if (n < 10) return false
  const version = p.charCodeAt(n - 10) | (p.charCodeAt(n - 9) << 8)
  if (version > RDB_VERSION) return false
  return crc64(p, 0, n - 8) === p.slice(n - 8)
}

/**
 * The value in a verified payload, or null when it is malformed (Bad data
 * format). Like Redis, the object may run into the footer bytes.
 */
export function readPayload(p: string, limits: EncodingLimits): Value | null {
  try {
    const r = new RdbReader(p)
    return readObject(r.byte(), r, limits)
  } catch (e) {
    if (e instanceof RdbError) return null
    throw e
  }
}

function nonEmpty(n: number): number {
  if (n === 0) fail('empty key')
  return n
}

function pairs(items: string[]): [string, string][] {
  if (items.length % 2 !== 0) fail('odd pair count')
  const out: [string, string][] = []
  for (let i = 0; i < items.length; i += 2) out.push([items[i] as string, items[i + 1] as string])
  return out
}

function score(s: string): number {
  const d = parseDoubleLoose(s)
  if (Number.isNaN(d)) fail('bad score')
  return d
}

function hashFrom(entries: [string, string][], limits: EncodingLimits, strict: boolean): HashValue {
  nonEmpty(entries.length)
  if (strict && new Set(entries.map((e) => e[0])).size !== entries.length) fail('duplicate hash field')
  return HashValue.fromEntries(entries, limits)
}

function zsetFrom(entries: [string, number][], limits: EncodingLimits, strict: boolean): SortedSetValue {
  nonEmpty(entries.length)
  if (strict && new Set(entries.map((e) => e[0])).size !== entries.length) fail('duplicate zset member')
  return SortedSetValue.fromEntries(entries, limits)
}

function setFrom(members: string[], limits: EncodingLimits): SetValue {
  nonEmpty(members.length)
  if (new Set(members).size !== members.length) fail('duplicate set member')
  return SetValue.fromMembers(members, limits)
}

/** The value of RDB object type `type` at the reader's position. */
export function readObject(type: number, r: RdbReader, limits: EncodingLimits): Value {
  switch (type) {
    case T_STRING:
      return r.string()
    case T_LIST: {
      const n = nonEmpty(r.count())
      const values: string[] = []
      for (let i = 0; i < n; i++) values.push(r.string())
      return ListValue.from(values)
    }
    case T_SET: {
      const n = r.count()
      const members: string[] = []
      for (let i = 0; i < n; i++) members.push(r.string())
      return setFrom(members, limits)
    }
    case T_ZSET:
    case T_ZSET_2: {
      const n = r.count(2)
      const entries: [string, number][] = []
      for (let i = 0; i < n; i++) {
        const m = r.string()
        const s = type === T_ZSET ? r.textDouble() : r.binaryDouble()
        if (Number.isNaN(s)) fail('NaN score')
        entries.push([m, s])
      }
      return zsetFrom(entries, limits, true)
    }
    case T_HASH: {
      const n = r.count(2)
      const entries: [string, string][] = []
      for (let i = 0; i < n; i++) entries.push([r.string(), r.string()])
      return hashFrom(entries, limits, true)
    }
    case T_HASH_ZIPMAP:
      return hashFrom(pairs(zipmapDecode(r.string())), limits, false)
    case T_LIST_ZIPLIST:
      return ListValue.from(nonEmptyList(ziplistDecode(r.string())))
    case T_SET_INTSET: {
      const blob = r.string()
      const s = setFrom(intsetDecode(blob), limits)
      s.widenIntset(intsetWidth(blob))
      return s
    }
    case T_ZSET_ZIPLIST:
    case T_ZSET_LISTPACK: {
      const blob = r.string()
      const items = type === T_ZSET_ZIPLIST ? ziplistDecode(blob) : lpDecode(blob)
      return zsetFrom(pairs(items).map(([m, s]): [string, number] => [m, score(s)]), limits, false)
    }
    case T_HASH_ZIPLIST:
    case T_HASH_LISTPACK: {
      const blob = r.string()
      return hashFrom(pairs(type === T_HASH_ZIPLIST ? ziplistDecode(blob) : lpDecode(blob)), limits, false)
    }
    case T_LIST_QUICKLIST:
    case T_LIST_QUICKLIST_2: {
      const n = r.count()
      const values: string[] = []
      for (let i = 0; i < n; i++) {
        if (type === T_LIST_QUICKLIST) {
          for (const v of ziplistDecode(r.string())) values.push(v)
          continue
        }
        const container = r.length()
        if (container === 1) values.push(r.string())
        else if (container === 2) for (const v of lpDecode(r.string())) values.push(v)
        else fail('bad quicklist container')
      }
      return ListValue.from(nonEmptyList(values))
    }
    case T_STREAM_LISTPACKS:
    case T_STREAM_LISTPACKS_2:
      return readStream(r, type === T_STREAM_LISTPACKS_2, limits)
    default:
      return fail('unknown type')
  }
}

function nonEmptyList(values: string[]): string[] {
  nonEmpty(values.length)
  return values
}
