// https://redis.io/commands/sort (the generic group)
import type { Db } from '../core/keyspace.js'
import { NOTIFY_GENERIC, NOTIFY_LIST } from '../core/notify.js'
import { parseDoubleLoose } from '../core/numbers.js'
import { pqsort } from '../core/pqsort.js'
import type { HashValue } from '../core/values/hash.js'
import { ListValue } from '../core/values/list.js'
import type { SetValue } from '../core/values/set.js'
import type { SortedSetValue } from '../core/values/sorted-set.js'
import { CommandError, SortErr } from '../errors.js'
import { bulks, integer, type Reply } from '../resp/types.js'
import { is, parseInteger, syntaxError, wrongType } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type KeySpec } from './define.js'

interface Item {
  readonly v: string
  score: number
  /** The BY value compared under ALPHA; null when the BY key is missing. */
  by: string | null
}

/** The part of a byte string C's string functions see: up to the first NUL. */
function cstr(s: string): string {
  const nul = s.indexOf('\0')
  return nul < 0 ? s : s.slice(0, nul)
}

/**
 * The value a pattern names for an element (lookupKeyByPattern): `#` is the
 * element itself; otherwise the first `*` becomes the element, and a `->field`
 * after it reads a hash field. Null when the key is missing or of another type.
 */
function lookupByPattern(db: Db, pattern: string, element: string): string | null {
  const c = cstr(pattern)
  if (c === '#') return element
  const star = c.indexOf('*')
  if (star < 0) return null
  const arrow = c.indexOf('->', star + 1)
  let field: string | null = null
  if (arrow >= 0 && arrow + 2 < c.length) field = pattern.slice(arrow + 2)
  const postfixEnd = pattern.length - (field !== null ? field.length + 2 : 0)
  const key = pattern.slice(0, star) + element + pattern.slice(star + 1, postfixEnd)
  const o = db.read(key)
  if (o === undefined) return null
  if (field !== null) return typeof o !== 'string' && o.type === 'hash' ? ((o as HashValue).get(field) ?? null) : null
  return typeof o === 'string' ? o : null
}

const DBL_MIN = 2.2250738585072014e-308

