/**
 * `redlet/ioredis`: a drop-in for ioredis 6 whose server is an in-process
 * engine. Code written for ioredis runs unchanged: the same method names and
 * argument forms, promises and node-style callbacks, replies shaped exactly as
 * ioredis shapes them, pipelines and MULTI, pub/sub events, blocking commands
 * that really wait, `duplicate()`, scan streams and `defineCommand`.
 *
 * Clients naming the same host and port share one engine (as clients of one
 * real server share its data); `{ engine }` isolates; `{ clock }` controls time.
 *
 * @example
 * ```ts
 * import Redis, { ManualClock } from 'redlet/ioredis'
 * const clock = new ManualClock(Date.now())
 * const redis = new Redis({ port: 7001, clock })
 * await redis.set('session', 'x', 'EX', 60)
 * clock.advance(61_000)
 * await redis.get('session') // null
 *
 * const sub = new Redis({ port: 7001 })
 * sub.on('message', (channel, message) => console.log(channel, message))
 * await sub.subscribe('news')
 * await redis.publish('news', 'hello') // 1
 * ```
 */
import { Redis } from './redis.js'

export default Redis
export { Redis, SubscriptionSet, type Condition, type RedisStatus } from './redis.js'
export { Pipeline, type PipelineResult } from './pipeline.js'
export { Command, type Callback } from './commander.js'
export { ScanStream, type ScanStreamOptions } from './scan-stream.js'
export { EventEmitter } from './emitter.js'
export type { CommandMethods, RedisArg, RedisKey, RedisValue, TypedCommands } from './types.js'
export type { CommandName } from './command-names.js'
export { sharedEngine, resetSharedEngines, type RedisOptions, type ScriptDefinition } from './options.js'
export { ReplyError } from '../reply.js'
export { Engine, ManualClock, systemClock, type Clock } from '../../../src/index.js'
