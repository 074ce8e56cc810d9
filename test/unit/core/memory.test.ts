import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { Engine } from '../../../src/engine.js'
import { dbMemory, mapTableBytes, stringBytes, tableCapacity } from '../../../src/core/memory.js'
import { HashValue } from '../../../src/core/values/hash.js'
import { ListValue } from '../../../src/core/values/list.js'
import { SetValue } from '../../../src/core/values/set.js'
import { SortedSetValue } from '../../../src/core/values/sorted-set.js'
import type { Db } from '../../../src/core/keyspace.js'
import { testEngine } from '../../helpers/engine.js'
import { encodingLimits } from '../../helpers/limits.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

function heap(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** A flat copy of a string (concatenation makes cons strings; the decoder never does). */
function flat(s: string): string {
  return Buffer.from(s, 'latin1').toString('latin1')
}

/** A flat byte string of `len` bytes, as the RESP decoder makes them (never a cons string). */
function bytes(len: number, seed: number): string {
  const codes: number[] = []
  for (let i = 0; i < len; i++) codes.push(97 + ((seed * 7 + i * 13) % 26))
  return String.fromCharCode(...codes)
}

const limits = encodingLimits()

describe('the V8 cost model', () => {
  test('strings: 16-byte header and bytes rounded to 8; empty and 1-byte strings are shared', () => {
    expect(stringBytes(0)).toBe(0)
    expect(stringBytes(1)).toBe(0)
    expect(stringBytes(2)).toBe(24)
    expect(stringBytes(8)).toBe(24)
    expect(stringBytes(9)).toBe(32)
    expect(stringBytes(16)).toBe(32)
  })

  test('tables: power-of-two capacity of at least 4, 28 bytes a Map slot', () => {
    expect(tableCapacity(1)).toBe(4)
    expect(tableCapacity(5)).toBe(8)
    expect(tableCapacity(1024)).toBe(1024)
    expect(tableCapacity(1025)).toBe(2048)
    expect(mapTableBytes(0)).toBe(0)
    expect(mapTableBytes(1_000_000)).toBe(1048576 * 28)
  })
})

describe('the estimate follows every change', () => {
  const fresh = (): { run: (...a: string[]) => unknown; db: Db; e: Engine } => {
    const { engine } = testEngine()
    const c = engine.createSession({ write: () => {} })
    return { e: engine, db: engine.dbs[0] as Db, run: (...a: string[]) => engine.dispatch(c, a) }
  }

  test('writes and deletes of strings return to the empty figure', () => {
    const { db, run } = fresh()
    const empty = dbMemory(db)
    run('SET', 'key:1', bytes(100, 1))
    expect(dbMemory(db)).toBe(empty + stringBytes(5) + stringBytes(100) + mapTableBytes(1))
    // APPEND also records the `raw` encoding in a side table
    run('APPEND', 'key:1', bytes(50, 2))
    expect(dbMemory(db)).toBe(empty + stringBytes(5) + stringBytes(150) + 2 * mapTableBytes(1))
    run('EXPIRE', 'key:1', '100')
    expect(dbMemory(db)).toBe(empty + stringBytes(5) + stringBytes(150) + 3 * mapTableBytes(1) + 16)
    run('RENAME', 'key:1', 'k2')
    expect(dbMemory(db)).toBe(empty + stringBytes(2) + stringBytes(150) + 3 * mapTableBytes(1) + 16)
    run('DEL', 'k2')
    expect(dbMemory(db)).toBe(empty)
  })

  test('collections changed in place are counted again', () => {
    const { db, run } = fresh()
    const empty = dbMemory(db)
    run('HSET', 'h', 'f1', bytes(40, 1))
    const one = dbMemory(db)
    expect(one).toBeGreaterThan(empty + 140)
    run('HSET', 'h', 'f2', bytes(40, 2), 'f3', bytes(400, 3))
    expect(dbMemory(db)).toBe(one + 2 * stringBytes(2) + stringBytes(40) + stringBytes(400))
    run('HDEL', 'h', 'f3', 'f2')
    expect(dbMemory(db)).toBe(one)
    for (const [push, ...rest] of [
      ['RPUSH', 'l', 'a', 'bb', 'ccc'],
      ['SADD', 's', 'x1', 'x2'],
      ['ZADD', 'z', '1.5', 'm1', '2', 'm2'],
      ['XADD', 'x', '1-1', 'f', 'v'],
    ]) {
      const before = dbMemory(db)
      run(push as string, ...rest)
      expect(dbMemory(db), push).toBeGreaterThan(before)
    }
    run('DEL', 'h', 'l', 's', 'z', 'x')
    expect(dbMemory(db)).toBe(empty)
  })

  test('FLUSHALL and SWAPDB', () => {
    const { e, run } = fresh()
    const empty = dbMemory(e.dbs[0] as Db)
    run('SET', 'a', bytes(100, 1))
    const full = dbMemory(e.dbs[0] as Db)
    run('SWAPDB', '0', '1')
    expect(dbMemory(e.dbs[0] as Db)).toBe(empty)
    expect(dbMemory(e.dbs[1] as Db)).toBe(full)
    run('FLUSHALL')
    expect(dbMemory(e.dbs[1] as Db)).toBe(empty)
  })

  test('a collection estimate tracks its own changes', () => {
    const h = new HashValue()
    const m0 = h.memory()
    h.set('field', bytes(30, 1), limits)
    h.set('field', bytes(90, 1), limits)
    h.delete('field')
    expect(h.memory()).toBe(m0)
    const s = new SetValue()
    s.add('member', limits)
    expect(s.clone().memory()).toBe(s.memory())
    s.delete('member')
    expect(s.memory()).toBe(new SetValue().memory())
    const z = new SortedSetValue()
    const z0 = z.memory()
    z.set('m', 1.5, limits)
    z.set('m', 2, limits)
    z.delete('m')
    expect(z.memory()).toBe(z0)
    const l = new ListValue()
    const l0 = l.memory()
    for (let i = 0; i < 500; i++) l.pushTail(bytes(20, i))
    l.set(250, bytes(200, 1))
    l.insert(bytes(20, 3), 'new', false)
    l.remove('new', 0, false)
    l.trim(10, 400)
    l.dropHead(l.size)
    expect(l.memory()).toBe(l0)
  })
})

describe('calibration against the V8 heap', () => {
  /** Heap bytes a workload adds, and what the estimate says it adds. */
  function measure(fill: (e: Engine) => void): { heap: number; estimate: number } {
    const e = new Engine()
    const est0 = e.usedMemory()
    const h0 = heap()
    fill(e)
    const h1 = heap()
    return { heap: h1 - h0, estimate: e.usedMemory() - est0 }
  }

  test('1M string keys with 16-byte values: within 15% of the heap delta', () => {
    const r = measure((e) => {
      const db = e.dbs[0] as Db
      for (let i = 0; i < 1_000_000; i++) db.set(`key:${String(i).padStart(7, '0')}`, bytes(16, i))
    })
    expect(Math.abs(r.estimate - r.heap) / r.heap).toBeLessThan(0.15)
  }, 60000)

  test('collections of several sizes: within 20%', () => {
    const errors: string[] = []
    const run = (argvs: (i: number) => string[][], n: number): void => {
      const r = measure((e) => {
        for (let i = 0; i < n; i++) for (const a of argvs(i)) e.run(a)
      })
      const err = Math.abs(r.estimate - r.heap) / r.heap
      errors.push(`${JSON.stringify(argvs(0)[0]?.slice(0, 2))}: heap ${r.heap} estimate ${r.estimate}`)
      expect(err, errors.join('\n')).toBeLessThan(0.2)
    }
    // small ones (many keys) and big ones (one key)
    // field names fresh per key, as the decoder makes them (literals would be one shared string)
    run((i) => [['HSET', `h${i}`, flat('f1'), bytes(16, i), flat('field2'), bytes(30, i)]], 20000)
    run((i) => [['HSET', 'big', flat(`field:${i}`), bytes(16, i)]], 100000)
    run((i) => [['SADD', `s${i}`, bytes(12, i), bytes(14, i + 1)]], 20000)
    run((i) => [['SADD', 'big', flat(bytes(12, i) + String(i))]], 100000)
    run((i) => [['ZADD', `z${i}`, '1', bytes(12, i), '2.5', bytes(13, i)]], 20000)
    run((i) => [['ZADD', 'big', String(i / 7), flat(bytes(16, i) + String(i))]], 100000)
    run((i) => [['RPUSH', `l${i}`, bytes(16, i), bytes(20, i)]], 20000)
    run((i) => [['RPUSH', 'big', bytes(16, i)]], 200000)
  }, 60000)
})
