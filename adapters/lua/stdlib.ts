/**
 * The standard library as Redis 7.0's Lua 5.1 has it, built on fengari's 5.3
 * libraries: the same globals and library members (checked against the oracle),
 * 5.1's `error`, `load`, `loadstring`, `unpack`, `table.getn`..., Redis's
 * `pcall` (an error table becomes its `err` string) and Redis's rand48-based
 * `math.random`.
 */
import { ScriptErr } from '../../src/index.js'
import { stringFormat } from './format.js'
import { ascii, isReadonly } from './patch.js'
import {
  lauxlib,
  lua,
  lualib,
  LUA_MULTRET,
  LUA_OK,
  LUA_REGISTRYINDEX,
  LUA_TFUNCTION,
  LUA_TNIL,
  LUA_TNUMBER,
  LUA_TSTRING,
  LUA_TTABLE,
  pushBytes,
  raise,
  raiseHere,
  rawgetField,
  setFunctions,
  toBytes,
  type State,
} from './lua-api.js'

/** Redis's PRNG state (rand48), shared by every script of a server as in Redis. */
export class Rand48 {
  private x = 0x1234abcd330en

  seed(s: number): void {
    this.x = (BigInt(s | 0) << 16n) | 0x330en
    this.x &= 0xffffffffffffn
  }

  /** lrand48(): 31 random bits. */
  next(): number {
    this.x = (0x5deece66dn * this.x + 0xbn) & 0xffffffffffffn
    return Number(this.x >> 17n)
  }

  /** Redis's math.random base: in [0, 1). */
  random(): number {
    return (this.next() % 2147483647) / 2147483647
  }
}

function globals(L: State): void {
  lua.lua_rawgeti(L, LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS)
}

function remove(L: State, names: string[]): void {
  for (const n of names) {
    lua.lua_pushnil(L)
    lua.lua_setfield(L, -2, n)
  }
}

function luaError(L: State): number {
  const level = lauxlib.luaL_optinteger(L, 2, 1)
  lua.lua_settop(L, 1)
  const t = lua.lua_type(L, 1)
  // 5.1 adds the position to numbers too
  if ((t === LUA_TSTRING || t === LUA_TNUMBER) && level > 0) {
    lauxlib.luaL_where(L, level)
    lua.lua_pushvalue(L, 1)
    lua.lua_concat(L, 2)
  }
  return lua.lua_error(L)
}

/** Redis 7's pcall: an error table with an `err` field comes back as that field. */
function pcall(L: State): number {
  const n = lua.lua_gettop(L)
  if (n === 0) {
    lua.lua_pushboolean(L, false)
    lua.lua_pushliteral(L, 'attempt to call a boolean value')
    return 2
  }
  if (lua.lua_pcall(L, n - 1, LUA_MULTRET, 0) === LUA_OK) {
    lua.lua_pushboolean(L, true)
    lua.lua_insert(L, 1)
    return lua.lua_gettop(L)
  }
  if (lua.lua_type(L, -1) === LUA_TTABLE) {
    if (rawgetField(L, -1, 'err') !== LUA_TNIL) lua.lua_replace(L, -2)
    else lua.lua_pop(L, 1)
  }
  lua.lua_pushboolean(L, false)
  lua.lua_insert(L, -2)
  return 2
}

/** 5.1's assert: the message must be a string. */
function assert(L: State): number {
  if (lua.lua_toboolean(L, 1)) return lua.lua_gettop(L)
  lauxlib.luaL_checkany(L, 1)
  if (lua.lua_type(L, 2) <= LUA_TNIL) return raiseHere(L, 'assertion failed!')
  lauxlib.luaL_checkstring(L, 2)
  return raiseHere(L, toBytes(L, 2) as string)
}

function loadChunk(L: State, code: string, chunkname: string): number {
  if (lauxlib.luaL_loadbuffer(L, ascii(code), null, ascii(chunkname)) === LUA_OK) return 1
  lua.lua_pushnil(L)
  lua.lua_insert(L, -2)
  return 2
}

function loadstring(L: State): number {
  lauxlib.luaL_checkstring(L, 1)
  const code = toBytes(L, 1) as string
  const name = lua.lua_type(L, 2) === LUA_TSTRING || lua.lua_type(L, 2) === LUA_TNUMBER ? (toBytes(L, 2) as string) : code
  return loadChunk(L, code, name)
}

