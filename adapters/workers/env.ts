/** The Worker's bindings and variables, the object naming scheme, and the internal headers. */
import { WorkersErr } from '../../src/index.js'
import type { RedletDurableObject } from './durable-object.js'

export interface RedletEnv {
  /** The Durable Object namespace (wrangler.toml: binding `REDLET`, class `RedletDurableObject`). */
  REDLET: DurableObjectNamespace<RedletDurableObject>
  /** Bearer token for full access: a secret (`wrangler secret put REDLET_TOKEN`). Required. */
  REDLET_TOKEN?: string
  /** Bearer token that may only read. Optional. */
  REDLET_READONLY_TOKEN?: string
  /** Objects per database the keys are sharded across (hash slots); "1" (the default) means no sharding. */
  REDLET_SHARDS?: string
  /** The engine's maxmemory (default 96mb: a Durable Object has about 128 MB). */
  REDLET_MAXMEMORY?: string
}

/** Which object this is: database name, shard index and shard count. */
export interface Identity {
  readonly name: string
  readonly shard: number
  readonly shards: number
}

export const DEFAULT_DB = 'default'
export const DEFAULT_MAXMEMORY = '96mb'

/** Set by the Worker on requests it forwards to an object (and stripped from client requests). */
export const H_ACCESS = 'x-redlet-access'
export const H_IDENTITY = 'x-redlet-identity'

/** The shard count from the environment; throws the refusal text when invalid. */
export function shardCount(env: RedletEnv): number {
  const raw = env.REDLET_SHARDS
  if (raw === undefined || raw === '') return 1
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new Error(WorkersErr.badShards(String(raw)))
  return n
}

/** The object name of one shard of a database: the database's own name when unsharded. */
export function objectName(id: Identity): string {
  return id.shards === 1 ? id.name : `${id.name}#${id.shard}/${id.shards}`
}

export function stubOf(env: RedletEnv, id: Identity): DurableObjectStub<RedletDurableObject> {
  return env.REDLET.get(env.REDLET.idFromName(objectName(id)))
}

export function encodeIdentity(id: Identity): string {
  return JSON.stringify([id.name, id.shard, id.shards])
}

export function decodeIdentity(s: string | null): Identity | null {
  if (s === null) return null
  try {
    const v = JSON.parse(s) as unknown
    if (!Array.isArray(v) || typeof v[0] !== 'string' || typeof v[1] !== 'number' || typeof v[2] !== 'number') return null
    return { name: v[0], shard: v[1], shards: v[2] }
  } catch {
    return null
  }
}
