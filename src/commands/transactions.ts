// https://redis.io/commands/?group=transactions
import { CommandError, Err } from '../errors.js'
import { array, NULL_ARRAY, OK, type Reply } from '../resp/types.js'
import type { QueuedCommand } from '../session.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandFlag, type CommandSpec } from './define.js'

const TX_FLAGS: readonly CommandFlag[] = ['noscript', 'loading', 'stale', 'fast', 'allow_busy']

export const discardCommand = defineCommand({
  name: 'discard',
  group: 'transactions',
  since: '2.0.0',
  summary: 'Drops the queued commands of a transaction.',
  complexity: 'O(N), when N is the number of queued commands',
  arity: 1,
  flags: TX_FLAGS,
  acl: ['transaction'],
  run: (ctx) => {
    if (ctx.session.multi === null) throw new CommandError(Err.discardWithoutMulti)
    ctx.engine.watches.endTransaction(ctx.session)
    return OK
  },
})

export const execCommand = defineCommand({
  name: 'exec',
  group: 'transactions',
  since: '1.2.0',
  summary: 'Runs the queued commands of a transaction.',
  complexity: 'Depends on the queued commands',
  arity: 1,
  flags: ['noscript', 'loading', 'stale', 'skip_slowlog'],
  acl: ['transaction'],
  run: (ctx) => {
    const s = ctx.session
    if (s.multi === null) throw new CommandError(Err.execWithoutMulti)
    if (s.multiError) {
      ctx.engine.watches.endTransaction(s)
      throw new CommandError(Err.execAbort)
    }
    const queue = s.multi
    const out = execQueue(ctx, queue)
    if (out === null) return NULL_ARRAY
    if (out.length <= queue.length) return array(out)
    // Redis writes the array header with the number of commands, then whatever they wrote: SUBSCRIBE a b
    // adds a frame, and so does a message pushed to this client meanwhile. The same bytes, split:
    ctx.reply(array(out.slice(0, queue.length)))
    for (let i = queue.length; i < out.length; i++) ctx.reply(out[i] as Reply)
    return undefined
  },
})

/**
 * Runs a transaction's queue: every reply and push of its commands in order
 * (usually one reply per command), or null when a watched key changed. Pushes
 * to the session itself (a message it published to itself, its own keyspace
 * events) join the list where Redis writes them, inside the EXEC array.
 */
function execQueue(ctx: CommandContext, queue: readonly QueuedCommand[]): Reply[] | null {
  const e = ctx.engine
  const s = ctx.session
  const dirty = s.watchDirty || e.watches.anyExpired(s, e.dbs)
  e.watches.endTransaction(s)
  if (dirty) return null
  const prevReplies = ctx.replies
  const out: Reply[] = []
  ctx.replies = out
  // Redis 7.0 wraps what the transaction propagates in MULTI/EXEC when it is more than one write
  const batch = e.beginPropagationBatch()
  try {
    e.pubsub.capturing(s, out, () => {
      for (const q of queue) {
        // CLIENT LIST keeps showing cmd=exec while the transaction runs, as Redis does
        const r = e.execute(s, q.cmd, q.argv, true)
        if (r !== undefined) out.push(r)
      }
    })
  } finally {
    ctx.replies = prevReplies
    if (batch) e.endPropagationBatch()
  }
  return out
}

export const multiCommand = defineCommand({
  name: 'multi',
  group: 'transactions',
  since: '1.2.0',
  summary: 'Starts a transaction: later commands are queued until EXEC.',
  arity: 1,
  flags: TX_FLAGS,
  acl: ['transaction'],
  run: (ctx) => {
    const s = ctx.session
    if (s.multi !== null) throw new CommandError(Err.multiNested)
    s.multi = []
    s.multiError = false
    return OK
  },
})

export const unwatchCommand = defineCommand({
  name: 'unwatch',
  group: 'transactions',
  since: '2.2.0',
  summary: 'Forgets every watched key.',
  arity: 1,
  flags: TX_FLAGS,
  acl: ['transaction'],
  run: (ctx) => {
    ctx.engine.watches.unwatchAll(ctx.session)
    return OK
  },
})

export const watchCommand = defineCommand({
  name: 'watch',
  group: 'transactions',
  since: '2.2.0',
  summary: 'Watches keys: EXEC of the next transaction fails if any of them changes.',
  complexity: 'O(1) for every key.',
  arity: -2,
  flags: TX_FLAGS,
  acl: ['transaction'],
  keySpecs: [ks.range(['RO'], 1, -1)],
  run: (ctx, keys) => {
    const s = ctx.session
    if (s.multi !== null) throw new CommandError(Err.watchInMulti)
    const db = ctx.db
    for (const key of keys) ctx.engine.watches.watch(s, db.id, key, db.isExpired(key))
    return OK
  },
})

/** In redis.io order. */
export const transactionCommands: readonly CommandSpec[] = [discardCommand, execCommand, multiCommand, unwatchCommand, watchCommand]
