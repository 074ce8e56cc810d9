// Persistence against redis-server in the same run:
//  - redis-benchmark SET (-c 50, -P 1) with appendonly yes under appendfsync
//    everysec and always, both servers configured alike (ratio redlet/redis);
//  - restart time with 1M keys: from the AOF as written (1M SET commands),
//    from the AOF after BGREWRITEAOF (a snapshot base), and from the snapshot
//    file (SAVE). Both servers get the same pipelined SETs, so that their AOFs
//    hold the same commands; the restart time is spawn to first PONG, and the
//    load time the one each server logs;
//  - BGREWRITEAOF of those keys: how long it takes, and the slowest PING a
//    client saw meanwhile (redis-server forks; redlet walks the data in slices).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fmt, freePort, median, ratio, redisBenchmark, ROOT, save, startRedis, startRedlet, table } from './lib.mjs'

const REDLET = [process.execPath, join(ROOT, 'bin', 'redlet-server.js')]

function call(port, ...args) {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1')
    let out = ''
    s.on('error', reject)
    s.on('data', (d) => {
      out += d.toString('latin1')
      if (out.endsWith('\r\n')) {
        s.destroy()
        resolve(out)
      }
    })
    // SHUTDOWN closes without a reply
    s.on('close', () => resolve(out))
    s.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`)
  })
}

/** Starts a server on `dir`; resolves with its pid, port, log and the ms from spawn to the first PONG. */
async function startOn(kind, dir, args) {
  const port = await freePort()
  const [cmd, ...pre] = kind === 'redis' ? ['redis-server'] : REDLET
  const t0 = performance.now()
  const child = spawn(cmd, [...pre, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  const exited = new Promise((r) => child.once('exit', r))
  for (;;) {
    const pong = await call(port, 'PING').catch(() => '')
    if (pong === '+PONG\r\n') break
    if (child.exitCode !== null) throw new Error(`${kind} exited: ${log}`)
    await new Promise((r) => setTimeout(r, 2))
  }
  const readyMs = performance.now() - t0
  return {
    port,
    readyMs,
    log: () => log,
    /** Seconds the server says loading took. */
    loadSeconds: () => Number(/DB loaded from (?:append only file|disk): ([0-9.]+) seconds/.exec(log)?.[1] ?? NaN),
    async shutdown() {
      await call(port, 'SHUTDOWN', 'NOSAVE').catch(() => {})
      await exited
    },
  }
}

/** Writes `n` SETs (key:i → value:i, as DEBUG POPULATE names them) in one pipeline; resolves when all are answered. */
function populate(port, n) {
  return new Promise((resolve, reject) => {
    const parts = []
    for (let i = 0; i < n; i++) {
      const k = `key:${i}`
      const v = `value:${i}`
      parts.push(`*3\r\n$3\r\nSET\r\n$${k.length}\r\n${k}\r\n$${v.length}\r\n${v}\r\n`)
    }
    const data = Buffer.from(parts.join(''), 'latin1')
    const s = connect(port, '127.0.0.1')
    let got = 0
    s.on('error', reject)
    s.on('data', (d) => {
      got += d.length
      if (got >= n * 5) {
        s.destroy()
        resolve()
      }
    })
    s.write(data)
  })
}

/** PINGs one after another until `done()`; returns the slowest round trip (ms) and how many went. */
async function pingWhile(port, done) {
  const s = connect(port, '127.0.0.1')
  await new Promise((r) => s.once('connect', r))
  let max = 0
  let n = 0
  let pending = null
  s.on('data', () => pending?.())
  while (!done()) {
    const t0 = performance.now()
    await new Promise((r) => {
      pending = r
      s.write('PING\r\n')
    })
    max = Math.max(max, performance.now() - t0)
    n++
  }
  s.destroy()
  return { max, n }
}

async function until(port, check) {
  for (;;) {
    if (check(await call(port, 'INFO', 'persistence'))) return
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function restartTimes(keys) {
  const rows = []
  const data = {}
  for (const kind of ['redis', 'redlet']) {
    const dir = mkdtempSync(join(tmpdir(), `redlet-bench-persist-${kind}-`))
    const aof = ['--appendonly', 'yes', '--appendfsync', 'everysec', '--auto-aof-rewrite-percentage', '0']
    try {
      let s = await startOn(kind, dir, aof)
      await populate(s.port, keys)
      await s.shutdown()
      s = await startOn(kind, dir, aof)
      data[`${kind} aof commands`] = { ready: s.readyMs, load: s.loadSeconds() }
      // how long clients wait at worst while the rewrite runs
      let rewriting = true
      const t0 = performance.now()
      const pinger = pingWhile(s.port, () => !rewriting)
      await call(s.port, 'BGREWRITEAOF')
      await until(s.port, (t) => t.includes('aof_rewrite_in_progress:0') && !t.includes('aof_rewrite_scheduled:1'))
      rewriting = false
      const pings = await pinger
      data[`${kind} rewrite`] = { ms: performance.now() - t0, maxPingMs: pings.max, pings: pings.n }
      await s.shutdown()
      s = await startOn(kind, dir, aof)
      data[`${kind} aof rewritten`] = { ready: s.readyMs, load: s.loadSeconds() }
      await call(s.port, 'SAVE')
      await s.shutdown()
      s = await startOn(kind, dir, [])
      const dbsize = await call(s.port, 'DBSIZE')
      if (dbsize !== `:${keys}\r\n`) throw new Error(`${kind} loaded ${dbsize.trim()} keys`)
      data[`${kind} snapshot`] = { ready: s.readyMs, load: s.loadSeconds() }
      await s.shutdown()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  for (const what of ['aof commands', 'aof rewritten', 'snapshot']) {
    const a = data[`redis ${what}`]
    const b = data[`redlet ${what}`]
    rows.push([what, fmt(a.ready), fmt(b.ready), ratio(b.ready, a.ready), fmt(a.load * 1000), fmt(b.load * 1000)])
  }
  const ra = data['redis rewrite']
  const rb = data['redlet rewrite']
  rows.push(['BGREWRITEAOF: duration', fmt(ra.ms), fmt(rb.ms), ratio(rb.ms, ra.ms), '', ''])
  rows.push(['BGREWRITEAOF: slowest PING', fmt(ra.maxPingMs, 1), fmt(rb.maxPingMs, 1), ratio(rb.maxPingMs, ra.maxPingMs), '', ''])
  return { rows, data }
}

async function run0({ rounds = 3, requests = 100000, keys = 1_000_000 } = {}) {
  const rows = []
  const data = {}
  for (const fsync of ['everysec', 'always']) {
    const args = ['--appendonly', 'yes', '--appendfsync', fsync]
    const redis = await startRedis(args)
    const redlet = await startRedlet(args)
    const samples = { redis: [], redlet: [] }
    try {
      for (let i = 0; i < rounds; i++) {
        for (const [who, srv] of [['redis', redis], ['redlet', redlet]]) {
          samples[who].push(redisBenchmark(srv.port, ['-t', 'set', '-n', String(requests), '-c', '50', '-P', '1', '-r', '100000'])['SET'])
        }
      }
    } finally {
      await Promise.all([redis.stop(), redlet.stop()])
    }
    const a = median(samples.redis)
    const b = median(samples.redlet)
    rows.push([`SET appendfsync ${fsync}`, fmt(a), fmt(b), ratio(b, a)])
    data[`SET appendfsync ${fsync}`] = { redis: a, redlet: b, ratio: b / a }
  }
  table(`Persistence: redis-benchmark SET -c 50 -n ${requests}, appendonly yes, median of ${rounds} (requests/s)`, ['test', 'redis-server', 'redlet', 'redlet/redis'], rows)
  const restart = await restartTimes(keys)
  table(
    `Restart with ${fmt(keys)} keys: spawn to first PONG, and the load time each server logs (ms)`,
    ['from', 'redis ready', 'redlet ready', 'redlet/redis', 'redis load', 'redlet load'],
    restart.rows,
  )
  save('persistence', { ...data, restart: restart.data })
  return data
}



export { restartTimes }
