// redlet/ioredis against ioredis-mock (the usual in-memory stand-in for ioredis
// in tests): the same commands through the same API, awaited one by one and
// pipelined, plus HSET into a 10,000-field hash. Prints ops/s and ratios and
// draws bench/results/ioredis-mock.svg. Needs `npm ci --prefix bench`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
import { pathToFileURL } from 'node:url'
import { ratioChart } from './chart.mjs'
import { fmt, median, RESULTS, ROOT, save, table } from './lib.mjs'

const OPS = 10000
const ROUNDS = 5

/** The operations: each makes its call for index i (the same on both clients). */
const ops = {
  set: (c, i) => c.set(`key:${i % 1000}`, 'value-xxxxxxxxxxxx'),
  get: (c, i) => c.get(`key:${i % 1000}`),
  incr: (c) => c.incr('counter'),
  hset: (c, i) => c.hset('hash', `field:${i % 1000}`, 'v'),
  lpush: (c) => c.lpush('list', 'v'),
  zadd: (c, i) => c.zadd('zset', i % 1000, `member:${i % 1000}`),
  'zrange 0 -1 (100)': (c) => c.zrange('z100', 0, -1),
}
// ioredis-mock copies a hash or sorted set on every write: fewer of those, or the run takes minutes
const COUNTS = { hset: 3000, lpush: 3000, zadd: 3000, 'zrange 0 -1 (100)': 1000 }

async function prepare(c) {
  await c.flushall()
  for (let i = 0; i < 1000; i++) await c.set(`key:${i}`, 'value-xxxxxxxxxxxx')
  const args = []
  for (let i = 0; i < 100; i++) args.push(i, `m${i}`)
  await c.zadd('z100', ...args)
}

async function awaited(c, op, n) {
  const t = performance.now()
  for (let i = 0; i < n; i++) await op(c, i)
  return n / ((performance.now() - t) / 1000)
}

/** Pipelines of 100 commands each, one after the other (the usual size of a batch). */
const BATCH = 100

async function pipelined(c, op, n) {
  const t = performance.now()
  for (let i = 0; i < n; ) {
    const p = c.pipeline()
    for (const end = Math.min(n, i + BATCH); i < end; i++) op(p, i)
    await p.exec()
  }
  return n / ((performance.now() - t) / 1000)
}

// a full collection before each timed round, so that neither client pays for the other's garbage
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')

async function medianOf(fn) {
  // warm-up rounds: both clients are measured with their code optimized
  for (let w = 0; w < 3; w++) await fn()
  const rates = []
  for (let r = 0; r < ROUNDS; r++) {
    gc()
    rates.push(await fn())
  }
  return median(rates)
}

async function bigHash(c) {
  await c.del('big')
  gc()
  const t = performance.now()
  for (let i = 0; i < 10000; i++) await c.hset('big', `field:${i}`, 'value')
  return 10000 / ((performance.now() - t) / 1000)
}

/** bench/results/ioredis-mock.svg from a run's data (`node bench/ioredis-mock.mjs --chart` redraws it from the saved JSON). */
export function writeChart(data) {
  const rows = Object.entries(data)
    .filter(([k]) => k !== 'when')
    .map(([label, r]) => ({ label, values: r.awaited ? { awaited: r.awaited.ratio, pipelined: r.pipelined.ratio } : { awaited: r.ratio } }))
  const svg = ratioChart({
    title: 'redlet/ioredis vs ioredis-mock (higher is better)',
    subtitle: `ops/s ratio, the same ioredis API calls on both, node ${process.version}; 1x = parity`,
    series: ['awaited', 'pipelined'],
    rows,
  })
  writeFileSync(join(RESULTS, 'ioredis-mock.svg'), svg)
}

export async function run() {
  const mockDir = join(ROOT, 'bench', 'node_modules', 'ioredis-mock')
  if (!existsSync(mockDir)) {
    console.log('\n## redlet/ioredis vs ioredis-mock\n\nskipped: run `npm ci --prefix bench` first')
    return null
  }
  const mod = await import('ioredis-mock')
  const RedisMock = mod.default ?? mod
  const { default: Redis } = await import(pathToFileURL(join(ROOT, 'dist', 'ioredis.js')).href)
  const clients = { redlet: new Redis({ port: 16999, autoTick: false }), mock: new RedisMock() }
  for (const c of Object.values(clients)) await prepare(c)
  const rows = []
  const data = {}
  for (const [name, op] of Object.entries(ops)) {
    const n = COUNTS[name] ?? OPS
    const r = {}
    for (const [mode, fn] of [
      ['awaited', awaited],
      ['pipelined', pipelined],
    ]) {
      const redlet = await medianOf(() => fn(clients.redlet, op, n))
      const mock = await medianOf(() => fn(clients.mock, op, n))
      r[mode] = { redlet, mock, ratio: redlet / mock }
    }
    data[name] = r
    rows.push([name, fmt(r.awaited.mock), fmt(r.awaited.redlet), `${r.awaited.ratio.toFixed(1)}x`, fmt(r.pipelined.mock), fmt(r.pipelined.redlet), `${r.pipelined.ratio.toFixed(1)}x`])
  }
  const hb = { redlet: await bigHash(clients.redlet), mock: await bigHash(clients.mock) }
  hb.ratio = hb.redlet / hb.mock
  data['hset into a 10k-field hash'] = hb
  rows.push(['hset ×10,000 (one hash)', fmt(hb.mock), fmt(hb.redlet), `${hb.ratio.toFixed(1)}x`, '', '', ''])
  table(`redlet/ioredis vs ioredis-mock: ${OPS} ops per round (hset, lpush, zadd 3000; zrange 1000), median of ${ROUNDS}, pipelines of ${BATCH} (ops/s)`, ['op', 'mock awaited', 'redlet awaited', 'ratio', 'mock pipelined', 'redlet pipelined', 'ratio'], rows)
  writeChart(data)
  save('ioredis-mock', data)
  for (const c of Object.values(clients)) c.disconnect()
  return data
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--chart')) writeChart(JSON.parse(readFileSync(join(RESULTS, 'ioredis-mock.json'), 'utf8')))
  else await run()
}
