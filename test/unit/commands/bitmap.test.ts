import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'
import { arity, bulk, err, int, NIL, NOT_INT, SYNTAX, WRONGTYPE } from '../../helpers/resp-text.js'
import { logOf } from '../../helpers/unit.js'

const arr = (...items: string[]): string => `*${items.length}\r\n${items.join('')}`
const BIT_OFFSET = err('ERR bit offset is not an integer or out of range')

describe('SETBIT', () => {
  test('sets and clears bits, growing the string with zeros', () => {
    const c = testEngine().client()
    expect(c('SETBIT', 'k', 7, 1)).toBe(int(0))
    expect(c('GET', 'k')).toBe(bulk('\x01'))
    expect(c('SETBIT', 'k', 7, 0)).toBe(int(1))
    expect(c('SETBIT', 'k', 17, 1)).toBe(int(0))
    expect(c('GET', 'k')).toBe(bulk('\x00\x00\x40'))
    expect(c('OBJECT', 'ENCODING', 'k')).toBe(bulk('raw'))
  })

  test('turns an int or embstr value raw even when no bit changes', () => {
    const c = testEngine().client()
    c('SET', 'n', '12')
    expect(c('SETBIT', 'n', 0, 0)).toBe(int(0))
    expect(c('GET', 'n')).toBe(bulk('12'))
    expect(c('OBJECT', 'ENCODING', 'n')).toBe(bulk('raw'))
  })

  test('propagates and notifies only when something changed', () => {
    const t = testEngine()
    const c = t.client()
    const log = logOf(t)
    c('SETBIT', 'k', 1, 1)
    c('SETBIT', 'k', 1, 1)
    c('SETBIT', 'k', 2, 0)
    c('SETBIT', 'k', 20, 0)
    expect(log).toEqual(['SETBIT k 1 1', 'SETBIT k 20 0'])
  })

  test('keeps the TTL', () => {
    const c = testEngine().client()
    c('SET', 'k', 'a', 'EX', 100)
    c('SETBIT', 'k', 100, 1)
    expect(c('TTL', 'k')).toBe(int(100))
  })

  test('a large bitmap stays consistent with the string commands', () => {
    const c = testEngine().client()
    c('SETBIT', 'big', 8 * 100000, 1)
    for (let i = 0; i < 2000; i++) c('SETBIT', 'big', (i * 7919) % 800000, 1)
    expect(c('BITCOUNT', 'big')).toBe(int(2001))
    expect(c('GETBIT', 'big', 7919)).toBe(int(1))
    expect(c('GETBIT', 'big', 7920)).toBe(int(0))
    c('APPEND', 'big', '\xff')
    expect(c('STRLEN', 'big')).toBe(int(100002))
    expect(c('SETBIT', 'big', 8 * 100001 + 7, 0)).toBe(int(1))
    expect(c('GETRANGE', 'big', 100001, 100001)).toBe(bulk('\xfe'))
    c('SET', 'big', 'x'.repeat(100002))
    expect(c('GETBIT', 'big', 7913)).toBe(int(1))
    expect(c('GETBIT', 'big', 7919)).toBe(int(0))
    expect(c('BITCOUNT', 'big')).toBe(int(100002 * 4))
  })

  test('errors', () => {
    const t = testEngine({ config: { 'proto-max-bulk-len': 1048576 } })
    const c = t.client()
    expect(c('SETBIT', 'k', 'x', 1)).toBe(BIT_OFFSET)
    expect(c('SETBIT', 'k', -1, 1)).toBe(BIT_OFFSET)
    expect(c('SETBIT', 'k', 8388608, 1)).toBe(BIT_OFFSET)
    expect(c('SETBIT', 'k', 1, 2)).toBe(err('ERR bit is not an integer or out of range'))
    expect(c('SETBIT', 'k', 1, 'x')).toBe(err('ERR bit is not an integer or out of range'))
    expect(c('SETBIT', 'k', 1)).toBe(arity('setbit'))
    c('LPUSH', 'l', 'a')
    expect(c('SETBIT', 'l', 1, 1)).toBe(WRONGTYPE)
    expect(c('SETBIT', 'l', 'x', 1)).toBe(BIT_OFFSET)
  })
})

