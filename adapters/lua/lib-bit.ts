/** LuaBitOp (`bit`): 32-bit operations on Lua numbers, as Redis bundles it. */
import { lauxlib, lua, pushBytes, setFunctions, type State } from './lua-api.js'

const view = new DataView(new ArrayBuffer(8))

/** LuaBitOp's conversion: add 2^52+2^51 and keep the low 32 bits (rounds half to even, wraps). */
function toBits(d: number): number {
  view.setFloat64(0, d + 6755399441055744.0, true)
  return view.getInt32(0, true)
}

function arg(L: State, idx: number): number {
  const b = toBits(lua.lua_tonumber(L, idx))
  if (b === 0 && !lua.lua_isnumber(L, idx)) {
    lauxlib.luaL_argerror(L, idx, `number expected, got ${String.fromCharCode(...lauxlib.luaL_typename(L, idx))}`)
  }
  return b
}

function push(L: State, b: number): number {
  lua.lua_pushnumber(L, b | 0)
  return 1
}

function fold(op: (a: number, b: number) => number): Fengari.CFunction {
  return (L) => {
    let b = arg(L, 1)
    const n = lua.lua_gettop(L)
    for (let i = 2; i <= n; i++) b = op(b, arg(L, i))
    return push(L, b)
  }
}

function shift(op: (b: number, n: number) => number): Fengari.CFunction {
  return (L) => push(L, op(arg(L, 1), arg(L, 2) & 31))
}

export function openBit(L: State): void {
  lua.lua_newtable(L)
  setFunctions(L, {
    tobit: (L1) => push(L1, arg(L1, 1)),
    bnot: (L1) => push(L1, ~arg(L1, 1)),
    band: fold((a, b) => a & b),
    bor: fold((a, b) => a | b),
    bxor: fold((a, b) => a ^ b),
    lshift: shift((b, n) => b << n),
    rshift: shift((b, n) => b >>> n),
    arshift: shift((b, n) => b >> n),
    rol: shift((b, n) => (b << n) | (b >>> (32 - n))),
    ror: shift((b, n) => (b >>> n) | (b << (32 - n))),
    bswap: (L1) => {
      const b = arg(L1, 1)
      return push(L1, ((b >>> 24) & 0xff) | ((b >>> 8) & 0xff00) | ((b & 0xff00) << 8) | (b << 24))
    },
    tohex: (L1) => {
      let b = arg(L1, 1) >>> 0
      let n = lua.lua_type(L1, 2) <= 0 ? 8 : arg(L1, 2)
      let digits = '0123456789abcdef'
      if (n < 0) {
        n = -n
        digits = '0123456789ABCDEF'
      }
      if (n > 8) n = 8
      let out = ''
      for (let i = 0; i < n; i++) {
        out = (digits[b & 15] as string) + out
        b >>>= 4
      }
      pushBytes(L1, out)
      return 1
    },
  })
}
