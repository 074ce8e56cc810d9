/**
 * Replies to Lua values (what `redis.call` returns) and Lua values to replies
 * (what a script returns), by Redis 7.0's rules for RESP2 and RESP3.
 */
import { array, bignum, bulk, double, error, formatDouble, integer, map, NULL_BULK, set, simple, verbatim, type Reply } from '../../src/index.js'
import { toReplyInteger } from './numfmt.js'
import {
  lua,
  LUA_TBOOLEAN,
  LUA_TNIL,
  LUA_TNUMBER,
  LUA_TSTRING,
  LUA_TTABLE,
  pushBytes,
  rawgetField,
  rawsetField,
  toBytes,
  type State,
} from './lua-api.js'

/** Pushes `{ [name] = <string> }`. */
export function pushField(L: State, name: string, value: string): void {
  lua.lua_checkstack(L, 4)
  lua.lua_createtable(L, 0, 1)
  pushBytes(L, value)
  rawsetField(L, -2, name)
}

/**
 * The table Redis uses for errors: `{err = "CODE message"}`. A message without
 * code gets ERR, a leading '-' goes, trailing newlines go (luaPushErrorBuff).
 */
export function normalizeError(message: string): string {
  let code = 'ERR'
  let msg = message
  if (message.startsWith('-')) {
    const sp = message.indexOf(' ')
    if (sp < 0) msg = message.slice(1)
    else {
      code = message.slice(1, sp)
      msg = message.slice(sp + 1)
    }
  }
  return `${code} ${msg.replace(/^[\r\n]+|[\r\n]+$/g, '')}`
}

export function pushErrorTable(L: State, message: string, ignoreStats: boolean): void {
  pushField(L, 'err', normalizeError(message.startsWith('-') ? message : '-' + message))
  if (ignoreStats) {
    lua.lua_pushboolean(L, true)
    rawsetField(L, -2, 'ignore_error_stats_update')
  }
}

function pushArray(L: State, items: readonly Reply[], resp: 2 | 3): void {
  lua.lua_checkstack(L, 4)
  lua.lua_createtable(L, items.length, 0)
  for (let i = 0; i < items.length; i++) {
    const r = items[i] as Reply
    // a RESP3 null inside an array leaves a hole
    if (r.t === 'null' && resp === 3) continue
    pushReply(L, r, resp)
    lua.lua_rawseti(L, -2, i + 1)
  }
}

/** Pushes a command's reply as the Lua value `redis.call` returns for the script's protocol. */
export function pushReply(L: State, r: Reply, resp: 2 | 3): void {
  switch (r.t) {
    case 'simple':
      pushField(L, 'ok', r.v)
      return
    case 'error':
      pushErrorTable(L, r.v, false)
      return
    case 'int':
      lua.lua_pushnumber(L, Number(r.v))
      return
    case 'bulk':
      pushBytes(L, r.v)
      return
    case 'null':
      if (resp === 2) lua.lua_pushboolean(L, false)
      else lua.lua_pushnil(L)
      return
    case 'double':
      if (resp === 2) pushBytes(L, formatDouble(r.v))
      else {
        lua.lua_createtable(L, 0, 1)
        lua.lua_pushnumber(L, r.v)
        rawsetField(L, -2, 'double')
      }
      return
    case 'bool':
      if (resp === 2) lua.lua_pushnumber(L, r.v ? 1 : 0)
      else lua.lua_pushboolean(L, r.v)
      return
    case 'bignum':
      if (resp === 2) pushBytes(L, r.v)
      else pushField(L, 'big_number', r.v)
      return
    case 'verbatim':
      if (resp === 2) pushBytes(L, r.v)
      else {
        lua.lua_createtable(L, 0, 1)
        lua.lua_createtable(L, 0, 2)
        pushBytes(L, r.fmt)
        rawsetField(L, -2, 'format')
        pushBytes(L, r.v)
        rawsetField(L, -2, 'string')
        rawsetField(L, -2, 'verbatim_string')
      }
      return
    case 'bulks':
      lua.lua_createtable(L, r.v.length, 0)
      for (let i = 0; i < r.v.length; i++) {
        const v = r.v[i]
        if (v === null || v === undefined) {
          if (resp === 3) continue
          lua.lua_pushboolean(L, false)
        } else pushBytes(L, v)
        lua.lua_rawseti(L, -2, i + 1)
      }
      return
    case 'array':
    case 'push':
      pushArray(L, r.v, resp)
      return
    case 'set':
      if (resp === 2) pushArray(L, r.v, resp)
      else {
        lua.lua_createtable(L, 0, 1)
        lua.lua_createtable(L, 0, r.v.length)
        for (const m of r.v) {
          pushReply(L, m, resp)
          lua.lua_pushboolean(L, true)
          lua.lua_rawset(L, -3)
        }
        rawsetField(L, -2, 'set')
      }
      return
    case 'map':
      if (resp === 2) pushArray(L, r.v, resp)
      else {
        lua.lua_createtable(L, 0, 1)
        lua.lua_createtable(L, 0, r.v.length / 2)
        for (let i = 0; i + 1 < r.v.length; i += 2) {
          pushReply(L, r.v[i] as Reply, resp)
          pushReply(L, r.v[i + 1] as Reply, resp)
          if (lua.lua_type(L, -2) === LUA_TNIL) lua.lua_pop(L, 2)
          else lua.lua_rawset(L, -3)
        }
        rawsetField(L, -2, 'map')
      }
      return
  }
}

