// Shared pieces of the benchmarks: servers on free loopback ports (stopped by
// their own pid), redis-benchmark runs, medians and the result table.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const RESULTS = join(ROOT, 'bench', 'results')

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function waitForPort(port, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = connect(port, '127.0.0.1')
      s.once('connect', () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`nothing listening on ${port}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function track(child, port, dir) {
  return {
    port,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r))
        process.kill(child.pid, 'SIGKILL')
        await gone
      }
      if (dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The real redis-server, no persistence unless `args` ask for it. */
export async function startRedis(args = []) {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'redlet-bench-redis-'))
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...args], {
    stdio: 'ignore',
  })
  await waitForPort(port)
  return track(child, port, dir)
}

/** redlet-server from the build in dist/, in its own process. */
export async function startRedlet(args = []) {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'redlet-bench-redlet-'))
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'redlet-server.js'), '--port', String(port), '--dir', dir, ...args], { stdio: 'ignore' })
  await waitForPort(port)
  return track(child, port, dir)
}

/** Requests per second for each test of one redis-benchmark run. */
export function redisBenchmark(port, args) {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-h', '127.0.0.1', '--csv', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
  const rps = {}
  for (const line of out.split('\n')) {
    const m = /^"([^"]+)","([0-9.]+)"/.exec(line)
    if (m) rps[m[1]] = Number(m[2])
  }
  return rps
}

/**
 * redis-server and redlet-server side by side: `measure(port, pipeline)` returns requests/s
 * per test; rounds alternate between the servers at -P 1 and -P 16. Returns the table rows
 * and the data (median per test, ratio redlet/redis).
 */
export async function compareServers(rounds, measure) {
  const redis = await startRedis()
  const redlet = await startRedlet()
  const rows = []
  const data = {}
  try {
    for (const pipeline of [1, 16]) {
      const samples = { redis: {}, redlet: {} }
      for (let i = 0; i < rounds; i++) {
        for (const [who, srv] of [['redis', redis], ['redlet', redlet]]) {
          for (const [t, v] of Object.entries(measure(srv.port, pipeline))) (samples[who][t] ??= []).push(v)
        }
      }
      for (const t of Object.keys(samples.redis)) {
        const a = median(samples.redis[t])
        const b = median(samples.redlet[t] ?? [])
        rows.push([`${t} -P ${pipeline}`, fmt(a), fmt(b), ratio(b, a)])
        data[`${t} -P ${pipeline}`] = { redis: a, redlet: b, ratio: b / a }
      }
    }
  } finally {
    await Promise.all([redis.stop(), redlet.stop()])
  }
  return { rows, data }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const n = s.length
  return n === 0 ? NaN : n % 2 ? s[(n - 1) >> 1] : (s[n / 2 - 1] + s[n / 2]) / 2
}

/** Runs `fn` (which returns ops/s) `rounds` times after a warm-up; returns the median. */
export function medianRate(fn, rounds = 5) {
  fn()
  const rates = []
  for (let i = 0; i < rounds; i++) rates.push(fn())
  return median(rates)
}

export const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : String(n))
export const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a')

/** Prints a table: rows of [label, ...cells]. */
export function table(title, header, rows) {
  const all = [header, ...rows].map((r) => r.map(String))
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  console.log(`\n## ${title}\n`)
  all.forEach((r, j) => {
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    if (j === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  })
}

/** Keeps a section's numbers in bench/results/<name>.json (ignored by git). */
export function save(name, data) {
  mkdirSync(RESULTS, { recursive: true })
  writeFileSync(join(RESULTS, `${name}.json`), JSON.stringify({ when: new Date().toISOString(), ...data }, null, 2) + '\n')
}

/**
 * A flat copy of `s`, as the TCP decoder produces strings: concatenation and padStart
 * leave cons strings behind, which take more memory than the engine's real inputs would.
 */
export function flat(s) {
  const codes = new Array(s.length)
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i)
  return String.fromCharCode.apply(null, codes)
}

/** Heap bytes in use after full collections (run node with --expose-gc). */
export function heapUsed() {
  for (let i = 0; i < 3; i++) globalThis.gc()
  return process.memoryUsage().heapUsed
}
