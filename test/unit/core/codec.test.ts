import { describe, expect, test } from 'vitest'
import { CodecError } from '../../../src/core/codec-error.js'
import { decodeValue, encodeValue } from '../../../src/core/codec.js'
import { testEngine, T0 } from '../../helpers/engine.js'

/** Every key of every database as RESP text of DUMP-free reads: type, encoding, content, PTTL. */
function describeKeyspace(c: ReturnType<ReturnType<typeof testEngine>['client']>, dbs: number[]): string {
  let out = ''
  for (const db of dbs) {
    c('SELECT', db)
    const keys = c('KEYS', '*')
    const names = [...keys.matchAll(/\$\d+\r\n([^\r]*)\r\n/g)].map((m) => m[1] as string).sort()
    for (const k of names) {
      const type = c('TYPE', k)
      const read: Record<string, (string | number)[]> = {
        '+string\r\n': ['GET', k],
        '+list\r\n': ['LRANGE', k, 0, -1],
        '+set\r\n': ['SMEMBERS', k],
        '+zset\r\n': ['ZRANGE', k, 0, -1, 'WITHSCORES'],
        '+hash\r\n': ['HGETALL', k],
        '+stream\r\n': ['XINFO', 'STREAM', k, 'FULL'],
      }
      out += `${db} ${k} ${type}${c('OBJECT', 'ENCODING', k)}${c(...(read[type] as (string | number)[]))}${c('PTTL', k)}\n`
    }
  }
  c('SELECT', 0)
  return out
}

function populate(c: ReturnType<ReturnType<typeof testEngine>['client']>): void {
  c('SET', 'str', 'hello')
  c('SET', 'bin', '\x00\xff\xc3\x28 invalid utf-8')
  c('SET', 'int', '12345')
  c('SET', 'ttl', 'v', 'PX', 5000)
  c('RPUSH', 'list', 'a', 'b', '\x00', 'c')
  c('SADD', 'intset', '3', '1', '2')
  c('SADD', 'set', 'x', 'y', '\xff')
  c('ZADD', 'zset', '1.5', 'a', '-inf', 'b', '0.1', 'c')
  c('HSET', 'hash', 'f1', 'v1', 'f2', '\x00v2')
  c('EXPIRE', 'hash', 100)
  c('XADD', 'stream', '1-1', 'f', 'v')
  c('XADD', 'stream', '2-1', 'f', '\x00', 'g', 'w')
  c('XADD', 'stream', '18446744073709551615-5', 'big', 'id')
  c('XDEL', 'stream', '2-1')
  c('XGROUP', 'CREATE', 'stream', 'g1', '0')
  c('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', 1, 'STREAMS', 'stream', '>')
  c('XGROUP', 'CREATECONSUMER', 'stream', 'g1', 'bob')
  c('SELECT', 3)
  c('SET', 'other', 'db3')
  c('HSET', 'big', ...Array.from({ length: 600 }, (_, i) => [`f${i}`, `v${i}`]).flat())
  c('SELECT', 0)
}

describe('value codec', () => {
  test('a value round-trips with its expiry time', () => {
    const { engine } = testEngine()
    const blob = encodeValue('\x00\xffvalue', T0 + 1000)
    expect(decodeValue(blob, engine.limits)).toEqual({ value: '\x00\xffvalue', expireAt: T0 + 1000 })
    expect(decodeValue(encodeValue(''), engine.limits)).toEqual({ value: '', expireAt: undefined })
  })

  test('a flipped byte, a truncation or a foreign blob is refused', () => {
    const { engine } = testEngine()
    const blob = encodeValue('some value', T0)
    for (let i = 0; i < blob.length; i++) {
      const bad = blob.slice()
      bad[i] = (bad[i] as number) ^ 0x20
      expect(() => decodeValue(bad, engine.limits)).toThrow(CodecError)
    }
    expect(() => decodeValue(blob.subarray(0, blob.length - 1), engine.limits)).toThrow(CodecError)
    expect(() => decodeValue(new Uint8Array([1, 2, 3]), engine.limits)).toThrow(CodecError)
  })
})

describe('engine.snapshot() and restore()', () => {
  test('every type, database and TTL comes back identical', () => {
    const a = testEngine()
    const ca = a.client()
    populate(ca)
    const before = describeKeyspace(ca, [0, 3])
    const b = testEngine()
    b.engine.restore(a.engine.snapshot())
    const after = describeKeyspace(b.client(), [0, 3])
    expect(after).toBe(before)
    expect(after).toContain('listpack')
    expect(after).toContain('intset')
    expect(after).toContain('hashtable')
    expect(after).toContain('alice')
  })

  test('keys already expired are left out; a snapshot restores into a non-empty engine by replacing it', () => {
    const a = testEngine()
    const ca = a.client()
    ca('SET', 'soon', 'v', 'PX', 10)
    ca('SET', 'stays', 'v')
    const snap = a.engine.snapshot()
    const b = testEngine()
    const cb = b.client()
    cb('SET', 'old', 'x')
    b.clock.advance(20)
    expect(b.engine.restore(snap)).toBe(1)
    expect(cb('KEYS', '*')).toBe('*1\r\n$5\r\nstays\r\n')
  })

  test('a corrupt snapshot changes nothing', () => {
    const a = testEngine()
    populate(a.client())
    const snap = a.engine.snapshot()
    snap[snap.length >> 1] ^= 1
    const b = testEngine()
    const cb = b.client()
    cb('SET', 'keep', 'me')
    expect(() => b.engine.restore(snap)).toThrow(CodecError)
    expect(cb('GET', 'keep')).toBe('$2\r\nme\r\n')
  })

  test('restore invalidates WATCH on keys it replaces', () => {
    const a = testEngine()
    a.client()('SET', 'k', 'new')
    const b = testEngine()
    const cb = b.client()
    cb('SET', 'k', 'old')
    cb('WATCH', 'k')
    b.engine.restore(a.engine.snapshot())
    cb('MULTI')
    cb('GET', 'k')
    expect(cb('EXEC')).toBe('*-1\r\n')
  })
})

describe('snapshots carry function libraries', () => {
  test('FUNCTION LOAD survives snapshot() and restore(), replacing what the target had', async () => {
    const { installLua } = await import('../../../adapters/lua/index.js')
    const a = testEngine()
    installLua(a.engine)
    const ca = a.client()
    ca('FUNCTION', 'LOAD', "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)")
    const b = testEngine()
    installLua(b.engine)
    const cb = b.client()
    cb('FUNCTION', 'LOAD', "#!lua name=other\nredis.register_function('g', function() return 2 end)")
    b.engine.restore(a.engine.snapshot())
    expect(cb('FCALL', 'f1', 0)).toBe(':1\r\n')
    expect(cb('FCALL', 'g', 0)).toBe('-ERR Function not found\r\n')
  })
})
