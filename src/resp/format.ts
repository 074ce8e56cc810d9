/**
 * Number formatting shared by the encoder and the commands.
 *
 * Redis 7.0 prints reply doubles with C's `%.17g`. JavaScript's `toExponential`
 * rounds exact ties away from zero, while glibc rounds them to even, so the tie
 * case (2^-25 is one: its exact value has 18 digits ending in 5) is corrected here.
 */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf'
  if (d === -Infinity) return '-inf'
  if (d !== d) return 'nan'
  if (Number.isInteger(d) && d < 1e17 && d > -1e17) {
    if (d === 0) return 1 / d < 0 ? '-0' : '0'
    // beyond 2^53 String() prints the shortest digits, %.17g the exact integer
    return d <= 9007199254740992 && d >= -9007199254740992 ? String(d) : BigInt(d).toString()
  }
  const s18 = d.toExponential(17)
  const e18 = s18.indexOf('e')
  let mantissa: string
  let exp: number
  if (s18.charCodeAt(e18 - 1) === 53 /* '5' */ && isExactTie(d)) {
    // digits: sign, d, '.', 17 digits; keep 16 after the point, round half to even
    const neg = s18.charCodeAt(0) === 45
    const digits = s18.slice(neg ? 0 : 0, e18 - 1)
    const last = digits.charCodeAt(digits.length - 1) - 48
    mantissa = digits
    exp = Number(s18.slice(e18 + 1))
    if (last % 2 === 1) {
      const bumped = bumpDecimal(digits)
      mantissa = bumped.digits
      exp += bumped.carry
    }
  } else {
    const s = d.toExponential(16)
    const e = s.indexOf('e')
    mantissa = s.slice(0, e)
    exp = Number(s.slice(e + 1))
  }
  return layoutG(mantissa, exp)
}

function isExactTie(d: number): boolean {
  const s = d.toExponential(60)
  const e = s.indexOf('e')
  // s = [-]D.DDDD...; digit 18 is at index (sign + 1 + 1 + 16)
  const start = (s.charCodeAt(0) === 45 ? 1 : 0) + 2 + 17
  if (s.charCodeAt(start - 1) !== 53) return false
  for (let i = start; i < e; i++) if (s.charCodeAt(i) !== 48) return false
  return true
}

/** Adds one unit in the last place to a decimal mantissa "[-]D.DDD". */
function bumpDecimal(m: string): { digits: string; carry: number } {
  const chars = m.split('')
  let i = chars.length - 1
  for (; i >= 0; i--) {
    const c = chars[i]
    if (c === '.' || c === '-') continue
    if (c === '9') { chars[i] = '0'; continue }
    chars[i] = String.fromCharCode((c as string).charCodeAt(0) + 1)
    return { digits: chars.join(''), carry: 0 }
  }
  // all nines: 9.999 -> 1.000 with exponent + 1
  const neg = m.charCodeAt(0) === 45
  const body = chars.join('').replace('-', '')
  const shifted = '1.' + body.replace('.', '').slice(0, body.length - 2)
  return { digits: (neg ? '-' : '') + shifted, carry: 1 }
}

/** Lays out 17 significant digits as `%g` does: fixed or exponent form, trailing zeros removed. */
function layoutG(mantissa: string, exp: number): string {
  const neg = mantissa.charCodeAt(0) === 45
  const digits = (neg ? mantissa.slice(1) : mantissa).replace('.', '')
  if (exp < -4 || exp >= 17) {
    let frac = digits.slice(1)
    let end = frac.length
    while (end > 0 && frac.charCodeAt(end - 1) === 48) end--
    frac = frac.slice(0, end)
    const ae = exp < 0 ? -exp : exp
    return (neg ? '-' : '') + digits[0] + (frac ? '.' + frac : '') + 'e' + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' : '') + ae
  }
  let out: string
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1)
    let frac = digits.slice(exp + 1)
    let end = frac.length
    while (end > 0 && frac.charCodeAt(end - 1) === 48) end--
    frac = frac.slice(0, end)
    out = intPart + (frac ? '.' + frac : '')
  } else {
    let frac = '0'.repeat(-exp - 1) + digits
    let end = frac.length
    while (end > 0 && frac.charCodeAt(end - 1) === 48) end--
    frac = frac.slice(0, end)
    out = '0.' + frac
  }
  return (neg ? '-' : '') + out
}
