/** Lua 5.1's `string.format`, with C's conversions as glibc prints them. */
import { formatFloat, toInt64 } from './numfmt.js'
import { lauxlib, lua, pushBytes, raiseHere, toBytes, type State } from './lua-api.js'

const FLAGS = '-+ #0'

interface Spec {
  flags: string
  width: number
  prec: number
}

/** Pads `body` (with its sign or prefix split off) to the width, as printf does. */
function pad(spec: Spec, prefix: string, body: string, zeroOk: boolean): string {
  const len = prefix.length + body.length
  if (len >= spec.width) return prefix + body
  const fill = spec.width - len
  if (spec.flags.includes('-')) return prefix + body + ' '.repeat(fill)
  if (zeroOk && spec.flags.includes('0')) return prefix + '0'.repeat(fill) + body
  return ' '.repeat(fill) + prefix + body
}

function signOf(spec: Spec, negative: boolean): string {
  if (negative) return '-'
  if (spec.flags.includes('+')) return '+'
  if (spec.flags.includes(' ')) return ' '
  return ''
}

function formatInteger(spec: Spec, conv: string, d: number): string {
  let v = toInt64(d)
  let prefix = ''
  let digits: string
  if (conv === 'd' || conv === 'i') {
    prefix = signOf(spec, v < 0n)
    digits = (v < 0n ? -v : v).toString()
  } else {
    if (v < 0n) v += 1n << 64n
    const radix = conv === 'o' ? 8 : conv === 'u' ? 10 : 16
    digits = v.toString(radix)
    if (conv === 'X') digits = digits.toUpperCase()
    if (spec.flags.includes('#') && v !== 0n) {
      if (conv === 'o') digits = '0' + digits
      else if (conv === 'x') prefix = '0x'
      else if (conv === 'X') prefix = '0X'
    }
  }
  if (spec.prec >= 0) {
    if (spec.prec === 0 && v === 0n) digits = ''
    if (digits.length < spec.prec) digits = '0'.repeat(spec.prec - digits.length) + digits
  }
  return pad(spec, prefix, digits, spec.prec < 0)
}

function formatDoubleConv(spec: Spec, conv: string, d: number): string {
  const s = formatFloat(d, conv, spec.prec, spec.flags.includes('#'))
  const neg = s.startsWith('-')
  const body = neg ? s.slice(1) : s
  return pad(spec, signOf(spec, neg), body, d === d && Math.abs(d) !== Infinity)
}

/** `%q`: a string Lua reads back, as 5.1 escapes it. */
function quoted(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string
    if (c === '"' || c === '\\' || c === '\n') out += '\\' + c
    else if (c === '\r') out += '\\r'
    else if (c === '\0') out += '\\000'
    else out += c
  }
  return out + '"'
}

export function stringFormat(L: State): number {
  lauxlib.luaL_checkstring(L, 1)
  const fmt = toBytes(L, 1) as string
  const top = lua.lua_gettop(L)
  let arg = 1
  let out = ''
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i] as string
    if (ch !== '%') {
      out += ch
      continue
    }
    if (fmt[i + 1] === '%') {
      out += '%'
      i++
      continue
    }
    let j = i + 1
    while (j < fmt.length && FLAGS.includes(fmt[j] as string)) j++
    if (j - (i + 1) > FLAGS.length) return raiseHere(L, 'invalid format (repeated flags)')
    const flags = fmt.slice(i + 1, j)
    const w0 = j
    while (j < fmt.length && j - w0 < 3 && fmt.charCodeAt(j) >= 48 && fmt.charCodeAt(j) <= 57) j++
    const widthText = fmt.slice(w0, j)
    let precText: string | null = null
    if (fmt[j] === '.') {
      const p0 = ++j
      while (j < fmt.length && j - p0 < 3 && fmt.charCodeAt(j) >= 48 && fmt.charCodeAt(j) <= 57) j++
      precText = fmt.slice(p0, j)
    }
    if (widthText.length > 2 || (precText !== null && precText.length > 2)) return raiseHere(L, 'invalid format (width or precision too long)')
    const spec: Spec = { flags, width: widthText === '' ? 0 : Number(widthText), prec: precText === null ? -1 : Number(precText === '' ? '0' : precText) }
    const conv = fmt[j] ?? ''
    if (++arg > top) return lauxlib.luaL_argerror(L, arg, 'no value')
    switch (conv) {
      case 'c':
        out += pad(spec, '', String.fromCharCode(Number(toInt64(lauxlib.luaL_checknumber(L, arg)) & 0xffn)), false)
        break
      case 'd':
      case 'i':
      case 'o':
      case 'u':
      case 'x':
      case 'X':
        out += formatInteger(spec, conv, lauxlib.luaL_checknumber(L, arg))
        break
      case 'e':
      case 'E':
      case 'f':
      case 'g':
      case 'G':
        out += formatDoubleConv(spec, conv, lauxlib.luaL_checknumber(L, arg))
        break
      case 'q':
        lauxlib.luaL_checkstring(L, arg)
        out += quoted(toBytes(L, arg) as string)
        break
      case 's': {
        lauxlib.luaL_checkstring(L, arg)
        let s = toBytes(L, arg) as string
        // 5.1 keeps a long string whole when no precision is given
        if (precText === null && s.length >= 100) out += s
        else {
          if (spec.prec >= 0) s = s.slice(0, spec.prec)
          out += pad(spec, '', s, false)
        }
        break
      }
      default:
        return raiseHere(L, `invalid option '%${conv}' to 'format'`)
    }
    i = j
  }
  pushBytes(L, out)
  return 1
}
