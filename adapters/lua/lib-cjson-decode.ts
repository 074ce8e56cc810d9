/** `cjson.decode`: lua-cjson 2.1.0's tokenizer and parser, errors included. */
import type { CjsonConfig } from './lib-cjson.js'
import { lua, pushBytes, raiseHere, type State } from './lua-api.js'

const T = {
  ObjBegin: 0,
  ObjEnd: 1,
  ArrBegin: 2,
  ArrEnd: 3,
  String: 4,
  Number: 5,
  Boolean: 6,
  Null: 7,
  Colon: 8,
  Comma: 9,
  End: 10,
  Whitespace: 11,
  Error: 12,
  Unknown: 13,
} as const
type T = (typeof T)[keyof typeof T]

const NAMES = ['T_OBJ_BEGIN', 'T_OBJ_END', 'T_ARR_BEGIN', 'T_ARR_END', 'T_STRING', 'T_NUMBER', 'T_BOOLEAN', 'T_NULL', 'T_COLON', 'T_COMMA', 'T_END', 'T_WHITESPACE', 'T_ERROR', 'T_UNKNOWN']

const CH2TOKEN: T[] = new Array<T>(256).fill(T.Error)
CH2TOKEN[0x7b] = T.ObjBegin
CH2TOKEN[0x7d] = T.ObjEnd
CH2TOKEN[0x5b] = T.ArrBegin
CH2TOKEN[0x5d] = T.ArrEnd
CH2TOKEN[0x2c] = T.Comma
CH2TOKEN[0x3a] = T.Colon
CH2TOKEN[0] = T.End
for (const c of ' \t\n\r') CH2TOKEN[c.charCodeAt(0)] = T.Whitespace
for (const c of 'fiInNt"+-0123456789') CH2TOKEN[c.charCodeAt(0)] = T.Unknown

const ESCAPE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** What C's strtod accepts at the start of a string. */
const STRTOD = /^[+-]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])/

interface Token {
  type: T
  index: number
  str: string
  num: number
  bool: boolean
  error: string
}

class Parser {
  pos = 0
  depth = 0
  readonly tok: Token = { type: T.End, index: 0, str: '', num: 0, bool: false, error: '' }

  constructor(
    private readonly L: State,
    private readonly s: string,
    private readonly cfg: CjsonConfig,
  ) {}

  private ch(i: number): number {
    return i < this.s.length ? this.s.charCodeAt(i) : 0
  }

  private setError(msg: string): void {
    this.tok.type = T.Error
    this.tok.index = this.pos
    this.tok.error = msg
  }

  private invalidNumber(): boolean {
    let p = this.pos
    if (this.ch(p) === 0x2b) return true
    if (this.ch(p) === 0x2d) p++
    const c = this.ch(p)
    if (c === 0x30) {
      const c2 = this.ch(p + 1)
      return (c2 | 0x20) === 0x78 || (c2 >= 0x30 && c2 <= 0x39)
    }
    if (c <= 0x39) return false
    const three = this.s.slice(p, p + 3).toLowerCase()
    return three === 'inf' || three === 'nan'
  }

  private number(): void {
    // fast path: a plain JSON integer
    let e = this.pos
    if (this.s.charCodeAt(e) === 0x2d) e++
    const d0 = e
    while (e < this.s.length && this.s.charCodeAt(e) >= 0x30 && this.s.charCodeAt(e) <= 0x39) e++
    const next = e < this.s.length ? this.s.charCodeAt(e) : 0
    if (e > d0 && e - d0 < 16 && next !== 0x2e && (next | 0x20) !== 0x65 && (next | 0x20) !== 0x78 && !(this.s.charCodeAt(d0) === 0x30 && e - d0 > 1)) {
      this.tok.type = T.Number
      this.tok.num = Number(this.s.slice(this.pos, e))
      this.pos = e
      return
    }
    const m = STRTOD.exec(this.s.slice(this.pos, this.pos + 400))
    if (m === null) return this.setError('invalid number')
    let text = m[0]
    if (/^[+-]?0[xX]$/.test(text)) text = text.slice(0, -1)
    let v: number
    if (/^[+-]?0[xX]/.test(text)) {
      const neg = text.startsWith('-')
      const body = text.replace(/^[+-]?0[xX]/, '')
      const [mant = '', exp = '0'] = body.split(/[pP]/)
      const [int = '', frac = ''] = mant.split('.')
      v = 0
      for (const c of int + frac) v = v * 16 + parseInt(c, 16)
      v *= 2 ** (Number(exp) - 4 * frac.length)
      if (neg) v = -v
    } else if (/inf/i.test(text)) v = text.startsWith('-') ? -Infinity : Infinity
    else if (/nan/i.test(text)) v = NaN
    else v = Number(text)
    this.pos += text.length
    this.tok.type = T.Number
    this.tok.num = v
  }

  private string(): void {
    const s = this.s
    this.pos++
    // fast path: no escapes before the closing quote
    const q = s.indexOf('"', this.pos)
    if (q >= 0) {
      const chunk = s.slice(this.pos, q)
      if (chunk.indexOf('\\') < 0 && chunk.indexOf('\0') < 0) {
        this.pos = q + 1
        this.tok.type = T.String
        this.tok.str = chunk
        return
      }
    }
    let out = ''
    for (;;) {
      const c = this.ch(this.pos)
      if (c === 0x22) break
      if (c === 0) return this.setError('unexpected end of string')
      if (c === 0x5c) {
        const e = s[this.pos + 1] ?? ''
        if (e === 'u') {
          const u = this.unicode()
          if (u === null) return this.setError('invalid unicode escape code')
          out += u
          continue
        }
        const mapped = ESCAPE[e]
        if (mapped === undefined) return this.setError('invalid escape code')
        out += mapped
        this.pos += 2
        continue
      }
      out += s[this.pos]
      this.pos++
    }
    this.pos++
    this.tok.type = T.String
    this.tok.str = out
  }

