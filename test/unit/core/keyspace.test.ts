import { describe, expect, test } from 'vitest'
import { ExpireCycle } from '../../../src/core/expire-cycle.js'
import { Db, ENC_EMBSTR, ENC_INT_UNSHARED, ENC_RAW, type ExpiryHandler } from '../../../src/core/keyspace.js'
import { seeded } from '../../helpers/engine.js'

const T0 = 1_700_000_000_000

interface Harness {
  db: Db
  other: Db
  now: { t: number }
  expired: string[]
  added: string[]
  noTouch: { on: boolean }
}

function harness(): Harness {
  const now = { t: T0 }
  const expired: string[] = []
  const added: string[] = []
  const noTouch = { on: false }
  const handler: ExpiryHandler = {
    onExpired: (db, key) => expired.push(`${db.id}:${key}`),
    onNew: (db, key) => added.push(`${db.id}:${key}`),
    now: () => now.t,
    random: seeded(3),
    stats: { hits: 0, misses: 0 },
    noTouch: () => noTouch.on,
  }
  return { db: new Db(0, handler), other: new Db(1, handler), now, expired, added, noTouch }
}

const config = (policy: string, logFactor = 10, decay = 1) => ({
  get: () => policy,
  getInt: (name: string) => (name === 'lfu-log-factor' ? logFactor : decay),
})

describe('Db: values and expiry', () => {
  test('lazy expiry on get, has, read; not on peek', () => {
    const h = harness()
    h.db.set('a', 'x')
    h.db.setExpire('a', T0 + 10)
    h.now.t = T0 + 10
    expect(h.db.get('a')).toBe('x')
    h.now.t = T0 + 11
    expect(h.db.peek('a')).toBe('x')
    expect(h.db.isExpired('a')).toBe(true)
    expect(h.db.has('a')).toBe(false)
    expect(h.expired).toEqual(['0:a'])
    expect(h.db.size).toBe(0)
    expect(h.db.expiresCount).toBe(0)
  })

  test('set clears the TTL unless kept; persist', () => {
    const h = harness()
    h.db.set('a', 'x')
    h.db.setExpire('a', T0 + 100)
    h.db.set('a', 'y', true)
    expect(h.db.getExpire('a')).toBe(T0 + 100)
    h.db.set('a', 'z')
    expect(h.db.getExpire('a')).toBeUndefined()
    h.db.setExpire('a', T0 + 100)
    expect(h.db.persist('a')).toBe(true)
    expect(h.db.persist('a')).toBe(false)
  })

  test('onNew only for added keys', () => {
    const h = harness()
    h.db.set('a', '1')
    h.db.set('a', '2')
    expect(h.added).toEqual(['0:a'])
  })

  test('delete of an expired key reports the expiry, not a deletion', () => {
    const h = harness()
    h.db.set('a', '1')
    h.db.setExpire('a', T0)
    h.now.t = T0 + 1
    expect(h.db.delete('a')).toBe(false)
    expect(h.expired).toEqual(['0:a'])
  })
})

describe('Db: string encodings', () => {
  test('implied by the value, overridden by history, cleared by set', () => {
    const h = harness()
    const enc = (v: string): string => {
      h.db.set('k', v)
      return h.db.stringEncoding('k', v)
    }
    expect(enc('12')).toBe('int')
    expect(enc('012')).toBe('embstr')
    expect(enc('-9223372036854775808')).toBe('int')
    expect(enc('-9223372036854775809')).toBe('embstr')
    expect(enc('x'.repeat(45))).toBe('raw')
    h.db.setEncoding('k', ENC_RAW)
    expect(h.db.stringEncoding('k', 'ab')).toBe('raw')
    expect(h.db.isRaw('k')).toBe(true)
    h.db.set('k', '5')
    h.db.setEncoding('k', ENC_EMBSTR)
    expect(h.db.stringEncoding('k', '5')).toBe('embstr')
    h.db.set('k', '5')
    expect(h.db.encodingOf('k')).toBe(0)
  })
})

