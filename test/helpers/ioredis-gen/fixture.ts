/**
 * The small keyspace every generated call starts from, and the values the
 * generator passes for each kind of parameter (by the parameter's name in
 * ioredis's typings, and the command's group).
 */
import { createHash } from 'node:crypto'
import type { Param } from './signatures.js'

/** Absolute times in the future, fixed for the whole run (both sides get the same). */
export const FUTURE_S = Math.floor(Date.now() / 1000) + 100_000
export const FUTURE_MS = FUTURE_S * 1000 + 123

export const SCRIPT = 'return 1'
export const SCRIPT_SHA = createHash('sha1').update(SCRIPT).digest('hex')
export const LIBRARY = '#!lua name=genlib\nredis.register_function("genf", function(keys, args) return #keys end)'

/** Commands that build the fixture, each run only when the table has its command. */
export const FIXTURE: readonly (readonly (string | number)[])[] = [
  ['set', 'str', 'hello world'],
  ['set', 'num', '10'],
  ['set', 'float', '1.5'],
  ['set', 'ttlkey', 'v', 'PXAT', FUTURE_MS],
  ['rpush', 'list', 'a', 'b', 'c', 'a'],
  ['rpush', 'list2', 'x', 'y'],
  ['hset', 'hash', 'f1', 'v1', 'f2', '2', 'f3', '1.5'],
  ['sadd', 'set', 'a', 'b', 'c'],
  ['sadd', 'set2', 'b', 'c', 'd'],
  ['sadd', 'intset', '1', '2', '3'],
  ['zadd', 'zset', '1', 'a', '2', 'b', '3', 'c'],
  ['zadd', 'zset2', '2', 'b', '3', 'c', '4', 'd'],
  ['pfadd', 'hll', 'a', 'b', 'c'],
  ['pfadd', 'hll2', 'c', 'd'],
  ['geoadd', 'geo', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
  ['xadd', 'stream', '1-1', 'f', 'v'],
  ['xadd', 'stream', '2-1', 'f2', 'v2'],
  ['xgroup', 'CREATE', 'stream', 'g1', '0'],
  ['xadd', 'stream2', '3-1', 'g', 'w'],
]

/** Keys of the fixture, for reading the whole state back. */
export const FIXTURE_KEYS = ['str', 'num', 'float', 'ttlkey', 'list', 'list2', 'hash', 'set', 'set2', 'intset', 'zset', 'zset2', 'hll', 'hll2', 'geo', 'stream', 'stream2', 'dest', 'k1', 'k2', 'newkey']

/** The main key (and a second one) for a command's group. */
const GROUP_KEYS: Record<string, [string, string]> = {
  string: ['str', 'num'],
  bitmap: ['str', 'num'],
  list: ['list', 'list2'],
  hash: ['hash', 'str'],
  set: ['set', 'set2'],
  'sorted-set': ['zset', 'zset2'],
  hyperloglog: ['hll', 'hll2'],
  geo: ['geo', 'zset'],
  stream: ['stream', 'stream2'],
  generic: ['hash', 'list'],
}

const NUMERIC_KEY = new Set(['incr', 'decr', 'incrby', 'decrby', 'incrbyfloat'])

/** A key of another type, for the WRONGTYPE variant. */
export function wrongTypeKey(main: string): string {
  return main === 'str' || main === 'num' ? 'list' : 'str'
}

export function keysFor(command: string, group: string): [string, string] {
  if (NUMERIC_KEY.has(command)) return ['num', 'str']
  return GROUP_KEYS[group] ?? ['hash', 'list']
}

export interface ValueContext {
  readonly command: string
  readonly group: string
  readonly tokens: readonly string[]
  /** The token right before this parameter, if any. */
  readonly after: string | null
  readonly keys: [string, string]
}

const lex = (c: ValueContext): boolean => c.command.includes('lex') || c.tokens.includes('BYLEX')
const score = (c: ValueContext): boolean => c.tokens.includes('BYSCORE') || /score|count/.test(c.command)
const stream = (c: ValueContext): boolean => c.group === 'stream'
const geo = (c: ValueContext): boolean => c.group === 'geo'

/** A value for a non-key parameter (before argument-form variation). */
export function valueFor(p: Param, c: ValueContext): unknown {
  const n = p.name
  switch (n) {
    case 'count':
    case 'numMatches':
    case 'maxcount':
    case 'exactly':
    case 'maxsize':
      return 2
    case 'offset':
      return c.after === 'LIMIT' ? 0 : 1
    case 'limit':
      return 2
    case 'start':
      if (stream(c)) return '-'
      if (p.type.includes('Buffer')) return lex(c) ? '[a' : score(c) ? 1 : 0
      return 0
    case 'stop':
    case 'end':
      if (stream(c)) return '+'
      if (p.type.includes('Buffer')) return lex(c) ? '[c' : score(c) ? '(3' : -1
      return -1
    case 'min':
      if (stream(c)) return '-'
      return lex(c) ? '[a' : 1
    case 'max':
      if (stream(c)) return '+'
      return lex(c) ? '(c' : '(3'
    case 'seconds':
    case 'ttl':
      return 100
    case 'milliseconds':
    case 'ms':
      return c.after === 'BLOCK' ? 10 : 100000
    case 'minIdleTime':
      return 0
    case 'unixTimeSeconds':
      return FUTURE_S
    case 'unixTimeMilliseconds':
      return FUTURE_MS
    case 'timeout':
      return 0.01
    case 'increment':
      return c.command.includes('float') ? 1.5 : 2
    case 'score':
      return 1.5
    case 'value':
      if (c.command === 'setbit') return 1
      if (c.tokens.includes('SET') && c.command === 'bitfield') return 7
      return p.type === 'number | string' ? 5 : 'val'
    case 'member':
    case 'element':
    case 'pivot':
      return geo(c) ? 'Palermo' : 'b'
    case 'member1':
      return 'Palermo'
    case 'member2':
      return 'Catania'
    case 'members':
    case 'elements':
      return geo(c) ? ['Palermo', 'Nowhere'] : ['a', 'x']
    case 'field':
      return c.command.startsWith('hincr') ? 'f2' : 'f1'
    case 'fields':
      return ['f1', 'fx']
    case 'data':
      if (c.command === 'mset' || c.command === 'msetnx') return ['k1', 'v1', 'k2', 'v2']
      if (c.command === 'config') return ['maxmemory-policy', 'noeviction']
      if (stream(c)) return ['f', 'v']
      return ['f1', 'n1', 'f9', 'n9']
    case 'object':
      return c.command.startsWith('m') ? { k1: 'o1', k2: 2 } : { f1: 'o1', f8: 8 }
    case 'map':
      return c.command.startsWith('m')
        ? new Map<string, unknown>([
            ['k1', 'm1'],
            ['k2', 7],
          ])
        : new Map<string, unknown>([
            ['f1', 'm1'],
            ['f7', 7],
          ])
    case 'pattern':
      return '*'
    case 'cursor':
      return 0
    case 'index':
      return 0
    case 'bit':
      return 1
    case 'encoding':
      return 'u8'
    case 'message':
      return 'msg'
    case 'channel':
      return 'ch'
    case 'channels':
    case 'shardchannels':
      return ['ch']
    case 'script':
      return SCRIPT
    case 'sha1':
      return SCRIPT_SHA
    case 'func':
      return 'genf'
    case 'functionCode':
      return LIBRARY
    case 'libraryName':
    case 'libraryNamePattern':
      return 'genlib'
    case 'args':
      return c.command === 'command' ? ['k', 'v'] : ['a1', 2]
    case 'group':
      return 'g1'
    case 'consumer':
      return 'c1'
    case 'id':
      return '1-1'
    case 'ids':
      return ['1-1']
    case 'lastid':
    case 'lastId':
      return '2-1'
    case 'longitude':
      return 13.361389
    case 'latitude':
      return 38.115556
    case 'radius':
      return 200
    case 'rank':
      return 1
    case 'len':
      return 10
    case 'parameters':
      return ['maxmemory']
    case 'commandNames':
      return ['get']
    case 'command':
      return 'set'
    case 'connectionName':
    case 'clientname':
      return 'gen'
    case 'clientId':
      return 999999
    case 'destinationDb':
    case 'db':
      return 1
    case 'numkeys':
    case 'numfields':
      // filled in once the keys are known
      return 0
    case 'password':
    case 'auth':
      return 'secret'
    case 'username':
      return 'nobody'
    default:
      if (p.array || p.rest) return ['x']
      if (p.type === 'number | string' || p.type === 'number') return 1
      return 'x'
  }
}
