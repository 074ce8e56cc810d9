// https://redis.io/commands/memory/
// Figures are redlet's own estimates (core/memory.ts: what maxmemory and INFO memory use), not an
// allocator's. MEMORY STATS takes every figure from INFO memory (so an adapter's live process
// figures, such as the Node RSS, show in both); per database, the hash table figures are the keys
// Map's and the expires Map's estimated tables. Fields redlet has nothing behind (replication
// backlog, replica buffers, cluster links, slot-to-keys) are 0.
import { BOXED_NUMBER, mapTableBytes, stringBytes, valueBytes } from '../core/memory.js'
import { parseLL } from '../core/numbers.js'
import type { Value } from '../core/values/types.js'
import type { Engine } from '../engine.js'
import { CommandError, Err, unknownSubcommand } from '../errors.js'
import { bulk, double, integer, map, NULL_BULK, OK, verbatim, type Reply } from '../resp/types.js'
import { is } from './args.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { helpSubcommand } from './server-command-docs.js'
import { infoSections, infoText } from './server-info.js'

const HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
]

/** A Map entry's share of its table (core/memory.ts: capacity × 28 bytes, one slot per entry at best). */
const MAP_SLOT = 28

/** Estimated bytes of one key: its name, its value, its slot in the keys Map, and its expiry if any. */
export function keyUsage(key: string, value: Value, hasTtl: boolean): number {
  return stringBytes(key.length) + valueBytes(value) + MAP_SLOT + (hasTtl ? MAP_SLOT + BOXED_NUMBER : 0)
}

/** INFO memory as numbers by field name (the adapter's live figures included). */
function memoryInfo(e: Engine): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of infoText(e, infoSections(['memory'])).split('\r\n')) {
    const i = line.indexOf(':')
    if (i > 0) out.set(line.slice(0, i), Number(line.slice(i + 1)))
  }
  return out
}

/** Redis keeps these ratios in C floats: reply with the float's value, as %.17g prints it. */
const float = (x: number): Reply => double(Math.fround(x))

const SUB = { group: 'server', since: '4.0.0', arity: 2, flags: [] } as const
const SPECIAL = ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special']
const SLOW_ALLOCATOR = 'Depends on how much memory is allocated, could be slow'

/** Redis's doctor stays silent under 5 MB. */
const DOCTOR_MIN = 5 * 1024 * 1024
const DOCTOR_EMPTY =
  "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n"
const DOCTOR_FINE = "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n"
const DOCTOR_HEAD = 'Sam, I detected a few issues in this Redis instance memory implants:\n\n'
const DOCTOR_PEAK =
  ' * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\n'
const DOCTOR_TAIL = "I'm here to keep you safe, Sam. I want to help you.\n"

/** The doctor's report. Of Redis's checks only the peak one applies: the others read allocator and RSS figures redlet does not estimate. */
export function doctorReport(e: Engine): string {
  const m = memoryInfo(e)
  const used = m.get('used_memory') ?? 0
  if (used < DOCTOR_MIN) return DOCTOR_EMPTY
  const peak = m.get('used_memory_peak') ?? used
  if (peak / used > 1.5) return DOCTOR_HEAD + DOCTOR_PEAK + DOCTOR_TAIL
  return DOCTOR_FINE
}

const doctorCommand = defineCommand({
  ...SUB,
  name: 'doctor',
  summary: 'Outputs a memory problems report.',
  complexity: 'O(1)',
  tips: SPECIAL,
  run: (ctx) => verbatim(doctorReport(ctx.engine)),
})

const helpCommand = helpSubcommand('memory', 'server', '4.0.0', HELP)

const mallocStatsCommand = defineCommand({
  ...SUB,
  name: 'malloc-stats',
  summary: 'Returns the allocator statistics.',
  complexity: SLOW_ALLOCATOR,
  tips: SPECIAL,
  // Redis's reply when built without jemalloc: a plain bulk string in both protocols
  run: () => bulk('Stats not supported for the current allocator'),
})

const purgeCommand = defineCommand({
  ...SUB,
  name: 'purge',
  summary: 'Asks the allocator to release memory.',
  complexity: SLOW_ALLOCATOR,
  tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
  run: () => OK,
})

