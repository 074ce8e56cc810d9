// Data types at scale, against redis-server in the same run:
// - load 1M elements into one hash, list, set and sorted set over TCP (pipelined);
// - redis-benchmark on them: HGET, LINDEX at both ends, SISMEMBER, ZADD, ZRANK, ZRANGE 0 99;
// - bytes per element: redlet's heap (a --expose-gc child loading through the
//   in-process engine) against redis-server's used_memory for the same data;
// - in-process: HSET into a 10,000-field hash, LPUSH and ZADD (ops/s, ns/op).
// Ratios are redlet/redis (throughput: higher is better; memory: lower is better).
import { execFileSync } from 'node:child_process'
import { connect } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { fmt, median, medianRate, ratio, redisBenchmark, ROOT, save, startRedis, startRedlet, table } from './lib.mjs'
import { loaders } from './types-data.mjs'

const TYPES = ['hash', 'list', 'set', 'zset']

function encode(argv) {
  let s = `*${argv.length}\r\n`
  for (const a of argv) s += `$${Buffer.byteLength(a)}\r\n${a}\r\n`
  return s
}

/** The load of one type as RESP batches of `batch` commands, built before any timing. */
function loadBatches(type, n, batch = 10000) {
  const out = []
  for (let i = 0; i < n; i += batch) {
    let s = ''
    for (let j = i; j < Math.min(n, i + batch); j++) s += encode(loaders[type].argv(j))
    out.push({ buf: Buffer.from(s, 'latin1'), count: Math.min(n, i + batch) - i })
  }
  return out
}

/**
 * Sends the batches with up to `window` commands in flight; resolves with the
 * seconds until the last reply. Every reply of these commands is one integer line.
 */
function pipelinedLoad(port, batches, window = 50000) {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1')
    const total = batches.reduce((a, b) => a + b.count, 0)
    let sent = 0
    let next = 0
    let received = 0
    let t0 = 0
    const pump = () => {
      while (next < batches.length && sent - received < window) {
        const b = batches[next++]
        sent += b.count
        sock.write(b.buf)
      }
    }
    sock.on('connect', () => {
      t0 = performance.now()
      pump()
    })
    sock.on('data', (d) => {
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) received++
      if (d[0] === 45) reject(new Error(`error reply while loading: ${d.toString('latin1', 0, 80)}`))
      if (received >= total) {
        const secs = (performance.now() - t0) / 1000
        sock.destroy()
        resolve(secs)
      } else pump()
    })
    sock.on('error', reject)
  })
}

function redisUsedMemory(port) {
  const out = execFileSync('redis-cli', ['-p', String(port), 'INFO', 'memory'], { encoding: 'utf8' })
  return Number(/^used_memory:(\d+)/m.exec(out)[1])
}

