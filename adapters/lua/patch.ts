/**
 * Bends fengari (Lua 5.3, 32-bit integers) toward the Lua 5.1 that Redis
 * scripts expect. Import before any other fengari module: the libraries copy
 * `lua_pushinteger` when they load.
 *
 * - Every number is a double: numerals, tonumber() and string coercions make
 *   floats, and library functions push floats where 5.3 pushes integers. So no
 *   32-bit integer wraps, and integral values still index tables as integers.
 * - Numbers print with `%.14g` (`tostring(4/2)` is "2", not "2.0").
 * - String-to-number follows C's strtod, as 5.1 does ("0x10", "1e2", " 5 ", "inf").
 * - Runtime type errors read as in 5.1: "attempt to index local 't' (a nil value)".
 * - Tables marked `readonly` refuse writes, as Redis 7 protects its globals.
 *
 * fengari is pinned (0.1.5): these patch exports its own modules call through.
 */
import defs from 'fengari/src/defs.js'
import ldebug from 'fengari/src/ldebug.js'
import lobject from 'fengari/src/lobject.js'
import lstring from 'fengari/src/lstring.js'
import ltable from 'fengari/src/ltable.js'
import lua from 'fengari/src/lua.js'
import { ScriptErr } from '../../src/index.js'
import { luaNumber } from './numfmt.js'

const { to_luastring } = defs

/** ASCII text as a luastring. */
export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

/** A byte string (one char per byte) as a luastring. */
export const bytesOf = ascii

/** A luastring as a byte string. */
export function stringOf(b: Uint8Array): string {
  if (b.length < 4096) return String.fromCharCode.apply(null, b as unknown as number[])
  let s = ''
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode.apply(null, b.subarray(i, i + 4096) as unknown as number[])
  return s
}

// ---- numbers ----

const pushnumber = lua.lua_pushnumber
;(lua as { lua_pushinteger: (L: Fengari.State, n: number) => void }).lua_pushinteger = (L, n) => pushnumber(L, n)

const SPACE = /^[ \t\n\v\f\r]*|[ \t\n\v\f\r]*$/g
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/
const SPECIAL = /^([+-]?)(inf|infinity|nan(?:\([0-9A-Za-z_]*\))?)$/i

/** A numeral as C's strtod reads it, surrounding blanks allowed; null when it is not one. */
export function parseNumeral(text: string): number | null {
  const s = text.replace(SPACE, '')
  if (DECIMAL.test(s)) return Number(s)
  const h = HEX.exec(s)
  if (h !== null) {
    const int = h[2] ?? ''
    const frac = h[3] ?? ''
    if (int === '' && frac === '') return null
    let v = 0
    for (const c of int + frac) v = v * 16 + parseInt(c, 16)
    const e = Number(h[4] ?? '0') - 4 * frac.length
    v = v * 2 ** e
    return h[1] === '-' ? -v : v
  }
  const sp = SPECIAL.exec(s)
  if (sp !== null) {
    const v = (sp[2] as string).toLowerCase().startsWith('inf') ? Infinity : NaN
    return sp[1] === '-' ? -v : v
  }
  return null
}

lobject.luaO_str2num = (s, o) => {
  if (s.indexOf(0) >= 0) return 0
  const v = parseNumeral(stringOf(s))
  if (v === null) return 0
  o.setfltvalue(v)
  return s.length + 1
}

lobject.luaO_tostring = (L, obj) => {
  obj.setsvalue(lstring.luaS_bless(L, ascii(luaNumber(obj.value as number))))
}

// ---- messages ----

const TYPE_ERROR = to_luastring('attempt to %s a %s value%s', true)
const pushvfstring = lobject.luaO_pushvfstring