describe('GETBIT', () => {
  test('reads bits; zero past the end and for a missing key', () => {
    const c = testEngine().client()
    c('SET', 'k', '\x80\x01')
    expect(c('GETBIT', 'k', 0)).toBe(int(1))
    expect(c('GETBIT', 'k', 1)).toBe(int(0))
    expect(c('GETBIT', 'k', 15)).toBe(int(1))
    expect(c('GETBIT', 'k', 1000)).toBe(int(0))
    expect(c('GETBIT', 'missing', 3)).toBe(int(0))
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('GETBIT', 'k', 'x')).toBe(BIT_OFFSET)
    expect(c('GETBIT', 'k', 4294967296)).toBe(BIT_OFFSET)
    expect(c('GETBIT', 'k', 4294967295)).toBe(int(0))
    expect(c('GETBIT', 'k')).toBe(arity('getbit'))
    c('LPUSH', 'l', 'a')
    expect(c('GETBIT', 'l', 1)).toBe(WRONGTYPE)
  })
})

describe('BITCOUNT', () => {
  test('counts the whole string or a byte range', () => {
    const c = testEngine().client()
    c('SET', 'k', 'foobar')
    expect(c('BITCOUNT', 'k')).toBe(int(26))
    expect(c('BITCOUNT', 'k', 0, 0)).toBe(int(4))
    expect(c('BITCOUNT', 'k', 1, 1, 'BYTE')).toBe(int(6))
    expect(c('BITCOUNT', 'k', -2, -1)).toBe(int(7))
    expect(c('BITCOUNT', 'k', -1, -2)).toBe(int(0))
    expect(c('BITCOUNT', 'k', 3, 1)).toBe(int(0))
  })

  test('counts a bit range', () => {
    const c = testEngine().client()
    c('SET', 'k', 'foobar')
    expect(c('BITCOUNT', 'k', 5, 30, 'BIT')).toBe(int(17))
    expect(c('BITCOUNT', 'k', 1, 1, 'bit')).toBe(int(1))
    expect(c('BITCOUNT', 'k', -3, -1, 'BIT')).toBe(int(1))
  })

  test('a missing key is 0 whatever the arguments', () => {
    const c = testEngine().client()
    expect(c('BITCOUNT', 'missing')).toBe(int(0))
    expect(c('BITCOUNT', 'missing', 'x')).toBe(int(0))
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 'k', 'foobar')
    expect(c('BITCOUNT', 'k', 1)).toBe(SYNTAX)
    expect(c('BITCOUNT', 'k', 1, 2, 3)).toBe(SYNTAX)
    expect(c('BITCOUNT', 'k', 1, 2, 'BIT', 'x')).toBe(SYNTAX)
    expect(c('BITCOUNT', 'k', 'x', 2)).toBe(NOT_INT)
    expect(c('BITCOUNT')).toBe(arity('bitcount'))
    c('LPUSH', 'l', 'a')
    expect(c('BITCOUNT', 'l')).toBe(WRONGTYPE)
  })
})

