/**
 * The sandboxed Lua states: one for EVAL scripts and one for function
 * libraries, as Redis keeps them. Globals are read-only and reading a missing
 * one is an error; the function state has a separate, smaller environment for
 * the code that runs while a library loads.
 */
import { ScriptErr } from '../../src/index.js'
import { openBit } from './lib-bit.js'
import { openCjson } from './lib-cjson.js'
import { openCmsgpack } from './lib-cmsgpack.js'
import { openStruct } from './lib-struct.js'
import { globalsOf, setReadonly, stringOf, stringValue } from './patch.js'
import { lauxlib, lua, LUA_REGISTRYINDEX, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE, pushBytes, raiseHere, rawgetField, rawsetField, toBytes, type State } from './lua-api.js'
import { pushLoadRedisLib, pushRedisLib, type RedisLibHost } from './redis-lib.js'
import { openStdlib, type Rand48 } from './stdlib.js'

/** The message handler of every script call: the error as `{err=..., source=..., line=...}`. */
export function errorHandler(L: State): number {
  const ar = new lua.lua_Debug()
  let found = false
  if (lua.lua_getstack(L, 1, ar)) {
    lua.lua_getinfo(L, 'Sl', ar)
    found = true
    // raised by a C function (error, redis.call...): the Lua code that called it ("J" in fengari)
    if (ar.what !== null && stringOf(ar.what) === 'J') {
      found = lua.lua_getstack(L, 2, ar) !== 0
      if (found) lua.lua_getinfo(L, 'Sl', ar)
    }
  }
  const t = lua.lua_type(L, 1)
  lua.lua_createtable(L, 0, 4)
  if (t === LUA_TTABLE) {
    rawgetField(L, 1, 'err')
    rawsetField(L, -2, 'err')
    rawgetField(L, 1, 'ignore_error_stats_update')
    rawsetField(L, -2, 'ignore_error_stats_update')
  } else {
    const text = stringOf(lauxlib.luaL_tolstring(L, 1))
    lua.lua_pop(L, 1)
    pushBytes(L, ScriptErr.runtime(text))
    rawsetField(L, -2, 'err')
  }
  if (found && ar.source !== null) {
    lua.lua_pushstring(L, ar.source)
    rawsetField(L, -2, 'source')
    lua.lua_pushnumber(L, ar.currentline)
    rawsetField(L, -2, 'line')
  }
  return 1
}

function missingGlobal(L: State): number {
  const t = lua.lua_type(L, 2)
  const name = t === LUA_TSTRING || t === LUA_TNUMBER ? (toBytes(L, 2) as string) : '(null)'
  return raiseHere(L, ScriptErr.nonexistentGlobal(name))
}

/** JavaScript exceptions inside the VM (a bug, or JS stack exhaustion) become Lua errors. */
function nativeError(L: State): number {
  const e = lua.lua_touserdata(L, 1)
  pushBytes(L, e instanceof Error ? e.message : String(e))
  return 1
}

/** Gives the table on top a metatable whose __index raises "nonexistent global variable". */
function guardMissing(L: State): void {
  lua.lua_createtable(L, 0, 1)
  lua.lua_pushcfunction(L, missingGlobal)
  lua.lua_setfield(L, -2, '__index')
  setReadonly(L, -1, true)
  lua.lua_setmetatable(L, -2)
}

/** Marks the table on top and every table reachable from it read-only. */
function protect(L: State, seen = new Set<unknown>()): void {
  const p = lua.lua_topointer(L, -1)
  if (seen.has(p)) return
  seen.add(p)
  lua.lua_pushnil(L)
  while (lua.lua_next(L, -2)) {
    if (lua.lua_type(L, -1) === LUA_TTABLE) protect(L, seen)
    lua.lua_pop(L, 1)
  }
  setReadonly(L, -1, true)
}

function newState(rand: Rand48): State {
  const L = lauxlib.luaL_newstate()
  lua.lua_atnativeerror(L, nativeError)
  openStdlib(L, rand)
  // the string metatable (`getmetatable('').__index`) is Redis-protected too
  pushBytes(L, '')
  lua.lua_getmetatable(L, -1)
  setReadonly(L, -1, true)
  lua.lua_pop(L, 2)
  return L
}

function pushGlobals(L: State): void {
  lua.lua_rawgeti(L, LUA_REGISTRYINDEX, lua.LUA_RIDX_GLOBALS)
}

function addLibraries(L: State): void {
  for (const [name, open] of [
    ['bit', openBit],
    ['cjson', openCjson],
    ['cmsgpack', openCmsgpack],
    ['struct', openStruct],
  ] as const) {
    open(L)
    lua.lua_setfield(L, -2, name)
  }
}

/** The EVAL state, with the error handler's registry reference and what runScript sets KEYS and ARGV with. */
export interface EvalState {
  readonly L: State
  readonly handler: number
  readonly globals: Fengari.Table
  readonly keysName: Fengari.TValue
  readonly argvName: Fengari.TValue
}

export function createEvalState(host: RedisLibHost, rand: Rand48): EvalState {
  const L = newState(rand)
  pushGlobals(L)
  pushRedisLib(L, host, 'eval')
  lua.lua_setfield(L, -2, 'redis')
  addLibraries(L)
  lua.lua_pushcfunction(L, errorHandler)
  lua.lua_pushvalue(L, -1)
  const handler = lauxlib.luaL_ref(L, LUA_REGISTRYINDEX)
  lua.lua_setfield(L, -2, '__redis__err__handler')
  protect(L)
  guardMissing(L)
  lua.lua_pop(L, 1)
  return { L, handler, globals: globalsOf(L), keysName: stringValue(L, 'KEYS'), argvName: stringValue(L, 'ARGV') }
}

/** The function state: runtime globals, and the environment libraries load in (registry refs). */
export function createFunctionState(host: RedisLibHost, rand: Rand48): { L: State; handler: number; loadEnv: number; globals: number } {
  const L = newState(rand)
  pushGlobals(L)
  pushRedisLib(L, host, 'function')
  lua.lua_setfield(L, -2, 'redis')
  addLibraries(L)
  protect(L)
  guardMissing(L)
  const globals = lauxlib.luaL_ref(L, LUA_REGISTRYINDEX)
  lua.lua_createtable(L, 0, 1)
  pushLoadRedisLib(L, host)
  guardMissing(L)
  lua.lua_setfield(L, -2, 'redis')
  protect(L)
  guardMissing(L)
  const loadEnv = lauxlib.luaL_ref(L, LUA_REGISTRYINDEX)
  lua.lua_pushcfunction(L, errorHandler)
  const handler = lauxlib.luaL_ref(L, LUA_REGISTRYINDEX)
  return { L, handler, loadEnv, globals }
}
