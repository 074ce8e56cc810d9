// Run with --expose-gc: loads N elements into one hash, list, set or sorted set
// and prints the heap bytes it took, per element. Store "redlet" loads through
// the in-process engine (HSET/RPUSH/SADD/ZADD one element per call); store "js"
// is the bare JavaScript structure holding the same strings (Map, Array, Set,
// Map of scores: no ordering), as a floor.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { flat, heapUsed as heap, ROOT } from './lib.mjs'
import { element } from './types-data.mjs'

const [store, type, nArg] = process.argv.slice(2)
const N = Number(nArg ?? 1000000)
const { Redlet } = await import(pathToFileURL(join(ROOT, 'dist', 'inprocess.js')).href)

let holder
const before = heap()
if (store === 'js') {
  if (type === 'hash') {
    const m = new Map()
    for (let i = 0; i < N; i++) m.set(flat(element.field(i)), flat(element.value(i)))
    holder = m
  } else if (type === 'list') {
    const a = []
    for (let i = 0; i < N; i++) a.push(flat(element.value(i)))
    holder = a
  } else if (type === 'set') {
    const s = new Set()
    for (let i = 0; i < N; i++) s.add(flat(element.member(i)))
    holder = s
  } else {
    const m = new Map()
    for (let i = 0; i < N; i++) m.set(flat(element.member(i)), i)
    holder = m
  }
} else {
  const r = new Redlet({ autoTick: false })
  if (type === 'hash') for (let i = 0; i < N; i++) r.call('HSET', 'h', flat(element.field(i)), flat(element.value(i)))
  else if (type === 'list') for (let i = 0; i < N; i++) r.call('RPUSH', 'l', flat(element.value(i)))
  else if (type === 'set') for (let i = 0; i < N; i++) r.call('SADD', 's', flat(element.member(i)))
  else for (let i = 0; i < N; i++) r.call('ZADD', 'z', flat(String(i)), flat(element.member(i)))
  holder = r
}
const after = heap()
process.stdout.write(JSON.stringify({ store, type, n: N, bytesPerElement: (after - before) / N, keep: holder ? 1 : 0 }) + '\n')