/** Numbers in formatted messages print as 5.1 prints them; type errors take 5.1's word order. */
lobject.luaO_pushvfstring = (L, fmt, argp) => {
  if (fmt === TYPE_ERROR) {
    const [op, type, info] = argp as [Uint8Array, Uint8Array, Uint8Array]
    const m = /^ \((global|local|method|field|upvalue) '(.*)'\)$/.exec(stringOf(info))
    const text =
      m === null
        ? `attempt to ${stringOf(op)} a ${stringOf(type)} value`
        : `attempt to ${stringOf(op)} ${m[1]} '${m[2]}' (a ${stringOf(type)} value)`
    return pushvfstring(L, to_luastring('%s'), [ascii(text)])
  }
  // 5.1 quotes every token in syntax errors: "near '<eof>'", "'<name>' expected"
  if (fmt.length === 10 || fmt.length === 11) {
    const f = stringOf(fmt)
    const i = f === '%s near %s' ? 1 : f === '%s expected' ? 0 : -1
    const tok = i < 0 ? null : argp[i]
    if (tok instanceof Uint8Array && tok[0] === 60 /* < */) {
      const args = [...argp]
      args[i] = ascii(`'${stringOf(tok)}'`)
      return pushvfstring(L, fmt, args)
    }
  }
  let out: Uint8Array | null = null
  let args: unknown[] = argp
  let ai = 0
  for (let i = 0; i < fmt.length - 1; i++) {
    if (fmt[i] !== 37) continue
    const c = fmt[i + 1]
    if (c === 102 /* f */ || c === 100 /* d */ || c === 73 /* I */) {
      out ??= Uint8Array.from(fmt)
      if (args === argp) args = [...argp]
      out[i + 1] = 115 /* s */
      args[ai] = ascii(luaNumber(args[ai] as number))
    }
    if (c !== 37) ai++
    i++
  }
  return pushvfstring(L, out ?? fmt, args)
}

// luaO_pushfstring calls the original internally: route it through the patched one
lobject.luaO_pushfstring = (L, fmt, ...argp) => lobject.luaO_pushvfstring(L, fmt, argp)

// ---- read-only tables ----

let currentState: Fengari.State | null = null

/** The state whose script is running: read-only checks in `luaH_setint` need one to raise in. */
export function setCurrentState(L: Fengari.State | null): void {
  currentState = L
}

const READONLY = ascii(ScriptErr.readonlyTable)
const setfrom = ltable.luaH_setfrom
const setint = ltable.luaH_setint
const newTable = ltable.luaH_new

// every table starts with our two fields, so all tables share one shape
ltable.luaH_new = (L) => {
  const t = newTable(L)
  t.readonly = false
  t.lastInt = undefined
  return t
}

ltable.luaH_setfrom = (L, t, key, value) => {
  if (t.readonly === true) ldebug.luaG_runerror(L, READONLY)
  setfrom(L, t, key, value)
}

ltable.luaH_setint = (t, key, value) => {
  if (t.readonly === true && currentState !== null) ldebug.luaG_runerror(currentState, READONLY)
  const fresh = !t.strong.has(key)
  setint(t, key, value)
  if (!fresh) return
  const e = t.strong.get(key)
  if (e === undefined) return
  // table constructors store their items last to first: keep 1, 2, 3 in order for pairs(),
  // as Lua 5.1 walks its array part
  const prev = t.lastInt
  if (prev !== undefined && prev.key > key && t.strong.get(prev.key) === prev.entry && t.l === e) moveBefore(t, e, prev.entry)
  t.lastInt = { key, entry: e }
}

function moveBefore(t: Fengari.Table, e: Fengari.TableEntry, at: Fengari.TableEntry): void {
  // unlink e (the last entry)
  t.l = e.p
  if (e.p !== undefined) e.p.n = undefined
  if (t.f === e) t.f = undefined
  // link it before `at`
  e.p = at.p
  e.n = at
  if (at.p !== undefined) at.p.n = e
  else t.f = e
  at.p = e
}

// ---- the per-call fast path of scripts (what the lua_* API calls would do, minus their overhead) ----

const { TValue } = lobject
const { LUA_TLNGSTR, LUA_TTABLE } = defs.constant_types