/** A weight as SORT reads it with strtod: the whole C string, no overflow or underflow, not NaN. */
function parseWeight(s: string): number | null {
  const text = cstr(s)
  // strtod converts nothing in "" and stops on its terminator: a weight of 0
  if (text.length === 0) return 0
  const d = parseDoubleLoose(text)
  if (d !== d) return null
  const lower = text.trimStart().toLowerCase()
  // ERANGE: overflow to infinity from finite digits
  if (d === Infinity || d === -Infinity) return lower.includes('inf') ? d : null
  if (d !== 0) return Math.abs(d) < DBL_MIN ? null : d
  // ERANGE: nonzero digits that underflow to zero
  const body = lower.replace(/^[+-]/, '')
  const hex = body.startsWith('0x')
  const mantissa = hex ? body.slice(2).split('p')[0] : body.split('e')[0]
  return (hex ? /[1-9a-f]/ : /[1-9]/).test(mantissa ?? '') ? null : 0
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function sortGeneric(ctx: CommandContext, args: readonly string[], readonly: boolean): Reply {
  const key = args[0] as string
  let desc = false
  let alpha = false
  let limitStart = 0
  let limitCount = -1
  let dontsort = false
  let sortby: string | null = null
  let storeKey: string | null = null
  const gets: string[] = []
  for (let j = 1; j < args.length; j++) {
    const left = args.length - j - 1
    const a = args[j] as string
    if (is(a, 'asc')) desc = false
    else if (is(a, 'desc')) desc = true
    else if (is(a, 'alpha')) alpha = true
    else if (is(a, 'limit') && left >= 2) {
      limitStart = parseInteger(args[j + 1] as string)
      limitCount = parseInteger(args[j + 2] as string)
      j += 2
    } else if (is(a, 'store') && left >= 1 && !readonly) {
      storeKey = args[++j] as string
    } else if (is(a, 'by') && left >= 1) {
      sortby = args[++j] as string
      // a constant pattern: nothing to sort by
      if (cstr(sortby).indexOf('*') < 0) dontsort = true
    } else if (is(a, 'get') && left >= 1) {
      gets.push(args[++j] as string)
    } else throw syntaxError()
  }
  const db = ctx.db
  const v = db.read(key)
  if (v !== undefined && (typeof v === 'string' || (v.type !== 'list' && v.type !== 'set' && v.type !== 'zset'))) throw wrongType()
  // a set has no order of its own: stored or scripted results are sorted so that replicas agree
  if (dontsort && v !== undefined && v.type === 'set' && (storeKey !== null || ctx.session.kind === 'script')) {
    dontsort = false
    alpha = true
    sortby = null
  }
  if (v !== undefined && v.type === 'zset') (v as SortedSetValue).toSkiplist()
  let vectorlen = v === undefined ? 0 : v.size
  let start = limitStart < 0 ? 0 : limitStart
  let end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1
  if (start >= vectorlen) {
    start = vectorlen - 1
    end = vectorlen - 2
  }
  if (end >= vectorlen) end = vectorlen - 1
  const ordered = v !== undefined && (v.type === 'list' || v.type === 'zset')
  if (ordered && dontsort && (start !== 0 || end !== vectorlen - 1)) vectorlen = end - start + 1
  let values: string[] = []
  if (v === undefined) values = []
  else if (v.type === 'list' && dontsort) {
    if (end >= start) {
      const l = v as ListValue
      if (desc) {
        const hi = l.size - start - 1
        values = l.range(Math.max(0, hi - vectorlen + 1), hi).reverse()
      } else values = l.range(start, Math.min(l.size - 1, start + vectorlen - 1))
      end -= start
      start = 0
    }
  } else if (v.type === 'list') values = [...(v as ListValue).values()]
  else if (v.type === 'set') values = [...(v as SetValue).members()]
  else if (dontsort) {
    const z = v as SortedSetValue
    if (vectorlen > 0) {
      const from = desc ? z.size - 1 - start : start
      z.walk(from, vectorlen, desc, (m) => values.push(m))
    }
    end -= start
    start = 0
  } else values = [...(v as SortedSetValue).members()]
  const items: Item[] = values.map((x) => ({ v: x, score: 0, by: null }))
  let conversionError = false
  if (!dontsort) {
    for (const it of items) {
      let byval: string | null
      if (sortby !== null) {
        byval = lookupByPattern(db, sortby, it.v)
        if (byval === null) continue
      } else byval = it.v
      if (alpha) {
        if (sortby !== null) it.by = byval
      } else {
        const w = parseWeight(byval)
        if (w === null) conversionError = true
        else it.score = w
      }
    }
    const store = storeKey !== null
    const bypattern = sortby !== null
    // ALPHA without STORE compares with strcoll (the C locale: bytes up to a NUL); with STORE, binary
    const text = store ? compareBytes : (a: string, b: string): number => compareBytes(cstr(a), cstr(b))
    const cmp = (a: Item, b: Item): number => {
      let r: number
      if (!alpha) {
        r = a.score > b.score ? 1 : a.score < b.score ? -1 : compareBytes(a.v, b.v)
      } else if (bypattern) {
        if (a.by === null || b.by === null) r = a.by === b.by ? 0 : a.by === null ? -1 : 1
        else r = text(a.by, b.by)
      } else r = text(a.v, b.v)
      return desc ? -r : r
    }
    // a partial sort when BY meets LIMIT (Redis's pqsort); otherwise glibc's stable merge sort
    if (bypattern && (start !== 0 || end !== items.length - 1)) pqsort(items, cmp, start, end)
    else items.sort(cmp)
  }
  const outputlen = (gets.length || 1) * (end - start + 1)
  if (conversionError) throw new CommandError(SortErr.notDouble)
  const out: (string | null)[] = []
  for (let j = start; j <= end; j++) {
    const el = (items[j] as Item).v
    if (gets.length === 0) out.push(el)
    for (const g of gets) out.push(lookupByPattern(db, g, el))
  }
  if (storeKey === null) return bulks(out)
  if (outputlen > 0) {
    db.set(storeKey, ListValue.from(out.map((x) => x ?? '')))
    ctx.wrote(db, storeKey, NOTIFY_LIST, 'sortstore')
    ctx.engine.dirty += outputlen - 1
    ctx.ready(db, storeKey)
  } else if (db.delete(storeKey)) ctx.wrote(db, storeKey, NOTIFY_GENERIC, 'del')
  return integer(outputlen)
}

/** Key positions of SORT (sortGetKeys): the key, and the last STORE's destination. */
function sortKeys(argv: readonly string[]): number[] {
  let store = -1
  for (let i = 2; i < argv.length; i++) {
    const a = (argv[i] as string).toLowerCase()
    if (a === 'limit') i += 2
    else if (a === 'get' || a === 'by') i += 1
    // the destination is not skipped: Redis reads it as an option word next
    else if (a === 'store' && i + 1 < argv.length) store = i + 1
  }
  return store < 0 ? [1] : [1, store]
}

const patternSpec: KeySpec = {
  flags: ['RO', 'access'],
  begin: { unknown: true },
  find: { unknown: true },
  notes: "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
}

const COMPLEXITY =
  'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).'

export const sortCommand = defineCommand({
  name: 'sort',
  group: 'generic',
  since: '1.0.0',
  summary: 'Sorts a list, set or sorted set numerically or lexicographically, by weights from other keys; returns or stores the result.',
  complexity: COMPLEXITY,
  arity: -2,
  flags: ['write', 'denyoom'],
  acl: ['set', 'sortedset', 'list', 'dangerous'],
  keySpecs: [
    ks.one(['RO', 'access']),
    patternSpec,
    {
      flags: ['OW', 'update'],
      begin: { unknown: true },
      find: { unknown: true },
      notes: "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array",
    },
  ],
  getKeys: sortKeys,
  options: ['BY', 'LIMIT', 'GET', 'ASC', 'DESC', 'ALPHA', 'STORE'],
  run: (ctx, args) => sortGeneric(ctx, args, false),
})

export const sortRoCommand = defineCommand({
  name: 'sort_ro',
  group: 'generic',
  since: '7.0.0',
  summary: 'Sorts a list, set or sorted set and returns the result (the read-only SORT).',
  complexity: COMPLEXITY,
  arity: -2,
  flags: ['readonly'],
  acl: ['set', 'sortedset', 'list', 'dangerous'],
  keySpecs: [ks.one(['RO', 'access']), patternSpec],
  options: ['BY', 'LIMIT', 'GET', 'ASC', 'DESC', 'ALPHA'],
  run: (ctx, args) => sortGeneric(ctx, args, true),
})

export const sortCommands = [sortCommand, sortRoCommand]
