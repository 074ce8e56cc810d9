/**
 * `cjson` as Redis bundles it (lua-cjson 2.1.0): encode/decode with the same
 * output, errors and configuration functions.
 */
import { formatFloat } from './numfmt.js'
import { lauxlib, lua, LUA_TBOOLEAN, LUA_TLIGHTUSERDATA, LUA_TNIL, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE, pushBytes, raiseHere, setFunctions, toBytes, type State } from './lua-api.js'
import { decodeJson } from './lib-cjson-decode.js'

export interface CjsonConfig {
  sparseConvert: boolean
  sparseRatio: number
  sparseSafe: number
  encodeMaxDepth: number
  decodeMaxDepth: number
  /** 0 off, 1 on, 2 "null". */
  encodeInvalidNumbers: number
  decodeInvalidNumbers: boolean
  keepBuffer: boolean
  precision: number
}

function defaults(): CjsonConfig {
  return {
    sparseConvert: false,
    sparseRatio: 2,
    sparseSafe: 10,
    encodeMaxDepth: 1000,
    decodeMaxDepth: 1000,
    encodeInvalidNumbers: 0,
    decodeInvalidNumbers: true,
    keepBuffer: true,
    precision: 14,
  }
}

const ESCAPES: string[] = []
for (let i = 0; i < 256; i++) {
  if (i < 0x20 || i === 0x7f) ESCAPES.push('\\u' + i.toString(16).padStart(4, '0'))
  else ESCAPES.push(String.fromCharCode(i))
}
ESCAPES[8] = '\\b'
ESCAPES[9] = '\\t'
ESCAPES[10] = '\\n'
ESCAPES[12] = '\\f'
ESCAPES[13] = '\\r'
ESCAPES[34] = '\\"'
ESCAPES[92] = '\\\\'
ESCAPES[47] = '\\/'