describe('BITPOS', () => {
  test('finds set and clear bits', () => {
    const c = testEngine().client()
    c('SET', 'k', '\xff\xf0\x00')
    expect(c('BITPOS', 'k', 0)).toBe(int(12))
    expect(c('BITPOS', 'k', 1, 2)).toBe(int(-1))
    expect(c('BITPOS', 'k', 1, 1)).toBe(int(8))
    expect(c('BITPOS', 'k', 0, 0, 0)).toBe(int(-1))
    expect(c('BITPOS', 'k', 1, 9, 15, 'BIT')).toBe(int(9))
    expect(c('BITPOS', 'k', 0, 0, 11, 'BIT')).toBe(int(-1))
  })

  test('a string of ones has its first clear bit past the end unless an end is given', () => {
    const c = testEngine().client()
    c('SET', 'k', '\xff\xff')
    expect(c('BITPOS', 'k', 0)).toBe(int(16))
    expect(c('BITPOS', 'k', 0, 1)).toBe(int(16))
    expect(c('BITPOS', 'k', 0, 0, -1)).toBe(int(-1))
  })

  test('a missing key', () => {
    const c = testEngine().client()
    expect(c('BITPOS', 'missing', 1)).toBe(int(-1))
    expect(c('BITPOS', 'missing', 0)).toBe(int(0))
  })

  test('errors', () => {
    const c = testEngine().client()
    c('SET', 'k', 'abc')
    expect(c('BITPOS', 'k', 2)).toBe(err('ERR The bit argument must be 1 or 0.'))
    expect(c('BITPOS', 'k', 'x')).toBe(NOT_INT)
    expect(c('BITPOS', 'k', 1, 0, 1, 'x')).toBe(SYNTAX)
    expect(c('BITPOS', 'k', 1, 0, 'x')).toBe(NOT_INT)
    expect(c('BITPOS', 'k')).toBe(arity('bitpos'))
    c('LPUSH', 'l', 'a')
    expect(c('BITPOS', 'l', 1)).toBe(WRONGTYPE)
  })
})

describe('BITOP', () => {
  test('AND, OR, XOR and NOT, missing keys as empty strings', () => {
    const c = testEngine().client()
    c('SET', 'a', '\x0f\xff')
    c('SET', 'b', '\xf1')
    expect(c('BITOP', 'AND', 'd', 'a', 'b')).toBe(int(2))
    expect(c('GET', 'd')).toBe(bulk('\x01\x00'))
    expect(c('BITOP', 'or', 'd', 'a', 'b', 'missing')).toBe(int(2))
    expect(c('GET', 'd')).toBe(bulk('\xff\xff'))
    expect(c('BITOP', 'XOR', 'd', 'a', 'b')).toBe(int(2))
    expect(c('GET', 'd')).toBe(bulk('\xfe\xff'))
    expect(c('BITOP', 'NOT', 'd', 'b')).toBe(int(1))
    expect(c('GET', 'd')).toBe(bulk('\x0e'))
    expect(c('OBJECT', 'ENCODING', 'd')).toBe(bulk('raw'))
  })

  test('an empty result deletes the destination', () => {
    const t = testEngine()
    const c = t.client()
    const log = logOf(t)
    c('SET', 'd', 'x')
    expect(c('BITOP', 'AND', 'd', 'missing')).toBe(int(0))
    expect(c('EXISTS', 'd')).toBe(int(0))
    expect(c('BITOP', 'AND', 'd', 'missing')).toBe(int(0))
    expect(log).toEqual(['SET d x', 'BITOP AND d missing'])
  })

  test('errors', () => {
    const c = testEngine().client()
    expect(c('BITOP', 'foo', 'd', 'a')).toBe(SYNTAX)
    expect(c('BITOP', 'NOT', 'd', 'a', 'b')).toBe(err('ERR BITOP NOT must be called with a single source key.'))
    expect(c('BITOP', 'AND', 'd')).toBe(arity('bitop'))
    c('LPUSH', 'l', 'a')
    expect(c('BITOP', 'AND', 'd', 'l')).toBe(WRONGTYPE)
  })
})