const ONE = integer(1)

/** Error and status texts are one line: CR and LF become spaces. */
function oneLine(s: string): string {
  return s.replace(/[\r\n]/g, ' ')
}

/** The reply for the Lua value at `idx` (a script's return value, or an element of it). */
export function toReply(L: State, idx: number, depth = 0): Reply {
  const t = lua.lua_type(L, idx)
  if (t === LUA_TSTRING) return bulk(toBytes(L, idx) as string)
  if (t === LUA_TNUMBER) return integer(toReplyInteger(lua.lua_tonumber(L, idx)))
  if (t === LUA_TBOOLEAN) return lua.lua_toboolean(L, idx) ? ONE : NULL_BULK
  if (t !== LUA_TTABLE || depth > 1000 || !lua.lua_checkstack(L, 8)) return NULL_BULK
  const abs = lua.lua_absindex(L, idx)
  const top = lua.lua_gettop(L)
  try {
    if (rawgetField(L, abs, 'err') === LUA_TSTRING) return error(oneLine(toBytes(L, -1) as string))
    lua.lua_pop(L, 1)
    if (rawgetField(L, abs, 'ok') === LUA_TSTRING) return simple(oneLine(toBytes(L, -1) as string))
    lua.lua_pop(L, 1)
    if (rawgetField(L, abs, 'double') === LUA_TNUMBER) return double(lua.lua_tonumber(L, -1))
    lua.lua_pop(L, 1)
    if (rawgetField(L, abs, 'big_number') === LUA_TSTRING) return bignum(oneLine(toBytes(L, -1) as string))
    lua.lua_pop(L, 1)
    if (rawgetField(L, abs, 'map') === LUA_TTABLE) {
      const out: Reply[] = []
      lua.lua_pushnil(L)
      while (lua.lua_next(L, -2)) {
        out.push(toReply(L, -2, depth + 1), toReply(L, -1, depth + 1))
        lua.lua_pop(L, 1)
      }
      return map(out)
    }
    lua.lua_pop(L, 1)
    if (rawgetField(L, abs, 'set') === LUA_TTABLE) {
      const out: Reply[] = []
      lua.lua_pushnil(L)
      while (lua.lua_next(L, -2)) {
        out.push(toReply(L, -2, depth + 1))
        lua.lua_pop(L, 1)
      }
      return set(out)
    }
    lua.lua_pop(L, 1)
    if (rawgetField(L, abs, 'verbatim_string') === LUA_TTABLE) {
      const fmtType = rawgetField(L, -1, 'format')
      const strType = rawgetField(L, -2, 'string')
      if (fmtType === LUA_TSTRING && strType === LUA_TSTRING) {
        return verbatim(toBytes(L, -1) as string, (toBytes(L, -2) as string).slice(0, 3))
      }
      lua.lua_pop(L, 2)
    }
    lua.lua_pop(L, 1)
    const out: Reply[] = []
    for (let i = 1; ; i++) {
      if (lua.lua_rawgeti(L, abs, i) === LUA_TNIL) break
      out.push(toReply(L, -1, depth + 1))
      lua.lua_pop(L, 1)
    }
    return array(out)
  } finally {
    lua.lua_settop(L, top)
  }
}