function memoryChild(store, type, n) {
  const out = execFileSync(process.execPath, ['--expose-gc', join(ROOT, 'bench', 'types-memory-child.mjs'), store, type, String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  return JSON.parse(out.trim().split('\n').pop()).bytesPerElement
}

/** redis-benchmark tests over the loaded keys: [label, requests, command...]. */
function benchTests(n) {
  return [
    ['HGET h field:<rand>', 200000, 'HGET', 'h', 'field:__rand_int__'],
    ['LINDEX l 0', 200000, 'LINDEX', 'l', '0'],
    ['LINDEX l -1', 200000, 'LINDEX', 'l', '-1'],
    ['SISMEMBER s member:<rand>', 200000, 'SISMEMBER', 's', 'member:__rand_int__'],
    ['ZADD z <rand> member:<rand>', 200000, 'ZADD', 'z', '__rand_int__', 'member:__rand_int__'],
    ['ZRANK z member:<rand>', 200000, 'ZRANK', 'z', 'member:__rand_int__'],
    ['ZRANGE z 0 99', 30000, 'ZRANGE', 'z', '0', '99'],
  ].map(([label, requests, ...cmd]) => ({ label, args: ['-n', String(requests), '-c', '50', '-P', '16', '-r', String(n), ...cmd] }))
}

async function overTcp(n, rounds) {
  const redis = await startRedis()
  const redlet = await startRedlet()
  const load = {}
  const memory = {}
  const ops = {}
  try {
    for (const type of TYPES) {
      const batches = loadBatches(type, n)
      const before = redisUsedMemory(redis.port)
      const a = await pipelinedLoad(redis.port, batches)
      memory[type] = (redisUsedMemory(redis.port) - before) / n
      const b = await pipelinedLoad(redlet.port, batches)
      load[type] = { redis: a, redlet: b, ratio: a / b }
    }
    for (const t of benchTests(n)) {
      const samples = { redis: [], redlet: [] }
      for (let i = 0; i < rounds; i++) {
        for (const [who, srv] of [['redis', redis], ['redlet', redlet]]) {
          const rps = Object.values(redisBenchmark(srv.port, t.args))[0]
          samples[who].push(rps ?? NaN)
        }
      }
      const a = median(samples.redis)
      const b = median(samples.redlet)
      ops[t.label] = { redis: a, redlet: b, ratio: b / a }
    }
  } finally {
    await Promise.all([redis.stop(), redlet.stop()])
  }
  return { load, memory, ops }
}

/** In-process throughput through the synchronous Redlet, beside the bare JS structure doing the same work. */
async function inProcess() {
  const { Redlet } = await import(pathToFileURL(join(ROOT, 'dist', 'inprocess.js')).href)
  const FIELDS = 10000
  const OPS = 200000
  const fields = Array.from({ length: FIELDS }, (_, i) => `field:${i}`)
  const values = Array.from({ length: OPS }, (_, i) => `value:${i}`)
  const scores = Array.from({ length: OPS }, (_, i) => String((i * 7919) % OPS))
  const rate = (fn) => () => {
    const t = performance.now()
    fn()
    return OPS / ((performance.now() - t) / 1000)
  }
  const cases = [
    [
      `HSET into a ${fmt(FIELDS)}-field hash`,
      'Map.set',
      () => {
        const m = new Map()
        return rate(() => {
          for (let i = 0; i < OPS; i++) m.set(fields[i % FIELDS], values[i])
        })
      },
      () => {
        const r = new Redlet({ autoTick: false })
        return rate(() => {
          for (let i = 0; i < OPS; i++) r.call('HSET', 'h', fields[i % FIELDS], values[i])
        })
      },
    ],
    [
      `LPUSH (${fmt(OPS)} per round)`,
      'Array push',
      () => {
        let a = []
        return rate(() => {
          a = []
          for (let i = 0; i < OPS; i++) a.push(values[i])
        })
      },
      () => {
        const r = new Redlet({ autoTick: false })
        return rate(() => {
          r.call('DEL', 'l')
          for (let i = 0; i < OPS; i++) r.call('LPUSH', 'l', values[i])
        })
      },
    ],
    [
      `ZADD (${fmt(OPS)} members per round)`,
      'Map.set, unordered',
      () => {
        let m = new Map()
        return rate(() => {
          m = new Map()
          for (let i = 0; i < OPS; i++) m.set(values[i], Number(scores[i]))
        })
      },
      () => {
        const r = new Redlet({ autoTick: false })
        return rate(() => {
          r.call('DEL', 'z')
          for (let i = 0; i < OPS; i++) r.call('ZADD', 'z', scores[i], values[i])
        })
      },
    ],
  ]
  const out = {}
  for (const [label, reference, js, redlet] of cases) {
    const a = medianRate(js(), 5)
    const b = medianRate(redlet(), 5)
    out[label] = { reference, js: a, redlet: b, ratio: b / a, redletNsPerOp: 1e9 / b }
  }
  return out
}

export async function run({ n = Number(process.env['TYPES_N'] ?? 1000000), rounds = 3 } = {}) {
  const tcp = await overTcp(n, rounds)
  table(
    `Load ${fmt(n)} elements per type over TCP, pipelined (seconds; ratio = redlet speed / redis speed)`,
    ['type', 'redis-server', 'redlet', 'redlet/redis'],
    TYPES.map((t) => [t, fmt(tcp.load[t].redis, 2), fmt(tcp.load[t].redlet, 2), ratio(tcp.load[t].redis, tcp.load[t].redlet)]),
  )
  table(
    `redis-benchmark on the ${fmt(n)}-element keys: -c 50 -P 16, median of ${rounds} (requests/s)`,
    ['command', 'redis-server', 'redlet', 'redlet/redis'],
    Object.entries(tcp.ops).map(([k, v]) => [k, fmt(v.redis), fmt(v.redlet), ratio(v.redlet, v.redis)]),
  )

  const memory = {}
  for (const type of TYPES) {
    const redlet = memoryChild('redlet', type, n)
    const js = memoryChild('js', type, n)
    memory[type] = { redis: tcp.memory[type], redlet, js, ratio: redlet / tcp.memory[type] }
  }
  table(
    `Memory: bytes per element for ${fmt(n)} elements (redlet heap delta; redis used_memory delta)`,
    ['type', 'redis-server', 'redlet', 'bare JS', 'redlet/redis'],
    TYPES.map((t) => [t, fmt(memory[t].redis, 1), fmt(memory[t].redlet, 1), fmt(memory[t].js, 1), ratio(memory[t].redlet, memory[t].redis)]),
  )

  const inproc = await inProcess()
  table(
    'In-process: Redlet.call against the bare JS structure doing the same work, median of 5',
    ['op', 'JS reference', 'JS ops/s', 'Redlet ops/s', 'Redlet ns/op', 'Redlet/JS'],
    Object.entries(inproc).map(([k, v]) => [k, v.reference, fmt(v.js), fmt(v.redlet), fmt(v.redletNsPerOp), ratio(v.redlet, v.js)]),
  )
  const data = { n, load: tcp.load, ops: tcp.ops, memory, inprocess: inproc }
  save('types', data)
  return data
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
