import { describe, expect, test } from 'vitest'
import { testEngine } from '../../helpers/engine.js'

const DOCTOR_EMPTY =
  "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n"

/** Field names of a RESP2 MEMORY STATS reply, in order (top level only). */
function statNames(reply: string): string[] {
  const lines = reply.split('\r\n')
  const names: string[] = []
  let depth = 0
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i] as string
    if (l.startsWith('*')) depth = Number(l.slice(1))
    else if (l.startsWith('$') && depth === 0) {
      names.push(lines[i + 1] as string)
      i += 2
      const next = lines[i] as string
      if (next.startsWith('$')) i++
      else if (next.startsWith('*')) depth = Number(next.slice(1))
    } else if (l.startsWith('$')) {
      i++
      depth--
    } else if (l.startsWith(':')) depth--
  }
  return names
}

/** One field of a RESP2 MEMORY STATS reply: its value line(s). */
function stat(reply: string, name: string): string {
  const lines = reply.split('\r\n')
  const i = lines.indexOf(name)
  const v = lines[i + 1] as string
  return v.startsWith('$') ? (lines[i + 2] as string) : v
}

const STAT_NAMES = [
  'peak.allocated',
  'total.allocated',
  'startup.allocated',
  'replication.backlog',
  'clients.slaves',
  'clients.normal',
  'cluster.links',
  'aof.buffer',
  'lua.caches',
  'functions.caches',
]
const STAT_TAIL = [
  'overhead.total',
  'keys.count',
  'keys.bytes-per-key',
  'dataset.bytes',
  'dataset.percentage',
  'peak.percentage',
  'allocator.allocated',
  'allocator.active',
  'allocator.resident',
  'allocator-fragmentation.ratio',
  'allocator-fragmentation.bytes',
  'allocator-rss.ratio',
  'allocator-rss.bytes',
  'rss-overhead.ratio',
  'rss-overhead.bytes',
  'fragmentation',
  'fragmentation.bytes',
]