// Short strings are shared between calls (Lua strings are immutable): pushing one costs no copy, its table
// hash (fengari computes one per string object) is computed once, and reading it back costs no conversion.
// Two direct-mapped caches (a slot per length, first and last byte): no growth, no eviction pass, and
// short-lived strings fall out quickly.
const SHARED_MAX_LENGTH = 64
const SLOTS = 1024
const sharedKeys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined)
const sharedStrings: (Fengari.TString | undefined)[] = new Array<Fengari.TString | undefined>(SLOTS).fill(undefined)
const textKeys: (Fengari.LuaString | undefined)[] = new Array<Fengari.LuaString | undefined>(SLOTS).fill(undefined)
const texts: string[] = new Array<string>(SLOTS).fill('')

function slotOf(len: number, first: number, last: number): number {
  return (len * 31 + first * 7 + last) & (SLOTS - 1)
}

/** The Lua string of a byte string (a shared one when short). */
export function luaString(L: Fengari.State, s: string): Fengari.TString {
  const n = s.length
  if (n > SHARED_MAX_LENGTH) return lstring.luaS_bless(L, ascii(s))
  const i = n === 0 ? 0 : slotOf(n, s.charCodeAt(0), s.charCodeAt(n - 1))
  if (sharedKeys[i] === s) return sharedStrings[i] as Fengari.TString
  const ts = lstring.luaS_bless(L, ascii(s))
  sharedKeys[i] = s
  sharedStrings[i] = ts
  textKeys[i] = ts.realstring
  texts[i] = s
  return ts
}

/** A luastring as a byte string (through the cache when short). */
export function textOf(b: Fengari.LuaString): string {
  const n = b.length
  if (n > SHARED_MAX_LENGTH) return stringOf(b)
  const i = n === 0 ? 0 : slotOf(n, b[0] as number, b[n - 1] as number)
  if (textKeys[i] === b) return texts[i] as string
  const s = stringOf(b)
  textKeys[i] = b
  texts[i] = s
  return s
}

/** Pushes a byte string (lua_pushstring without its copy). */
export function pushString(L: Fengari.State, s: string): void {
  lobject.pushsvalue2s(L, luaString(L, s))
}

/** A Lua string value made from a byte string. */
export function stringValue(L: Fengari.State, s: string): Fengari.TValue {
  return new TValue(LUA_TLNGSTR, luaString(L, s))
}

/** A fresh table `{items[1], ..., items[n]}` of byte strings, as lua_createtable and lua_rawseti build it. */
export function stringArray(L: Fengari.State, items: readonly string[]): Fengari.TValue {
  const t = ltable.luaH_new(L)
  for (let i = 0; i < items.length; i++) setint(t, i + 1, stringValue(L, items[i] as string))
  const last = t.l
  if (last !== undefined) t.lastInt = { key: items.length, entry: last }
  return new TValue(LUA_TTABLE, t)
}

/** Pushes a fresh table of byte strings (see stringArray). */
export function pushStringArray(L: Fengari.State, items: readonly string[]): void {
  lobject.pushobj2s(L, stringArray(L, items))
}

/** The global table of a state. */
export function globalsOf(L: Fengari.State): Fengari.Table {
  lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS)
  const t = lua.lua_topointer(L, -1) as Fengari.Table
  lua.lua_pop(L, 1)
  return t
}

/** `t[key] = value` without metamethods, even on a read-only table. */
export function rawSetValue(L: Fengari.State, t: Fengari.Table, key: Fengari.TValue, value: Fengari.TValue): void {
  setfrom(L, t, key, value)
}

/** Marks the table at `idx` read-only (or writable again). */
export function setReadonly(L: Fengari.State, idx: number, on: boolean): void {
  const t = lua.lua_topointer(L, idx) as Fengari.Table
  t.readonly = on
}

export function isReadonly(L: Fengari.State, idx: number): boolean {
  return (lua.lua_topointer(L, idx) as Fengari.Table).readonly === true
}
