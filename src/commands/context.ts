/**
 * What a command handler sees: its session, its database, the clock, and the
 * hooks through which every write reports its effects (DESIGN.md §4).
 */
import type { Db } from '../core/keyspace.js'
import type { Engine } from '../engine.js'
import { NULL_ARRAY, type Reply } from '../resp/types.js'
import type { Session } from '../session.js'
import type { Command } from './define.js'

/** Returned by a handler that blocked: its reply comes later. */
export const BLOCKED: Reply = { t: 'null', arr: true }

/** A command's arguments (argv past its name): literals for the short common cases are cheaper than `slice`. */
export function argsOf(argv: readonly string[], from: number): string[] {
  const n = argv.length - from
  if (n === 1) return [argv[from] as string]
  if (n === 2) return [argv[from] as string, argv[from + 1] as string]
  return argv.slice(from)
}

export class CommandContext {
  argv: readonly string[] = []
  cmd: Command | null = null
  /** Replies collected instead of sent (inside EXEC and scripts). */
  replies: Reply[] | null = null
  /** The handler propagated its effects explicitly. */
  propagated = false
  /** Running inside EXEC or a script: blocking commands do not block. */
  nested = false
  /** Re-running a blocked command because one of its keys became ready. */
  retrying = false
  /** While retrying: the key that became ready (Redis serves a blocked client from that key). */
  readyKey: string | null = null

  constructor(
    readonly engine: Engine,
    readonly session: Session,
  ) {}

  /** The session's selected database. */
  get db(): Db {
    return this.engine.dbs[this.session.db] as Db
  }

  get proto(): 2 | 3 {
    return this.session.proto
  }

  now(): number {
    return this.engine.clock.now()
  }

  /** A key changed: invalidates WATCH and counts toward `dirty`. */
  modified(db: Db, key: string): void {
    this.engine.keyModified(db.id, key)
  }

  /** Publishes a keyspace notification when `notify-keyspace-events` enables its class. */
  notify(type: number, event: string, db: Db, key: string): void {
    if (this.engine.notifyFlags !== 0) this.engine.notify(type, event, db.id, key)
  }

  /** A write: `modified` plus `notify`. */
  wrote(db: Db, key: string, type: number, event: string): void {
    this.engine.keyModified(db.id, key)
    if (this.engine.notifyFlags !== 0) this.engine.notify(type, event, db.id, key)
  }

  /** A list, zset or stream key may serve blocked clients once this command completes. */
  ready(db: Db, key: string): void {
    this.engine.blocking.signal(db.id, key)
  }

  /** Logs the write as it took effect (AOF, Durable Object storage, replicas). */
  propagate(argv: readonly string[]): void {
    this.propagated = true
    this.engine.propagate(argv, this.session.db)
  }

  /** Marks the command as propagating nothing (a write that changed nothing). */
  propagateNothing(): void {
    this.propagated = true
  }

  /** Sends one of several replies (SUBSCRIBE a b c); the handler then returns undefined. */
  reply(r: Reply): void {
    if (this.replies !== null) this.replies.push(r)
    else this.session.reply(r)
  }

  /**
   * Sends a pub/sub confirmation: one of several replies that CLIENT REPLY OFF
   * does not silence (Redis writes them as pushes). Inside EXEC it is collected.
   */
  pushReply(r: Reply): void {
    if (this.replies !== null) this.replies.push(r)
    else this.session.push(r)
  }

  /** Whether a blocking command may block here (not inside MULTI, scripts or synchronous calls). */
  get canBlock(): boolean {
    return !this.nested && this.engine.canBlock(this.session)
  }

  /**
   * Blocks the session on `keys` until one is ready or `deadline` (absolute ms,
   * 0 for never) passes, then `timeoutReply` is sent. Where blocking is not
   * possible the handler gets `timeoutReply` back at once, as Redis does in MULTI.
   * `retryArgv` replaces the argv re-run when a key is ready (XREAD resolves `$`).
   */
  block(keys: readonly string[], deadline: number, timeoutReply: Reply = NULL_ARRAY, retryArgv?: readonly string[]): Reply {
    if (this.retrying) return BLOCKED
    if (!this.canBlock) return timeoutReply
    this.engine.blockSession(this.session, {
      db: this.session.db,
      keys,
      deadline,
      cmd: this.cmd as Command,
      argv: (retryArgv ?? this.argv) as string[],
      timeoutReply,
    })
    return BLOCKED
  }
}
