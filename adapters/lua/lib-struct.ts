/** `struct` as Redis bundles it (Roberto Ierusalimschy's struct library): pack, unpack, size. */
import { lauxlib, lua, LUA_TNUMBER, LUA_TSTRING, pushBytes, raiseHere, setFunctions, toBytes, type State } from './lua-api.js'

const MAXINTSIZE = 32
const MAXALIGN = 8
const view = new DataView(new ArrayBuffer(8))

interface Header {
  little: boolean
  align: number
}

class Format {
  pos = 0
  constructor(readonly s: string) {}

  get done(): boolean {
    return this.pos >= this.s.length
  }

  next(): string {
    return this.s[this.pos++] as string
  }

  num(L: State, df: number): number {
    const c = this.s.charCodeAt(this.pos)
    if (!(c >= 48 && c <= 57)) return df
    let a = 0
    while (this.pos < this.s.length && this.s.charCodeAt(this.pos) >= 48 && this.s.charCodeAt(this.pos) <= 57) {
      if (a > 214748364) raiseHere(L, 'integral size overflow')
      a = a * 10 + this.s.charCodeAt(this.pos++) - 48
    }
    return a
  }
}

function optsize(L: State, opt: string, f: Format): number {
  switch (opt) {
    case 'B':
    case 'b':
    case 'x':
      return 1
    case 'H':
    case 'h':
      return 2
    case 'L':
    case 'l':
    case 'T':
    case 'd':
      return 8
    case 'f':
      return 4
    case 'c':
      return f.num(L, 1)
    case 'i':
    case 'I': {
      const sz = f.num(L, 4)
      if (sz > MAXINTSIZE) raiseHere(L, `integral size ${sz} is larger than limit of ${MAXINTSIZE}`)
      return sz
    }
    default:
      return 0
  }
}

function toalign(len: number, h: Header, opt: string, size: number): number {
  if (size === 0 || opt === 'c') return 0
  if (size > h.align) size = h.align
  return (size - (len & (size - 1))) & (size - 1)
}

function control(L: State, opt: string, f: Format, h: Header): void {
  switch (opt) {
    case ' ':
      return
    case '>':
      h.little = false
      return
    case '<':
      h.little = true
      return
    case '!': {
      const a = f.num(L, MAXALIGN)
      if ((a & (a - 1)) !== 0) raiseHere(L, `alignment ${a} is not a power of 2`)
      h.align = a
      return
    }
    default:
      lauxlib.luaL_argerror(L, 1, `invalid format option '${opt}'`)
  }
}

function isInteger(opt: string): boolean {
  return 'bBhHlLTiI'.includes(opt)
}

/** C's conversion of a double to the 64-bit pattern struct writes: via int64 when negative, uint64 otherwise. */
function toBits(n: number): bigint {
  if (n !== n) return 0n
  if (n < 0) return n <= -9223372036854775808 ? 1n << 63n : BigInt.asUintN(64, BigInt(Math.trunc(n)))
  if (n >= 18446744073709551616) return 0n
  return BigInt(Math.trunc(n))
}

function putInteger(n: number, little: boolean, size: number): string {
  let v = toBits(n)
  const bytes: number[] = []
  for (let i = 0; i < size; i++) {
    bytes.push(Number(v & 0xffn))
    v >>= 8n
  }
  if (!little) bytes.reverse()
  return String.fromCharCode(...bytes)
}

function getInteger(data: string, at: number, little: boolean, signed: boolean, size: number): number {
  let v = 0n
  for (let i = 0; i < size; i++) {
    const b = data.charCodeAt(little ? at + size - 1 - i : at + i)
    v = ((v << 8n) | BigInt(b)) & 0xffffffffffffffffn
  }
  if (!signed) return Number(v)
  const bits = size * 8 >= 64 ? 64 : size * 8
  return Number(BigInt.asIntN(64, BigInt.asIntN(bits, v)))
}

function floatBytes(n: number, size: number, little: boolean): string {
  if (size === 4) view.setFloat32(0, n, little)
  else view.setFloat64(0, n, little)
  let out = ''
  for (let i = 0; i < size; i++) out += String.fromCharCode(view.getUint8(i))
  return out
}

function readFloat(data: string, at: number, size: number, little: boolean): number {
  for (let i = 0; i < size; i++) view.setUint8(i, data.charCodeAt(at + i))
  return size === 4 ? view.getFloat32(0, little) : view.getFloat64(0, little)
}

