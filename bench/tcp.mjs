// redis-benchmark against redis-server and redlet-server in the same run:
// SET, GET and INCR at -c 50 with -P 1 and -P 16. Runs alternate between the two
// servers and the median of the rounds is reported, with the ratio redlet/redis.
import { median, ratio, fmt, redisBenchmark, save, startRedis, startRedlet, table } from './lib.mjs'

export async function run({ rounds = 3, requests = 200000 } = {}) {
  const redis = await startRedis()
  const redlet = await startRedlet()
  const rows = []
  const data = {}
  try {
    for (const pipeline of [1, 16]) {
      const samples = { redis: {}, redlet: {} }
      const args = ['-t', 'set,get,incr', '-n', String(requests), '-c', '50', '-P', String(pipeline), '-r', '100000']
      for (let i = 0; i < rounds; i++) {
        for (const [who, srv] of [['redis', redis], ['redlet', redlet]]) {
          const rps = redisBenchmark(srv.port, args)
          for (const [t, v] of Object.entries(rps)) (samples[who][t] ??= []).push(v)
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
  table(`TCP: redis-benchmark -c 50 -n ${requests}, median of ${rounds} (requests/s)`, ['test', 'redis-server', 'redlet', 'redlet/redis'], rows)
  save('tcp', data)
  return data
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