describe('MEMORY USAGE', () => {
  test('the estimate of a key: name, value, its slot, and its expiry', () => {
    const c = testEngine().client()
    c('SET', 'foo', 'bar')
    // key 24 + value 24 + one Map slot 28
    expect(c('MEMORY', 'USAGE', 'foo')).toBe(':76\r\n')
    c('SET', 'foo', 'bar', 'EX', '100')
    // plus a slot in the expires Map and the boxed time
    expect(c('MEMORY', 'USAGE', 'foo')).toBe(':120\r\n')
    c('HSET', 'hash', 'f', 'v')
    // a hash: 140 + its table of 4 slots (112) + key 24 + slot 28 (one-byte strings are shared)
    expect(c('MEMORY', 'USAGE', 'hash')).toBe(':304\r\n')
  })

  test('SAMPLES is accepted (the estimate is exact); a missing key is nil', () => {
    const c = testEngine().client()
    c('RPUSH', 'l', 'a', 'b', 'c')
    const all = c('MEMORY', 'USAGE', 'l')
    expect(all).toMatch(/^:\d+\r\n$/)
    expect(c('MEMORY', 'USAGE', 'l', 'SAMPLES', '0')).toBe(all)
    expect(c('MEMORY', 'usage', 'l', 'samples', '1', 'SAMPLES', '5')).toBe(all)
    expect(c('MEMORY', 'USAGE', 'nokey')).toBe('$-1\r\n')
    const c3 = testEngine().client({ proto: 3 })
    expect(c3('MEMORY', 'USAGE', 'nokey')).toBe('_\r\n')
  })

  test('errors: SAMPLES without a count, a bad or negative count, other words, arity', () => {
    const c = testEngine().client()
    c('SET', 'k', 'v')
    expect(c('MEMORY', 'USAGE', 'k', 'SAMPLES')).toBe('-ERR syntax error\r\n')
    expect(c('MEMORY', 'USAGE', 'k', 'SAMPLES', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('MEMORY', 'USAGE', 'k', 'SAMPLES', '99999999999999999999')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('MEMORY', 'USAGE', 'k', 'SAMPLES', '-1')).toBe('-ERR syntax error\r\n')
    expect(c('MEMORY', 'USAGE', 'k', 'FOO', '1')).toBe('-ERR syntax error\r\n')
    expect(c('MEMORY', 'USAGE', 'k', 'SAMPLES', '1', 'SAMPLES')).toBe('-ERR syntax error\r\n')
    // arguments are read before the key is looked up
    expect(c('MEMORY', 'USAGE', 'nokey', 'SAMPLES', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
    expect(c('MEMORY', 'USAGE')).toBe("-ERR wrong number of arguments for 'memory|usage' command\r\n")
  })

  test('an expired key not yet reclaimed still has a size, and no hit or miss is counted', () => {
    const t = testEngine()
    const c = t.client()
    c('SET', 'k', 'v', 'PX', '10')
    t.clock.advance(20)
    expect(c('MEMORY', 'USAGE', 'k')).toBe(':72\r\n')
    expect(c('INFO', 'stats')).toContain('keyspace_hits:0\r\nkeyspace_misses:0\r\n')
    expect(c('GET', 'k')).toBe('$-1\r\n')
    expect(c('MEMORY', 'USAGE', 'k')).toBe('$-1\r\n')
  })
})

describe('MEMORY STATS', () => {
  test("Redis's fields in order; a db.N entry per non-empty database", () => {
    const c = testEngine().client()
    const empty = c('MEMORY', 'STATS')
    expect(empty.startsWith('*54\r\n')).toBe(true)
    expect(statNames(empty)).toEqual([...STAT_NAMES, ...STAT_TAIL])
    expect(stat(empty, 'keys.count')).toBe(':0')
    expect(stat(empty, 'keys.bytes-per-key')).toBe(':0')
    c('SET', 'foo', 'bar')
    c('SELECT', '2')
    c('SET', 'k', 'v', 'EX', '10')
    const r = c('MEMORY', 'STATS')
    expect(r.startsWith('*58\r\n')).toBe(true)
    expect(statNames(r)).toEqual([...STAT_NAMES, 'db.0', 'db.2', ...STAT_TAIL])
    expect(r).toContain(
      '$4\r\ndb.2\r\n*6\r\n$23\r\noverhead.hashtable.main\r\n:112\r\n$26\r\noverhead.hashtable.expires\r\n:128\r\n$31\r\noverhead.hashtable.slot-to-keys\r\n:0\r\n',
    )
    expect(stat(r, 'keys.count')).toBe(':2')
  })

  test('figures agree with INFO memory', () => {
    const c = testEngine().client()
    c('SET', 'foo', 'bar')
    const info = c('INFO', 'memory')
    const field = (name: string): string => (info.match(new RegExp(`${name}:(\\d+)`)) as RegExpMatchArray)[1] as string
    const r = c('MEMORY', 'STATS')
    expect(stat(r, 'total.allocated')).toBe(`:${field('used_memory')}`)
    expect(stat(r, 'startup.allocated')).toBe(`:${field('used_memory_startup')}`)
    expect(stat(r, 'dataset.bytes')).toBe(`:${field('used_memory_dataset')}`)
    const net = Number(field('used_memory')) - Number(field('used_memory_startup'))
    expect(stat(r, 'keys.bytes-per-key')).toBe(`:${net}`)
    // ratios are C floats printed with %.17g (bulk strings in RESP2)
    expect(stat(r, 'dataset.percentage')).toBe('100')
    expect(stat(r, 'fragmentation')).toBe('1')
  })

  test('RESP3: a map, doubles, and a map per database', () => {
    const c = testEngine().client({ proto: 3 })
    c('SET', 'foo', 'bar')
    const r = c('MEMORY', 'STATS')
    expect(r.startsWith('%28\r\n')).toBe(true)
    expect(r).toContain('$4\r\ndb.0\r\n%3\r\n$23\r\noverhead.hashtable.main\r\n:112\r\n')
    expect(r).toContain('$18\r\ndataset.percentage\r\n,100\r\n')
    expect(c('MEMORY', 'STATS', 'x')).toBe("-ERR wrong number of arguments for 'memory|stats' command\r\n")
  })
})

describe('MEMORY DOCTOR', () => {
  test('a small instance gets the fixed text: bulk in RESP2, verbatim in RESP3', () => {
    const t = testEngine()
    expect(t.client()('MEMORY', 'DOCTOR')).toBe(`$268\r\n${DOCTOR_EMPTY}\r\n`)
    expect(t.client({ proto: 3 })('MEMORY', 'DOCTOR')).toBe(`=272\r\ntxt:${DOCTOR_EMPTY}\r\n`)
    expect(t.client()('MEMORY', 'DOCTOR', 'x')).toBe("-ERR wrong number of arguments for 'memory|doctor' command\r\n")
  })

  test('over 5 MB: no issue, then the peak issue once usage falls under two thirds of the peak', () => {
    const c = testEngine().client()
    const big = 'x'.repeat(1024 * 1024)
    for (let i = 0; i < 8; i++) c('SET', `k${i}`, big)
    expect(c('MEMORY', 'DOCTOR')).toBe("$105\r\nHi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n\r\n")
    for (let i = 0; i < 3; i++) c('DEL', `k${i}`)
    const r = c('MEMORY', 'DOCTOR')
    expect(r.startsWith('$762\r\nSam, I detected a few issues in this Redis instance memory implants:\n\n * Peak memory: In the past')).toBe(true)
    expect(r.endsWith("restart the instance.\n\nI'm here to keep you safe, Sam. I want to help you.\n\r\n")).toBe(true)
  })
})

describe('MEMORY MALLOC-STATS, PURGE and HELP', () => {
  test('MALLOC-STATS answers the text of a build without jemalloc, a bulk string in both protocols', () => {
    const t = testEngine()
    expect(t.client()('MEMORY', 'MALLOC-STATS')).toBe('$45\r\nStats not supported for the current allocator\r\n')
    expect(t.client({ proto: 3 })('MEMORY', 'malloc-stats')).toBe('$45\r\nStats not supported for the current allocator\r\n')
    expect(t.client()('MEMORY', 'MALLOC-STATS', 'x')).toBe("-ERR wrong number of arguments for 'memory|malloc-stats' command\r\n")
  })

  test('PURGE is OK', () => {
    const c = testEngine().client()
    expect(c('MEMORY', 'PURGE')).toBe('+OK\r\n')
    expect(c('MEMORY', 'PURGE', 'x')).toBe("-ERR wrong number of arguments for 'memory|purge' command\r\n")
  })

  test('HELP lists the subcommands; unknown ones and a bare MEMORY are errors', () => {
    const c = testEngine().client()
    const help = c('MEMORY', 'HELP')
    expect(help.startsWith('*14\r\n+MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+DOCTOR\r\n')).toBe(true)
    expect(help).toContain('+USAGE <key> [SAMPLES <count>]\r\n')
    expect(help.endsWith('+HELP\r\n+    Prints this help.\r\n')).toBe(true)
    expect(c('MEMORY', 'HELP', 'x')).toBe("-ERR wrong number of arguments for 'memory|help' command\r\n")
    expect(c('MEMORY', 'BOGUS')).toBe("-ERR unknown subcommand 'BOGUS'. Try MEMORY HELP.\r\n")
    expect(c('MEMORY')).toBe("-ERR wrong number of arguments for 'memory' command\r\n")
  })
})
