// Run with --expose-gc: loads N keys with 16-byte values into one store and
// prints the heap bytes it took, per key. Store: "redlet" (the engine's keyspace
// through SET) or "map" (a bare Map<string, string>).
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { flat, heapUsed as heap, ROOT } from './lib.mjs'

const [store, nArg] = process.argv.slice(2)
const N = Number(nArg ?? 1000000)
const { Redlet } = await import(pathToFileURL(join(ROOT, 'dist', 'inprocess.js')).href)

let holder
const before = heap()
if (store === 'map') {
  const m = new Map()
  for (let i = 0; i < N; i++) m.set(flat('key:' + i), flat(String(i).padStart(16, '0')))
  holder = m
} else {
  const r = new Redlet({ autoTick: false })
  for (let i = 0; i < N; i++) r.call('SET', flat('key:' + i), flat(String(i).padStart(16, '0')))
  holder = r
}
const after = heap()
process.stdout.write(JSON.stringify({ store, n: N, bytesPerKey: (after - before) / N, keep: holder ? 1 : 0 }) + '\n')