describe('Db: rename, move, copy', () => {
  test('rename carries TTL and encoding; replaces the target', () => {
    const h = harness()
    h.db.set('a', 'x')
    h.db.setExpire('a', T0 + 50)
    h.db.setEncoding('a', ENC_RAW)
    h.db.set('b', 'old')
    h.db.setExpire('b', T0 + 999)
    h.db.rename('a', 'b')
    expect(h.db.peek('a')).toBeUndefined()
    expect(h.db.peek('b')).toBe('x')
    expect(h.db.getExpire('b')).toBe(T0 + 50)
    expect(h.db.isRaw('b')).toBe(true)
    expect(h.db.expiresCount).toBe(1)
  })

  test('moveTo and copyTo', () => {
    const h = harness()
    h.db.set('a', '7')
    h.db.setExpire('a', T0 + 50)
    h.db.copyTo('a', h.other, 'c')
    expect(h.other.peek('c')).toBe('7')
    expect(h.other.getExpire('c')).toBe(T0 + 50)
    expect(h.other.encodingOf('c')).toBe(ENC_INT_UNSHARED)
    h.db.moveTo('a', h.other)
    expect(h.db.size).toBe(0)
    expect(h.other.peek('a')).toBe('7')
    expect(h.other.getExpire('a')).toBe(T0 + 50)
  })
})

describe('Db: sampling and scanning', () => {
  test('randomKey never returns an expired key and deletes the ones it meets', () => {
    const h = harness()
    for (let i = 0; i < 50; i++) {
      h.db.set(`e${i}`, '1')
      h.db.setExpire(`e${i}`, T0)
    }
    h.db.set('live', '1')
    h.now.t = T0 + 1
    for (let i = 0; i < 20; i++) expect(h.db.randomKey()).toBe('live')
    h.db.delete('live')
    expect(h.db.randomKey()).toBeUndefined()
    expect(h.db.size).toBe(0)
  })

  test('randomKey picks every key eventually', () => {
    const h = harness()
    for (let i = 0; i < 10; i++) h.db.set(`k${i}`, '1')
    const seen = new Set<string>()
    for (let i = 0; i < 500; i++) seen.add(h.db.randomKey() as string)
    expect(seen.size).toBe(10)
  })

  test('scan: every key present throughout, under churn; it terminates while keys are added', () => {
    const h = harness()
    for (let i = 0; i < 1000; i++) h.db.set(`s${i}`, '1')
    for (let i = 0; i < 1000; i++) h.db.set(`t${i}`, '1')
    const seen = new Set<string>()
    let cursor = 0
    let calls = 0
    let added = 0
    do {
      cursor = h.db.scan(cursor, 10, (k) => seen.add(k))
      // faster growth than the scan reads, plus deletions and re-insertions
      for (let j = 0; j < 20; j++) h.db.set(`n${added++}`, '1')
      h.db.delete(`t${calls}`)
      h.db.set(`t${(calls * 7) % 1000}`, '2')
      calls++
    } while (cursor !== 0 && calls < 10000)
    expect(cursor).toBe(0)
    for (let i = 0; i < 1000; i++) expect(seen.has(`s${i}`)).toBe(true)
    expect(calls).toBeLessThanOrEqual(201)
  })

  test('scan skips and deletes expired keys', () => {
    const h = harness()
    h.db.set('a', '1')
    h.db.set('b', '1')
    h.db.setExpire('a', T0)
    h.now.t = T0 + 1
    const seen: string[] = []
    expect(h.db.scan(0, 10, (k) => seen.push(k))).toBe(0)
    expect(seen).toEqual(['b'])
    expect(h.expired).toEqual(['0:a'])
  })
})