/** MEMORY STATS: Redis's fields in its order. */
export function memoryStats(e: Engine): Reply {
  const m = memoryInfo(e)
  const f = (name: string): number => m.get(name) ?? 0
  const total = f('used_memory')
  const startup = f('used_memory_startup')
  const out: Reply[] = []
  const field = (name: string, v: Reply): void => {
    out.push(bulk(name), v)
  }
  field('peak.allocated', integer(f('used_memory_peak')))
  field('total.allocated', integer(total))
  field('startup.allocated', integer(startup))
  field('replication.backlog', integer(0))
  field('clients.slaves', integer(0))
  field('clients.normal', integer(f('mem_clients_normal')))
  field('cluster.links', integer(0))
  field('aof.buffer', integer(f('mem_aof_buffer')))
  field('lua.caches', integer(f('used_memory_scripts_eval')))
  field('functions.caches', integer(f('used_memory_functions')))
  let keys = 0
  for (const db of e.dbs) {
    const n = db.size
    if (n === 0) continue
    keys += n
    const expires = db.expiresCount
    field(
      `db.${db.id}`,
      map([
        bulk('overhead.hashtable.main'),
        integer(mapTableBytes(n)),
        bulk('overhead.hashtable.expires'),
        integer(mapTableBytes(expires) + expires * BOXED_NUMBER),
        bulk('overhead.hashtable.slot-to-keys'),
        integer(0),
      ]),
    )
  }
  // Redis divides by at least 1
  const net = total > startup ? total - startup : 1
  const dataset = f('used_memory_dataset')
  field('overhead.total', integer(f('used_memory_overhead')))
  field('keys.count', integer(keys))
  field('keys.bytes-per-key', integer(keys === 0 ? 0 : Math.floor(net / keys)))
  field('dataset.bytes', integer(dataset))
  field('dataset.percentage', float((dataset * 100) / net))
  field('peak.percentage', float((total * 100) / (f('used_memory_peak') || total || 1)))
  const allocated = f('allocator_allocated')
  const active = f('allocator_active')
  const resident = f('allocator_resident')
  const rss = f('used_memory_rss')
  field('allocator.allocated', integer(allocated))
  field('allocator.active', integer(active))
  field('allocator.resident', integer(resident))
  field('allocator-fragmentation.ratio', float(active / (allocated || 1)))
  field('allocator-fragmentation.bytes', integer(active - allocated))
  field('allocator-rss.ratio', float(resident / (active || 1)))
  field('allocator-rss.bytes', integer(resident - active))
  field('rss-overhead.ratio', float(rss / (resident || 1)))
  field('rss-overhead.bytes', integer(rss - resident))
  field('fragmentation', float(rss / (total || 1)))
  field('fragmentation.bytes', integer(rss - total))
  return map(out)
}

const statsCommand = defineCommand({
  ...SUB,
  name: 'stats',
  summary: 'Returns details about memory usage.',
  complexity: 'O(1)',
  tips: SPECIAL,
  run: (ctx) => memoryStats(ctx.engine),
})

const usageCommand = defineCommand({
  ...SUB,
  name: 'usage',
  summary: 'Estimates the memory usage of a key.',
  complexity: 'O(N) where N is the number of samples.',
  arity: -3,
  flags: ['readonly'],
  keySpecs: [ks.one(['RO'], 2)],
  options: ['SAMPLES'],
  run: (ctx, args) => {
    const key = args[0] as string
    for (let i = 1; i < args.length; i++) {
      if (!is(args[i] as string, 'samples') || i + 1 >= args.length) throw new CommandError(Err.syntax)
      const n = parseLL(args[++i] as string)
      if (n === null) throw new CommandError(Err.notInteger)
      if (n < 0) throw new CommandError(Err.syntax)
    }
    // Redis 7.0 looks the key up without expiring it or counting a hit: an expired key not yet
    // reclaimed still has a size. redlet's estimate is exact, so SAMPLES changes nothing.
    const db = ctx.db
    const v = db.contents.data.get(key)
    if (v === undefined) return NULL_BULK
    return integer(keyUsage(key, v, db.getExpire(key) !== undefined))
  },
})

export const memoryCommand = defineCommand({
  name: 'memory',
  group: 'server',
  since: '4.0.0',
  summary: 'A container for memory diagnostics commands.',
  complexity: 'Depends on subcommand.',
  arity: -2,
  flags: [],
  subcommands: [doctorCommand, helpCommand, mallocStatsCommand, purgeCommand, statsCommand, usageCommand] satisfies CommandSpec[],
  run: (_ctx, args) => {
    throw new CommandError(unknownSubcommand(args[0] as string, 'memory'))
  },
})

export const memoryCommands: readonly CommandSpec[] = [memoryCommand]
