// Heap bytes per key for 1M keys with 16-byte values: redlet's keyspace beside a
// bare Map<string, string>, and redis-server's used_memory for the same data.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { fmt, ratio, ROOT, save, startRedis, table } from './lib.mjs'

function child(store, n) {
  const out = execFileSync(process.execPath, ['--expose-gc', join(ROOT, 'bench', 'memory-child.mjs'), store, String(n)], { encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').pop())
}

function redisInfo(port, field) {
  const out = execFileSync('redis-cli', ['-p', String(port), 'INFO', 'memory'], { encoding: 'utf8' })
  return Number(new RegExp(`^${field}:(\\d+)`, 'm').exec(out)[1])
}

export async function run({ n = 1000000 } = {}) {
  const redletRun = child('redlet', n)
  const mapRun = child('map', n)
  const redis = await startRedis(['--enable-debug-command', 'yes'])
  let redisPerKey
  try {
    const base = redisInfo(redis.port, 'used_memory')
    execFileSync('redis-cli', ['-p', String(redis.port), 'DEBUG', 'POPULATE', String(n), 'key', '16'])
    redisPerKey = (redisInfo(redis.port, 'used_memory') - base) / n
  } finally {
    await redis.stop()
  }
  const rows = [
    ['redlet keyspace', fmt(redletRun.bytesPerKey, 1), ratio(redletRun.bytesPerKey, redisPerKey)],
    ['bare Map<string,string>', fmt(mapRun.bytesPerKey, 1), ratio(mapRun.bytesPerKey, redisPerKey)],
    ['redis-server used_memory', fmt(redisPerKey, 1), '1.00x'],
  ]
  table(`Memory: ${fmt(n)} keys with 16-byte values (bytes per key)`, ['store', 'B/key', 'vs redis'], rows)
  const data = { redlet: redletRun.bytesPerKey, map: mapRun.bytesPerKey, redis: redisPerKey }
  save('memory', data)
  return data
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