  private hex4(at: number): number {
    const h = this.s.slice(at, at + 4)
    return /^[0-9a-fA-F]{4}$/.test(h) ? parseInt(h, 16) : -1
  }

  /** A \uXXXX escape (or a surrogate pair) as UTF-8 bytes; null when invalid. */
  private unicode(): string | null {
    let cp = this.hex4(this.pos + 2)
    if (cp < 0) return null
    let len = 6
    if ((cp & 0xf800) === 0xd800) {
      if (cp & 0x400) return null
      if (this.ch(this.pos + 6) !== 0x5c || this.ch(this.pos + 7) !== 0x75) return null
      const low = this.hex4(this.pos + 8)
      if (low < 0 || (low & 0xfc00) !== 0xdc00) return null
      cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000
      len = 12
    }
    this.pos += len
    if (cp < 0x80) return String.fromCharCode(cp)
    if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f))
    if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f))
    return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f))
  }

  next(): void {
    const t = this.tok
    for (;;) {
      t.type = CH2TOKEN[this.ch(this.pos)] as T
      if (t.type !== T.Whitespace) break
      this.pos++
    }
    t.index = this.pos
    if (t.type === T.Error) return this.setError('invalid token')
    if (t.type === T.End) return
    if (t.type !== T.Unknown) {
      this.pos++
      return
    }
    const c = this.ch(this.pos)
    if (c === 0x22) return this.string()
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (!this.cfg.decodeInvalidNumbers && this.invalidNumber()) return this.setError('invalid number')
      return this.number()
    }
    const rest = this.s.slice(this.pos, this.pos + 5)
    if (rest.startsWith('true')) {
      t.type = T.Boolean
      t.bool = true
      this.pos += 4
    } else if (rest === 'false') {
      t.type = T.Boolean
      t.bool = false
      this.pos += 5
    } else if (rest.startsWith('null')) {
      t.type = T.Null
      this.pos += 4
    } else if (this.cfg.decodeInvalidNumbers && this.invalidNumber()) this.number()
    else this.setError('invalid token')
  }

  /** The current token's type (a method, so checks after next() are not narrowed away). */
  type(): T {
    return this.tok.type
  }

  fail(expected: string): never {
    const t = this.tok
    const found = t.type === T.Error ? t.error : NAMES[t.type]
    raiseHere(this.L, `Expected ${expected} but found ${found} at character ${t.index + 1}`)
    throw new Error('unreachable')
  }

  private descend(slots: number): void {
    this.depth++
    if (this.depth <= this.cfg.decodeMaxDepth && lua.lua_checkstack(this.L, slots)) return
    raiseHere(this.L, `Found too many nested data structures (${this.depth}) at character ${this.pos}`)
  }

  value(): void {
    const L = this.L
    const t = this.tok
    switch (t.type) {
      case T.String:
        pushBytes(L, t.str)
        return
      case T.Number:
        lua.lua_pushnumber(L, t.num)
        return
      case T.Boolean:
        lua.lua_pushboolean(L, t.bool)
        return
      case T.Null:
        lua.lua_pushlightuserdata(L, null)
        return
      case T.ObjBegin:
        return this.object()
      case T.ArrBegin:
        return this.array()
      default:
        this.fail('value')
    }
  }

  private object(): void {
    const L = this.L
    this.descend(3)
    lua.lua_newtable(L)
    this.next()
    if (this.type() === T.ObjEnd) {
      this.depth--
      return
    }
    for (;;) {
      if (this.type() !== T.String) this.fail('object key string')
      pushBytes(L, this.tok.str)
      this.next()
      if (this.type() !== T.Colon) this.fail('colon')
      this.next()
      this.value()
      lua.lua_rawset(L, -3)
      this.next()
      if (this.type() === T.ObjEnd) {
        this.depth--
        return
      }
      if (this.type() !== T.Comma) this.fail('comma or object end')
      this.next()
    }
  }

  private array(): void {
    const L = this.L
    this.descend(2)
    lua.lua_newtable(L)
    this.next()
    if (this.type() === T.ArrEnd) {
      this.depth--
      return
    }
    for (let i = 1; ; i++) {
      this.value()
      lua.lua_rawseti(L, -2, i)
      this.next()
      if (this.type() === T.ArrEnd) {
        this.depth--
        return
      }
      if (this.type() !== T.Comma) this.fail('comma or array end')
      this.next()
    }
  }
}

/** Decodes JSON text and pushes the value. */
export function decodeJson(L: State, text: string, cfg: CjsonConfig): void {
  // cjson reads a C string, and refuses what looks like UTF-16 or UTF-32
  if (text.length >= 2 && (text.charCodeAt(0) === 0 || text.charCodeAt(1) === 0)) {
    raiseHere(L, 'JSON parser does not support UTF-16 or UTF-32')
  }
  const p = new Parser(L, text, cfg)
  p.next()
  p.value()
  p.next()
  if (p.type() !== T.End) p.fail('the end')
}
