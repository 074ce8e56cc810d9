/**
 * A client of the engine: a TCP connection, a WebSocket, an in-process client or
 * a REST request. It holds the per-client state and the sink its replies go to.
 */
import type { Command } from './commands/define.js'
import type { TrackingState } from './core/tracking.js'
import type { Protocol, Reply } from './resp/types.js'

/** Where a session's replies and pushes go. */
export interface ReplySink {
  /** A reply, or a push (pub/sub message, keyspace event) from another session. */
  write(reply: Reply, proto: Protocol): void
  /** The engine wants the client gone (QUIT after its reply, CLIENT KILL, limits). */
  close?(): void
  /** A blocked session was served or timed out: queued commands may run again. */
  unblocked?(): void
}

export interface QueuedCommand {
  readonly cmd: Command
  readonly argv: string[]
}

/** What a blocked session waits for. */
export interface BlockState {
  readonly db: number
  readonly keys: readonly string[]
  /** Absolute ms, or 0 for forever. */
  readonly deadline: number
  readonly cmd: Command
  readonly argv: string[]
  /** The reply sent on timeout. */
  readonly timeoutReply: Reply
}

export type SessionKind = 'tcp' | 'inprocess' | 'websocket' | 'rest' | 'script'

export interface SessionOptions {
  kind?: SessionKind
  addr?: string
  laddr?: string
  fd?: number
}

export class Session {
  db = 0
  proto: Protocol = 2
  authenticated = false
  user = 'default'
  name = ''
  libName = ''
  libVer = ''
  /** Queued commands while in MULTI, else null. */
  multi: QueuedCommand[] | null = null
  /** A command failed to queue: EXEC aborts. */
  multiError = false
  /** Watched keys as `db:key` → key, or null. */
  watched: Map<string, { db: number; key: string }> | null = null
  /** A watched key was touched: EXEC fails. */
  watchDirty = false
  channels: Set<string> | null = null
  patterns: Set<string> | null = null
  shardChannels: Set<string> | null = null
  blocked: BlockState | null = null
  /** CLIENT REPLY: 'on', 'off', or 'skip' the next reply. */
  replyMode: 'on' | 'off' | 'skip' = 'on'
  /** Skip replies of the command now running (set from 'skip' at its start). */
  skipThis = false
  /** The connection closes once pending replies are written. */
  closing = false
  noEvict = false
  noTouch = false
  /** In MONITOR mode (core/monitor.ts). */
  monitor = false
  /** CLIENT TRACKING mode while on, else null (core/tracking.ts). */
  tracking: TrackingState | null = null
  lastCommand = 'NULL'
  readonly createdAt: number
  lastInteraction: number
  readonly kind: SessionKind
  readonly addr: string
  readonly laddr: string
  readonly fd: number

  constructor(
    readonly id: number,
    readonly sink: ReplySink,
    now: number,
    options: SessionOptions = {},
  ) {
    this.createdAt = now
    this.lastInteraction = now
    this.kind = options.kind ?? 'inprocess'
    this.addr = options.addr ?? ''
    this.laddr = options.laddr ?? ''
    this.fd = options.fd ?? -1
  }

  /** Number of channel, pattern and shard-channel subscriptions. */
  get subscriptionCount(): number {
    return (this.channels?.size ?? 0) + (this.patterns?.size ?? 0) + (this.shardChannels?.size ?? 0)
  }

  /** Sends a reply, honouring CLIENT REPLY OFF|SKIP. */
  reply(r: Reply): void {
    if (this.replyMode === 'off' || this.skipThis) return
    this.sink.write(r, this.proto)
  }

  /** Sends a push (pub/sub, keyspace events): not silenced by CLIENT REPLY. */
  push(r: Reply): void {
    this.sink.write(r, this.proto)
  }
}
