/**
 * Every config setting redlet knows, with Redis 7.0's names, aliases, defaults
 * and bounds. Features add their settings here and nowhere else.
 */
import { ConfigReason } from '../errors.js'
import { ConfigValueError, parseMemory, type ConfigSpec } from './config.js'
import { formatNotifyFlags, parseNotifyFlags } from './notify.js'

const INT_MAX = 2147483647
const UINT_MAX = 4294967295
const LONG_MAX = Number.MAX_SAFE_INTEGER

function parseSave(v: string): string {
  const parts = v.split(/\s+/).filter((p) => p.length > 0)
  if (parts.length === 0) return ''
  if (parts.length % 2 !== 0) throw new ConfigValueError(ConfigReason.save)
  for (const p of parts) if (!/^[0-9]+$/.test(p)) throw new ConfigValueError(ConfigReason.save)
  return parts.map((p) => String(Number(p))).join(' ')
}

export const OUTPUT_BUFFER_CLASSES = ['normal', 'slave', 'pubsub'] as const

/** Parses `client-output-buffer-limit` into per-class [hard, soft, seconds]. */
export function parseOutputBufferLimits(v: string): Record<string, [number, number, number]> {
  const parts = v.split(/\s+/).filter((p) => p.length > 0)
  const out: Record<string, [number, number, number]> = {}
  for (let i = 0; i < parts.length; i += 4) {
    out[parts[i] as string] = [Number(parts[i + 1]), Number(parts[i + 2]), Number(parts[i + 3])]
  }
  return out
}

const DEFAULT_OUTPUT_LIMITS = 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60'

function parseOutputLimit(v: string, current: string): string {
  const parts = v.split(/\s+/).filter((p) => p.length > 0)
  if (parts.length === 0 || parts.length % 4 !== 0) throw new ConfigValueError(ConfigReason.bufferLimitArgs)
  const limits = parseOutputBufferLimits(current)
  for (let i = 0; i < parts.length; i += 4) {
    let cls = (parts[i] as string).toLowerCase()
    if (cls === 'replica') cls = 'slave'
    if (!(OUTPUT_BUFFER_CLASSES as readonly string[]).includes(cls)) throw new ConfigValueError(ConfigReason.bufferLimitClass)
    const hard = parseMemory(parts[i + 1] as string)
    const soft = parseMemory(parts[i + 2] as string)
    const secs = /^[0-9]+$/.test(parts[i + 3] as string) ? Number(parts[i + 3]) : null
    if (hard === null || soft === null || secs === null) throw new ConfigValueError(ConfigReason.bufferLimitValue)
    limits[cls] = [hard, soft, secs]
  }
  return OUTPUT_BUFFER_CLASSES.map((c) => {
    const l = limits[c] ?? [0, 0, 0]
    return `${c} ${l[0]} ${l[1]} ${l[2]}`
  }).join(' ')
}