/** 5.1's load: only a reader function, called until it returns nothing. */
function load(L: State): number {
  lauxlib.luaL_checktype(L, 1, LUA_TFUNCTION)
  const name = lua.lua_type(L, 2) === LUA_TSTRING ? (toBytes(L, 2) as string) : '=(load)'
  let code = ''
  for (;;) {
    lua.lua_pushvalue(L, 1)
    lua.lua_call(L, 0, 1)
    const t = lua.lua_type(L, -1)
    if (t === LUA_TNIL) break
    if (t !== LUA_TSTRING) return raiseHere(L, 'reader function must return a string')
    const piece = toBytes(L, -1) as string
    lua.lua_pop(L, 1)
    if (piece === '') break
    code += piece
  }
  lua.lua_settop(L, 2)
  return loadChunk(L, code, name)
}

function setmetatable(L: State): number {
  lauxlib.luaL_checktype(L, 1, LUA_TTABLE)
  const t = lua.lua_type(L, 2)
  if (t !== LUA_TNIL && t !== LUA_TTABLE) return lauxlib.luaL_argerror(L, 2, 'nil or table expected')
  if (lua.lua_getmetatable(L, 1)) {
    const protectedMt = rawgetField(L, -1, '__metatable') !== LUA_TNIL
    lua.lua_pop(L, 2)
    if (protectedMt) return raiseHere(L, 'cannot change a protected metatable')
  }
  if (isReadonly(L, 1)) return raise(L, ScriptErr.readonlyTable)
  lua.lua_settop(L, 2)
  lua.lua_setmetatable(L, 1)
  return 1
}

const memoryKb = (L: State): number => {
  lua.lua_pushnumber(L, 32)
  return 1
}

function collectgarbage(L: State): number {
  const opt = lua.lua_type(L, 1) === LUA_TSTRING ? (toBytes(L, 1) as string) : 'collect'
  if (opt === 'count') return memoryKb(L)
  lua.lua_pushnumber(L, 0)
  return 1
}

function tableMaxn(L: State): number {
  lauxlib.luaL_checktype(L, 1, LUA_TTABLE)
  let max = 0
  lua.lua_pushnil(L)
  while (lua.lua_next(L, 1)) {
    lua.lua_pop(L, 1)
    if (lua.lua_type(L, -1) === LUA_TNUMBER) max = Math.max(max, lua.lua_tonumber(L, -1))
  }
  lua.lua_pushnumber(L, max)
  return 1
}

function tableForeach(L: State): number {
  lauxlib.luaL_checktype(L, 1, LUA_TTABLE)
  lauxlib.luaL_checktype(L, 2, LUA_TFUNCTION)
  lua.lua_pushnil(L)
  while (lua.lua_next(L, 1)) {
    lua.lua_pushvalue(L, 2)
    lua.lua_pushvalue(L, -3)
    lua.lua_pushvalue(L, -3)
    lua.lua_call(L, 2, 1)
    if (lua.lua_type(L, -1) !== LUA_TNIL) return 1
    lua.lua_pop(L, 2)
  }
  return 0
}

function tableForeachi(L: State): number {
  lauxlib.luaL_checktype(L, 1, LUA_TTABLE)
  lauxlib.luaL_checktype(L, 2, LUA_TFUNCTION)
  const n = lua.lua_rawlen(L, 1)
  for (let i = 1; i <= n; i++) {
    lua.lua_pushvalue(L, 2)
    lua.lua_pushnumber(L, i)
    lua.lua_rawgeti(L, 1, i)
    lua.lua_call(L, 2, 1)
    if (lua.lua_type(L, -1) !== LUA_TNIL) return 1
    lua.lua_pop(L, 1)
  }
  return 0
}

function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0]
  let e = Math.floor(Math.log2(Math.abs(x))) + 1
  let m = x / 2 ** e
  while (Math.abs(m) >= 1) {
    m /= 2
    e++
  }
  while (Math.abs(m) < 0.5) {
    m *= 2
    e--
  }
  return [m, e]
}

const math1 = (f: (x: number) => number) => (L: State): number => {
  lua.lua_pushnumber(L, f(lauxlib.luaL_checknumber(L, 1)))
  return 1
}

const math2 = (f: (x: number, y: number) => number) => (L: State): number => {
  lua.lua_pushnumber(L, f(lauxlib.luaL_checknumber(L, 1), lauxlib.luaL_checknumber(L, 2)))
  return 1
}