function pack(L: State): number {
  lauxlib.luaL_checkstring(L, 1)
  const f = new Format(toBytes(L, 1) as string)
  const h: Header = { little: true, align: 1 }
  // the C library pushes a nil after the arguments: a missing one reads as nil
  lua.lua_pushnil(L)
  let arg = 2
  let total = 0
  let out = ''
  while (!f.done) {
    const opt = f.next()
    let size = optsize(L, opt, f)
    const pad = toalign(total, h, opt, size)
    total += pad
    out += '\0'.repeat(pad)
    if (isInteger(opt)) out += putInteger(lauxlib.luaL_checknumber(L, arg++), h.little, size)
    else if (opt === 'x') out += '\0'
    else if (opt === 'f' || opt === 'd') out += floatBytes(lauxlib.luaL_checknumber(L, arg++), size, h.little)
    else if (opt === 'c' || opt === 's') {
      lauxlib.luaL_checkstring(L, arg)
      const s = toBytes(L, arg++) as string
      if (size === 0) size = s.length
      if (s.length < size) lauxlib.luaL_argerror(L, arg, 'string too short')
      out += s.slice(0, size)
      if (opt === 's') {
        out += '\0'
        size++
      }
    } else control(L, opt, f, h)
    total += size
  }
  pushBytes(L, out)
  return 1
}

function unpack(L: State): number {
  lauxlib.luaL_checkstring(L, 1)
  const f = new Format(toBytes(L, 1) as string)
  lauxlib.luaL_checkstring(L, 2)
  const data = toBytes(L, 2) as string
  let pos = lauxlib.luaL_optinteger(L, 3, 1) - 1
  if (pos < 0) lauxlib.luaL_argerror(L, 3, 'offset must be 1 or greater')
  const h: Header = { little: true, align: 1 }
  lua.lua_settop(L, 2)
  while (!f.done) {
    const opt = f.next()
    let size = optsize(L, opt, f)
    pos += toalign(pos, h, opt, size)
    if (pos + size > data.length) lauxlib.luaL_argerror(L, 2, 'data string too short')
    lua.lua_checkstack(L, 2)
    if (isInteger(opt)) lua.lua_pushnumber(L, getInteger(data, pos, h.little, opt === opt.toLowerCase(), size))
    else if (opt === 'f' || opt === 'd') lua.lua_pushnumber(L, readFloat(data, pos, size, h.little))
    else if (opt === 'c') {
      if (size === 0) {
        const t = lua.lua_type(L, -1)
        if (lua.lua_gettop(L) <= 2 || (t !== LUA_TNUMBER && !(t === LUA_TSTRING && lua.lua_isnumber(L, -1)))) {
          raiseHere(L, "format 'c0' needs a previous size")
        }
        size = Math.trunc(lua.lua_tonumber(L, -1))
        lua.lua_pop(L, 1)
        if (pos + size > data.length) lauxlib.luaL_argerror(L, 2, 'data string too short')
      }
      pushBytes(L, data.slice(pos, pos + size))
    } else if (opt === 's') {
      const end = data.indexOf('\0', pos)
      if (end < 0) raiseHere(L, 'unfinished string in data')
      size = end - pos + 1
      pushBytes(L, data.slice(pos, end))
    } else if (opt !== 'x') control(L, opt, f, h)
    pos += size
  }
  lua.lua_pushnumber(L, pos + 1)
  return lua.lua_gettop(L) - 2
}

function size(L: State): number {
  lauxlib.luaL_checkstring(L, 1)
  const f = new Format(toBytes(L, 1) as string)
  const h: Header = { little: true, align: 1 }
  let pos = 0
  while (!f.done) {
    const opt = f.next()
    const sz = optsize(L, opt, f)
    pos += toalign(pos, h, opt, sz)
    if (opt === 's') lauxlib.luaL_argerror(L, 1, "option 's' has no fixed size")
    else if (opt === 'c' && sz === 0) lauxlib.luaL_argerror(L, 1, "option 'c0' has no fixed size")
    if (!/[0-9A-Za-z]/.test(opt)) control(L, opt, f, h)
    pos += sz
  }
  lua.lua_pushnumber(L, pos)
  return 1
}

export function openStruct(L: State): void {
  lua.lua_newtable(L)
  setFunctions(L, { pack, unpack, size })
}