const PLAIN = /^[^\x00-\x1f"\\/\x7f]*$/

function encodeString(s: string): string {
  if (PLAIN.test(s)) return '"' + s + '"'
  let out = '"'
  for (let i = 0; i < s.length; i++) out += ESCAPES[s.charCodeAt(i)] as string
  return out + '"'
}

function typeName(L: State, idx: number): string {
  return String.fromCharCode(...lauxlib.luaL_typename(L, idx))
}

function fail(L: State, idx: number, reason: string): never {
  raiseHere(L, `Cannot serialise ${typeName(L, idx)}: ${reason}`)
  throw new Error('unreachable')
}

function encodeNumber(L: State, cfg: CjsonConfig, idx: number): string {
  const n = lua.lua_tonumber(L, idx)
  if (!Number.isFinite(n)) {
    if (cfg.encodeInvalidNumbers === 0) fail(L, idx, 'must not be NaN or Inf')
    if (cfg.encodeInvalidNumbers === 2) return 'null'
    return n !== n ? 'nan' : n < 0 ? '-inf' : 'inf'
  }
  return formatFloat(n, 'g', cfg.precision)
}

/** The array length of the table on top, or -1 when it must be an object (lua_array_length). */
function arrayLength(L: State, cfg: CjsonConfig): number {
  let max = 0
  let items = 0
  lua.lua_pushnil(L)
  while (lua.lua_next(L, -2)) {
    if (lua.lua_type(L, -2) === LUA_TNUMBER) {
      const k = lua.lua_tonumber(L, -2)
      if (k !== 0 && Math.floor(k) === k && k >= 1) {
        if (k > max) max = k
        items++
        lua.lua_pop(L, 1)
        continue
      }
    }
    lua.lua_pop(L, 2)
    return -1
  }
  if (cfg.sparseRatio > 0 && max > items * cfg.sparseRatio && max > cfg.sparseSafe) {
    if (!cfg.sparseConvert) fail(L, -1, 'excessively sparse array')
    return -1
  }
  return max
}

/** Encodes the value on top of the stack. */
function encodeValue(L: State, cfg: CjsonConfig, depth: number): string {
  switch (lua.lua_type(L, -1)) {
    case LUA_TSTRING:
      return encodeString(toBytes(L, -1) as string)
    case LUA_TNUMBER:
      return encodeNumber(L, cfg, -1)
    case LUA_TBOOLEAN:
      return lua.lua_toboolean(L, -1) ? 'true' : 'false'
    case LUA_TNIL:
      return 'null'
    case LUA_TLIGHTUSERDATA:
      if (lua.lua_touserdata(L, -1) === null) return 'null'
      return fail(L, -1, 'type not supported')
    case LUA_TTABLE: {
      depth++
      if (depth > cfg.encodeMaxDepth) {
        raiseHere(L, `Cannot serialise, excessive nesting (${depth})`)
      }
      lua.lua_checkstack(L, 6)
      const len = arrayLength(L, cfg)
      if (len > 0) {
        const parts: string[] = []
        for (let i = 1; i <= len; i++) {
          lua.lua_rawgeti(L, -1, i)
          parts.push(encodeValue(L, cfg, depth))
          lua.lua_pop(L, 1)
        }
        return '[' + parts.join(',') + ']'
      }
      const parts: string[] = []
      lua.lua_pushnil(L)
      while (lua.lua_next(L, -2)) {
        const kt = lua.lua_type(L, -2)
        let key: string
        if (kt === LUA_TNUMBER) key = '"' + encodeNumber(L, cfg, -2) + '"'
        else if (kt === LUA_TSTRING) key = encodeString(toBytes(L, -2) as string)
        else fail(L, -2, 'table key must be a number or string')
        parts.push(key + ':' + encodeValue(L, cfg, depth))
        lua.lua_pop(L, 1)
      }
      return '{' + parts.join(',') + '}'
    }
    default:
      return fail(L, -1, 'type not supported')
  }
}

/** Options take at most `n` arguments (json_arg_init). */
function maxArgs(L: State, n: number): void {
  if (lua.lua_gettop(L) > n) lauxlib.luaL_argerror(L, n + 1, 'found too many arguments')
  lua.lua_settop(L, n)
}

function absent(L: State, idx: number): boolean {
  return lua.lua_type(L, idx) <= LUA_TNIL
}

/** An on/off option: true/false or "off"/"on" (and "null" where allowed); pushes the setting. */
function enumOption(L: State, idx: number, current: number, names: string[]): number {
  let v = current
  if (!absent(L, idx)) {
    if (lua.lua_type(L, idx) === LUA_TBOOLEAN) v = lua.lua_toboolean(L, idx) ? 1 : 0
    else {
      const s = lua.lua_type(L, idx) === LUA_TSTRING || lua.lua_type(L, idx) === LUA_TNUMBER ? (toBytes(L, idx) as string) : null
      if (s === null) lauxlib.luaL_checkstring(L, idx)
      const i = names.indexOf(s as string)
      if (i < 0) lauxlib.luaL_argerror(L, idx, `invalid option '${s}'`)
      v = i
    }
  }
  if (v <= 1) lua.lua_pushboolean(L, v === 1)
  else pushBytes(L, names[v] as string)
  return v
}

function intOption(L: State, idx: number, current: number, min: number, max: number): number {
  let v = current
  if (!absent(L, idx)) {
    v = lauxlib.luaL_checkinteger(L, idx)
    if (v < min || v > max) lauxlib.luaL_argerror(L, 1, `expected integer between ${min} and ${max}`)
  }
  lua.lua_pushnumber(L, v)
  return v
}

const ON_OFF = ['off', 'on']

function pushModule(L: State, cfg: CjsonConfig): void {
  lua.lua_newtable(L)
  setFunctions(L, {
    encode: (L1) => {
      if (lua.lua_gettop(L1) !== 1) return lauxlib.luaL_argerror(L1, 1, 'expected 1 argument')
      pushBytes(L1, encodeValue(L1, cfg, 0))
      return 1
    },
    decode: (L1) => {
      if (lua.lua_gettop(L1) !== 1) return lauxlib.luaL_argerror(L1, 1, 'expected 1 argument')
      lauxlib.luaL_checkstring(L1, 1)
      decodeJson(L1, toBytes(L1, 1) as string, cfg)
      return 1
    },
    encode_sparse_array: (L1) => {
      maxArgs(L1, 3)
      cfg.sparseConvert = enumOption(L1, 1, cfg.sparseConvert ? 1 : 0, ON_OFF) === 1
      cfg.sparseRatio = intOption(L1, 2, cfg.sparseRatio, 0, 2147483647)
      cfg.sparseSafe = intOption(L1, 3, cfg.sparseSafe, 0, 2147483647)
      return 3
    },
    encode_max_depth: (L1) => {
      maxArgs(L1, 1)
      cfg.encodeMaxDepth = intOption(L1, 1, cfg.encodeMaxDepth, 1, 2147483647)
      return 1
    },
    decode_max_depth: (L1) => {
      maxArgs(L1, 1)
      cfg.decodeMaxDepth = intOption(L1, 1, cfg.decodeMaxDepth, 1, 2147483647)
      return 1
    },
    encode_number_precision: (L1) => {
      maxArgs(L1, 1)
      cfg.precision = intOption(L1, 1, cfg.precision, 1, 14)
      return 1
    },
    encode_keep_buffer: (L1) => {
      maxArgs(L1, 1)
      cfg.keepBuffer = enumOption(L1, 1, cfg.keepBuffer ? 1 : 0, ON_OFF) === 1
      return 1
    },
    encode_invalid_numbers: (L1) => {
      maxArgs(L1, 1)
      cfg.encodeInvalidNumbers = enumOption(L1, 1, cfg.encodeInvalidNumbers, ['off', 'on', 'null'])
      return 1
    },
    decode_invalid_numbers: (L1) => {
      maxArgs(L1, 1)
      cfg.decodeInvalidNumbers = enumOption(L1, 1, cfg.decodeInvalidNumbers ? 1 : 0, ON_OFF) === 1
      return 1
    },
    new: (L1) => {
      pushModule(L1, defaults())
      return 1
    },
  })
  lua.lua_pushlightuserdata(L, null)
  lua.lua_setfield(L, -2, 'null')
  pushBytes(L, 'cjson')
  lua.lua_setfield(L, -2, '_NAME')
  pushBytes(L, '2.1.0')
  lua.lua_setfield(L, -2, '_VERSION')
}

export function openCjson(L: State): void {
  pushModule(L, defaults())
}
