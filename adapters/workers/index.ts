/**
 * redlet on Cloudflare Workers: a Worker entry and `RedletDurableObject`, a
 * SQLite-backed Durable Object hosting one engine. Clients talk RESP over
 * WebSocket (`/resp`, or TCP through `redlet-bridge`), the Upstash REST protocol
 * (`@upstash/redis` works unmodified), or JS RPC from another Worker.
 *
 * @example
 * ```toml
 * # wrangler.toml
 * main = "adapters/workers/index.ts"
 * [[durable_objects.bindings]]
 * name = "REDLET"
 * class_name = "RedletDurableObject"
 * [[migrations]]
 * tag = "v1"
 * new_sqlite_classes = ["RedletDurableObject"]
 * ```
 *
 * @example
 * ```ts
 * // REST, with the unmodified Upstash client
 * import { Redis } from '@upstash/redis'
 * const redis = new Redis({ url: 'https://redlet.example.workers.dev', token: REDLET_TOKEN })
 * await redis.set('greeting', 'hello')
 *
 * // JS RPC from another Worker bound to the same namespace
 * const db = env.REDLET.get(env.REDLET.idFromName('default'))
 * await db.command(['SET', 'k', 'v'])
 * await db.pipeline([['INCR', 'n'], ['GET', 'k']]) // [{ result: 1 }, { result: 'v' }]
 * ```
 */
export { default, authorize, handle, type Access } from './worker.js'
export { RedletDurableObject, type ShardCallOptions } from './durable-object.js'
export { DEFAULT_DB, DEFAULT_MAXMEMORY, objectName, shardCount, type Identity, type RedletEnv } from './env.js'
export { keySlot, crc16, shardOfSlot, SLOTS } from './slots.js'
export { replyJson, resultJson, type RestExecutor } from './rest.js'
export { rpcValue, type RpcArg, type RpcOptions, type RpcResult, type RpcValue } from './rpc.js'
