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
// workerd treats every export of the Worker's main module as an entrypoint: only the handler and the class here
export { default } from './worker.js'
export { RedletDurableObject } from './durable-object.js'
export type { Access } from './worker.js'
export type { ShardCallOptions } from './sharding.js'
export type { Identity, RedletEnv } from './env.js'
export type { RestExecutor } from './rest.js'
export type { RpcArg, RpcOptions, RpcResult, RpcValue } from './rpc.js'
