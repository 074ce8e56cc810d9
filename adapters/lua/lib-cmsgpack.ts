/** `cmsgpack` as Redis bundles it (lua-cmsgpack 0.4.0): MessagePack pack and unpack. */
import { lauxlib, lua, LUA_TBOOLEAN, LUA_TNUMBER, LUA_TSTRING, LUA_TTABLE, pushBytes, raiseHere, setFunctions, toBytes, type State } from './lua-api.js'

const MAX_NESTING = 16
const view = new DataView(new ArrayBuffer(8))

function be(n: number, bytes: number): string {
  let out = ''
  for (let i = bytes - 1; i >= 0; i--) out += String.fromCharCode(Math.floor(n / 2 ** (8 * i)) & 0xff)
  return out
}

function int64(n: bigint): string {
  let out = ''
  const u = BigInt.asUintN(64, n)
  for (let i = 7; i >= 0; i--) out += String.fromCharCode(Number((u >> BigInt(8 * i)) & 0xffn))
  return out
}

function encodeInteger(n: number): string {
  if (n >= 0) {
    if (n <= 127) return String.fromCharCode(n)
    if (n <= 0xff) return '\xcc' + be(n, 1)
    if (n <= 0xffff) return '\xcd' + be(n, 2)
    if (n <= 0xffffffff) return '\xce' + be(n, 4)
    return '\xcf' + int64(BigInt(n))
  }
  if (n >= -32) return String.fromCharCode(0xe0 | (n & 0x1f))
  if (n >= -128) return '\xd0' + be(n & 0xff, 1)
  if (n >= -32768) return '\xd1' + be(n & 0xffff, 2)
  if (n >= -2147483648) return '\xd2' + be(n >>> 0, 4)
  return '\xd3' + int64(BigInt(n))
}

function encodeNumber(n: number): string {
  // an integer when (int64_t)n == n
  if (Number.isFinite(n) && Number.isInteger(n) && n >= -9223372036854775808 && n < 9223372036854775808) return encodeInteger(n)
  if (Math.fround(n) === n || n !== n) {
    if (n === n) {
      view.setFloat32(0, n)
      return '\xca' + String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3))
    }
  }
  view.setFloat64(0, n)
  let out = '\xcb'
  for (let i = 0; i < 8; i++) out += String.fromCharCode(view.getUint8(i))
  return out
}

function encodeBytes(s: string): string {
  const n = s.length
  if (n < 32) return String.fromCharCode(0xa0 | n) + s
  if (n <= 0xff) return '\xd9' + be(n, 1) + s
  if (n <= 0xffff) return '\xda' + be(n, 2) + s
  return '\xdb' + be(n, 4) + s
}

/** Whether the table on top has only the keys 1..n (lua-cmsgpack's table_is_an_array). */
function isArray(L: State): boolean {
  let count = 0
  let max = 0
  lua.lua_pushnil(L)
  while (lua.lua_next(L, -2)) {
    lua.lua_pop(L, 1)
    if (lua.lua_type(L, -1) !== LUA_TNUMBER) {
      lua.lua_pop(L, 1)
      return false
    }
    const n = lua.lua_tonumber(L, -1)
    const idx = Math.trunc(n)
    if (idx !== n || idx < 1) {
      lua.lua_pop(L, 1)
      return false
    }
    count++
    if (idx > max) max = idx
  }
  return max === count
}

/** Encodes the value on top of the stack. */
function encode(L: State, level: number): string {
  const t = lua.lua_type(L, -1)
  if (t === LUA_TSTRING) return encodeBytes(toBytes(L, -1) as string)
  if (t === LUA_TBOOLEAN) return lua.lua_toboolean(L, -1) ? '\xc3' : '\xc2'
  if (t === LUA_TNUMBER) return encodeNumber(lua.lua_tonumber(L, -1))
  if (t !== LUA_TTABLE || level === MAX_NESTING) return '\xc0'
  lua.lua_checkstack(L, 4)
  let out: string
  if (isArray(L)) {
    const n = lua.lua_rawlen(L, -1)
    out = n <= 15 ? String.fromCharCode(0x90 | n) : n <= 0xffff ? '\xdc' + be(n, 2) : '\xdd' + be(n, 4)
    for (let i = 1; i <= n; i++) {
      lua.lua_rawgeti(L, -1, i)
      out += encode(L, level + 1)
      lua.lua_pop(L, 1)
    }
    return out
  }
  let body = ''
  let n = 0
  lua.lua_pushnil(L)
  while (lua.lua_next(L, -2)) {
    lua.lua_pushvalue(L, -2)
    body += encode(L, level + 1)
    lua.lua_pop(L, 1)
    body += encode(L, level + 1)
    lua.lua_pop(L, 1)
    n++
  }
  out = n <= 15 ? String.fromCharCode(0x80 | n) : n <= 0xffff ? '\xde' + be(n, 2) : '\xdf' + be(n, 4)
  return out + body
}

class Cursor {
  /** 'eof' or 'badfmt' once decoding failed. */
  err: 'eof' | 'badfmt' | null = null

  constructor(
    readonly s: string,
    public pos: number,
  ) {}

  get left(): number {
    return this.s.length - this.pos
  }

