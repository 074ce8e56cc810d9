// EVALSHA of a small script, XADD, and XREADGROUP against redis-server in the
// same run (redis-benchmark with arbitrary commands), with ratios redlet/redis.
import { execFileSync } from 'node:child_process'
import { compareServers, redisBenchmark, save, table } from './lib.mjs'

const SCRIPT = "return redis.call('INCRBY', KEYS[1], ARGV[1])"

function cli(port, ...args) {
  return execFileSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).trim()
}

function rate(port, n, pipeline, command) {
  const rps = redisBenchmark(port, ['-n', String(n), '-c', '50', '-P', String(pipeline), ...command])
  return Object.values(rps)[0]
}

/** One round on one server: requests/s for each test. */
function round(port, n, pipeline) {
  cli(port, 'FLUSHALL')
  const sha = cli(port, 'SCRIPT', 'LOAD', SCRIPT)
  const out = {}
  out['EVALSHA (INCRBY script)'] = rate(port, n, pipeline, ['EVALSHA', sha, '1', 'counter', '1'])
  out['XADD s * f v'] = rate(port, n, pipeline, ['XADD', 'stream', '*', 'field', 'value'])
  cli(port, 'XGROUP', 'CREATE', 'stream', 'group', '0')
  // every call reads the next undelivered entry: n entries were added above
  out['XREADGROUP COUNT 1 >'] = rate(port, n, pipeline, ['XREADGROUP', 'GROUP', 'group', 'consumer', 'COUNT', '1', 'STREAMS', 'stream', '>'])
  return out
}

export async function run({ rounds = 3, n = 100000 } = {}) {
  const { rows, data } = await compareServers(rounds, (port, pipeline) => round(port, n, pipeline))
  table(`Scripts and streams: redis-benchmark -c 50 -n ${n}, median of ${rounds} (requests/s)`, ['test', 'redis-server', 'redlet', 'redlet/redis'], rows)
  save('scripts-streams', data)
  return data
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
