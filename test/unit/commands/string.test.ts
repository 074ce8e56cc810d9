import { describe, expect, test } from 'vitest'
import { testEngine, T0 } from '../../helpers/engine.js'

describe('GET and SET', () => {
  test('round-trips a value', () => {
    const c = testEngine().client()
    expect(c('SET', 'k', 'v')).toBe('+OK\r\n')
    expect(c('GET', 'k')).toBe('$1\r\nv\r\n')
    expect(c('GET', 'missing')).toBe('$-1\r\n')
  })

  test('binary values survive', () => {
    const c = testEngine().client()
    c('SET', 'k', '\x00\xff\r\n')
    expect(c('GET', 'k')).toBe('$4\r\n\x00\xff\r\n\r\n')
  })

  test('EX expires on the manual clock', () => {
    const t = testEngine()
    const c = t.client()
    expect(c('SET', 'k', 'v', 'EX', 10)).toBe('+OK\r\n')
    t.clock.advance(10_000)
    expect(c('GET', 'k')).toBe('$1\r\nv\r\n')
    t.clock.advance(1)
    expect(c('GET', 'k')).toBe('$-1\r\n')
  })

  test('NX, XX and GET', () => {
    const c = testEngine().client()
    expect(c('SET', 'k', 'v', 'XX')).toBe('$-1\r\n')
    expect(c('SET', 'k', 'v', 'NX')).toBe('+OK\r\n')
    expect(c('SET', 'k', 'w', 'NX', 'GET')).toBe('$1\r\nv\r\n')
    expect(c('SET', 'k', 'w', 'GET')).toBe('$1\r\nv\r\n')
    expect(c('GET', 'k')).toBe('$1\r\nw\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('SET', 'k')).toBe("-ERR wrong number of arguments for 'set' command\r\n")
    expect(c('SET', 'k', 'v', 'NX', 'XX')).toBe('-ERR syntax error\r\n')
    expect(c('SET', 'k', 'v', 'EX', 0)).toBe("-ERR invalid expire time in 'set' command\r\n")
    expect(c('SET', 'k', 'v', 'PXAT', T0)).toBe('+OK\r\n')
  })
})

describe('INCR family', () => {
  test('counts and overflows', () => {
    const c = testEngine().client()
    expect(c('INCR', 'n')).toBe(':1\r\n')
    expect(c('INCRBY', 'n', 9)).toBe(':10\r\n')
    expect(c('DECRBY', 'n', 20)).toBe(':-10\r\n')
    c('SET', 'n', '9223372036854775806')
    expect(c('INCR', 'n')).toBe(':9223372036854775807\r\n')
    expect(c('INCR', 'n')).toBe('-ERR increment or decrement would overflow\r\n')
    c('SET', 's', 'abc')
    expect(c('INCR', 's')).toBe('-ERR value is not an integer or out of range\r\n')
  })
})