function mathFunctions(rand: Rand48): Record<string, Fengari.CFunction> {
  return {
    atan2: math2(Math.atan2),
    cosh: math1(Math.cosh),
    sinh: math1(Math.sinh),
    tanh: math1(Math.tanh),
    log10: math1(Math.log10),
    floor: math1(Math.floor),
    ceil: math1(Math.ceil),
    pow: math2((x, y) => x ** y),
    mod: math2((x, y) => x % y),
    fmod: math2((x, y) => x % y),
    ldexp: math2((m, e) => m * 2 ** Math.trunc(e / 2) * 2 ** (Math.trunc(e) - Math.trunc(e / 2))),
    frexp: (L) => {
      const [m, e] = frexp(lauxlib.luaL_checknumber(L, 1))
      lua.lua_pushnumber(L, m)
      lua.lua_pushnumber(L, e)
      return 2
    },
    random: (L) => {
      const r = rand.random()
      const n = lua.lua_gettop(L)
      if (n === 0) lua.lua_pushnumber(L, r)
      else if (n === 1) {
        const u = Math.trunc(lauxlib.luaL_checknumber(L, 1))
        if (u < 1) return lauxlib.luaL_argerror(L, 1, 'interval is empty')
        lua.lua_pushnumber(L, Math.floor(r * u) + 1)
      } else if (n === 2) {
        const l = Math.trunc(lauxlib.luaL_checknumber(L, 1))
        const u = Math.trunc(lauxlib.luaL_checknumber(L, 2))
        if (l > u) return lauxlib.luaL_argerror(L, 2, 'interval is empty')
        lua.lua_pushnumber(L, Math.floor(r * (u - l + 1)) + l)
      } else return raiseHere(L, 'wrong number of arguments')
      return 1
    },
    randomseed: (L) => {
      rand.seed(Math.trunc(lauxlib.luaL_checknumber(L, 1)))
      return 0
    },
  }
}

/** Opens the libraries a Redis script has, shaped as Lua 5.1 (the globals table stays on no stack). */
export function openStdlib(L: State, rand: Rand48): void {
  const libs: [string, Fengari.CFunction][] = [
    ['_G', lualib.luaopen_base],
    ['coroutine', lualib.luaopen_coroutine],
    ['table', lualib.luaopen_table],
    ['string', lualib.luaopen_string],
    ['math', lualib.luaopen_math],
  ]
  for (const [name, open] of libs) {
    lauxlib.luaL_requiref(L, name, open, 1)
    lua.lua_pop(L, 1)
  }
  globals(L)
  lua.lua_getfield(L, -1, 'table')
  lua.lua_getfield(L, -1, 'unpack')
  lua.lua_setfield(L, -3, 'unpack')
  remove(L, ['move', 'pack', 'unpack'])
  setFunctions(L, {
    getn: (L1) => {
      lauxlib.luaL_checktype(L1, 1, LUA_TTABLE)
      lua.lua_pushnumber(L1, lua.lua_rawlen(L1, 1))
      return 1
    },
    maxn: tableMaxn,
    foreach: tableForeach,
    foreachi: tableForeachi,
    setn: (L1) => raiseHere(L1, ScriptErr.setnObsolete),
  })
  lua.lua_pop(L, 1)
  lua.lua_getfield(L, -1, 'string')
  lua.lua_getfield(L, -1, 'gmatch')
  lua.lua_setfield(L, -2, 'gfind')
  remove(L, ['pack', 'packsize', 'unpack'])
  setFunctions(L, { format: stringFormat })
  lua.lua_pop(L, 1)
  lua.lua_getfield(L, -1, 'math')
  remove(L, ['maxinteger', 'mininteger', 'tointeger', 'type', 'ult'])
  setFunctions(L, mathFunctions(rand))
  lua.lua_pop(L, 1)
  lua.lua_getfield(L, -1, 'coroutine')
  remove(L, ['isyieldable'])
  lua.lua_pop(L, 1)
  remove(L, ['dofile', 'loadfile', 'print', 'rawlen'])
  pushBytes(L, 'Lua 5.1')
  lua.lua_setfield(L, -2, '_VERSION')
  setFunctions(L, { assert, error: luaError, pcall, load, loadstring, setmetatable, collectgarbage, gcinfo: memoryKb })
  lua.lua_pop(L, 1)
}
