import { describe, expect, test } from 'vitest'
import { compileGlob, globMatch } from '../../../src/core/glob.js'

// Cases checked against redis-server 7.0 KEYS (see test/differential/generic.test.ts for the live comparison)
describe('globMatch', () => {
  const cases: [string, string, boolean][] = [
    ['**', '', false],
    ['', '', true],
    ['', 'a', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h*llo', 'hllo', true],
    ['h*llo', 'heeeello', true],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hallo', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['a[\\]]b', 'a]b', true],
    ['a[', 'a[', false],
    ['a[b', 'ab', true],
    ['\\', '\\', true],
    ['[\x00-\xff]*', '\x80', false],
    ['[\x80-\xff]', '\x90', true],
    ['*?*', '', false],
    ['h*l*o', 'hello', true],
  ]
  for (const [p, s, want] of cases) {
    test(`${JSON.stringify(p)} ~ ${JSON.stringify(s)}: ${want}`, () => {
      expect(globMatch(p, s)).toBe(want)
      expect(compileGlob(p)(s)).toBe(want)
    })
  }

  test('"*" matches an empty string only through the shortcut KEYS and SCAN take', () => {
    expect(globMatch('*', '')).toBe(false)
    expect(compileGlob('*')('')).toBe(true)
  })

  test('nocase', () => {
    expect(globMatch('HeLLo*', 'hello world', true)).toBe(true)
    expect(compileGlob('ABC', true)('abc')).toBe(true)
    expect(compileGlob('ABC')('abc')).toBe(false)
  })

  test('a long pattern of stars does not blow up', () => {
    expect(globMatch('a*'.repeat(50) + 'b', 'a'.repeat(200))).toBe(false)
  })
})
