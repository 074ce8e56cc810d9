import { describe, expect, test } from 'vitest'
import { addLongDouble, formatLongDouble, LD_ZERO, parseLongDouble, type LongDouble } from '../../../src/core/long-double.js'

/** What HINCRBYFLOAT replies for `incr` on a missing field: the value, or null when it is refused. */
function once(incr: string): string | null {
  const v = parseLongDouble(incr)
  if (v === null) return null
  return formatLongDouble(addLongDouble(LD_ZERO, v) as LongDouble)
}

function sum(...terms: string[]): string {
  let acc: LongDouble = LD_ZERO
  for (const t of terms) acc = addLongDouble(acc, parseLongDouble(t) as LongDouble) as LongDouble
  return formatLongDouble(acc)
}

describe('long double (values taken from redis-server 7.0.15)', () => {
  test('strtold syntax as string2ld accepts it', () => {
    const cases: [string, string | null][] = [
      ['+1', '1'],
      ['.5', '0.5'],
      ['5.', '5'],
      ['00012', '12'],
      ['0.1e1', '1'],
      ['1E2', '100'],
      ['-.5e-3', '-0.0005'],
      ['0x1.8p1', '3'],
      ['0X1P-2', '0.25'],
      ['0x.8', '0.5'],
      ['1e', null],
      ['0x', null],
      ['0x1p', null],
      ['1e+', null],
      ['1_000', null],
      [' 1', null],
      ['1 ', null],
      ['', null],
      ['\x00', null],
      ['1\x00zz', null],
      ['nan', null],
    ]
    for (const [input, out] of cases) expect(once(input), JSON.stringify(input)).toBe(out)
  })

  test('infinities parse; overflow and underflow to zero are refused', () => {
    for (const s of ['inf', '-inf', 'INF', 'infinity']) expect(parseLongDouble(s)?.inf).toBe(true)
    expect(once('1e4933')).toBe(null)
    expect(once('0x1p16384')).toBe(null)
    expect(once('1e-4960')).toBe(null)
    expect(once('0x1p-16446')).toBe(null)
    expect(once('1e-4950')).toBe('0')
    expect(once('0x1p-16445')).toBe('0')
    expect(once('x'.repeat(5120))).toBe(null)
  })

  test('64-bit significand, %.17Lf with ties to even, "-0" as "0"', () => {
    expect(sum('0.1', '0.2')).toBe('0.3')
    expect(sum('1e308', '1e308').slice(0, 40)).toBe('1999999999999999999933717593116912913211')
    expect(once('1e70')).toBe('10000000000000000000222479489586148259025995410601157579323600873193472')
    expect(once('123456789012345678901234567890')).toBe('123456789012345678899921813504')
    expect(once('0.30000000000000004')).toBe('0.30000000000000004')
    expect(once('0.000003814697265625')).toBe('0.00000381469726562')
    expect(once('0.000011444091796875')).toBe('0.00001144409179688')
    expect(once('2.5e-17')).toBe('0.00000000000000002')
    expect(once('-1.5e-17')).toBe('-0.00000000000000002')
    expect(once('-0.000000000000000001')).toBe('0')
    expect(once('-0')).toBe('0')
    expect(once('1e4932')?.length).toBe(4933)
    expect(once('0x1p16383')?.slice(0, 20)).toBe('59486574767861588254')
  })

  test('inf - inf is NaN', () => {
    const inf = parseLongDouble('inf') as LongDouble
    const minus = parseLongDouble('-inf') as LongDouble
    expect(addLongDouble(inf, minus)).toBe(null)
    expect(addLongDouble(inf, inf)?.inf).toBe(true)
  })
})
