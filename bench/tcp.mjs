// redis-benchmark against redis-server and redlet-server in the same run:
// SET, GET and INCR at -c 50 with -P 1 and -P 16. Runs alternate between the two
// servers and the median of the rounds is reported, with the ratio redlet/redis.
import { compareServers, redisBenchmark, save, table } from './lib.mjs'

export async function run({ rounds = 3, requests = 200000 } = {}) {
  const { rows, data } = await compareServers(rounds, (port, pipeline) =>
    redisBenchmark(port, ['-t', 'set,get,incr', '-n', String(requests), '-c', '50', '-P', String(pipeline), '-r', '100000']),
  )
  table(`TCP: redis-benchmark -c 50 -n ${requests}, median of ${rounds} (requests/s)`, ['test', 'redis-server', 'redlet', 'redlet/redis'], rows)
  save('tcp', data)
  return data
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
