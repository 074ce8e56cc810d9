// https://redis.io/commands/info/
import type { Engine } from '../engine.js'
import { bulk, verbatim } from '../resp/types.js'
import { EMPTY_DB_BYTES, ENGINE_BYTES } from '../core/memory.js'
import { REDIS_VERSION } from '../version.js'
import { clientIo, clientSessions } from './client-info.js'
import { defineCommand } from './define.js'
import { persistenceFields } from './persistence.js'
import { arg, subcommandsOf } from './server-command-docs.js'
import { tableCommands } from './server-command.js'

type Fields = [name: string, value: string | number][]

/** Sections in the order INFO prints them. */
const SECTIONS = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'modules',
  'commandstats',
  'errorstats',
  'latencystats',
  'cluster',
  'keyspace',
] as const
type Section = (typeof SECTIONS)[number]

const DEFAULT_SECTIONS: ReadonlySet<Section> = new Set<Section>(['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace'])

/** Counters an adapter keeps in `engine.serverInfo`; CONFIG RESETSTAT zeroes them. */
const ADAPTER_COUNTERS = ['total_net_input_bytes', 'total_net_output_bytes', 'total_reads_processed', 'total_writes_processed']

interface Sample {
  at: number
  commands: number
  input: number
  output: number
}

/** Per-engine INFO state: ids, the memory peak and the samples behind the instantaneous rates. */
interface InfoState {
  runId: string
  replId: string
  peak: number
  samples: Sample[]
}

const states = new WeakMap<Engine, InfoState>()

function hex40(random: () => number): string {
  let s = ''
  for (let i = 0; i < 40; i++) s += Math.floor(random() * 16).toString(16)
  return s
}

function stateOf(engine: Engine): InfoState {
  let st = states.get(engine)
  if (!st) {
    st = { runId: hex40(engine.random), replId: hex40(engine.random), peak: 0, samples: [] }
    states.set(engine, st)
  }
  return st
}

/** A number an adapter supplies (`serverInfo`), else `fallback`. */
function num(engine: Engine, name: string, fallback = 0): number {
  const v = engine.serverInfo[name]
  return typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : fallback
}

/** Redis's bytesToHuman. */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P']
  if (n < 1024) return `${n}B`
  for (let i = 0; i < units.length; i++) {
    const d = n / 1024 ** (i + 1)
    if (n < 1024 ** (i + 2)) return `${d.toFixed(2)}${units[i]}`
  }
  return `${n}B`
}

const fixed2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '0.00')
const ratio = (a: number, b: number): string => (b === 0 ? '0.00' : fixed2(a / b))

/** Resets what CONFIG RESETSTAT resets: engine counters, command and error stats, adapter counters. */
export function resetStats(engine: Engine): void {
  const st = engine.stats
  st.commands = 0
  st.connections = 0
  st.rejectedConnections = 0
  st.expiredKeys = 0
  st.evictedKeys = 0
  st.hits = 0
  st.misses = 0
  st.errorReplies = 0
  st.errors.clear()
  engine.commandStats.reset()
  for (const k of ADAPTER_COUNTERS) if (k in engine.serverInfo) engine.serverInfo[k] = 0
  const info = states.get(engine)
  if (info) {
    info.samples = []
    info.peak = 0
  }
}

/** Rates per second over the recent INFO calls (Redis samples them in its cron). */
function rates(engine: Engine): { ops: number; inKbps: number; outKbps: number } {
  const st = stateOf(engine)
  const now = engine.clock.now()
  const cur: Sample = { at: now, commands: engine.stats.commands, input: num(engine, 'total_net_input_bytes'), output: num(engine, 'total_net_output_bytes') }
  const old = st.samples.find((s) => now - s.at <= 2000 && now - s.at >= 100) ?? st.samples.filter((s) => now - s.at >= 100).pop()
  const last = st.samples[st.samples.length - 1]
  if (!last || now - last.at >= 100) {
    st.samples.push(cur)
    if (st.samples.length > 16) st.samples.shift()
  }
  if (!old) return { ops: 0, inKbps: 0, outKbps: 0 }
  const secs = (now - old.at) / 1000
  return {
    ops: Math.round((cur.commands - old.commands) / secs),
    inKbps: (cur.input - old.input) / 1024 / secs,
    outKbps: (cur.output - old.output) / 1024 / secs,
  }
}

