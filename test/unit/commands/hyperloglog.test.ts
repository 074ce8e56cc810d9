import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'
import { arity, bulk, err, int, OK, WRONGTYPE } from '../../helpers/resp-text.js'
import { logOf } from '../../helpers/unit.js'

const NOT_HLL = err('WRONGTYPE Key is not a valid HyperLogLog string value.')
const CORRUPT = err('INVALIDOBJ Corrupted HLL object detected')
const hex = (s: string): string => Buffer.from(s, 'hex').toString('latin1')
const toHex = (resp: string): string => Buffer.from(resp.slice(resp.indexOf('\n') + 1, -2), 'latin1').toString('hex')

describe('PFADD', () => {
  test('creates a sparse value and reports whether an estimate changed', () => {
    const c = testEngine().client()
    expect(c('PFADD', 'h')).toBe(int(1))
    expect(toHex(c('GET', 'h'))).toBe('48594c4c0100000000000000000000807fff')
    expect(c('PFADD', 'h')).toBe(int(0))
    expect(c('PFADD', 'h', 'a')).toBe(int(1))
    expect(toHex(c('GET', 'h'))).toBe('48594c4c01000000000000000000008071a6844e57')
    expect(c('PFADD', 'h', 'a')).toBe(int(0))
    expect(c('OBJECT', 'ENCODING', 'h')).toBe(bulk('raw'))
  })

  test('turns dense past hll-sparse-max-bytes', () => {
    const c = testEngine({ config: { 'hll-sparse-max-bytes': 100 } }).client()
    const els = Array.from({ length: 60 }, (_, i) => `e${i}`)
    c('PFADD', 'h', ...els)
    expect(c('PFDEBUG', 'ENCODING', 'h')).toBe('+dense\r\n')
    expect(c('STRLEN', 'h')).toBe(int(12304))
    expect(c('PFCOUNT', 'h')).toBe(int(60))
  })

  test('propagates as given, and only when something changed', () => {
    const t = testEngine()
    const c = t.client()
    const log = logOf(t)
    c('PFADD', 'h', 'a')
    c('PFADD', 'h', 'a')
    expect(log).toEqual(['PFADD h a'])
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 's', 'abc')
    expect(c('PFADD', 's', 'a')).toBe(NOT_HLL)
    c('LPUSH', 'l', 'a')
    expect(c('PFADD', 'l', 'a')).toBe(WRONGTYPE)
    expect(c('PFADD')).toBe(arity('pfadd'))
  })
})

describe('PFCOUNT', () => {
  test('estimates one key and caches the result in the value', () => {
    const t = testEngine()
    const c = t.client()
    const log = logOf(t)
    c('PFADD', 'h', 'a', 'b', 'c')
    expect(c('PFCOUNT', 'h')).toBe(int(3))
    expect(toHex(c('GETRANGE', 'h', 8, 15))).toBe('0300000000000000')
    expect(c('PFCOUNT', 'h')).toBe(int(3))
    expect(log).toEqual(['PFADD h a b c', 'pfcount h'])
    expect(c('PFCOUNT', 'missing')).toBe(int(0))
  })

  test('estimates the union of several keys without caching', () => {
    const c = testEngine().client()
    c('PFADD', 'a', 'x', 'y')
    c('PFADD', 'b', 'y', 'z')
    expect(c('PFCOUNT', 'a', 'b', 'missing')).toBe(int(3))
    expect(toHex(c('GETRANGE', 'a', 15, 15))).toBe('80')
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 's', 'abc')
    expect(c('PFCOUNT', 's')).toBe(NOT_HLL)
    c('SET', 'bad', hex('48594c4c010000000000000000000080' + '7ffe'))
    expect(c('PFCOUNT', 'bad')).toBe(CORRUPT)
    c('LPUSH', 'l', 'a')
    expect(c('PFCOUNT', 'x', 'l')).toBe(WRONGTYPE)
    expect(c('PFCOUNT')).toBe(arity('pfcount'))
  })
})

describe('PFMERGE', () => {
  test('stores the union, the destination included', () => {
    const c = testEngine().client()
    c('PFADD', 'a', 'x', 'y')
    c('PFADD', 'b', 'y', 'z')
    c('PFADD', 'd', 'w')
    expect(c('PFMERGE', 'd', 'a', 'b')).toBe(OK)
    expect(c('PFCOUNT', 'd')).toBe(int(4))
    expect(c('PFMERGE', 'new')).toBe(OK)
    expect(c('PFCOUNT', 'new')).toBe(int(0))
  })

  test('a dense source makes the destination dense', () => {
    const c = testEngine().client()
    c('PFADD', 'a', 'x')
    c('PFDEBUG', 'TODENSE', 'a')
    c('PFMERGE', 'd', 'a')
    expect(c('PFDEBUG', 'ENCODING', 'd')).toBe('+dense\r\n')
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 's', 'abc')
    expect(c('PFMERGE', 'd', 's')).toBe(NOT_HLL)
    c('LPUSH', 'l', 'a')
    expect(c('PFMERGE', 'l')).toBe(WRONGTYPE)
    expect(c('PFMERGE')).toBe(arity('pfmerge'))
  })
})

describe('PFDEBUG', () => {
  test('DECODE, ENCODING, TODENSE and GETREG', () => {
    const c = testEngine().client()
    c('PFADD', 'h', 'a')
    expect(c('PFDEBUG', 'DECODE', 'h')).toBe(bulk('Z:12711 v:2,1 Z:3672'))
    expect(c('PFDEBUG', 'ENCODING', 'h')).toBe('+sparse\r\n')
    expect(c('PFDEBUG', 'TODENSE', 'h')).toBe(int(1))
    expect(c('PFDEBUG', 'TODENSE', 'h')).toBe(int(0))
    const regs = c('PFDEBUG', 'GETREG', 'h')
    expect(regs.startsWith('*16384\r\n')).toBe(true)
    expect(regs.split('\r\n').filter((l) => l === ':2')).toHaveLength(1)
    expect(c('PFDEBUG', 'DECODE', 'h')).toBe(err('ERR HLL encoding is not sparse'))
  })

  test('errors', () => {
    const c = testEngine().client()
    c('PFADD', 'h', 'a')
    expect(c('PFDEBUG', 'foo', 'h')).toBe(err("ERR Unknown PFDEBUG subcommand 'foo'"))
    expect(c('PFDEBUG', 'GETREG', 'missing')).toBe(err('ERR The specified key does not exist'))
    expect(c('PFDEBUG', 'GETREG')).toBe(arity('pfdebug'))
  })
})

describe('PFSELFTEST', () => {
  test('passes', () => {
    const c = testEngine().client()
    expect(c('PFSELFTEST')).toBe(OK)
    expect(c('PFSELFTEST', 'x')).toBe(arity('pfselftest'))
  })
})
