import { expect, test } from 'vitest'
import { describeDiff, useDifferential } from '../helpers/differential.js'
import { parseReply, type Arg } from '../helpers/resp-client.js'

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Strings of every flavour LZF meets: random bytes, small alphabets, repeats, ints. */
function sampleStrings(seed: number, count: number): string[] {
  const r = rng(seed)
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const len = Math.floor(r() ** 2 * 3000)
    const kind = i % 5
    let s = ''
    if (kind === 0) for (let j = 0; j < len; j++) s += String.fromCharCode(Math.floor(r() * 256))
    else if (kind === 1) for (let j = 0; j < len; j++) s += 'ab'[Math.floor(r() * 2)]
    else if (kind === 2) for (let j = 0; j < len; j++) s += 'abcdefghij'[Math.floor(r() * 10)]
    else if (kind === 3) s = 'x'.repeat(len)
    else s = String(Math.floor((r() - 0.5) * 2 ** (1 + Math.floor(r() * 62))))
    out.push(s)
  }
  return out
}

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1')

describeDiff('DUMP and RESTORE against redis-server', () => {
  const d = useDifferential()

  /** Each side's DUMP restored on the other side as `copy`; then `readers` must agree on both. */
  async function cross(key: string, readers: Arg[][], sorted = false): Promise<void> {
    const [a, b] = await d.both('DUMP', key)
    const fromRedis = parseReply(a) as string
    const fromRedlet = parseReply(b) as string
    expect(parseReply(await d.redis.call('RESTORE', 'copy', 0, latin1(fromRedlet), 'REPLACE'))).toBe('OK')
    expect(parseReply(await d.redlet.call('RESTORE', 'copy', 0, latin1(fromRedis), 'REPLACE'))).toBe('OK')
    await d.same('TYPE', 'copy')
    await d.same('OBJECT', 'ENCODING', 'copy')
    for (const args of readers) {
      const withCopy = args.map((x) => (x === key ? 'copy' : x))
      if (sorted) await d.sameSorted(...withCopy)
      else await d.same(...withCopy)
      await (sorted ? d.sameSorted(...args) : d.same(...args))
    }
  }

  test('DUMP of strings is byte-identical (integers, raw, LZF)', async () => {
    const values = ['', 'a', '0', '-1', '127', '128', '-129', '32767', '32768', '-32769', '2147483647', '2147483648', '-2147483648',
      '12345678901', '-0', '007', '+5', '1 ', '9223372036854775807', '-9223372036854775808', '9223372036854775808',
      'x'.repeat(20), 'x'.repeat(21), 'abcd'.repeat(6), 'hello world hello world!', ...sampleStrings(7, 200)]
    for (let i = 0; i < values.length; i++) {
      await d.same('SET', `s${i}`, latin1(values[i] as string))
      await d.same('DUMP', `s${i}`)
    }
    await d.same('DUMP', 'missing')
    await d.same('SET', 'n', '10')
    await d.same('INCRBY', 'n', '5')
    await d.same('DUMP', 'n')
    await d.same('APPEND', 'n', '0')
    await d.same('DUMP', 'n')
    await cross('s30', [['GET', 's30']])
  })

  test('LZF output equals Redis for long strings of many shapes', async () => {
    const r = rng(99)
    const words = ['redis', 'lzf', ' ', 'compress', '\x00', 'the', 'quick', 'brown', 'fox', '1234', '\n']
    for (let i = 0; i < 60; i++) {
      const len = 20 + Math.floor(r() ** 3 * 70000)
      let s = ''
      const kind = i % 4
      while (s.length < len) {
        if (kind === 0) s += words[Math.floor(r() * words.length)]
        else if (kind === 1) s += String.fromCharCode(Math.floor(r() * 4) + 65)
        else if (kind === 2) s += r() < 0.9 ? 'abcdefgh'.slice(0, 1 + Math.floor(r() * 8)) : String.fromCharCode(Math.floor(r() * 256))
        else s += String.fromCharCode(Math.floor(r() * 256)).repeat(1 + Math.floor(r() * 300))
      }
      await d.same('SET', 'k', latin1(s.slice(0, len)))
      await d.same('DUMP', 'k')
    }
  })

  test('DUMP of listpack hashes and zsets, intsets and small lists is byte-identical', async () => {
    const strs = sampleStrings(11, 60).map((s) => s.slice(0, 60))
    for (let i = 0; i < 60; i += 2) await d.same('HSET', 'h', latin1(strs[i] as string), latin1(strs[i + 1] as string))
    await d.same('HSET', 'h', 'n', '-4096', 'm', '4095', 'big', '9007199254740993', 'neg', '-8388609')
    await d.same('HDEL', 'h', latin1(strs[4] as string))
    await d.same('DUMP', 'h')
    const scores = ['0', '-0', '1', '-1', '0.1', '1e20', '-1e-300', 'inf', '-inf', '4503599627370495', '4503599627370497', '3.5', '127', '-4097']
    for (let i = 0; i < scores.length; i++) await d.same('ZADD', 'z', scores[i] as string, `m${i}`)
    await d.same('ZADD', 'z', '2', latin1('ü'.repeat(30)), '2', '100')
    await d.same('DUMP', 'z')
    await d.same('SADD', 'i16', '1', '-5', '300', '32767')
    await d.same('DUMP', 'i16')
    await d.same('SADD', 'i32', '1', '-70000', '5')
    await d.same('DUMP', 'i32')
    await d.same('SADD', 'i64', '1', '-9223372036854775808', '9223372036854775807')
    await d.same('DUMP', 'i64')
    // an intset keeps the widest width it ever needed, through SREM and through a DUMP/RESTORE round trip
    await d.same('SREM', 'i64', '-9223372036854775808', '9223372036854775807')
    await d.same('SADD', 'i64', '7')
    await d.same('DUMP', 'i64')
    const [payload] = await d.both('DUMP', 'i64')
    await d.same('RESTORE', 'i64copy', '0', latin1(parseReply(payload as Buffer) as string))
    await d.same('DUMP', 'i64copy')
    await d.same('RPUSH', 'l', 'a', '1', '-1', '200', '70000', '5000000000', latin1(strs[1] as string), 'x'.repeat(100), 'y'.repeat(5000))
    await d.same('LPUSH', 'l', 'head')
    await d.same('DUMP', 'l')
    for (const k of ['h', 'z', 'i16', 'l']) await d.same('OBJECT', 'ENCODING', k)
  })

  test('RPUSH-only lists over many nodes and XADD-only streams are byte-identical too', async () => {
    const vals = sampleStrings(3, 400).map((s) => latin1(s.slice(0, 300)))
    for (let i = 0; i < vals.length; i += 50) await d.same('RPUSH', 'big', ...vals.slice(i, i + 50))
    await d.same('DUMP', 'big')
    for (let i = 0; i < 250; i++) await d.same('XADD', 'st', `${1000 + i}-${i % 3}`, 'f', String(i), 'g', i % 7 === 0 ? 'x'.repeat(i) : 'v')
    await d.same('XADD', 'st', '5000-0', 'other', 'field')
    await d.same('DUMP', 'st')
  })

  test('hashtable sets, hashes, skiplist zsets and long lists cross-RESTORE both ways', async () => {
    const r = rng(5)
    const members: Buffer[] = []
    for (let i = 0; i < 700; i++) members.push(latin1(`m${Math.floor(r() * 1e9)}`))
    await d.same('SADD', 'set', ...members)
    await cross('set', [['SMEMBERS', 'set'], ['SCARD', 'set']], true)
    await d.same('SADD', 'ints', ...Array.from({ length: 600 }, (_, i) => String(i * 7)))
    await cross('ints', [['SMEMBERS', 'ints']], true)
    const hargs: Buffer[] = []
    for (let i = 0; i < 300; i++) hargs.push(latin1(`f${i}`), latin1(i % 10 === 0 ? 'v'.repeat(100 + i) : String(i)))
    await d.same('HSET', 'hash', ...hargs)
    await cross('hash', [['HGETALL', 'hash']], true)
    await d.same('HSET', 'hl', 'f', 'v'.repeat(80))
    await cross('hl', [['HGETALL', 'hl']])
    const zargs: string[] = []
    for (let i = 0; i < 200; i++) zargs.push(String((r() - 0.5) * 1e6), `z${i}`)
    await d.same('ZADD', 'zs', ...zargs)
    await cross('zs', [['ZRANGE', 'zs', '0', '-1', 'WITHSCORES']])
    await d.same('ZADD', 'zl', '1', 'x'.repeat(100))
    await cross('zl', [['ZRANGE', 'zl', '0', '-1', 'WITHSCORES']])
    for (let i = 0; i < 20; i++) await d.same('LPUSH', 'list', ...Array.from({ length: 100 }, (_, j) => `e${i}-${j}-${'p'.repeat(j)}`))
    await d.same('LREM', 'list', '0', 'e3-5-ppppp')
    await cross('list', [['LRANGE', 'list', '0', '-1'], ['LLEN', 'list']])
  })

  test('streams with consumer groups, PELs and tombstones cross-RESTORE both ways', async () => {
    for (let i = 1; i <= 300; i++) await d.same('XADD', 'st', `${i}-1`, 'a', String(i), ...(i % 3 ? ['b', 'x'] : []))
    await d.same('XDEL', 'st', '5-1', '250-1')
    await d.same('XGROUP', 'CREATE', 'st', 'g1', '0')
    await d.same('XGROUP', 'CREATE', 'st', 'g2', '$')
    await d.same('XGROUP', 'CREATECONSUMER', 'st', 'g2', 'idle')
    await d.sameShape('XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '5', 'STREAMS', 'st', '>')
    await d.sameShape('XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '3', 'STREAMS', 'st', '>')
    await d.same('XACK', 'st', 'g1', '2-1')
    await d.same('XGROUP', 'SETID', 'st', 'g2', '100-1', 'ENTRIESREAD', '99')
    const [a, b] = await d.both('DUMP', 'st')
    expect(parseReply(await d.redis.call('RESTORE', 'copy', 0, latin1(parseReply(b) as string)))).toBe('OK')
    expect(parseReply(await d.redlet.call('RESTORE', 'copy', 0, latin1(parseReply(a) as string)))).toBe('OK')
    // delivery and seen times differ between the servers' originals; compare everything else
    await d.same('XRANGE', 'copy', '-', '+')
    await d.same('XLEN', 'copy')
    await d.sameShape('XINFO', 'STREAM', 'copy', 'FULL')
    await d.same('XINFO', 'GROUPS', 'copy')
    await d.same('XPENDING', 'copy', 'g1')
    await d.sameShape('XPENDING', 'copy', 'g1', '-', '+', '10', 'bob')
    await d.sameShape('XINFO', 'CONSUMERS', 'copy', 'g2')
    // one payload restored on both sides: everything, times included, must match
    for (const payload of [parseReply(a) as string, parseReply(b) as string]) {
      await d.same('RESTORE', 'same', '0', latin1(payload), 'REPLACE')
      await d.same('XINFO', 'STREAM', 'same', 'FULL')
      // idle times are measured against each server's clock
      await d.sameShape('XINFO', 'CONSUMERS', 'same', 'g1')
      await d.sameShape('XPENDING', 'same', 'g1', '-', '+', '10')
    }
    await d.same('XADD', 'copy', '400-1', 'after', 'restore')
    await d.same('XLEN', 'copy')
    await d.same('XGROUP', 'CREATE', 'empty', 'g', '$', 'MKSTREAM')
    await cross('empty', [['XINFO', 'GROUPS', 'empty'], ['XLEN', 'empty']])
  })

  test('listpacks with long entries and a count-based list fill are byte-identical', async () => {
    await d.both('CONFIG', 'SET', 'hash-max-listpack-value', '20000')
    await d.both('CONFIG', 'SET', 'zset-max-listpack-value', '20000')
    await d.both('CONFIG', 'SET', 'list-max-listpack-size', '5')
    try {
      const strs = sampleStrings(21, 40)
      for (let i = 0; i < 40; i += 2) await d.same('HSET', 'h', latin1(strs[i] as string), latin1(strs[i + 1] as string))
      await d.same('HSET', 'h', 'long', 'q'.repeat(17000))
      await d.same('DUMP', 'h')
      await d.same('OBJECT', 'ENCODING', 'h')
      for (let i = 0; i < 40; i++) await d.same('ZADD', 'z', String(i * 1.25), latin1(strs[i] as string))
      await d.same('DUMP', 'z')
      await d.same('RPUSH', 'l', ...strs.slice(0, 23).map(latin1))
      await d.same('DUMP', 'l')
      await cross('l', [['LRANGE', 'l', '0', '-1']])
    } finally {
      await d.both('CONFIG', 'SET', 'hash-max-listpack-value', '64')
      await d.both('CONFIG', 'SET', 'zset-max-listpack-value', '64')
      await d.both('CONFIG', 'SET', 'list-max-listpack-size', '-2')
    }
  })

  test('RESTORE options: REPLACE, ABSTTL, IDLETIME, FREQ and the TTL', async () => {
    await d.same('SET', 'src', 'value')
    const [a] = await d.both('DUMP', 'src')
    const p = latin1(parseReply(a) as string)
    await d.same('RESTORE', 'k', '0', p)
    await d.same('GET', 'k')
    await d.same('TTL', 'k')
    await d.sameError('RESTORE', 'k', '0', p)
    await d.same('RESTORE', 'k', '0', p, 'REPLACE')
    await d.same('RESTORE', 'k', '100000', p, 'REPLACE')
    await d.sameApprox(1, 'TTL', 'k')
    await d.same('RESTORE', 'k2', String(Date.now() + 500000), p, 'ABSTTL')
    await d.sameApprox(2, 'TTL', 'k2')
    await d.same('RESTORE', 'k3', '1', p, 'ABSTTL')
    await d.same('EXISTS', 'k3')
    await d.same('RESTORE', 'k', '1', p, 'ABSTTL', 'REPLACE')
    await d.same('EXISTS', 'k')
    await d.same('RESTORE', 'k4', '0', p, 'IDLETIME', '1000')
    await d.sameApprox(1, 'OBJECT', 'IDLETIME', 'k4')
    await d.same('RESTORE', 'k5', '0', p, 'IDLETIME', '100000000')
    await d.sameApprox(1, 'OBJECT', 'IDLETIME', 'k5')
    await d.same('RESTORE', 'k6', '0', p, 'FREQ', '100')
    await d.same('RESTORE', 'k7', '0', p, 'replace', 'absttl', 'idletime', '5')
    await d.sameApprox(1, 'OBJECT', 'IDLETIME', 'k7')
    await d.both('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu')
    try {
      await d.same('RESTORE', 'k8', '0', p, 'FREQ', '100')
      await d.same('OBJECT', 'FREQ', 'k8')
      await d.same('RESTORE', 'k9', '0', p, 'IDLETIME', '100')
      await d.same('OBJECT', 'FREQ', 'k9')
    } finally {
      await d.both('CONFIG', 'SET', 'maxmemory-policy', 'noeviction')
    }
  })

  test('RESTORE errors', async () => {
    await d.same('SET', 'src', 'value')
    const [a] = await d.both('DUMP', 'src')
    const good = parseReply(a) as string
    const p = latin1(good)
    await d.sameError('RESTORE', 'k', '0')
    await d.sameError('RESTORE', 'src', '0', p)
    await d.sameError('RESTORE', 'src', '-1', p)
    await d.sameError('RESTORE', 'k', '-1', p)
    await d.sameError('RESTORE', 'k', 'abc', p)
    await d.sameError('RESTORE', 'k', '99999999999999999999', p)
    await d.sameError('RESTORE', 'k', '0', 'short')
    await d.sameError('RESTORE', 'k', '0', '')
    await d.sameError('RESTORE', 'k', '0', latin1(good.slice(0, -1) + String.fromCharCode(good.charCodeAt(good.length - 1) ^ 1)))
    // version 11 is newer than 7.0 knows
    await d.sameError('RESTORE', 'k', '0', latin1(good.slice(0, -10) + '\x0b\x00' + good.slice(-8)))
    await d.sameError('RESTORE', 'k', '0', p, 'IDLETIME', '-1')
    await d.sameError('RESTORE', 'k', '0', p, 'IDLETIME', 'x')
    await d.sameError('RESTORE', 'k', '0', p, 'IDLETIME')
    await d.sameError('RESTORE', 'k', '0', p, 'FREQ', '256')
    await d.sameError('RESTORE', 'k', '0', p, 'FREQ', '-1')
    await d.sameError('RESTORE', 'k', '0', p, 'FREQ', '1.5')
    await d.sameError('RESTORE', 'k', '0', p, 'FREQ', '1', 'IDLETIME', '1')
    await d.sameError('RESTORE', 'k', '0', p, 'IDLETIME', '1', 'FREQ', '1')
    await d.sameError('RESTORE', 'k', '0', p, 'NOPE')
    await d.sameError('RESTORE', 'src', '-1', p, 'NOPE')
    await d.sameError('DUMP')
    await d.sameError('DUMP', 'a', 'b')
    await d.same('EXISTS', 'k')
  })

  test('RESTORE rejects malformed payloads with Bad data format', async () => {
    const { crc64 } = await import('../../src/core/rdb/crc64.js')
    const seal = (body: string): Buffer => {
      const b = body + '\x0a\x00'
      return latin1(b + crc64(b))
    }
    const bad = ['', '\x63', '\x00', '\x00\x0eab', '\x00\xc3\x05\x10\x00', '\x02\x00', '\x04\x00', '\x0b\x03abc', '\x10\x03abc',
      '\x12\x01\x07\x01a', '\x02\x02\x01a\x01a', '\x04\x01\x01a', '\x05\x01\x01a\x00\x00\x00\x00\x00\x00\xf8\x7f', '\x06', '\x07']
    for (const body of bad) await d.sameError('RESTORE', 'k', '0', seal(body))
    await d.same('RESTORE', 'k', '0', seal('\x00\x03abc'))
    // like Redis, a value may run into the version and CRC bytes
    await d.same('RESTORE', 'kf', '0', seal('\x00\x05ab'))
    await d.same('GET', 'kf')
    // bytes between the value and the footer are ignored
    await d.same('RESTORE', 'kx', '0', seal('\x00\x03abcEXTRA'))
    await d.same('GET', 'kx')
    await d.same('GET', 'k')
    // older encodings: a ziplist list, a ziplist hash, an RDB_TYPE_ZSET with text scores, a plain LIST
    const zl = (entries: string[]): string => {
      let body = ''
      let prev = 0
      for (const e of entries) {
        const enc = /^(0|[1-9]\d?)$/.test(e) && Number(e) <= 12 ? String.fromCharCode(0xf1 + Number(e)) : String.fromCharCode(e.length) + e
        const entry = String.fromCharCode(prev) + enc
        body += entry
        prev = entry.length
      }
      const total = 11 + body.length
      const le32 = (n: number): string => String.fromCharCode(n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24)
      return le32(total) + le32(10 + body.length - prev) + String.fromCharCode(entries.length, 0) + body + '\xff'
    }
    const blob = (s: string): string => String.fromCharCode(s.length) + s
    await d.same('RESTORE', 'zl', '0', seal('\x0a' + blob(zl(['a', '5', 'hello']))))
    await d.same('LRANGE', 'zl', '0', '-1')
    await d.same('RESTORE', 'zh', '0', seal('\x0d' + blob(zl(['f', '1', 'g', 'v']))))
    await d.same('HGETALL', 'zh')
    await d.same('OBJECT', 'ENCODING', 'zh')
    await d.same('RESTORE', 'zz', '0', seal('\x0c' + blob(zl(['b', '1', 'a', '2']))))
    await d.same('ZRANGE', 'zz', '0', '-1', 'WITHSCORES')
    await d.same('RESTORE', 'ql', '0', seal('\x0e\x02' + blob(zl(['a', 'b'])) + blob(zl(['c']))))
    await d.same('LRANGE', 'ql', '0', '-1')
    await d.same('RESTORE', 'tz', '0', seal('\x03\x02\x01a\x031.5\x01b\xfe'))
    await d.same('ZRANGE', 'tz', '0', '-1', 'WITHSCORES')
    await d.same('RESTORE', 'pl', '0', seal('\x01\x02\x01a\x01b'))
    await d.same('LRANGE', 'pl', '0', '-1')
    await d.same('RESTORE', 'ps', '0', seal('\x02\x02\x011\x012'))
    await d.same('OBJECT', 'ENCODING', 'ps')
    await d.same('RESTORE', 'ph', '0', seal('\x04\x01\x01f\x01v'))
    await d.same('HGETALL', 'ph')
    await d.same('RESTORE', 'zm', '0', seal('\x09' + blob('\x02\x03foo\x03\x02barxx\x01k\x00\x00\xff')))
    await d.same('HGETALL', 'zm')
    await d.same('OBJECT', 'ENCODING', 'zm')
    // a Redis 6 stream (RDB_TYPE_STREAM_LISTPACKS): no first/max-deleted IDs, entries-added or entries-read
    const { lpBuild, lpEntry } = await import('../../src/core/rdb/listpack.js')
    const { rdbLength } = await import('../../src/core/rdb/rdb-io.js')
    const lp = lpBuild(['2', '0', '1', 'f', '0', '2', '0', '0', 'v', '4', '2', '0', '1', 'w', '4'].map((x) => lpEntry(x)))
    const key = '\x00'.repeat(7) + '\x01' + '\x00'.repeat(7) + '\x01'
    const groups = '\x02\x01g\x00\x00\x00\x00\x02h2\x01\x01\x00\x00'
    await d.same('RESTORE', 'v1', '0', seal('\x0f\x01' + blob(key) + rdbLength(lp.length) + lp + '\x02\x01\x02' + groups))
    await d.same('XRANGE', 'v1', '-', '+')
    // a quicklist with a PLAIN node (an element past the packed threshold) and a PACKED one
    await d.same('RESTORE', 'pn', '0', seal('\x12\x02\x01\x03abc\x02' + blob(lpBuild([lpEntry('x'), lpEntry('7')]))))
    await d.same('LRANGE', 'pn', '0', '-1')
    await d.sameError('RESTORE', 'pn2', '0', seal('\x12\x01\x03\x03abc'))
    await d.same('XINFO', 'GROUPS', 'v1')
    await d.sameError('RESTORE', 'zm2', '0', seal('\x09' + blob('\x02\x03foo\x03\x09bar\xff')))
  })

  test('RESTORE-ASKING restores like RESTORE outside a cluster', async () => {
    await d.same('SET', 'src', 'value')
    const [a] = await d.both('DUMP', 'src')
    const p = latin1(parseReply(a) as string)
    await d.same('RESTORE-ASKING', 'k', '0', p, 'REPLACE', 'ABSTTL', 'IDLETIME', '5')
    await d.sameApprox(1, 'OBJECT', 'IDLETIME', 'k')
    await d.same('RESTORE-ASKING', 'k2', '0', p, 'FREQ', '3')
    await d.same('GET', 'k2')
    await d.sameError('RESTORE-ASKING', 'k', '0', p, 'FREQ', '1')
    await d.sameError('RESTORE-ASKING', 'k3', '0', 'junk')
  })
})
