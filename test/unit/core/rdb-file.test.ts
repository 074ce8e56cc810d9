import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { crc64 } from '../../../src/core/rdb/crc64.js'
import { prepareRdbRestore, readRdbFile } from '../../../src/core/rdb/file.js'
import { RdbError } from '../../../src/core/rdb/rdb-io.js'
import { T0, testEngine, type TestEngine } from '../../helpers/engine.js'
import { writeRdbFile } from '../../helpers/rdb-file.js'

const LIB = "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)"
const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1')
const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'))
const unhex = (h: string): string => Buffer.from(h.replace(/\s+/g, ''), 'hex').toString('latin1')

/** Every type in small and large encodings, with and without TTLs, in databases 0 and 3. */
function populate(t: TestEngine): void {
  const c = t.client()
  c('SET', 'str', 'hello')
  c('SET', 'int', '12345')
  c('SET', 'neg', '-70000')
  c('SET', 'long', 'x'.repeat(300) + 'y'.repeat(300))
  c('SET', 'bin', '\x00\xff\r\n')
  c('SET', 'ttl', 'v', 'PX', 100000)
  c('RPUSH', 'list', 'a', 'b', '1', '-5')
  for (let i = 0; i < 300; i++) c('RPUSH', 'biglist', `element-${i}-${'z'.repeat(i % 40)}`)
  c('SADD', 'intset', '1', '2', '-3')
  c('SADD', 'set', 'x', 'y')
  for (let i = 0; i < 600; i++) c('SADD', 'bigset', `m${i}`)
  c('ZADD', 'zset', '1.5', 'a', '-2', 'b', 'inf', 'c')
  for (let i = 0; i < 200; i++) c('ZADD', 'bigzset', String(i / 3), `m${i}`)
  c('HSET', 'hash', 'f', 'v', 'g', '7')
  c('HSET', 'bighash', 'long', 'v'.repeat(100))
  c('PEXPIRE', 'bighash', 50000)
  c('XADD', 'stream', '1-1', 'a', '1')
  c('XADD', 'stream', '2-0', 'b', '2', 'c', '3')
  c('XGROUP', 'CREATE', 'stream', 'g1', '0')
  c('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '1', 'STREAMS', 'stream', '>')
  c('XGROUP', 'CREATECONSUMER', 'stream', 'g1', 'bob')
  c('XADD', 'emptied', '5-5', 'k', 'v')
  c('XDEL', 'emptied', '5-5')
  c('SELECT', '3')
  c('SET', 'in3', 'x', 'EX', 1000)
  c('LPUSH', 'l3', 'only')
}

function keysOf(t: TestEngine): string[] {
  const out: string[] = []
  for (const db of t.engine.dbs) for (const [k] of db.entries()) out.push(`${db.id}:${k}`)
  return out.sort()
}

/** DUMP payload and PTTL of every key: equal when the values are. */
function describe_(t: TestEngine): string {
  const c = t.client()
  let out = ''
  for (const k of keysOf(t)) {
    const [db, key] = k.split(/:(.*)/s) as [string, string]
    c('SELECT', db)
    out += `${k} ${c('TYPE', key)} ${c('OBJECT', 'ENCODING', key)} ${JSON.stringify(c('DUMP', key))} ${c('PTTL', key)}\n`
  }
  return out
}

function restoreInto(bytes: Uint8Array, now = T0): { t: TestEngine; libraries: readonly string[]; expired: number } {
  const t = testEngine()
  const counts = { expired: 0 }
  const step = prepareRdbRestore(t.engine.dbs, bytes, t.engine.limits, now, counts)
  step()
  return { t, libraries: step.libraries, expired: counts.expired }
}

describe('readRdbFile on files written as redis-server writes them (test/helpers/rdb-file.ts)', () => {
  test('round-trips every type, TTLs and function libraries', () => {
    const a = testEngine()
    populate(a)
    const file = writeRdbFile(a.engine.dbs, [LIB, LIB.replace('mylib', 'other')], T0, a.engine.limits)
    const parsed = readRdbFile(file, a.engine.limits)
    expect(parsed.version).toBe(10)
    expect(parsed.checksummed).toBe(true)
    expect(parsed.libraries).toEqual([LIB, LIB.replace('mylib', 'other')])
    expect(parsed.aux.map(([k]) => k)).toEqual(['redis-ver', 'redis-bits', 'ctime', 'used-mem', 'aof-base'])
    expect(parsed.entries.length).toBe(keysOf(a).length)
    expect(parsed.entries.find((e) => e.key === 'ttl')?.expireAt).toBe(T0 + 100000)
    expect(parsed.entries.find((e) => e.key === 'in3')?.db).toBe(3)
    const b = restoreInto(file)
    expect(describe_(b.t)).toBe(describe_(a))
    expect(describe_(a)).toContain('biglist +list\r\n $9\r\nquicklist')
    expect(describe_(a)).toContain('bigset +set\r\n $9\r\nhashtable')
  })

  test('the fixture writer lays out the header and databases as Redis 7.0.15 does', () => {
    const a = testEngine()
    a.client()('SET', 'a', '1')
    a.client()('SET', 'b', 'hello', 'PX', 100000)
    const s = latin1(writeRdbFile(a.engine.dbs, [], T0, a.engine.limits, 988320))
    const ctime = Math.floor(T0 / 1000)
    const int32 = String.fromCharCode(ctime & 0xff, (ctime >> 8) & 0xff, (ctime >> 16) & 0xff, (ctime >>> 24) & 0xff)
    const head = 'REDIS0010\xfa\x09redis-ver\x067.0.15\xfa\x0aredis-bits\xc0\x40\xfa\x05ctime\xc2' + int32
    expect(s.startsWith(head)).toBe(true)
    const at = T0 + 100000
    const ms = Buffer.alloc(8)
    ms.writeBigInt64LE(BigInt(at))
    // the same bytes redis-server 7.0.15 writes for this data (only ctime, used-mem and the checksum vary)
    expect(s.slice(head.length, -8)).toBe('\xfa\x08used-mem\xc2\xa0\x14\x0f\x00\xfa\x08aof-base\xc0\x00\xfe\x00\xfb\x02\x01\x00\x01a\xc0\x01\xfc' + ms.toString('latin1') + '\x00\x01b\x05hello\xff')
    expect(s.slice(-9, -8)).toBe('\xff')
    expect(s.slice(-8)).toBe(crc64(s, 0, s.length - 8))
  })

  test('keys already expired at load time are left out', () => {
    const a = testEngine()
    const c = a.client()
    c('SET', 'gone', 'v', 'PX', 10)
    c('SET', 'kept', 'v', 'PX', 1000)
    c('SELECT', '5')
    c('SET', 'gone5', 'v', 'PX', 10)
    const file = writeRdbFile(a.engine.dbs, [], T0 + 20, a.engine.limits)
    const parsed = readRdbFile(file, a.engine.limits)
    expect(parsed.entries.map((e) => e.key)).toEqual(['kept'])
    const { t, expired } = restoreInto(file, T0 + 2000)
    expect(expired).toBe(1)
    expect(t.engine.dbs[0]?.size).toBe(0)
  })
})

describe('readRdbFile', () => {
  // SAVE by redis-server 7.0.15: SET a 1; SET b hello PX 100000; SELECT 2; SET c x; a function library
  const redisFile = unhex(`
    5245444953303031 30fa0972656469732d766572 06372e302e3135 fa0a72656469732d62697473 c040
    fa056374696d65 c27c09056b fa08757365642d6d656d c2a0180f00 fa08616f662d62617365 c000
    f5404723216c7561206e616d653d6d796c69620a72656469732e72656769737465725f66756e6374696f6e282766
    3127 2c2066756e6374696f6e28292072657475726e203120656e6429
    fe00fb0201 00 0161 c001 fc fc92ae0ba2010000 00 0162 0568656c6c6f fe02fb0100 00 0163 0178
    ff f941bfd1e3705e3f`)

  test("reads a file saved by redis-server", () => {
    const t = testEngine()
    const f = readRdbFile(redisFile, t.engine.limits)
    expect(f.checksummed).toBe(true)
    expect(f.aux).toContainEqual(['redis-ver', '7.0.15'])
    expect(f.aux).toContainEqual(['redis-bits', '64'])
    expect(f.libraries).toEqual([LIB])
    expect(f.entries.map((e) => [e.db, e.key, e.value])).toEqual([
      [0, 'a', '1'],
      [0, 'b', 'hello'],
      [2, 'c', 'x'],
    ])
    expect(f.entries[1]?.expireAt).toBe(1795492319996)
  })

  test('a 0 checksum means checksums were off: accepted', () => {
    const t = testEngine()
    const zeroed = redisFile.slice(0, -8) + '\0'.repeat(8)
    const f = readRdbFile(zeroed, t.engine.limits)
    expect(f.checksummed).toBe(false)
    expect(f.entries.length).toBe(3)
  })

  test('a wrong checksum, a cut-off file, a bad version or signature are refused', () => {
    const t = testEngine()
    const bad = (s: string): void => {
      expect(() => readRdbFile(s, t.engine.limits)).toThrow(RdbError)
    }
    bad(redisFile.slice(0, -1) + String.fromCharCode(redisFile.charCodeAt(redisFile.length - 1) ^ 1))
    const mid = 120
    bad(redisFile.slice(0, mid) + String.fromCharCode(redisFile.charCodeAt(mid) ^ 0x10) + redisFile.slice(mid + 1))
    for (let n = 0; n < redisFile.length; n++) bad(redisFile.slice(0, n))
    bad('REDIS0011' + redisFile.slice(9))
    bad('REDIS0000' + redisFile.slice(9))
    bad('REDIS00a9' + redisFile.slice(9))
    bad('REDLET' + redisFile.slice(6))
  })

  test('older versions: EXPIRETIME in seconds, IDLE and FREQ hints, no checksum before version 5', () => {
    const t = testEngine()
    // version 9: IDLE 5, key a; FREQ 3, EXPIRETIME 2000000000 s, key b; EOF, 0 checksum
    const v9 = 'REDIS0009\xfe\x00\xf8\x05\x00\x01a\x01x\xf9\x03\xfd\x00\x94\x35\x77\x00\x01b\x01y\xff' + '\0'.repeat(8)
    const f = readRdbFile(v9, t.engine.limits)
    expect(f.entries.map((e) => [e.key, e.value, e.expireAt])).toEqual([
      ['a', 'x', undefined],
      ['b', 'y', 2000000000000],
    ])
    // version 4 ends at EOF
    const v4 = 'REDIS0004\xfe\x01\x00\x01k\x01v\xff'
    expect(readRdbFile(v4, t.engine.limits).entries).toEqual([{ db: 1, key: 'k', value: 'v', expireAt: undefined }])
  })

  test('modules and the pre-release function opcode are refused', () => {
    const t = testEngine()
    const end = '\xff' + '\0'.repeat(8)
    expect(() => readRdbFile('REDIS0010\xf6\x01x' + end, t.engine.limits)).toThrow(/pre-release function/)
    expect(() => readRdbFile('REDIS0010\xf7\x01' + end, t.engine.limits)).toThrow(/module/)
    expect(() => readRdbFile('REDIS0010\xfe\x00\x07\x01k\x01' + end, t.engine.limits)).toThrow(/module/)
    expect(() => readRdbFile('REDIS0010\xfe\x00\x08\x01k\x01' + end, t.engine.limits)).toThrow(RdbError)
  })

  test('a database beyond the configured count is refused before anything changes', () => {
    const t = testEngine()
    t.client()('SET', 'keep', 'me')
    const file = bytesOf('REDIS0010\xfe\x40\x20\x00\x01k\x01v\xff' + '\0'.repeat(8))
    expect(() => prepareRdbRestore(t.engine.dbs, file, t.engine.limits, T0)).toThrow(/database 32/)
    expect(t.engine.dbs[0]?.size).toBe(1)
  })

  test('random damage to a real file (checksum off) is an RdbError or a clean read, never a crash', () => {
    const t = testEngine()
    const a = testEngine()
    populate(a)
    const good = latin1(writeRdbFile(a.engine.dbs, [LIB], T0, a.engine.limits)).slice(0, -8) + '\0'.repeat(8)
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 10), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (edits) => {
        let s = good
        for (const [pos, b] of edits) s = s.slice(0, pos + 9) + String.fromCharCode(b) + s.slice(pos + 10)
        try {
          readRdbFile(s, t.engine.limits)
        } catch (e) {
          expect(e).toBeInstanceOf(RdbError)
        }
      }),
      { numRuns: 300 },
    )
  })
})