  take(n: number): string | null {
    if (this.left < n) {
      this.err = 'eof'
      return null
    }
    const out = this.s.slice(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  uint(n: number): number | null {
    const b = this.take(n)
    if (b === null) return null
    let v = 0
    for (let i = 0; i < n; i++) v = v * 256 + b.charCodeAt(i)
    return v
  }

  signed(n: number): number | null {
    const v = this.uint(n)
    if (v === null) return null
    const top = 2 ** (8 * n)
    return v >= top / 2 ? v - top : v
  }

  /** A 64-bit value: lua-cmsgpack reads 0xcf into a signed 64-bit integer too. */
  big(): number | null {
    const b = this.take(8)
    if (b === null) return null
    let v = 0n
    for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(b.charCodeAt(i))
    return Number(BigInt.asIntN(64, v))
  }
}

/** Decodes one value onto the stack (pushes nil on error; the cursor's err tells). */
function decode(L: State, c: Cursor): void {
  lua.lua_checkstack(L, 4)
  const t = c.uint(1)
  if (t === null) return
  const push = (v: number | null): void => {
    if (v !== null) lua.lua_pushnumber(L, v)
  }
  const str = (n: number | null): void => {
    const s = n === null ? null : c.take(n)
    if (s !== null) pushBytes(L, s)
  }
  const arr = (n: number | null): void => {
    if (n === null) return
    lua.lua_newtable(L)
    for (let i = 1; i <= n; i++) {
      decode(L, c)
      if (c.err !== null) return
      lua.lua_rawseti(L, -2, i)
    }
  }
  const map = (n: number | null): void => {
    if (n === null) return
    lua.lua_newtable(L)
    for (let i = 0; i < n; i++) {
      decode(L, c)
      if (c.err !== null) return
      decode(L, c)
      if (c.err !== null) return
      lua.lua_rawset(L, -3)
    }
  }
  if (t <= 0x7f) return push(t)
  if (t >= 0xe0) return push(t - 256)
  if ((t & 0xe0) === 0xa0) return str(t & 0x1f)
  if ((t & 0xf0) === 0x90) return arr(t & 0x0f)
  if ((t & 0xf0) === 0x80) return map(t & 0x0f)
  switch (t) {
    case 0xc0:
      return lua.lua_pushnil(L)
    case 0xc2:
    case 0xc3:
      return lua.lua_pushboolean(L, t === 0xc3)
    case 0xca:
    case 0xcb: {
      const b = c.take(t === 0xca ? 4 : 8)
      if (b === null) return
      for (let i = 0; i < b.length; i++) view.setUint8(i, b.charCodeAt(i))
      return push(t === 0xca ? view.getFloat32(0) : view.getFloat64(0))
    }
    case 0xcc:
      return push(c.uint(1))
    case 0xcd:
      return push(c.uint(2))
    case 0xce:
      return push(c.uint(4))
    case 0xcf:
      return push(c.big())
    case 0xd0:
      return push(c.signed(1))
    case 0xd1:
      return push(c.signed(2))
    case 0xd2:
      return push(c.signed(4))
    case 0xd3:
      return push(c.big())
    // bin8/16/32 and ext are unknown to lua-cmsgpack 0.4.0: bad format
    case 0xd9:
      return str(c.uint(1))
    case 0xda:
      return str(c.uint(2))
    case 0xdb:
      return str(c.uint(4))
    case 0xdc:
      return arr(c.uint(2))
    case 0xdd:
      return arr(c.uint(4))
    case 0xde:
      return map(c.uint(2))
    case 0xdf:
      return map(c.uint(4))
    default:
      c.err = 'badfmt'
  }
}

/** Unpacks `limit` values from `offset` and returns the next offset first; limit and offset 0 unpack all, without offset. */
function unpack(L: State, limit: number, offset: number): number {
  lauxlib.luaL_checkstring(L, 1)
  const s = toBytes(L, 1) as string
  const all = limit === 0 && offset === 0
  if (offset < 0 || limit < 0) return raiseHere(L, `Invalid request to unpack with offset of ${offset} and limit of ${s.length}.`)
  if (offset > s.length) return raiseHere(L, `Start offset ${offset} greater than input length ${s.length}.`)
  const c = new Cursor(s, offset)
  lua.lua_settop(L, 1)
  let n = 0
  for (; c.left > 0 && (all || n < limit); n++) {
    decode(L, c)
    if (c.err === 'eof') return raiseHere(L, 'Missing bytes in input.')
    if (c.err === 'badfmt') return raiseHere(L, 'Bad data format in input.')
  }
  if (all) return n
  lua.lua_pushnumber(L, c.left === 0 ? -1 : c.pos)
  lua.lua_insert(L, 2)
  return n + 1
}

export function openCmsgpack(L: State): void {
  lua.lua_newtable(L)
  setFunctions(L, {
    pack: (L1) => {
      const n = lua.lua_gettop(L1)
      if (n === 0) return lauxlib.luaL_argerror(L1, 0, 'MessagePack pack needs input.')
      let out = ''
      for (let i = 1; i <= n; i++) {
        lua.lua_pushvalue(L1, i)
        out += encode(L1, 0)
        lua.lua_pop(L1, 1)
      }
      pushBytes(L1, out)
      return 1
    },
    unpack: (L1) => unpack(L1, 0, 0),
    unpack_one: (L1) => unpack(L1, 1, lauxlib.luaL_optinteger(L1, 2, 0)),
    unpack_limit: (L1) => unpack(L1, lauxlib.luaL_checkinteger(L1, 2), lauxlib.luaL_optinteger(L1, 3, 0)),
  })
  for (const [k, v] of [
    ['_NAME', 'cmsgpack'],
    ['_VERSION', 'lua-cmsgpack 0.4.0'],
    ['_COPYRIGHT', 'Copyright (C) 2012, Salvatore Sanfilippo'],
    ['_DESCRIPTION', 'MessagePack C implementation for Lua'],
  ] as const) {
    pushBytes(L, v)
    lua.lua_setfield(L, -2, k)
  }
}
