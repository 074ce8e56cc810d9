/**
 * The engine's work outside a client's own command: serving clients whose keys
 * became ready, blocking and idle timeouts, and when the adapter should call
 * `engine.tick()` next (DESIGN.md §6).
 */
import { BLOCKED } from './commands/context.js'
import type { Db } from './core/keyspace.js'
import { NOTIFY_EXPIRED } from './core/notify.js'
import type { Engine } from './engine.js'
import { Err, unknownCommand, unknownSubcommand } from './errors.js'
import { error, type Reply } from './resp/types.js'
import type { Session } from './session.js'

/** Ends a session's block: sends `reply` (none when the handler already replied) and lets its queued commands run. */
export function unblock(engine: Engine, s: Session, reply: Reply | null): void {
  engine.blocking.remove(s)
  if (reply !== null) s.reply(reply)
  s.sink.unblocked?.()
}

/** Serves clients blocked on keys that became ready, until no served command readies another. */
export function serveBlocked(engine: Engine): void {
  for (let round = 0; round < 1000; round++) {
    const ready = engine.blocking.takeReady()
    if (ready === null) return
    for (const { key, waiters } of ready) {
      for (const s of waiters) {
        const b = s.blocked
        if (b === null) continue
        const ctx = engine.contextOf(s)
        ctx.retrying = true
        ctx.readyKey = key
        const prevDb = s.db
        s.db = b.db
        let r: Reply | undefined
        try {
          r = engine.execute(s, b.cmd, b.argv)
        } finally {
          ctx.retrying = false
          ctx.readyKey = null
          s.db = prevDb
        }
        if (r === BLOCKED) {
          // stream readers wait after different IDs: one left waiting says nothing of the next
          if (b.cmd.group === 'stream') continue
          break
        }
        if (r !== undefined && r.t === 'error' && r.v === Err.wrongType) continue
        unblock(engine, s, r ?? null)
      }
    }
  }
}

/** Blocking timeouts, active expiry, eviction and idle-client timeouts: `engine.tick()`. */
export function tick(engine: Engine): void {
  const now = engine.clock.now()
  for (const s of engine.blocking.expired(now)) {
    const b = s.blocked
    if (b) unblock(engine, s, b.timeoutReply)
  }
  if (engine.activeExpireEnabled) engine.activeExpire()
  if (engine.eviction.pending || engine.eviction.max !== 0) engine.eviction.perform()
  // expiry and deletions above may end blocks (XREADGROUP on a vanished key)
  if (engine.blocking.count !== 0) serveBlocked(engine)
  if (engine.tracking.clients !== 0 || engine.tracking.pending) engine.tracking.cron()
  const timeout = engine.config.getInt('timeout')
  if (timeout > 0) {
    for (const s of engine.sessions.values()) {
      if (s.kind !== 'tcp' && s.kind !== 'websocket') continue
      if (s.blocked !== null || s.subscriptionCount !== 0) continue
      if (now - s.lastInteraction > timeout * 1000) s.sink.close?.()
    }
  }
}

/** When `tick()` should next run, in clock ms; Infinity when nothing is pending. */
export function nextDeadline(engine: Engine, expiryBehind: boolean): number {
  const now = engine.clock.now()
  let next = Infinity
  const b = engine.blocking.nextDeadline()
  if (b !== Infinity) next = b + 1
  const hz = engine.config.getInt('hz')
  for (const db of engine.dbs) {
    if (db.expiresCount !== 0 && engine.activeExpireEnabled) {
      next = Math.min(next, now + (expiryBehind ? 1 : Math.floor(1000 / hz)))
      break
    }
  }
  if (engine.config.getInt('timeout') > 0 && engine.sessions.size !== 0) next = Math.min(next, now + 1000)
  if (engine.eviction.pending) next = Math.min(next, now + 1)
  return next
}

/** `engine.run`: a command outside any client, on the engine's internal session. */
export function runInternal(engine: Engine, s: Session, argv: string[]): Reply | undefined {
  let cmd = engine.lookup(argv[0] as string)
  if (!cmd) return error(unknownCommand(argv[0] as string, argv.slice(1)))
  if (cmd.subs !== null && argv.length >= 2) {
    const sub = cmd.subs.get((argv[1] as string).toLowerCase())
    if (sub === undefined) return error(unknownSubcommand(argv[1] as string, cmd.name))
    cmd = sub
  }
  return engine.execute(s, cmd, argv)
}

/** A key expired (lazily or actively): counted, notified, and logged as DEL. */
export function keyExpired(engine: Engine, db: Db, key: string): void {
  engine.stats.expiredKeys++
  engine.keyModified(db.id, key)
  if (engine.notifyFlags !== 0) engine.notify(NOTIFY_EXPIRED, 'expired', db.id, key)
  engine.propagate(['del', key], db.id)
}
