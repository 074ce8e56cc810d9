/**
 * Types of the command methods: every command of the table (and its `...Buffer`
 * twin) exists; the common ones have ioredis's result types, the others
 * resolve with `unknown`. On a pipeline each returns the pipeline.
 */
import type { Callback } from './commander.js'
import type { CommandName } from './command-names.js'

export type RedisKey = string | Uint8Array
export type RedisValue = string | number | Uint8Array
/** Any argument ioredis accepts (arrays are flattened one level; objects and Maps spread for HSET, HMSET, MSET). */
export type RedisArg = string | number | bigint | boolean | Uint8Array | null | undefined | readonly RedisArg[] | object

/** `promise` for a client, or the pipeline type for a pipeline. */
type Out<Ctx, T> = Ctx extends 'promise' ? Promise<T> : Ctx

type Cmd<Ctx, T> = (...args: (RedisArg | Callback<T>)[]) => Out<Ctx, T>

type Str = string | null
type Buf = Uint8Array | null

/** Commands with a typed result (text, and bytes for `...Buffer`). */
export interface TypedCommands<Ctx> {
  get: Cmd<Ctx, Str>
  getBuffer: Cmd<Ctx, Buf>
  set: Cmd<Ctx, 'OK' | Str>
  setBuffer: Cmd<Ctx, Uint8Array | null>
  getdel: Cmd<Ctx, Str>
  getex: Cmd<Ctx, Str>
  getset: Cmd<Ctx, Str>
  getrange: Cmd<Ctx, string>
  setex: Cmd<Ctx, 'OK'>
  psetex: Cmd<Ctx, 'OK'>
  setnx: Cmd<Ctx, number>
  append: Cmd<Ctx, number>
  strlen: Cmd<Ctx, number>
  incr: Cmd<Ctx, number>
  incrby: Cmd<Ctx, number>
  incrbyfloat: Cmd<Ctx, string>
  decr: Cmd<Ctx, number>
  decrby: Cmd<Ctx, number>
  mget: Cmd<Ctx, Str[]>
  mgetBuffer: Cmd<Ctx, Buf[]>
  mset: Cmd<Ctx, 'OK'>
  msetnx: Cmd<Ctx, number>
  del: Cmd<Ctx, number>
  unlink: Cmd<Ctx, number>
  exists: Cmd<Ctx, number>
  expire: Cmd<Ctx, number>
  pexpire: Cmd<Ctx, number>
  expireat: Cmd<Ctx, number>
  persist: Cmd<Ctx, number>
  ttl: Cmd<Ctx, number>
  pttl: Cmd<Ctx, number>
  type: Cmd<Ctx, string>
  keys: Cmd<Ctx, string[]>
  rename: Cmd<Ctx, 'OK'>
  scan: Cmd<Ctx, [cursor: string, elements: string[]]>
  dbsize: Cmd<Ctx, number>
  flushall: Cmd<Ctx, 'OK'>
  flushdb: Cmd<Ctx, 'OK'>
  ping: Cmd<Ctx, string>
  echo: Cmd<Ctx, string>
  select: Cmd<Ctx, 'OK'>
  info: Cmd<Ctx, string>
  hset: Cmd<Ctx, number>
  hmset: Cmd<Ctx, 'OK'>
  hsetnx: Cmd<Ctx, number>
  hget: Cmd<Ctx, Str>
  hgetBuffer: Cmd<Ctx, Buf>
  hmget: Cmd<Ctx, Str[]>
  hgetall: Cmd<Ctx, Record<string, string>>
  hgetallBuffer: Cmd<Ctx, Record<string, Uint8Array>>
  hdel: Cmd<Ctx, number>
  hexists: Cmd<Ctx, number>
  hincrby: Cmd<Ctx, number>
  hincrbyfloat: Cmd<Ctx, string>
  hkeys: Cmd<Ctx, string[]>
  hvals: Cmd<Ctx, string[]>
  hlen: Cmd<Ctx, number>
  hscan: Cmd<Ctx, [cursor: string, elements: string[]]>
  lpush: Cmd<Ctx, number>
  rpush: Cmd<Ctx, number>
  lpop: Cmd<Ctx, Str | string[]>
  rpop: Cmd<Ctx, Str | string[]>
  lrange: Cmd<Ctx, string[]>
  llen: Cmd<Ctx, number>
  lindex: Cmd<Ctx, Str>
  lrem: Cmd<Ctx, number>
  ltrim: Cmd<Ctx, 'OK'>
  lmove: Cmd<Ctx, Str>
  blpop: Cmd<Ctx, [string, string] | null>
  brpop: Cmd<Ctx, [string, string] | null>
  blmove: Cmd<Ctx, Str>
  brpoplpush: Cmd<Ctx, Str>
  sadd: Cmd<Ctx, number>
  srem: Cmd<Ctx, number>
  smembers: Cmd<Ctx, string[]>
  sismember: Cmd<Ctx, number>
  scard: Cmd<Ctx, number>
  spop: Cmd<Ctx, Str | string[]>
  srandmember: Cmd<Ctx, Str | string[]>
  sunion: Cmd<Ctx, string[]>
  sinter: Cmd<Ctx, string[]>
  sdiff: Cmd<Ctx, string[]>
  sscan: Cmd<Ctx, [cursor: string, elements: string[]]>
  zadd: Cmd<Ctx, number | Str>
  zincrby: Cmd<Ctx, string>
  zrem: Cmd<Ctx, number>
  zcard: Cmd<Ctx, number>
  zcount: Cmd<Ctx, number>
  zscore: Cmd<Ctx, Str>
  zrank: Cmd<Ctx, number | null>
  zrange: Cmd<Ctx, string[]>
  zrangebyscore: Cmd<Ctx, string[]>
  zrevrange: Cmd<Ctx, string[]>
  zpopmin: Cmd<Ctx, string[]>
  zpopmax: Cmd<Ctx, string[]>
  bzpopmin: Cmd<Ctx, [string, string, string] | null>
  bzpopmax: Cmd<Ctx, [string, string, string] | null>
  zscan: Cmd<Ctx, [cursor: string, elements: string[]]>
  publish: Cmd<Ctx, number>
  subscribe: Cmd<Ctx, number>
  psubscribe: Cmd<Ctx, number>
  unsubscribe: Cmd<Ctx, number>
  punsubscribe: Cmd<Ctx, number>
  watch: Cmd<Ctx, 'OK'>
  unwatch: Cmd<Ctx, 'OK'>
}

/** Names the client and pipeline classes define themselves. */
type Own = 'multi' | 'exec' | 'quit' | 'call' | 'callBuffer'

/** Every command method: typed ones, then the rest of the table (and every `...Buffer` twin). */
export type CommandMethods<Ctx> = TypedCommands<Ctx> & {
  [K in Exclude<CommandName, keyof TypedCommands<Ctx> | Own>]: Cmd<Ctx, unknown>
} & {
  [K in Exclude<CommandName, Own> as `${K}Buffer` extends keyof TypedCommands<Ctx> ? never : `${K}Buffer`]: Cmd<Ctx, unknown>
}
