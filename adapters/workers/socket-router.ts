/**
 * A WebSocket client in sharded mode. Its socket, and with it the session state
 * (protocol, AUTH, name, subscriptions, MULTI queue), lives on its home shard,
 * the object the Worker picked when it connected; that state survives
 * hibernation like any socket's. Commands whose keys belong to the home shard
 * run there; others go to the shard that owns their slot, blocking commands
 * included (the call waits). A WATCH on another shard's keys is held by that
 * shard, for this connection, until EXEC, DISCARD, UNWATCH or the client leaves;
 * if that shard restarts meanwhile, EXEC answers nil, as if a key was touched.
 */
import { Err, error, type Engine, type Reply } from '../../src/index.js'
import { fanOut, routeOf, slotOfCommands, type ShardCaller } from './sharding.js'
import { shardOfSlot, slotOfKeys } from './slots.js'
import type { SocketConn, SocketRouter } from './websocket.js'

export class HomeRouter implements SocketRouter {
  /** Connections with a call in flight to another shard (so a disconnect can end it there). */
  private readonly inFlight = new Map<string, number>()

  constructor(
    private readonly engine: Engine,
    private readonly caller: ShardCaller,
    private readonly home: number,
  ) {}

  route(conn: SocketConn, argv: string[]): Promise<void> | null {
    const s = conn.session
    const engine = this.engine
    // refusals the engine words itself: NOAUTH, commands not allowed while subscribed
    if (!s.authenticated || (s.proto === 2 && s.subscriptionCount !== 0)) return this.local(conn, argv)
    const name = (argv[0] as string).toLowerCase()
    if (s.multi !== null) {
      if (name === 'exec') return this.exec(conn)
      this.local(conn, argv)
      if (name === 'discard') this.releaseWatch(conn)
      return null
    }
    if (name === 'watch' && argv.length >= 2) return this.watch(conn, argv)
    if (name === 'unwatch' || name === 'reset') {
      this.local(conn, argv)
      this.releaseWatch(conn)
      return null
    }
    const route = routeOf(engine, argv, this.caller.shards)
    switch (route.t) {
      case 'here':
        return this.local(conn, argv)
      case 'refuse':
        s.reply(route.reply)
        return null
      case 'fanout':
        return fanOut(route.op, argv, this.caller.shards, async (shard, a) => (await this.caller.run(shard, [a], { proto: s.proto, readonly: false }))[0] ?? error(Err.internal)).then((r) => s.reply(r))
      case 'shard':
        if (route.shard === this.home) return this.local(conn, argv)
        return this.remote(conn, route.shard, argv)
    }
  }

  private local(conn: SocketConn, argv: string[]): null {
    this.engine.dispatch(conn.session, argv)
    return null
  }

  private async remote(conn: SocketConn, shard: number, argv: string[]): Promise<void> {
    this.inFlight.set(conn.id, shard)
    try {
      const replies = await this.caller.run(shard, [argv], { proto: conn.session.proto, readonly: false, conn: conn.id })
      for (const r of replies) conn.session.reply(r)
    } finally {
      this.inFlight.delete(conn.id)
    }
  }

  private watch(conn: SocketConn, argv: string[]): Promise<void> | null {
    const s = conn.session
    const keys = argv.slice(1)
    const slot = slotOfKeys(keys)
    if (slot === -2 || (conn.watchSlot !== -1 && slot !== conn.watchSlot)) {
      s.reply(error(Err.crossSlot))
      return null
    }
    const shard = shardOfSlot(slot, this.caller.shards)
    conn.watchSlot = slot
    if (shard === this.home) return this.local(conn, argv)
    conn.watchRemote = shard
    return this.caller.watch(shard, conn.id, keys).then((r) => s.reply(r))
  }

  /** EXEC: the queued commands' keys and the WATCHed keys share a slot; its shard runs the transaction. */
  private exec(conn: SocketConn): Promise<void> | null {
    const s = conn.session
    const queued = s.multi ?? []
    if (s.multiError) {
      this.local(conn, ['exec'])
      this.releaseWatch(conn)
      return null
    }
    let slot = slotOfCommands(
      this.engine,
      queued.map((q) => q.argv),
    )
    if (slot >= 0 && conn.watchSlot >= 0 && slot !== conn.watchSlot) slot = -2
    if (slot === -1) slot = conn.watchSlot
    if (slot === -2) {
      // Redis Cluster refuses EXEC, and the transaction is gone
      this.engine.watches.endTransaction(s)
      this.releaseWatch(conn)
      s.reply(error(Err.crossSlot))
      return null
    }
    const shard = slot === -1 ? this.home : shardOfSlot(slot, this.caller.shards)
    if (shard === this.home) {
      conn.watchSlot = -1
      return this.local(conn, ['exec'])
    }
    const commands = queued.map((q) => q.argv)
    const watched = conn.watchRemote === shard
    this.engine.watches.endTransaction(s)
    conn.watchSlot = -1
    conn.watchRemote = -1
    return this.caller.transaction(shard, commands, { proto: s.proto, readonly: false, conn: conn.id, watched }).then((r) => s.reply(r))
  }

  private releaseWatch(conn: SocketConn): void {
    const shard = conn.watchRemote
    conn.watchSlot = -1
    conn.watchRemote = -1
    if (shard !== -1) this.caller.release(shard, conn.id).catch(() => {})
  }

  closed(conn: SocketConn): void {
    this.releaseWatch(conn)
    const shard = this.inFlight.get(conn.id)
    if (shard !== undefined) this.caller.release(shard, conn.id).catch(() => {})
  }
}