describe('Db: access tracking', () => {
  test('off by default: no side map; OBJECT IDLETIME turns it on', () => {
    const h = harness()
    h.db.configureAccess(config('noeviction'))
    h.db.set('a', '1')
    expect(h.db.tracksAccess).toBe(false)
    h.now.t += 5000
    h.db.trackAccess()
    expect(h.db.idleTime('a')).toBe(0)
    h.now.t += 7000
    expect(h.db.idleTime('a')).toBe(7)
    h.db.get('a')
    expect(h.db.idleTime('a')).toBe(0)
    expect(h.db.accessTime('a')).toBe(h.now.t)
  })

  test('an LRU policy tracks from the start; NO-TOUCH lookups leave it', () => {
    const h = harness()
    h.db.configureAccess(config('allkeys-lru'))
    expect(h.db.tracksAccess).toBe(true)
    h.db.set('a', '1')
    h.now.t += 3000
    h.noTouch.on = true
    h.db.get('a')
    expect(h.db.idleTime('a')).toBe(3)
    h.db.touchAccess('a')
    expect(h.db.idleTime('a')).toBe(0)
    h.db.configureAccess(config('noeviction'))
    expect(h.db.tracksAccess).toBe(false)
  })

  test('LFU: new keys start at 5, the counter grows logarithmically and decays', () => {
    const h = harness()
    h.db.configureAccess(config('allkeys-lfu'))
    expect(h.db.accessMode).toBe('lfu')
    h.db.set('a', '1')
    expect(h.db.frequency('a')).toBe(5)
    h.db.get('a')
    expect(h.db.frequency('a')).toBe(6)
    for (let i = 0; i < 100000; i++) h.db.get('a')
    const f = h.db.frequency('a')
    expect(f).toBeGreaterThan(30)
    expect(f).toBeLessThan(255)
    h.now.t += 10 * 60_000
    expect(h.db.frequency('a')).toBe(f - 10)
    h.db.configureAccess(config('allkeys-lfu', 10, 0))
    expect(h.db.frequency('a')).toBe(f)
  })

  test('deleted and renamed keys take their access data along', () => {
    const h = harness()
    h.db.configureAccess(config('allkeys-lru'))
    h.db.set('a', '1')
    h.now.t += 4000
    h.db.rename('a', 'b')
    expect(h.db.idleTime('b')).toBe(4)
    h.db.delete('b')
    h.db.set('b', '1')
    expect(h.db.idleTime('b')).toBe(0)
  })

  test('clear keeps policy tracking on', () => {
    const h = harness()
    h.db.configureAccess(config('volatile-lru'))
    h.db.clear()
    expect(h.db.tracksAccess).toBe(true)
  })
})

describe('ExpireCycle', () => {
  function loaded(n: number, expiredShare: number): Harness {
    const h = harness()
    for (let i = 0; i < n; i++) {
      h.db.set(`k${i}`, '1')
      // expired keys spread evenly through the keyspace
      h.db.setExpire(`k${i}`, i % Math.round(1 / expiredShare) === 0 ? T0 : T0 + 1e9)
    }
    h.now.t = T0 + 1
    return h
  }

  test('bounded per run and resumes where it stopped', () => {
    const h = loaded(10000, 1)
    const cycle = new ExpireCycle()
    expect(cycle.run([h.db], 1)).toBe(2000)
    expect(cycle.behind).toBe(true)
    expect(cycle.run([h.db], 1, 100)).toBe(100)
    let runs = 0
    while (h.db.size > 0 && runs++ < 100) cycle.run([h.db], 1)
    expect(h.db.size).toBe(0)
    expect(cycle.behind).toBe(false)
  })

  test('stops when few sampled keys expired; effort samples more per round', () => {
    const h = loaded(1000, 0.05)
    const cycle = new ExpireCycle()
    cycle.run([h.db], 1)
    expect(h.expired.length).toBeLessThanOrEqual(20)
    expect(cycle.behind).toBe(false)
    const h2 = loaded(1000, 1)
    expect(new ExpireCycle().run([h2.db], 10, 10)).toBe(65)
  })

  test('visits the databases in turn', () => {
    const h = loaded(3000, 1)
    for (let i = 0; i < 10; i++) {
      h.other.set(`o${i}`, '1')
      h.other.setExpire(`o${i}`, T0)
    }
    const cycle = new ExpireCycle()
    cycle.run([h.db, h.other], 1)
    expect(h.other.size).toBe(10)
    cycle.run([h.db, h.other], 1)
    expect(h.other.size).toBe(0)
  })
})
