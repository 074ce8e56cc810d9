// In-process synchronous GET and SET through Redlet against a raw Map doing the
// same work (the same keys and values, as strings). Median of rounds, ops/s.
import { fmt, medianRate, ratio, save, table, ROOT } from './lib.mjs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const N = 200000

export async function run() {
  const { Redlet } = await import(pathToFileURL(join(ROOT, 'dist', 'inprocess.js')).href)
  const keys = Array.from({ length: N }, (_, i) => `key:${i}`)
  const values = Array.from({ length: N }, (_, i) => `value-${i}-xxxxxxxx`)

  const map = new Map()
  const mapSet = () => {
    const t = performance.now()
    for (let i = 0; i < N; i++) map.set(keys[i], values[i])
    return N / ((performance.now() - t) / 1000)
  }
  let sink = 0
  const mapGet = () => {
    const t = performance.now()
    for (let i = 0; i < N; i++) sink += map.get(keys[i]).length
    return N / ((performance.now() - t) / 1000)
  }
  const r = new Redlet({ autoTick: false })
  const redletSet = () => {
    const t = performance.now()
    for (let i = 0; i < N; i++) r.set(keys[i], values[i])
    return N / ((performance.now() - t) / 1000)
  }
  const redletGet = () => {
    const t = performance.now()
    for (let i = 0; i < N; i++) sink += r.get(keys[i]).length
    return N / ((performance.now() - t) / 1000)
  }
  const rows = []
  const data = {}
  for (const [name, a, b] of [
    ['SET', mapSet, redletSet],
    ['GET', mapGet, redletGet],
  ]) {
    const ra = medianRate(a, 7)
    const rb = medianRate(b, 7)
    rows.push([name, fmt(ra), fmt(rb), ratio(rb, ra)])
    data[name] = { map: ra, redlet: rb, ratio: rb / ra }
  }
  if (sink < 0) console.log(sink)
  table(`In-process: ${N} ops per round, median of 7 (ops/s)`, ['op', 'raw Map', 'Redlet', 'Redlet/Map'], rows)
  save('inprocess', data)
  return data
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
