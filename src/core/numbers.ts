/**
 * Number parsing and printing with Redis 7.0's rules (util.c: string2ll,
 * string2d; `%.17g` replies). Inputs are byte strings.
 */
export { formatDouble } from '../resp/format.js'

export const INT64_MAX = 9223372036854775807n
export const INT64_MIN = -9223372036854775808n

/**
 * Parses a whole string as C's string2ll does: optional '-', no '+', no leading
 * zeros, no spaces, within int64. Returns null when invalid. Values beyond 2^53
 * come back as the nearest double; use `parseInt64` for exact arithmetic.
 */
export function parseLL(s: string): number | null {
  const n = s.length
  if (n === 0 || n > 20) return null
  if (n === 1) {
    const c = s.charCodeAt(0)
    return c >= 48 && c <= 57 ? c - 48 : null
  }
  let i = 0
  let neg = false
  if (s.charCodeAt(0) === 45) {
    neg = true
    i = 1
  }
  const first = s.charCodeAt(i)
  if (first < 49 || first > 57) return null
  let v = 0
  for (; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return null
    v = v * 10 + (c - 48)
  }
  if (v >= 9007199254740992) {
    const b = BigInt(s)
    if (b > INT64_MAX || b < INT64_MIN) return null
  }
  return neg ? -v : v
}

/** string2ll, exact: a bigint within int64, or null. */
export function parseInt64(s: string): bigint | null {
  const v = parseLL(s)
  if (v === null) return null
  return Number.isSafeInteger(v) ? BigInt(v) : BigInt(s)
}

/** An integer as a reply value: a number when exact, a bigint otherwise. */
export function toReplyInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?$/
const INF = /^([+-]?)(?:inf|infinity)$/i

/**
 * Parses a whole string as strtod does, with string2d's checks: no leading
 * space, no NaN, no overflow to infinity, no underflow to zero. Returns NaN when
 * invalid. Accepts "inf", "+inf", "-infinity" and hexadecimal floats like strtod.
 */
export function parseDouble(s: string): number {
  const n = s.length
  if (n === 0) return NaN
  const c0 = s.charCodeAt(0)
  // fast path: plain decimal digits
  if (n < 16 && c0 >= 48 && c0 <= 57) {
    let simple = true
    for (let i = 1; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c < 48 || c > 57) {
        simple = false
        break
      }
    }
    if (simple) return Number(s)
  }
  if (DECIMAL.test(s)) {
    const d = Number(s)
    if (d === Infinity || d === -Infinity) return NaN
    if (d === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return NaN
    return d
  }
  const inf = INF.exec(s)
  if (inf) return inf[1] === '-' ? -Infinity : Infinity
  const hex = HEX.exec(s)
  if (hex) return parseHexFloat(hex[1] === '-', hex[2] as string, hex[3])
  return NaN
}

/** Parses like strtod but without string2d's range checks (zslParseRange's rules). */
export function parseDoubleLoose(s: string): number {
  if (DECIMAL.test(s)) return Number(s)
  const inf = INF.exec(s)
  if (inf) return inf[1] === '-' ? -Infinity : Infinity
  const hex = HEX.exec(s)
  if (hex) {
    const d = parseHexFloat(hex[1] === '-', hex[2] as string, hex[3], true)
    return d
  }
  // strtod skips leading whitespace
  const trimmed = s.replace(/^[ \t\n\v\f\r]+/, '')
  if (trimmed !== s && trimmed.length > 0) return parseDoubleLoose(trimmed)
  return NaN
}

function parseHexFloat(neg: boolean, digits: string, exp: string | undefined, loose = false): number {
  const dot = digits.indexOf('.')
  const intPart = dot < 0 ? digits : digits.slice(0, dot)
  const frac = dot < 0 ? '' : digits.slice(dot + 1)
  let mant = 0n
  for (const ch of intPart + frac) mant = mant * 16n + BigInt(parseInt(ch, 16))
  let e = (exp === undefined ? 0 : Number(exp)) - 4 * frac.length
  // scale exactly with BigInt, then let Number round once
  let d: number
  if (mant === 0n) d = 0
  else if (e >= 0) d = e > 2000 ? Infinity : Number(mant << BigInt(e))
  else {
    // Number(mant) / 2^-e, correctly rounded via splitting
    d = Number(mant) * Math.pow(2, Math.max(e, -1000))
    e -= Math.max(e, -1000)
    while (e < 0 && d !== 0) {
      const step = Math.max(e, -1000)
      d *= Math.pow(2, step)
      e -= step
    }
  }
  if (!loose && (d === Infinity || (d === 0 && mant !== 0n))) return NaN
  return neg ? -d : d
}

/** Whether Redis stores this string as an `int` (OBJECT ENCODING): a canonical int64 of at most 20 chars. */
export function isIntEncodable(s: string): boolean {
  return s.length <= 20 && parseLL(s) !== null
}

