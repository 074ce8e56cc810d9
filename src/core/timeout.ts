/**
 * Blocking timeouts as Redis 7.0 reads them (BLPOP and friends): the seconds
 * argument is parsed as an x87 long double (64-bit mantissa, strtold rules),
 * multiplied by 1000 in long double, rounded up, and converted to a 64-bit
 * integer, where anything out of range (inf, 1e300) becomes INT64_MIN. The
 * extended precision shows at the edges: "-0.001" becomes -0.99999... ms,
 * which rounds up to 0 (block forever) rather than -1 ("timeout is negative").
 */

const DECIMAL = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/
const INF = /^[+-]?(?:inf|infinity)$/i
/** string2ld refuses arguments this long (MAX_LONG_DOUBLE_CHARS). */
const MAX_CHARS = 5 * 1024
/** Smallest binary exponent of a long double's last mantissa bit (denormals). */
const MIN_EXP = -16445
/** Largest exponent of the last mantissa bit of a finite long double. */
const MAX_EXP = 16320
const INT64_MIN = -(2n ** 63n)
const INT64_LIMIT = 2n ** 63n

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length
}

/** num / den, rounded half to even. */
function divRound(num: bigint, den: bigint): bigint {
  const q = num / den
  const r2 = (num % den) * 2n
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n
  return q
}

/** Rounds num/den (> 0) to a long double: [mantissa, exponent], 'inf' or 'zero'. */
function round64(num: bigint, den: bigint): [bigint, number] | 'inf' | 'zero' {
  let e = bitLength(num) - bitLength(den) - 63
  // make num / den / 2^e fall in [2^63, 2^64)
  const fits = (x: number): boolean => (x >= 0 ? num >= (den << BigInt(x)) << 63n : num << BigInt(-x) >= den << 63n)
  while (!fits(e)) e--
  while (fits(e + 1)) e++
  if (e < MIN_EXP) e = MIN_EXP
  let q = e >= 0 ? divRound(num, den << BigInt(e)) : divRound(num << BigInt(-e), den)
  if (q === 2n ** 64n) {
    q = 2n ** 63n
    e++
  }
  if (q === 0n) return 'zero'
  if (e > MAX_EXP) return 'inf'
  return [q, e]
}

/**
 * The timeout in ms as Redis computes it from a seconds argument, or null when
 * the argument is not a float. INT64_MIN stands for every out-of-range result.
 */
export function timeoutMillis(s: string): bigint | null {
  if (s.length === 0 || s.length >= MAX_CHARS) return null
  if (INF.test(s)) return INT64_MIN
  let neg: boolean
  let num: bigint
  let den = 1n
  const dec = DECIMAL.exec(s)
  if (dec !== null) {
    const int = dec[2] ?? ''
    const frac = dec[3] ?? ''
    if (int.length + frac.length === 0) return null
    neg = dec[1] === '-'
    const digits = (int + frac).replace(/^0+/, '')
    if (digits.length === 0) return 0n
    num = BigInt(digits)
    const exp = Number(dec[4] ?? '0') - frac.length
    // far beyond the long double range (1e4932, 1e-4951): infinite or zero whatever the digits
    if (exp + digits.length > 5000 || exp + digits.length < -5000) return null
    if (exp >= 0) num *= 10n ** BigInt(exp)
    else den = 10n ** BigInt(-exp)
  } else {
    const hex = HEX.exec(s)
    if (hex === null) return null
    const int = hex[2] ?? ''
    const frac = hex[3] ?? ''
    if (int.length + frac.length === 0) return null
    neg = hex[1] === '-'
    num = BigInt('0x' + (int + frac || '0'))
    if (num === 0n) return 0n
    const exp = Number(hex[4] ?? '0') - 4 * frac.length
    if (exp > 20000 || exp < -20000) return null
    if (exp >= 0) num <<= BigInt(exp)
    else den = 1n << BigInt(-exp)
  }
  const v = round64(num, den)
  if (v === 'inf' || v === 'zero') return null
  const [m, e0] = v
  const ms = e0 >= 0 ? round64((m * 1000n) << BigInt(e0), 1n) : round64(m * 1000n, 1n << BigInt(-e0))
  if (ms === 'zero') return 0n
  if (ms === 'inf') return INT64_MIN
  const [q, ee] = ms
  // apply the exponent, rounding up (ceil): the magnitude up for positives, down for negatives
  let r: bigint
  if (ee >= 0) r = ee > 70 ? INT64_LIMIT : q << BigInt(ee)
  else if (ee < -70) r = neg ? 0n : 1n
  else {
    const d = 1n << BigInt(-ee)
    r = neg ? q / d : (q + d - 1n) / d
  }
  if (neg) r = -r
  if (r >= INT64_LIMIT || r < INT64_MIN) return INT64_MIN
  return r
}
