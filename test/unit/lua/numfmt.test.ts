import { describe, expect, test } from 'vitest'
import { formatFloat, luaNumber, toInt64, toReplyInteger } from '../../../adapters/lua/numfmt.js'

describe('luaNumber (%.14g)', () => {
  test('integers print plainly up to 14 digits', () => {
    expect(luaNumber(2)).toBe('2')
    expect(luaNumber(-0)).toBe('-0')
    expect(luaNumber(12345678901234)).toBe('12345678901234')
    expect(luaNumber(1e15)).toBe('1e+15')
    expect(luaNumber(2 ** 53)).toBe('9.007199254741e+15')
  })

  test('fractions, exponents and ties rounded to even as glibc does', () => {
    expect(luaNumber(1.5)).toBe('1.5')
    expect(luaNumber(0.1)).toBe('0.1')
    expect(luaNumber(1 / 3)).toBe('0.33333333333333')
    expect(luaNumber(1e-5)).toBe('1e-05')
    expect(luaNumber(123.456e-10)).toBe('1.23456e-08')
    expect(luaNumber(Math.PI)).toBe('3.1415926535898')
    // 123456789012345 is an exact tie at 14 digits: glibc keeps the even 4
    expect(luaNumber(123456789012345)).toBe('1.2345678901234e+14')
    expect(luaNumber(123456789012355)).toBe('1.2345678901236e+14')
  })

  test('infinities and NaN signs', () => {
    expect(luaNumber(Infinity)).toBe('inf')
    expect(luaNumber(-Infinity)).toBe('-inf')
    const zero = Number('0')
    expect(luaNumber(zero / zero)).toBe('-nan')
    expect(luaNumber(NaN)).toBe('nan')
  })
})

describe('formatFloat', () => {
  test('%f rounds exact ties to even', () => {
    expect(formatFloat(2.25, 'f', 1)).toBe('2.2')
    expect(formatFloat(0.5, 'f', 0)).toBe('0')
    expect(formatFloat(1.5, 'f', 0)).toBe('2')
    expect(formatFloat(2.5, 'f', 0)).toBe('2')
    expect(formatFloat(0.125, 'f', 2)).toBe('0.12')
    expect(formatFloat(1 / 3, 'f', 3)).toBe('0.333')
    expect(formatFloat(1e22, 'f', 1)).toBe('10000000000000000000000.0')
    expect(formatFloat(5, 'f', 0, true)).toBe('5.')
  })

  test('%e and %g', () => {
    expect(formatFloat(12345.678, 'e', -1)).toBe('1.234568e+04')
    expect(formatFloat(0.0001, 'g', -1)).toBe('0.0001')
    expect(formatFloat(1e-10, 'G', -1)).toBe('1E-10')
    expect(formatFloat(100000, 'g', -1)).toBe('100000')
    expect(formatFloat(1000000, 'g', -1)).toBe('1e+06')
    expect(formatFloat(0.5, 'g', 3, true)).toBe('0.500')
    expect(formatFloat(0.1, 'g', 20)).toBe('0.10000000000000000555')
    expect(formatFloat(0, 'e', 2)).toBe('0.00e+00')
    expect(formatFloat(-0, 'g', -1)).toBe('-0')
  })

  test('agrees with toPrecision where no tie is involved', () => {
    for (let i = 0; i < 2000; i++) {
      const d = (Math.sin(i) * 10 ** ((i % 30) - 15)) / 7
      const p = 1 + (i % 17)
      const ours = formatFloat(d, 'e', p - 1)
      expect(Number(ours)).toBe(Number(d.toExponential(p - 1)))
    }
  })
})

describe('integer casts', () => {
  test("C's (long long) cast on x86-64", () => {
    expect(toInt64(3.99)).toBe(3n)
    expect(toInt64(-3.99)).toBe(-3n)
    expect(toInt64(2 ** 63)).toBe(-9223372036854775808n)
    expect(toInt64(Infinity)).toBe(-9223372036854775808n)
    expect(toInt64(NaN)).toBe(-9223372036854775808n)
    expect(toReplyInteger(2 ** 60)).toBe(1152921504606846976n)
    expect(toReplyInteger(-0.5)).toBe(0)
    expect(Object.is(toReplyInteger(-0.5), 0)).toBe(true)
  })
})
