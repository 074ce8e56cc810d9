/**
 * The fengari API, loaded after patch.ts has bent it toward Lua 5.1. Every
 * other module of the Lua host imports fengari from here, never directly.
 */
// patch.js first: it must run before fengari's libraries load
import { pushString, textOf } from './patch.js'
import lauxlib from 'fengari/src/lauxlib.js'
import lua from 'fengari/src/lua.js'
import lualib from 'fengari/src/lualib.js'

export { lauxlib, lua, lualib }
export type State = Fengari.State

export const {
  LUA_OK,
  LUA_MULTRET,
  LUA_REGISTRYINDEX,
  LUA_TNIL,
  LUA_TBOOLEAN,
  LUA_TLIGHTUSERDATA,
  LUA_TNUMBER,
  LUA_TSTRING,
  LUA_TTABLE,
  LUA_TFUNCTION,
} = lua

/** Pushes a byte string. */
export function pushBytes(L: State, s: string): void {
  pushString(L, s)
}

/** The string (or number, converted) at `idx` as a byte string; null for other types. */
export function toBytes(L: State, idx: number): string | null {
  const b = lua.lua_tostring(L, idx)
  return b === null ? null : textOf(b)
}

/** Sets `t[name] = value at top` on the table at `idx` without metamethods (and pops the value). */
export function rawsetField(L: State, idx: number, name: string): void {
  const t = lua.lua_absindex(L, idx)
  pushString(L, name)
  lua.lua_insert(L, -2)
  lua.lua_rawset(L, t)
}

/** Pushes `t[name]` of the table at `idx` without metamethods; returns its type. */
export function rawgetField(L: State, idx: number, name: string): number {
  const t = lua.lua_absindex(L, idx)
  pushString(L, name)
  return lua.lua_rawget(L, t)
}

/** Registers JS functions as fields of the table on top of the stack. */
export function setFunctions(L: State, fns: Record<string, Fengari.CFunction>): void {
  for (const [name, f] of Object.entries(fns)) {
    lua.lua_pushcfunction(L, f)
    lua.lua_setfield(L, -2, name)
  }
}

/** Raises a Lua error with a string message and no position prefix. */
export function raise(L: State, message: string): number {
  lua.lua_checkstack(L, 2)
  pushBytes(L, message)
  return lua.lua_error(L)
}

/** Raises a Lua error with the position of the calling Lua code (luaL_error). */
export function raiseHere(L: State, message: string): number {
  lua.lua_checkstack(L, 3)
  lauxlib.luaL_where(L, 1)
  pushBytes(L, message)
  lua.lua_concat(L, 2)
  return lua.lua_error(L)
}
