import { describe, expect, test } from 'vitest'
import { formatDouble, isIntEncodable, parseDouble, parseInt64, parseLL } from '../../../src/core/numbers.js'

// Expected strings are C's printf("%.17g") (glibc), as Redis 7.0 prints reply doubles.
describe('formatDouble', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [-0, '-0'],
    [0.1, '0.10000000000000001'],
    [1.5, '1.5'],
    [-2.5e-7, '-2.4999999999999999e-07'],
    [1e17, '1e+17'],
    [1e16, '10000000000000000'],
    [70087280215621632, '70087280215621632'],
    [-88704240367263744, '-88704240367263744'],
    [9007199254740993, '9007199254740992'],
    [2 ** -25, '2.9802322387695312e-08'],
    [5e-324, '4.9406564584124654e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
  ]
  for (const [d, want] of cases) test(`${want}`, () => expect(formatDouble(d)).toBe(want))
})

describe('parseDouble (string2d)', () => {
  test('accepts what strtod reads whole', () => {
    expect(parseDouble('1.5')).toBe(1.5)
    expect(parseDouble('-1e3')).toBe(-1000)
    expect(parseDouble('.5')).toBe(0.5)
    expect(parseDouble('5.')).toBe(5)
    expect(parseDouble('+inf')).toBe(Infinity)
    expect(parseDouble('-Infinity')).toBe(-Infinity)
    expect(parseDouble('0x10')).toBe(16)
    expect(parseDouble('1e-310')).toBe(1e-310)
  })

  test('refuses spaces, NaN, overflow and underflow to zero', () => {
    for (const s of ['', ' 1', '1 ', 'nan', 'abc', '1e400', '1e-400', '1.5x', '--1']) expect(parseDouble(s), s).toBeNaN()
  })
})

describe('integers (string2ll)', () => {
  test('canonical int64 only', () => {
    expect(parseLL('0')).toBe(0)
    expect(parseLL('-12')).toBe(-12)
    for (const s of ['', '-', '+1', '01', '-0', ' 1', '1 ', '1.0', '9223372036854775808']) expect(parseLL(s), s).toBeNull()
    expect(parseInt64('-9223372036854775808')).toBe(-9223372036854775808n)
    expect(parseInt64('9007199254740993')).toBe(9007199254740993n)
  })

  test('isIntEncodable: what OBJECT ENCODING calls int', () => {
    expect(isIntEncodable('123')).toBe(true)
    expect(isIntEncodable('-9223372036854775808')).toBe(true)
    expect(isIntEncodable('0123')).toBe(false)
    expect(isIntEncodable('-0')).toBe(false)
    expect(isIntEncodable('9223372036854775808')).toBe(false)
  })
})
