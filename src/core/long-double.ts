/**
 * x87 80-bit `long double` arithmetic, exact, on BigInt. Redis 7.0 computes
 * INCRBYFLOAT and HINCRBYFLOAT in long double (64-bit significand, 15-bit
 * exponent) and prints the result with `%.17Lf`, trailing zeros removed; so
 * 0.1 + 0.2 is "0.3" there, and 1e308 + 1e308 does not overflow. JavaScript
 * doubles give other answers, so the arithmetic is emulated here: parse
 * (strtold), add (round to nearest even), print (glibc, exact ties to even).
 */

/** A finite value `(-1)^neg * m * 2^e` with `m < 2^64`, or an infinity. */
export interface LongDouble {
  readonly neg: boolean
  readonly m: bigint
  readonly e: number
  readonly inf: boolean
}

const PRECISION = 64
/** The exponent of the smallest subnormal: 2^-16445. */
const MIN_EXP = -16445
/** Values of 2^16384 and above overflow. */
const MAX_BITS = 16384
/** string2ld refuses strings this long (MAX_LONG_DOUBLE_CHARS). */
const MAX_CHARS = 5 * 1024

export const LD_ZERO: LongDouble = { neg: false, m: 0n, e: 0, inf: false }

function bitLength(m: bigint): number {
  return m === 0n ? 0 : m.toString(2).length
}

/**
 * Rounds the exact value `m * 2^e` (plus a nonzero tail below it when `sticky`)
 * to 64 significant bits, half to even; overflow becomes infinity.
 */
function round(neg: boolean, m: bigint, e: number, sticky: boolean): LongDouble {
  if (m === 0n) return { neg, m: 0n, e: 0, inf: false }
  const shift = Math.max(bitLength(m) - PRECISION, MIN_EXP - e)
  if (shift > 0) {
    const big = BigInt(shift)
    let q = m >> big
    const rest = m - (q << big)
    const half = 1n << (big - 1n)
    if (rest > half || (rest === half && (sticky || (q & 1n) === 1n))) q++
    m = q
    e += shift
    if (m === 1n << BigInt(PRECISION)) {
      m >>= 1n
      e++
    }
  }
  if (m !== 0n && bitLength(m) + e > MAX_BITS) return { neg, m: 0n, e: 0, inf: true }
  return { neg, m, e, inf: false }
}

const DECIMAL = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/
const INF = /^([+-]?)(?:inf|infinity)$/i

/**
 * Parses like Redis's string2ld: the whole string as strtold reads it (decimal,
 * hexadecimal, "inf"), no leading space, no NaN, no overflow, no underflow to
 * zero. Returns null when invalid.
 */
export function parseLongDouble(s: string): LongDouble | null {
  const n = s.length
  if (n === 0 || n >= MAX_CHARS) return null
  let r = DECIMAL.exec(s)
  if (r !== null) {
    const int = r[2] as string
    const frac = r[3] ?? ''
    if (int.length + frac.length === 0) return null
    return fromDecimal(r[1] === '-', int + frac, r[4] === undefined ? -frac.length : Number(r[4]) - frac.length)
  }
  r = HEX.exec(s)
  if (r !== null) {
    const int = r[2] as string
    const frac = r[3] ?? ''
    if (int.length + frac.length === 0) return null
    const exp = (r[4] === undefined ? 0 : Number(r[4])) - 4 * frac.length
    return fromBinary(r[1] === '-', BigInt('0x' + int + frac), exp)
  }
  r = INF.exec(s)
  if (r !== null) return { neg: r[1] === '-', m: 0n, e: 0, inf: true }
  return null
}

/** strtold's ERANGE cases, which string2ld refuses: overflow, and underflow to zero. */
function inRange(v: LongDouble): LongDouble | null {
  return v.inf || v.m === 0n ? null : v
}

function fromBinary(neg: boolean, mant: bigint, exp: number): LongDouble | null {
  if (mant === 0n) return { neg, m: 0n, e: 0, inf: false }
  const len = bitLength(mant)
  // far outside the range: refuse before shifting by a huge amount
  if (len + exp > MAX_BITS + 1 || len + exp < MIN_EXP - 2) return null
  return inRange(round(neg, mant, exp, false))
}

function fromDecimal(neg: boolean, digits: string, exp: number): LongDouble | null {
  let i = 0
  while (i < digits.length && digits.charCodeAt(i) === 48) i++
  if (i === digits.length) return { neg, m: 0n, e: 0, inf: false }
  const sig = digits.slice(i)
  // the value is about 10^(mag - 1): far outside 1e-4951..1e4932 needs no arithmetic
  const mag = sig.length + exp
  if (mag > 4934 || mag < -4952) return null
  const d = BigInt(sig)
  if (exp >= 0) return inRange(round(neg, d * 10n ** BigInt(exp), 0, false))
  const den = 10n ** BigInt(-exp)
  // scale so that the quotient has at least 66 bits; the remainder is the sticky tail
  const k = Math.max(0, PRECISION + 2 + bitLength(den) - bitLength(d))
  const num = d << BigInt(k)
  const q = num / den
  return inRange(round(neg, q, -k, num - q * den !== 0n))
}

/** `a + b`, rounded to nearest even; NaN (inf - inf) comes back as null. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.inf || b.inf) {
    if (a.inf && b.inf && a.neg !== b.neg) return null
    return a.inf ? a : b
  }
  if (a.m === 0n) return b.m === 0n ? { neg: a.neg && b.neg, m: 0n, e: 0, inf: false } : b
  if (b.m === 0n) return a
  const e = Math.min(a.e, b.e)
  const x = a.m << BigInt(a.e - e)
  const y = b.m << BigInt(b.e - e)
  const sum = (a.neg ? -x : x) + (b.neg ? -y : y)
  if (sum === 0n) return LD_ZERO
  return round(sum < 0n, sum < 0n ? -sum : sum, e, false)
}

/**
 * `%.17Lf` with trailing zeros (and a bare point) removed, "-0" printed as "0":
 * Redis's ld2string in LD_STR_HUMAN mode. Infinities print as "inf"/"-inf".
 */
export function formatLongDouble(v: LongDouble): string {
  if (v.inf) return v.neg ? '-inf' : 'inf'
  const scale = 10n ** 17n
  let q: bigint
  if (v.e >= 0) q = (v.m << BigInt(v.e)) * scale
  else {
    const num = v.m * scale
    const sh = BigInt(-v.e)
    q = num >> sh
    const rest = num - (q << sh)
    const half = 1n << (sh - 1n)
    if (rest > half || (rest === half && (q & 1n) === 1n)) q++
  }
  let digits = q.toString()
  if (digits.length < 18) digits = '0'.repeat(18 - digits.length) + digits
  const int = digits.slice(0, digits.length - 17)
  let end = 17
  while (end > 0 && digits.charCodeAt(int.length + end - 1) === 48) end--
  const frac = digits.slice(int.length, int.length + end)
  const out = (v.neg ? '-' : '') + int + (frac.length !== 0 ? '.' + frac : '')
  return out === '-0' ? '0' : out
}
