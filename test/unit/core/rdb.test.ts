import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { crc64 } from '../../../src/core/rdb/crc64.js'
import { intsetDecode, intsetEncode } from '../../../src/core/rdb/intset.js'
import { lpBuild, lpDecode, lpEntry } from '../../../src/core/rdb/listpack.js'
import { lzfCompress, lzfDecompress } from '../../../src/core/rdb/lzf.js'
import { RdbError } from '../../../src/core/rdb/rdb-io.js'
import { ziplistDecode } from '../../../src/core/rdb/ziplist.js'
import { bulk, OK } from '../../helpers/resp-text.js'
import { setup } from '../../helpers/unit.js'

const bytes = fc.uint8Array({ maxLength: 600 }).map((a) => String.fromCharCode(...a))
const hex = (s: string): string => [...s].map((ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('')

describe('crc64', () => {
  test('matches the CRC-64/Jones check value', () => {
    expect(hex(crc64('123456789'))).toBe('cad9b8c414d9c6e9') // 0xe9c6d914c4b8d9ca, little-endian
    expect(hex(crc64(''))).toBe('0000000000000000')
  })
})

describe('lzf', () => {
  test('round-trips any bytes that compress', () => {
    fc.assert(
      fc.property(fc.oneof(bytes, fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 2000 })), (s) => {
        const c = lzfCompress(s, s.length + 64)
        if (s.length === 0) expect(c).toBeNull()
        else expect(lzfDecompress(c as string, s.length)).toBe(s)
      }),
    )
  })

  test('refuses output beyond the limit, and malformed input', () => {
    expect(lzfCompress('abcdefgh', 4)).toBeNull()
    expect(lzfDecompress('\x05ab', 6)).toBeNull()
    expect(lzfDecompress('\x20\x05', 10)).toBeNull()
    fc.assert(fc.property(bytes, fc.nat(5000), (s, n) => {
      const out = lzfDecompress(s, n)
      if (out !== null) expect(out.length).toBe(n)
    }))
  })
})

describe('listpack', () => {
  test('encodes integers and strings as listpack.c does', () => {
    expect(hex(lpEntry('7'))).toBe('0701')
    expect(hex(lpEntry('-1'))).toBe('dfff02')
    expect(hex(lpEntry('4095'))).toBe('cfff02')
    expect(hex(lpEntry('-5000'))).toBe('f178ec03')
    expect(hex(lpEntry('100000'))).toBe('f2a0860104')
    expect(hex(lpEntry('-0'))).toBe('822d3003')
    expect(hex(lpEntry('9223372036854775807'))).toBe('f4ffffffffffffff7f09')
    expect(lpEntry('x'.repeat(200)).slice(0, 2)).toBe('\xe0\xc8')
    expect(lpEntry('x'.repeat(200)).slice(-2)).toBe('\x01\xca') // back-length 202 in two bytes
    expect(hex(lpBuild([]))).toBe('070000000000ff')
  })

  test('decodes what it encodes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(bytes, fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)), { maxLength: 30 }), (items) => {
        expect(lpDecode(lpBuild(items.map((s) => lpEntry(s))))).toEqual(items)
      }),
    )
  })

  test('rejects malformed blobs with RdbError', () => {
    fc.assert(fc.property(bytes, (s) => {
      try {
        lpDecode(s)
      } catch (e) {
        expect(e).toBeInstanceOf(RdbError)
      }
      try {
        ziplistDecode(s)
      } catch (e) {
        expect(e).toBeInstanceOf(RdbError)
      }
      try {
        intsetDecode(s)
      } catch (e) {
        expect(e).toBeInstanceOf(RdbError)
      }
    }))
  })
})

describe('intset', () => {
  test('picks the narrowest width and round-trips', () => {
    expect(hex(intsetEncode(['-1', '2']))).toBe('0200000002000000ffff0200')
    expect(intsetEncode(['1', '70000']).charCodeAt(0)).toBe(4)
    expect(intsetEncode(['1', '-9223372036854775808']).charCodeAt(0)).toBe(8)
    expect(intsetDecode(intsetEncode(['-9223372036854775808', '-1', '5', '9223372036854775807']))).toEqual(['-9223372036854775808', '-1', '5', '9223372036854775807'])
  })
})

describe('RESTORE of hostile payloads', () => {
  const payloadOf = (reply: string): string => reply.slice(reply.indexOf('\r\n') + 2, -2)

  test('mutated payloads restore or fail with Bad data format, never corrupting the keyspace', () => {
    const { c } = setup()
    c('SET', 'str', 'hello world hello world hello world')
    c('SET', 'int', 123456)
    c('HSET', 'h', 'a', 1, 'b', 'two', 'c', 'x'.repeat(30))
    c('ZADD', 'z', 1, 'a', 2.5, 'b', -3, 'c')
    c('RPUSH', 'l', 'a', 1, 'b', -70000)
    c('SADD', 'si', 1, 2, 3000000000)
    c('SADD', 'ss', 'a', 'b')
    c('XADD', 'st', '1-1', 'f', 'v', 'g', 'w')
    c('XADD', 'st', '2-1', 'f', 'v2', 'g', 'w2')
    c('XADD', 'st', '3-1', 'other', 'x')
    c('XGROUP', 'CREATE', 'st', 'grp', '0')
    c('XREADGROUP', 'GROUP', 'grp', 'alice', 'COUNT', 2, 'STREAMS', 'st', '>')
    const seeds = ['str', 'int', 'h', 'z', 'l', 'si', 'ss', 'st'].map((k) => payloadOf(c('DUMP', k)))
    const reads: Record<string, (string | number)[][]> = {
      string: [['GET', 'fz']],
      list: [['LRANGE', 'fz', 0, -1]],
      set: [['SMEMBERS', 'fz'], ['SRANDMEMBER', 'fz', -3]],
      zset: [['ZRANGE', 'fz', 0, -1, 'WITHSCORES'], ['ZSCORE', 'fz', 'a']],
      hash: [['HGETALL', 'fz'], ['HRANDFIELD', 'fz', -2]],
      stream: [['XRANGE', 'fz', '-', '+'], ['XINFO', 'STREAM', 'fz', 'FULL'], ['XPENDING', 'fz', 'grp']],
    }
    const mutation = fc.record({
      seed: fc.nat(seeds.length - 1),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'truncate')), { minLength: 1, maxLength: 4 }),
    })
    let restored = 0
    fc.assert(
      fc.property(mutation, ({ seed, edits }) => {
        let body = (seeds[seed] as string).slice(0, -10)
        for (const [pos, b, kind] of edits) {
          const i = body.length === 0 ? 0 : pos % body.length
          if (kind === 'set') body = body.slice(0, i) + String.fromCharCode(b) + body.slice(i + 1)
          else if (kind === 'insert') body = body.slice(0, i) + String.fromCharCode(b) + body.slice(i)
          else if (kind === 'delete') body = body.slice(0, i) + body.slice(i + 1)
          else body = body.slice(0, i)
        }
        const sealed = body + '\x0a\x00' + crc64(body + '\x0a\x00')
        const reply = c('RESTORE', 'fz', 0, sealed, 'REPLACE')
        expect([OK, '-ERR Bad data format\r\n']).toContain(reply)
        if (reply === OK) {
          restored++
          const type = c('TYPE', 'fz').slice(1, -2)
          for (const args of reads[type] ?? []) c(...args)
          c('DUMP', 'fz')
          c('DEL', 'fz')
        }
        expect(c('GET', 'str')).toBe(bulk('hello world hello world hello world'))
      }),
      { numRuns: 3000 },
    )
    expect(restored).toBeGreaterThan(100)
  })
})
