/**
 * C's printf number conversions (%e %f %g and the integer ones) as glibc
 * prints them: rounding of exact ties goes to even, where JavaScript's
 * toExponential/toFixed round them away from zero. Lua 5.1 prints numbers with
 * `%.14g`, cjson with `%.14g`, and `string.format` takes any of these.
 */

const view = new DataView(new ArrayBuffer(8))

/** How many binary digits |d| has after the point (0 for integers). */
function fracBits(d: number): number {
  view.setFloat64(0, d)
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const exp = (hi >>> 20) & 0x7ff
  const e2 = exp === 0 ? -1074 : exp - 1075
  // trailing zeros of the 53-bit mantissa
  let tz = 0
  if (lo !== 0) tz = 31 - Math.clz32(lo & -lo)
  else {
    const m = (hi & 0xfffff) | (exp === 0 ? 0 : 0x100000)
    tz = m === 0 ? 52 : 32 + (31 - Math.clz32(m & -m))
  }
  const k = -(e2 + tz)
  return k > 0 ? k : 0
}

/** `n` significant digits of |d| (d finite, > 0) rounded half-even, and the decimal exponent of the first. */
function significant(d: number, n: number): { digits: string; exp: number } {
  const s = d.toExponential(n - 1)
  const e = s.indexOf('e')
  let digits = s.slice(0, e).replace('.', '')
  let exp = Number(s.slice(e + 1))
  const exact = d.toExponential(Math.min(n, 100))
  const ee = exact.indexOf('e')
  if (exact.charCodeAt(ee - 1) === 53 /* 5 */ && isTie(d, n, Number(exact.slice(ee + 1)))) {
    // the exact value has n+1 digits ending in 5: keep the truncation when its last digit is even
    const truncated = exact.slice(0, ee - 1).replace('.', '')
    if (((truncated.charCodeAt(truncated.length - 1) - 48) & 1) === 0) {
      digits = truncated
      exp = Number(exact.slice(ee + 1))
    }
  }
  return { digits, exp }
}

function isTie(d: number, n: number, exp10: number): boolean {
  const k = fracBits(d)
  if (k > 0) return k === n - exp10
  const s = BigInt(d).toString()
  return s.length > n && s.charCodeAt(n) === 53 && /^0*$/.test(s.slice(n + 1))
}

/** Whether a NaN has its sign bit set: x86 computes 0/0 as -nan, strtod("nan") is nan (V8 keeps the bit). */
function negativeNaN(d: number): boolean {
  view.setFloat64(0, d)
  return view.getUint8(0) >= 0x80
}

function special(d: number, upper: boolean): string | null {
  let s: string | null = null
  if (d !== d) s = negativeNaN(d) ? '-nan' : 'nan'
  else if (d === Infinity) s = 'inf'
  else if (d === -Infinity) s = '-inf'
  return s !== null && upper ? s.toUpperCase() : s
}

function expPart(exp: number, upper: boolean): string {
  const a = exp < 0 ? -exp : exp
  return (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (a < 10 ? '0' : '') + a
}

/** `%.<prec>e` without sign handling (d >= 0). */
function expForm(d: number, prec: number, upper: boolean, alt: boolean): string {
  if (d === 0) return '0' + (prec > 0 || alt ? '.' + '0'.repeat(prec) : '') + expPart(0, upper)
  const { digits, exp } = significant(d, prec + 1)
  return digits[0] + (prec > 0 || alt ? '.' + digits.slice(1) : '') + expPart(exp, upper)
}

/** `%.<prec>f` without sign handling (d >= 0). */
function fixedForm(d: number, prec: number, alt: boolean): string {
  let s: string
  if (d >= 1e21) s = BigInt(d).toString() + (prec > 0 ? '.' + '0'.repeat(prec) : '')
  else {
    s = d.toFixed(prec)
    if (prec < 100 && fracBits(d) === prec + 1) {
      const exact = d.toFixed(prec + 1)
      const truncated = exact.slice(0, prec === 0 ? -2 : -1)
      const last = truncated.charCodeAt(truncated.length - 1)
      if (((last - 48) & 1) === 0) s = truncated
    }
  }
  return alt && prec === 0 ? s + '.' : s
}

/** `%.<prec>g` without sign handling (d >= 0). */
function generalForm(d: number, prec: number, upper: boolean, alt: boolean): string {
  const p = prec === 0 ? 1 : prec
  if (d === 0) return alt ? '0.' + '0'.repeat(p - 1) : '0'
  if (!alt && Number.isInteger(d) && d < 10 ** p && d < 1e21) return String(d)
  const { digits, exp } = significant(d, p)
  let out: string
  if (exp < -4 || exp >= p) {
    let frac = digits.slice(1)
    if (!alt) frac = frac.replace(/0+$/, '')
    out = digits[0] + (frac !== '' || alt ? '.' + frac : '') + expPart(exp, upper)
  } else {
    let int: string
    let frac: string
    if (exp >= 0) {
      int = digits.slice(0, exp + 1)
      frac = digits.slice(exp + 1)
    } else {
      int = '0'
      frac = '0'.repeat(-exp - 1) + digits
    }
    if (!alt) frac = frac.replace(/0+$/, '')
    out = int + (frac !== '' || alt ? '.' + frac : '')
  }
  return out
}

/** A double as C's printf would convert it with one of e E f F g G, `prec` digits (-1 for the default 6). */
export function formatFloat(d: number, conv: string, prec: number, alt = false): string {
  const upper = conv === 'E' || conv === 'G' || conv === 'F'
  const sp = special(d, upper)
  if (sp !== null) return sp
  const neg = d < 0 || (d === 0 && 1 / d < 0)
  const a = neg ? -d : d
  const p = prec < 0 ? 6 : prec
  let body: string
  if (conv === 'e' || conv === 'E') body = expForm(a, p, upper, alt)
  else if (conv === 'f' || conv === 'F') body = fixedForm(a, p, alt)
  else body = generalForm(a, p, upper, alt)
  return neg ? '-' + body : body
}

/** Lua 5.1's tostring of a number: `%.14g`. */
export function luaNumber(d: number): string {
  if (Number.isInteger(d) && d < 1e14 && d > -1e14) return d === 0 && 1 / d < 0 ? '-0' : String(d)
  return formatFloat(d, 'g', 14)
}

const INT64_MIN = -9223372036854775808n
const TWO63 = 9223372036854775808

/** C's (long long) cast of a double on x86-64: out of range and NaN give INT64_MIN. */
export function toInt64(d: number): bigint {
  if (d !== d || d >= TWO63 || d < -TWO63) return INT64_MIN
  return BigInt(Math.trunc(d))
}

/** C's (long long) cast as a reply integer: a number when safe, else a bigint. */
export function toReplyInteger(d: number): number | bigint {
  if (d === d && d < 9007199254740992 && d > -9007199254740992) return Math.trunc(d) || 0
  return toInt64(d)
}