function serverSection(e: Engine, st: InfoState): Fields {
  const now = e.clock.now()
  const up = Math.floor((now - e.startTime) / 1000)
  const hz = e.config.getInt('hz')
  return [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    ['os', 'unknown'],
    ['arch_bits', 64],
    ['monotonic_clock', 'injected clock'],
    ['multiplexing_api', 'none'],
    ['atomicvar_api', 'none'],
    ['gcc_version', '0.0.0'],
    ['process_id', 0],
    ['process_supervised', 'no'],
    ['run_id', st.runId],
    ['tcp_port', e.config.getInt('port')],
    ['server_time_usec', Math.floor(now * 1000)],
    ['uptime_in_seconds', up],
    ['uptime_in_days', Math.floor(up / 86400)],
    ['hz', hz],
    ['configured_hz', hz],
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', ''],
    ['config_file', ''],
    ['io_threads_active', 0],
  ]
}

function clientsSection(e: Engine): Fields {
  let maxIn = 0
  let maxOut = 0
  let timeouts = 0
  for (const s of clientSessions(e)) {
    const io = clientIo(s)
    maxIn = Math.max(maxIn, io.queryBuffer)
    maxOut = Math.max(maxOut, io.outputMemory + io.outputBuffer)
    if (s.blocked !== null && s.blocked.deadline !== 0) timeouts++
  }
  return [
    ['connected_clients', e.sessions.size],
    ['cluster_connections', 0],
    ['maxclients', e.config.getInt('maxclients')],
    ['client_recent_max_input_buffer', maxIn],
    ['client_recent_max_output_buffer', maxOut],
    ['blocked_clients', e.blocking.count],
    ['tracking_clients', e.tracking.clients],
    ['clients_in_timeout_table', timeouts],
  ]
}