export const configSpecs: readonly ConfigSpec[] = [
  // server
  { name: 'port', type: 'int', default: '6379', min: 0, max: 65535, mutable: false },
  { name: 'bind', type: 'string', default: '127.0.0.1', mutable: false },
  { name: 'databases', type: 'int', default: '16', min: 1, max: INT_MAX, mutable: false },
  { name: 'daemonize', type: 'bool', default: 'no', mutable: false },
  { name: 'protected-mode', type: 'bool', default: 'yes' },
  { name: 'tcp-backlog', type: 'int', default: '511', min: 0, max: INT_MAX, mutable: false },
  { name: 'tcp-keepalive', type: 'int', default: '300', min: 0, max: INT_MAX },
  { name: 'hz', type: 'int', default: '10', min: 0, max: INT_MAX, clamp: (n) => Math.min(500, Math.max(1, n)) },
  { name: 'loglevel', type: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning'] },
  { name: 'logfile', type: 'string', default: '', mutable: false },
  { name: 'pidfile', type: 'string', default: '', mutable: false },
  { name: 'enable-protected-configs', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], mutable: false },
  { name: 'enable-debug-command', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], mutable: false },
  { name: 'enable-module-command', type: 'enum', default: 'no', values: ['no', 'yes', 'local'], mutable: false },
  // clients
  { name: 'requirepass', type: 'string', default: '' },
  { name: 'acllog-max-len', type: 'int', default: '128', min: 0, max: LONG_MAX },
  { name: 'acl-pubsub-default', type: 'enum', default: 'resetchannels', values: ['allchannels', 'resetchannels'] },
  { name: 'aclfile', type: 'string', default: '', mutable: false },
  { name: 'maxclients', type: 'int', default: '10000', min: 1, max: UINT_MAX },
  { name: 'timeout', type: 'int', default: '0', min: 0, max: INT_MAX },
  { name: 'tracking-table-max-keys', type: 'int', default: '1000000', min: 0, max: LONG_MAX },
  { name: 'proto-max-bulk-len', type: 'memory', default: '536870912', min: 1048576, max: LONG_MAX },
  { name: 'client-query-buffer-limit', type: 'memory', default: '1073741824', min: 1048576, max: LONG_MAX },
  {
    name: 'client-output-buffer-limit',
    type: 'custom',
    default: DEFAULT_OUTPUT_LIMITS,
    parse: parseOutputLimit,
  },
  // keyspace
  { name: 'notify-keyspace-events', type: 'custom', default: '', parse: (v) => formatNotifyFlags(parseNotifyFlags(v)) },
  { name: 'active-expire-effort', type: 'int', default: '1', min: 1, max: 10 },
  // encodings
  { name: 'hash-max-listpack-entries', aliases: ['hash-max-ziplist-entries'], type: 'int', default: '512', min: 0, max: LONG_MAX },
  { name: 'hash-max-listpack-value', aliases: ['hash-max-ziplist-value'], type: 'int', default: '64', min: 0, max: LONG_MAX },
  { name: 'zset-max-listpack-entries', aliases: ['zset-max-ziplist-entries'], type: 'int', default: '128', min: 0, max: LONG_MAX },
  { name: 'zset-max-listpack-value', aliases: ['zset-max-ziplist-value'], type: 'int', default: '64', min: 0, max: LONG_MAX },
  { name: 'set-max-intset-entries', type: 'int', default: '512', min: 0, max: LONG_MAX },
  { name: 'list-max-listpack-size', aliases: ['list-max-ziplist-size'], type: 'int', default: '-2', min: -INT_MAX - 1, max: INT_MAX },
  { name: 'list-compress-depth', type: 'int', default: '0', min: 0, max: INT_MAX },
  { name: 'hll-sparse-max-bytes', type: 'memory', default: '3000', min: 0, max: LONG_MAX },
  { name: 'stream-node-max-bytes', type: 'memory', default: '4096', min: 0, max: LONG_MAX },
  { name: 'stream-node-max-entries', type: 'int', default: '100', min: 0, max: LONG_MAX },
  // memory
  { name: 'maxmemory', type: 'memory', default: '0', min: 0, max: LONG_MAX },
  {
    name: 'maxmemory-policy',
    type: 'enum',
    default: 'noeviction',
    values: ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'],
  },
  { name: 'maxmemory-samples', type: 'int', default: '5', min: 1, max: INT_MAX },
  { name: 'maxmemory-eviction-tenacity', type: 'int', default: '10', min: 0, max: 100 },
  { name: 'lfu-log-factor', type: 'int', default: '10', min: 0, max: INT_MAX },
  { name: 'lfu-decay-time', type: 'int', default: '1', min: 0, max: INT_MAX },
  // persistence
  { name: 'save', type: 'custom', default: '', parse: parseSave },
  { name: 'dir', type: 'string', default: '.', protected: true },
  { name: 'dbfilename', type: 'string', default: 'dump.rdb', protected: true },
  { name: 'appendonly', type: 'bool', default: 'no' },
  { name: 'appendfilename', type: 'string', default: 'appendonly.aof', mutable: false },
  { name: 'appenddirname', type: 'string', default: 'appendonlydir', mutable: false },
  { name: 'stop-writes-on-bgsave-error', type: 'bool', default: 'yes' },
  // a testing knob of Redis: microseconds of delay per key written by a background save or rewrite
  { name: 'rdb-key-save-delay', type: 'int', default: '0', min: -INT_MAX - 1, max: INT_MAX },
  { name: 'appendfsync', type: 'enum', default: 'everysec', values: ['always', 'everysec', 'no'] },
  { name: 'auto-aof-rewrite-percentage', type: 'int', default: '100', min: 0, max: INT_MAX },
  { name: 'auto-aof-rewrite-min-size', type: 'memory', default: '67108864', min: 0, max: LONG_MAX },
  { name: 'aof-load-truncated', type: 'bool', default: 'yes' },
  // scripting
  { name: 'busy-reply-threshold', aliases: ['lua-time-limit'], type: 'int', default: '5000', min: 0, max: LONG_MAX },
  // diagnostics: SLOWLOG and LATENCY
  { name: 'slowlog-log-slower-than', type: 'int', default: '10000', min: -1, max: LONG_MAX },
  { name: 'slowlog-max-len', type: 'int', default: '128', min: 0, max: LONG_MAX },
  { name: 'latency-monitor-threshold', type: 'int', default: '0', min: 0, max: LONG_MAX },
]
