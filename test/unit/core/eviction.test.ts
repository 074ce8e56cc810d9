import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { Redlet } from '../../../adapters/inprocess/index.js'
import { evictionBudget } from '../../../src/core/eviction.js'
import { testEngine, type TestClient, type TestEngine } from '../../helpers/engine.js'

const OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n"

/** An engine with `n` keys of 100 bytes, created at T0. */
function filled(policy: string, n: number, ttl = false): { t: TestEngine; c: TestClient } {
  const t = testEngine({ config: { 'maxmemory-policy': policy } })
  const c = t.client()
  for (let i = 0; i < n; i++) {
    if (ttl) c('SET', `key:${i}`, 'v'.repeat(100), 'EX', 1000 + i)
    else c('SET', `key:${i}`, 'v'.repeat(100))
  }
  return { t, c }
}

/** Lowers maxmemory to a fraction of what is used and runs one command, which evicts first. */
function squeeze(t: TestEngine, c: TestClient, fraction: number): void {
  c('CONFIG', 'SET', 'maxmemory', String(Math.floor(t.engine.usedMemory() * fraction)))
  c('PING')
}

function survivors(c: TestClient, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) if (c('EXISTS', `key:${i}`) === ':1\r\n') n++
  return n
}

describe('noeviction', () => {
  test('denyoom commands are refused over the limit; reads and deletes run', () => {
    const { c } = filled('noeviction', 10)
    c('CONFIG', 'SET', 'maxmemory', '1')
    expect(c('SET', 'k', 'v')).toBe(OOM)
    expect(c('INCR', 'n')).toBe(OOM)
    expect(c('RPUSH', 'l', 'a')).toBe(OOM)
    expect(c('GET', 'key:1')).toBe(`$100\r\n${'v'.repeat(100)}\r\n`)
    expect(c('DEL', 'key:1')).toBe(':1\r\n')
    expect(c('DBSIZE')).toBe(':9\r\n')
    expect(c('INFO', 'errorstats')).toContain('errorstat_OOM:count=3')
  })

  test('inside MULTI every command is refused, and EXEC aborts', () => {
    const { c } = filled('noeviction', 1)
    c('CONFIG', 'SET', 'maxmemory', '1')
    expect(c('MULTI')).toBe('+OK\r\n')
    expect(c('GET', 'key:0')).toBe(OOM)
    expect(c('DEL', 'key:0')).toBe(OOM)
    expect(c('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n')
  })

  test('EXEC of queued denyoom commands is refused once memory runs out; of reads it runs', () => {
    const { t, c } = filled('noeviction', 1)
    const admin = t.client()
    c('MULTI')
    c('SET', 'a', 'b')
    admin('CONFIG', 'SET', 'maxmemory', '1')
    expect(c('EXEC')).toBe("-EXECABORT Transaction discarded because of: OOM command not allowed when used memory > 'maxmemory'.\r\n")
    admin('CONFIG', 'SET', 'maxmemory', '0')
    c('MULTI')
    c('GET', 'a')
    admin('CONFIG', 'SET', 'maxmemory', '1')
    expect(c('EXEC')).toBe('*1\r\n$-1\r\n')
  })

  test('under the limit nothing changes', () => {
    const { c } = filled('noeviction', 10)
    c('CONFIG', 'SET', 'maxmemory', '100mb')
    expect(c('SET', 'k', 'v')).toBe('+OK\r\n')
    expect(c('INFO', 'stats')).toContain('evicted_keys:0\r\n')
  })
})

describe('volatile policies', () => {
  for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
    test(`${policy}: only keys with a TTL go; then OOM`, () => {
      const { c } = filled(policy, 20)
      for (let i = 0; i < 5; i++) c('EXPIRE', `key:${i}`, 100 + i)
      c('CONFIG', 'SET', 'maxmemory', '1')
      expect(c('SET', 'k', 'v')).toBe(OOM)
      expect(c('DBSIZE')).toBe(':15\r\n')
      expect(survivors(c, 0, 5)).toBe(0)
      expect(c('INFO', 'stats')).toContain('evicted_keys:5\r\n')
    })
  }

  test('volatile-ttl evicts the soonest to expire first', () => {
    const t = testEngine({ config: { 'maxmemory-policy': 'volatile-ttl', 'notify-keyspace-events': 'Ee' } })
    const c = t.client()
    const sub = t.client()
    sub('SUBSCRIBE', '__keyevent@0__:evicted')
    c('SET', 'b', 'x', 'EX', '300')
    c('SET', 'a', 'x', 'EX', '100')
    c('SET', 'c', 'x', 'EX', '200')
    c('SET', 'plain', 'x')
    c('CONFIG', 'SET', 'maxmemory', '1')
    expect(c('SET', 'k', 'v')).toBe(OOM)
    const events = sub.pending()
    const order = [...events.matchAll(/evicted\r\n\$1\r\n(\w)\r\n/g)].map((m) => m[1])
    expect(order).toEqual(['a', 'c', 'b'])
  })
})

