/**
 * The Worker entry: checks the token, answers CORS preflights, and routes each
 * request to a Durable Object.
 *
 *   /                     REST (Upstash protocol): POST a JSON command
 *   /pipeline /multi-exec REST: several commands (multi-exec is atomic)
 *   /subscribe/<ch>...    server-sent events; /psubscribe/<pattern>... for patterns
 *   /resp                 RESP over WebSocket
 *   /db/<name>/...        the same for the database named <name> ("default" otherwise)
 *
 * A database is one object, or REDLET_SHARDS objects sharded by hash slot.
 */
import { Engine, WorkersErr } from '../../src/index.js'
import { DEFAULT_DB, encodeIdentity, H_ACCESS, H_IDENTITY, shardCount, stubOf, type Identity, type RedletEnv } from './env.js'
import { errorResponse, preflight, serveRest } from './rest.js'
import { shardCaller, ShardedRest } from './sharding.js'

export type Access = 'rw' | 'ro'

/** Compares in time independent of where the strings differ. */
function sameToken(a: string, b: string): boolean {
  let diff = a.length ^ b.length
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i % Math.max(1, b.length))
  return diff === 0
}

/** The access a request's token grants: `Authorization: Bearer <token>`, or `?_token=<token>` (browsers' WebSocket). */
export function authorize(request: Request, env: RedletEnv): Access | null {
  const header = request.headers.get('Authorization') ?? ''
  const m = /^Bearer\s+(.+)$/i.exec(header)
  const token = m ? (m[1] as string).trim() : new URL(request.url).searchParams.get('_token')
  if (token === null || token === '') return null
  if (env.REDLET_TOKEN !== undefined && env.REDLET_TOKEN !== '' && sameToken(token, env.REDLET_TOKEN)) return 'rw'
  const ro = env.REDLET_READONLY_TOKEN
  if (ro !== undefined && ro !== '' && sameToken(token, ro)) return 'ro'
  return null
}

let lookupEngine: Engine | null = null
/** An engine used only to look commands up (their keys, for routing). */
function commandLookup(): Engine {
  return (lookupEngine ??= new Engine({ config: { databases: 1 } }))
}

/** The request as forwarded to an object: its sub-path, with the access and identity headers set by us. */
function forward(request: Request, path: string, access: Access, id: Identity): Request {
  const url = new URL(request.url)
  url.pathname = path
  const headers = new Headers(request.headers)
  headers.set(H_ACCESS, access)
  headers.set(H_IDENTITY, encodeIdentity(id))
  return new Request(url.toString(), { method: request.method, headers, body: request.body })
}

/** Serves one request; the default export's `fetch`. */
export async function handle(request: Request, env: RedletEnv): Promise<Response> {
  if (request.method === 'OPTIONS') return preflight(request)
  if (env.REDLET_TOKEN === undefined || env.REDLET_TOKEN === '') {
    console.error(WorkersErr.noToken)
    return errorResponse(503, WorkersErr.noToken)
  }
  let shards: number
  try {
    shards = shardCount(env)
  } catch (e) {
    return errorResponse(503, (e as Error).message)
  }
  const access = authorize(request, env)
  if (access === null) return errorResponse(401, WorkersErr.unauthorized)
  let path = new URL(request.url).pathname
  let name = DEFAULT_DB
  const m = /^\/db\/([^/]+)(\/.*)?$/.exec(path)
  if (m) {
    name = decodeURIComponent(m[1] as string)
    path = m[2] ?? '/'
  }
  const to = (shard: number): Promise<Response> => stubOf(env, { name, shard, shards }).fetch(forward(request, path, access, { name, shard, shards }))
  if (path === '/resp') {
    if ((request.headers.get('Upgrade') ?? '').toLowerCase() !== 'websocket') return errorResponse(426, WorkersErr.upgradeRequired)
    // a sharded client's home shard: whichever, so spread them
    return to(shards === 1 ? 0 : Math.floor(Math.random() * shards))
  }
  if (shards === 1 || path.startsWith('/subscribe/') || path.startsWith('/psubscribe/')) return to(0)
  const caller = shardCaller(name, shards, (shard) => stubOf(env, { name, shard, shards }))
  return serveRest(request, path, new ShardedRest(commandLookup(), caller, access === 'ro'))
}

export default {
  fetch: handle,
} satisfies ExportedHandler<RedletEnv>
