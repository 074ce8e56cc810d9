/**
 * `RedletDurableObject`: one redlet engine in a SQLite-backed Durable Object.
 * It serves RESP over hibernatable WebSockets, the Upstash REST protocol, and
 * JS RPC (`command`, `pipeline`, `transaction`). Every write is in storage
 * before its reply leaves; timed work runs from the object's alarm.
 */
import { DurableObject } from 'cloudflare:workers'
import { Err, error, type Reply } from '../../src/index.js'
import { decodeIdentity, H_ACCESS, H_IDENTITY, stubOf, type Identity, type RedletEnv } from './env.js'
import { ObjectHost } from './host.js'
import type { LoadStats } from './storage.js'
import { errorResponse, serveRest } from './rest.js'
import { rpcArgv, rpcResult, rpcValue, type RpcArg, type RpcOptions, type RpcResult, type RpcValue } from './rpc.js'
import { shardCaller, type ShardCallOptions } from './sharding.js'
import { HomeRouter } from './socket-router.js'
import { serveSubscribe } from './sse.js'
import { savedState, SocketConn, type SocketState } from './websocket.js'
import { WorkersErr } from '../../src/index.js'

function randomId(): string {
  const b = new Uint8Array(12)
  crypto.getRandomValues(b)
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
}

export class RedletDurableObject extends DurableObject<RedletEnv> {
  private readonly host: ObjectHost
  private readonly conns = new Map<WebSocket, SocketConn>()
  private router: HomeRouter | null = null

  constructor(ctx: DurableObjectState, env: RedletEnv) {
    super(ctx, env)
    this.host = new ObjectHost(ctx, env)
    this.updateRouter()
    // sockets that outlived the previous instance (hibernation): rebuild their sessions,
    // then CLIENT TRACKING, whose REDIRECT names another client by its old id
    const restored: SocketConn[] = []
    for (const ws of ctx.getWebSockets()) {
      const conn = this.connOf(ws)
      if (conn !== null) restored.push(conn)
    }
    const ids = new Map<number, number>()
    for (const conn of restored) if (conn.previousId !== -1) ids.set(conn.previousId, conn.session.id)
    for (const conn of restored) conn.restoreTracking(ids)
    this.host.settle()
  }

  private updateRouter(): void {
    const id = this.host.identity
    if (id === null || id.shards === 1) {
      this.router = null
      return
    }
    const host = this.host
    const env = this.env
    const caller = shardCaller(id.name, id.shards, (shard) => stubOf(env, { ...id, shard }), {
      shard: id.shard,
      run: async (_shard, commands, options) => {
        const pending = host.runCommands(commands, options)
        host.settle()
        const r = await pending
        host.settle()
        return r
      },
      transaction: async (_shard, commands, options) => {
        const r = host.runTransaction(commands, options)
        host.settle()
        return r
      },
      watch: async (_shard, conn, keys) => {
        const r = host.remoteWatch(conn, keys)
        host.settle()
        return r
      },
      release: async (_shard, conn) => {
        host.release(conn)
        host.settle()
      },
    })
    if (this.router === null) this.router = new HomeRouter(this.host.engine, caller, id.shard)
  }

  private learn(id: Identity | null): void {
    if (id === null) return
    const before = this.host.identity
    this.host.learnIdentity(id)
    if (before === null || before.shards !== id.shards) {
      this.router = null
      this.updateRouter()
    }
  }

  private connOf(ws: WebSocket, fresh?: SocketState): SocketConn | null {
    let conn = this.conns.get(ws)
    if (conn !== undefined) return conn
    const st = fresh ?? savedState(this.host, ws)
    if (st === null) {
      ws.close(1011, 'session state lost')
      return null
    }
    conn = new SocketConn(this.host, ws, st.id, st.ro === 1, this.router)
    this.conns.set(ws, conn)
    if (fresh === undefined) conn.restore(st)
    else conn.save()
    return conn
  }