describe('allkeys policies', () => {
  test('allkeys-random empties the keyspace, then OOM', () => {
    const { c } = filled('allkeys-random', 50)
    c('CONFIG', 'SET', 'maxmemory', '1')
    expect(c('SET', 'k', 'v')).toBe(OOM)
    expect(c('DBSIZE')).toBe(':0\r\n')
  })

  test('LRU keeps recently used keys far more often than random picks would', () => {
    const lru = filled('allkeys-lru', 2000)
    lru.t.clock.advance(10_000)
    for (let i = 0; i < 1000; i++) lru.c('GET', `key:${i}`)
    lru.t.clock.advance(10_000)
    squeeze(lru.t, lru.c, 0.75)
    const hot = survivors(lru.c, 0, 1000)
    const cold = survivors(lru.c, 1000, 2000)
    // about half the keys go; the recently used ones fill nearly all the places they could
    expect(hot + cold).toBeGreaterThan(600)
    expect(hot + cold).toBeLessThan(1400)
    expect(hot).toBeGreaterThan(0.9 * Math.min(1000, hot + cold))
    const rnd = filled('allkeys-random', 2000)
    for (let i = 0; i < 1000; i++) rnd.c('GET', `key:${i}`)
    squeeze(rnd.t, rnd.c, 0.75)
    const rhot = survivors(rnd.c, 0, 1000)
    const rcold = survivors(rnd.c, 1000, 2000)
    expect(rhot / (rhot + rcold)).toBeGreaterThan(0.4)
    expect(rhot / (rhot + rcold)).toBeLessThan(0.6)
  })

  test('LFU keeps frequently used keys', () => {
    const { t, c } = filled('allkeys-lfu', 2000)
    for (let round = 0; round < 30; round++) for (let i = 0; i < 2000; i += 2) c('GET', `key:${i}`)
    squeeze(t, c, 0.75)
    let hot = 0
    let cold = 0
    for (let i = 0; i < 2000; i++) {
      if (c('EXISTS', `key:${i}`) !== ':1\r\n') continue
      if (i % 2 === 0) hot++
      else cold++
    }
    expect(hot + cold).toBeGreaterThan(600)
    expect(hot).toBeGreaterThan(0.9 * Math.min(1000, hot + cold))
  })

  test('volatile-lru on a mix: cold volatile keys go first', () => {
    const { t, c } = filled('volatile-lru', 1000, true)
    for (let i = 1000; i < 1100; i++) c('SET', `key:${i}`, 'v'.repeat(100))
    t.clock.advance(5000)
    for (let i = 0; i < 500; i++) c('GET', `key:${i}`)
    t.clock.advance(5000)
    squeeze(t, c, 0.7)
    expect(survivors(c, 1000, 1100)).toBe(100)
    expect(survivors(c, 0, 500)).toBeGreaterThan(survivors(c, 500, 1000) + 200)
  })
})