describe('BITFIELD', () => {
  test('GET of signed and unsigned fields, with # offsets', () => {
    const c = testEngine().client()
    c('SET', 'k', 'a')
    expect(c('BITFIELD', 'k', 'GET', 'u4', 0, 'GET', 'i4', 0, 'GET', 'i8', 4, 'GET', 'u8', '#1')).toBe(
      arr(int(6), int(6), int(16), int(0)),
    )
    expect(c('BITFIELD', 'k', 'GET', 'i64', 0, 'GET', 'u63', 0)).toBe(arr(int(6989586621679009792n), int(3494793310839504896n)))
    expect(c('BITFIELD', 'missing', 'GET', 'u8', 0)).toBe(arr(int(0)))
    expect(c('BITFIELD', 'k')).toBe('*0\r\n')
  })

  test('SET returns the old value, INCRBY the new one', () => {
    const c = testEngine().client()
    expect(c('BITFIELD', 'k', 'SET', 'i8', 0, -5, 'GET', 'u8', 0, 'INCRBY', 'i8', 0, 10)).toBe(arr(int(0), int(251), int(5)))
    expect(c('GET', 'k')).toBe(bulk('\x05'))
    expect(c('OBJECT', 'ENCODING', 'k')).toBe(bulk('raw'))
  })

  test('OVERFLOW WRAP, SAT and FAIL', () => {
    const c = testEngine().client()
    expect(c('BITFIELD', 'k', 'SET', 'i8', 0, 200)).toBe(arr(int(0)))
    expect(c('BITFIELD', 'k', 'GET', 'i8', 0)).toBe(arr(int(-56)))
    expect(c('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', 0, -1000, 'INCRBY', 'u4', 8, 100)).toBe(arr(int(-128), int(15)))
    expect(c('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u4', 8, 1, 'INCRBY', 'u4', 8, -1)).toBe(arr(NIL, int(14)))
    expect(c('BITFIELD', 'k', 'OVERFLOW', 'wrap', 'INCRBY', 'u4', 8, 3)).toBe(arr(int(1)))
    expect(c('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'u8', 16, -1)).toBe(arr(int(0)))
    expect(c('BITFIELD', 'k', 'GET', 'u8', 16)).toBe(arr(int(255)))
    expect(c('BITFIELD', 'k', 'INCRBY', 'i64', 24, '9223372036854775807', 'INCRBY', 'i64', 24, 1)).toBe(
      arr(int(9223372036854775807n), int(-9223372036854775808n)),
    )
  })

  test('propagates only changing commands', () => {
    const t = testEngine()
    const c = t.client()
    const log = logOf(t)
    c('BITFIELD', 'k', 'SET', 'u8', 0, 1)
    c('BITFIELD', 'k', 'SET', 'u8', 0, 1)
    c('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', 0, 1000)
    c('BITFIELD', 'k', 'GET', 'u8', 0)
    expect(log).toEqual(['BITFIELD k SET u8 0 1'])
  })

  test('errors', () => {
    const c = testEngine().client()
    const TYPE = err('ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.')
    expect(c('BITFIELD', 'k', 'GET', 'u64', 0)).toBe(TYPE)
    expect(c('BITFIELD', 'k', 'GET', 'i65', 0)).toBe(TYPE)
    expect(c('BITFIELD', 'k', 'GET', 'U8', 0)).toBe(TYPE)
    expect(c('BITFIELD', 'k', 'GET', 'u8', '#x')).toBe(BIT_OFFSET)
    expect(c('BITFIELD', 'k', 'OVERFLOW', 'foo')).toBe(err('ERR Invalid OVERFLOW type specified'))
    expect(c('BITFIELD', 'k', 'GET', 'u8')).toBe(SYNTAX)
    expect(c('BITFIELD', 'k', 'SET', 'u8', 0, 'x')).toBe(NOT_INT)
    expect(c('BITFIELD')).toBe(arity('bitfield'))
    c('LPUSH', 'l', 'a')
    expect(c('BITFIELD', 'l', 'GET', 'u8', 0)).toBe(WRONGTYPE)
  })
})

describe('BITFIELD_RO', () => {
  test('GET only', () => {
    const c = testEngine().client()
    c('SET', 'k', 'a')
    expect(c('BITFIELD_RO', 'k', 'GET', 'u8', 0, 'OVERFLOW', 'SAT')).toBe(arr(int(97)))
    expect(c('BITFIELD_RO', 'k', 'SET', 'u8', 0, 1)).toBe(err('ERR BITFIELD_RO only supports the GET subcommand'))
    expect(c('BITFIELD_RO', 'k', 'INCRBY', 'u8', 0, 1)).toBe(err('ERR BITFIELD_RO only supports the GET subcommand'))
    expect(c('BITFIELD_RO')).toBe(arity('bitfield_ro'))
  })
})