  override async fetch(request: Request): Promise<Response> {
    this.learn(decodeIdentity(request.headers.get(H_IDENTITY)))
    const readonly = request.headers.get(H_ACCESS) === 'ro'
    const path = new URL(request.url).pathname
    if (path === '/resp') {
      if ((request.headers.get('Upgrade') ?? '').toLowerCase() !== 'websocket') return errorResponse(426, WorkersErr.upgradeRequired)
      const pair = new WebSocketPair()
      const server = pair[1]
      this.ctx.acceptWebSocket(server)
      this.connOf(server, readonly ? { id: randomId(), ro: 1 } : { id: randomId() })
      this.host.settle()
      return new Response(null, { status: 101, webSocket: pair[0] })
    }
    if (path.startsWith('/subscribe/') || path.startsWith('/psubscribe/')) {
      const pattern = path.startsWith('/psubscribe/')
      const r = serveSubscribe(this.host, path.slice(pattern ? 12 : 11), pattern)
      this.host.settle()
      return r
    }
    const host = this.host
    return serveRest(request, path, {
      pipeline: (commands) => {
        const r = host.runCommands(commands, { readonly }) as Reply[]
        host.settle()
        return r
      },
      transaction: (commands) => {
        const r = host.runTransaction(commands, { readonly })
        host.settle()
        return r
      },
    })
  }

  override webSocketMessage(ws: WebSocket, message: ArrayBuffer | string): void {
    this.connOf(ws)?.message(message)
    this.host.settle()
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    this.conns.get(ws)?.teardown()
    this.conns.delete(ws)
    try {
      // a close without a status (1005) is answered with 1000, or the client's close never completes
      ws.close(code === 1005 || code === 1006 || code === 1015 ? 1000 : code, '')
    } catch {
      // already closed
    }
    this.host.settle()
  }

  override webSocketError(ws: WebSocket): void {
    this.conns.get(ws)?.teardown()
    this.conns.delete(ws)
    this.host.settle()
  }

  override alarm(): void {
    this.host.alarm()
  }

  // ---- JS RPC ----

  /**
   * Runs one command and returns its reply as a JS value; an error reply throws.
   * @example await env.REDLET.get(env.REDLET.idFromName('default')).command(['SET', 'k', 'v'])
   */
  command(argv: RpcArg[], options: RpcOptions = {}): RpcValue {
    const [r] = this.host.runCommands([rpcArgv(argv)]) as Reply[]
    this.host.settle()
    if (r === undefined) return null
    if (r.t === 'error') throw new Error(r.v)
    return rpcValue(r, options)
  }

  /** Runs commands in order; each entry is `{ result }` or `{ error }`. */
  pipeline(commands: RpcArg[][], options: RpcOptions = {}): RpcResult[] {
    const replies = this.host.runCommands(commands.map(rpcArgv)) as Reply[]
    this.host.settle()
    return replies.map((r) => rpcResult(r, options))
  }

  /** Runs commands atomically (MULTI/EXEC): the results in order; a refused transaction throws. */
  transaction(commands: RpcArg[][], options: RpcOptions = {}): RpcResult[] {
    const r = this.host.runTransaction(commands.map(rpcArgv))
    this.host.settle()
    if (r.t === 'error') throw new Error(r.v)
    if (r.t !== 'array') return []
    return r.v.map((x) => rpcResult(x, options))
  }

  /** Storage figures: rows held (keys, chunks of large values), rows written since start, and what the start loaded. */
  storageStats(): { keys: number; chunks: number; rowsWritten: number; load: LoadStats } {
    return { ...this.host.store.counts(), rowsWritten: this.host.store.rowsWritten, load: this.host.loadStats }
  }

  // ---- calls between shards (sharded mode) ----

  private shard(name: string, shards: number, shard: number): void {
    this.learn({ name, shard, shards })
  }

  async shardRun(name: string, shards: number, shard: number, commands: string[][], options: ShardCallOptions): Promise<Reply[]> {
    this.shard(name, shards, shard)
    const pending = this.host.runCommands(commands, options)
    // writes so far are committed and a blocked command's timeout armed, before waiting
    this.host.settle()
    const r = await pending
    this.host.settle()
    return r
  }

  shardTransaction(name: string, shards: number, shard: number, commands: string[][], options: ShardCallOptions): Reply {
    this.shard(name, shards, shard)
    const r = this.host.runTransaction(commands, options)
    this.host.settle()
    return r
  }

  shardWatch(name: string, shards: number, shard: number, conn: string, keys: string[]): Reply {
    this.shard(name, shards, shard)
    const r = keys.length === 0 ? error(Err.syntax) : this.host.remoteWatch(conn, keys)
    this.host.settle()
    return r
  }

  shardRelease(name: string, shards: number, shard: number, conn: string): void {
    this.shard(name, shards, shard)
    this.host.release(conn)
    this.host.settle()
  }
}