describe('what an eviction sets off', () => {
  test('evicted events, DEL propagated, WATCH invalidated, evicted_keys counted', () => {
    const t = testEngine({ config: { 'maxmemory-policy': 'allkeys-random', 'notify-keyspace-events': 'KEe' } })
    const c = t.client()
    const watcher = t.client()
    const sub = t.client()
    const log: string[] = []
    t.engine.onPropagate((argv) => log.push(argv.join(' ')))
    c('SET', 'w', '1')
    sub('SUBSCRIBE', '__keyspace@0__:w')
    watcher('WATCH', 'w')
    watcher('MULTI')
    watcher('INCR', 'w')
    c('CONFIG', 'SET', 'maxmemory', '1')
    c('GET', 'w')
    expect(sub.pending()).toBe('*3\r\n$7\r\nmessage\r\n$16\r\n__keyspace@0__:w\r\n$7\r\nevicted\r\n')
    expect(log).toContain('del w')
    c('CONFIG', 'SET', 'maxmemory', '0')
    expect(watcher('EXEC')).toBe('*-1\r\n')
    expect(c('INFO', 'stats')).toContain('evicted_keys:1\r\n')
  })

  test('INFO memory shows the estimate and the limit', () => {
    const { c } = filled('allkeys-lru', 10)
    c('CONFIG', 'SET', 'maxmemory', '10mb')
    const info = c('INFO', 'memory')
    expect(info).toMatch(/used_memory:\d+\r\n/)
    expect(info).toContain('maxmemory:10485760\r\nmaxmemory_human:10.00M\r\nmaxmemory_policy:allkeys-lru\r\n')
    const used = Number(/used_memory:(\d+)/.exec(info)?.[1])
    expect(used).toBeGreaterThan(10 * 100)
    expect(used).toBeLessThan(100_000)
  })
})

describe('bounded work', () => {
  test('the budget grows with maxmemory-eviction-tenacity', () => {
    expect(evictionBudget(0)).toBe(16)
    expect(evictionBudget(10)).toBe(500)
    expect(evictionBudget(20)).toBe(Math.round(500 * 1.15 ** 10))
    expect(evictionBudget(100)).toBe(Infinity)
  })

  test('a large eviction stops at its budget without refusing, and tick() finishes it', () => {
    const { t, c } = filled('allkeys-random', 3000)
    c('CONFIG', 'SET', 'maxmemory-eviction-tenacity', '0')
    c('CONFIG', 'SET', 'maxmemory', String(Math.floor(t.engine.usedMemory() / 2)))
    expect(c('SET', 'x', 'y')).toBe('+OK\r\n')
    expect(t.engine.eviction.pending).toBe(true)
    expect(t.engine.nextDeadline()).toBe(t.clock.now() + 1)
    for (let i = 0; i < 200 && t.engine.eviction.pending; i++) t.engine.tick()
    expect(t.engine.eviction.pending).toBe(false)
    expect(t.engine.usedMemory()).toBeLessThanOrEqual(t.engine.config.getInt('maxmemory'))
  })
})

describe('an in-process Redlet stays within its budget', () => {
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const heap = (): number => {
    gc()
    gc()
    return process.memoryUsage().heapUsed
  }

  for (const policy of ['allkeys-lru', 'allkeys-lfu', 'allkeys-random']) {
    test(`${policy}: 10mb, 300k writes`, () => {
      const h0 = heap()
      const r = new Redlet({ config: { maxmemory: '10mb', 'maxmemory-policy': policy }, autoTick: false })
      const bytes = Buffer.alloc(100, 'v')
      let peak = 0
      for (let i = 0; i < 300_000; i++) {
        // a fresh value each time, as from the network (a shared literal would cost the heap nothing)
        r.call('SET', `key:${i}`, bytes.toString('latin1'))
        if (i % 500 === 0) peak = Math.max(peak, r.engine.usedMemory())
      }
      // over by at most the last command's key, as Redis (which evicts before a command, not after)
      expect(peak).toBeLessThanOrEqual(10 * 1024 * 1024 + 512)
      expect(r.engine.stats.evictedKeys).toBeGreaterThan(200_000)
      const grown = heap() - h0
      expect(grown).toBeLessThan(10 * 1024 * 1024 * 1.3)
      r.call('FLUSHALL')
    }, 30000)
  }
})