function memorySection(e: Engine, st: InfoState): Fields {
  let clientsMem = 0
  for (const s of clientSessions(e)) {
    const io = clientIo(s)
    clientsMem += io.queryBuffer + io.queryBufferFree + io.replyBufferSize + io.outputMemory
  }
  // used_memory is the data's estimate (core/memory.ts, what maxmemory limits) plus client buffers;
  // the process figures (rss, the allocator's) come from the adapter
  const startup = ENGINE_BYTES + EMPTY_DB_BYTES * e.dbs.length
  const data = e.usedMemory()
  const used = data + clientsMem
  const rss = num(e, 'used_memory_rss', used)
  st.peak = Math.max(st.peak, used)
  const allocated = num(e, 'allocator_allocated', used)
  const active = num(e, 'allocator_active', used)
  const resident = num(e, 'allocator_resident', rss)
  const system = num(e, 'total_system_memory')
  const maxmemory = e.config.getInt('maxmemory')
  const dataset = Math.max(0, data - startup)
  return [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', bytesToHuman(rss)],
    ['used_memory_peak', st.peak],
    ['used_memory_peak_human', bytesToHuman(st.peak)],
    ['used_memory_peak_perc', `${ratio(used * 100, st.peak)}%`],
    ['used_memory_overhead', startup + clientsMem],
    ['used_memory_startup', startup],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${ratio(dataset * 100, used - startup)}%`],
    ['allocator_allocated', allocated],
    ['allocator_active', active],
    ['allocator_resident', resident],
    ['total_system_memory', system],
    ['total_system_memory_human', bytesToHuman(system)],
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', e.config.get('maxmemory-policy')],
    ['allocator_frag_ratio', ratio(active, allocated)],
    ['allocator_frag_bytes', active - allocated],
    ['allocator_rss_ratio', ratio(resident, active)],
    ['allocator_rss_bytes', resident - active],
    ['rss_overhead_ratio', ratio(rss, resident)],
    ['rss_overhead_bytes', rss - resident],
    ['mem_fragmentation_ratio', ratio(rss, used)],
    ['mem_fragmentation_bytes', rss - used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', clientsMem],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', 'unknown'],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ]
}

function persistenceSection(e: Engine): Fields {
  return persistenceFields(e)
}

function statsSection(e: Engine): Fields {
  const s = e.stats
  const r = rates(e)
  const zero = (...names: string[]): Fields => names.map((n) => [n, 0])
  return [
    ['total_connections_received', s.connections],
    ['total_commands_processed', s.commands],
    ['instantaneous_ops_per_sec', r.ops],
    ['total_net_input_bytes', 0],
    ['total_net_output_bytes', 0],
    ...zero('total_net_repl_input_bytes', 'total_net_repl_output_bytes'),
    ['instantaneous_input_kbps', fixed2(r.inKbps)],
    ['instantaneous_output_kbps', fixed2(r.outKbps)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', s.rejectedConnections],
    ...zero('sync_full', 'sync_partial_ok', 'sync_partial_err'),
    ['expired_keys', s.expiredKeys],
    ['expired_stale_perc', '0.00'],
    ...zero('expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds'),
    ['evicted_keys', s.evictedKeys],
    ...zero('evicted_clients', 'total_eviction_exceeded_time', 'current_eviction_exceeded_time'),
    ['keyspace_hits', s.hits],
    ['keyspace_misses', s.misses],
    ['pubsub_channels', e.pubsub.channels.size],
    ['pubsub_patterns', e.pubsub.patterns.size],
    ['pubsubshard_channels', e.pubsub.shardChannels.size],
    ...zero('latest_fork_usec', 'total_forks', 'migrate_cached_sockets', 'slave_expires_tracked_keys'),
    ...zero('active_defrag_hits', 'active_defrag_misses', 'active_defrag_key_hits', 'active_defrag_key_misses'),
    ...zero('total_active_defrag_time', 'current_active_defrag_time'),
    ['tracking_total_keys', e.tracking.table.size],
    ['tracking_total_items', e.tracking.items],
    ['tracking_total_prefixes', e.tracking.prefixes.size],
    ['unexpected_error_replies', 0],
    ['total_error_replies', s.errorReplies],
    ['dump_payload_sanitizations', 0],
    ...zero('total_reads_processed', 'total_writes_processed', 'io_threaded_reads_processed', 'io_threaded_writes_processed'),
    ...zero('reply_buffer_shrinks', 'reply_buffer_expands'),
  ]
}

function replicationSection(st: InfoState): Fields {
  return [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', st.replId],
    ['master_replid2', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', 1048576],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ]
}

function cpuSection(e: Engine): Fields {
  const sec = (name: string): string => num(e, name).toFixed(6)
  return [
    ['used_cpu_sys', sec('used_cpu_sys')],
    ['used_cpu_user', sec('used_cpu_user')],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', sec('used_cpu_sys')],
    ['used_cpu_user_main_thread', sec('used_cpu_user')],
  ]
}

function commandstatsSection(e: Engine): Fields {
  const out: Fields = []
  for (const c of tableCommands(e)) {
    for (const x of [c, ...subcommandsOf(c)]) {
      const st = e.commandStats.peek(x)
      if (st === undefined || (st.calls === 0 && st.failed === 0 && st.rejected === 0)) continue
      const perCall = st.calls === 0 ? 0 : st.usec / st.calls
      out.push([`cmdstat_${x.fullName}`, `calls=${st.calls},usec=${st.usec},usec_per_call=${perCall.toFixed(2)},rejected_calls=${st.rejected},failed_calls=${st.failed}`])
    }
  }
  return out
}

function errorstatsSection(e: Engine): Fields {
  const codes = [...e.stats.errors.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return codes.map((code) => [`errorstat_${code}`, `count=${e.stats.errors.get(code) ?? 0}`])
}

/** avg_ttl from a bounded sample of the keys with a TTL (Redis keeps a running estimate). */
function keyspaceSection(e: Engine): Fields {
  const out: Fields = []
  const now = e.clock.now()
  for (const db of e.dbs) {
    if (db.size === 0) continue
    let sum = 0
    let n = 0
    if (db.expiresCount !== 0) {
      let seen = 0
      for (const [key] of db.entries()) {
        if (++seen > 1000) break
        const at = db.getExpire(key)
        if (at !== undefined && at > now) {
          sum += at - now
          n++
        }
      }
    }
    out.push([`db${db.id}`, `keys=${db.size},expires=${db.expiresCount},avg_ttl=${n === 0 ? 0 : Math.floor(sum / n)}`])
  }
  return out
}

function sectionFields(e: Engine, name: Section): Fields {
  const st = stateOf(e)
  switch (name) {
    case 'server':
      return serverSection(e, st)
    case 'clients':
      return clientsSection(e)
    case 'memory':
      return memorySection(e, st)
    case 'persistence':
      return persistenceSection(e)
    case 'stats':
      return statsSection(e)
    case 'replication':
      return replicationSection(st)
    case 'cpu':
      return cpuSection(e)
    case 'commandstats':
      return commandstatsSection(e)
    case 'errorstats':
      return errorstatsSection(e)
    case 'cluster':
      return [['cluster_enabled', 0]]
    case 'keyspace':
      return keyspaceSection(e)
    // no modules, and no latency histograms are kept
    case 'modules':
    case 'latencystats':
      return []
  }
}

const TITLES: Record<Section, string> = {
  server: 'Server',
  clients: 'Clients',
  memory: 'Memory',
  persistence: 'Persistence',
  stats: 'Stats',
  replication: 'Replication',
  cpu: 'CPU',
  modules: 'Modules',
  commandstats: 'Commandstats',
  errorstats: 'Errorstats',
  latencystats: 'Latencystats',
  cluster: 'Cluster',
  keyspace: 'Keyspace',
}

/** Which sections INFO's arguments ask for. */
export function infoSections(args: readonly string[]): Set<Section> {
  if (args.length === 0) return new Set(DEFAULT_SECTIONS)
  const out = new Set<Section>()
  for (const a of args) {
    const name = a.toLowerCase()
    if (name === 'default') for (const s of DEFAULT_SECTIONS) out.add(s)
    else if (name === 'all' || name === 'everything') for (const s of SECTIONS) out.add(s)
    else if ((SECTIONS as readonly string[]).includes(name)) out.add(name as Section)
  }
  return out
}

/**
 * The INFO text. Values an adapter puts in `engine.serverInfo` under a field's
 * name (process_id, used_memory, total_net_input_bytes...) replace the core's.
 */
export function infoText(e: Engine, sections: ReadonlySet<Section>): string {
  let text = ''
  for (const name of SECTIONS) {
    if (!sections.has(name)) continue
    if (text !== '') text += '\r\n'
    text += `# ${TITLES[name]}\r\n`
    for (const [field, value] of sectionFields(e, name)) {
      const own = e.serverInfo[field]
      text += `${field}:${own !== undefined && !field.startsWith('used_cpu') ? own : value}\r\n`
    }
  }
  return text
}

export const infoCommand = defineCommand({
  name: 'info',
  group: 'server',
  since: '1.0.0',
  summary: 'Returns information and statistics about the server.',
  complexity: 'O(1)',
  arity: -1,
  flags: ['loading', 'stale'],
  acl: ['dangerous'],
  tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'],
  history: [['7.0.0', 'Several sections in one call.']],
  arguments: [arg.string('section', { optional: true, multiple: true })],
  run: (ctx, args) => {
    const text = infoText(ctx.engine, infoSections(args))
    return ctx.proto === 3 ? verbatim(text) : bulk(text)
  },
})
