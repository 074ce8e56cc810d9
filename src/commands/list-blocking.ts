// https://redis.io/commands/?group=list (the blocking commands)
import { Err } from '../errors.js'
import { bulk, bulks, error, NULL_ARRAY, NULL_BULK, type Reply } from '../resp/types.js'
import { parseTimeout } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { endName, ends, MOVE_ARGS, MOVE_KEYS, moveValue, mpopFrom, parseEnd, parseMpop, popValues, writeList } from './list-ops.js'
import { arg } from './server-command-docs.js'

const timeoutHistory = [['6.0.0', 'The timeout is read as a double, no longer an integer.'] as const]

/** What BLPOP and BRPOP share: they differ only in the end they pop. */
const POP_BASE = {
  group: 'list',
  since: '2.0.0',
  complexity: 'O(N) where N is the number of keys given.',
  arity: -3,
  flags: ['write', 'noscript', 'blocking'],
  acl: ['list'],
  keySpecs: [ks.range(['RW', 'access', 'delete'], 1, -2)],
  arguments: [arg.key('key', 0, { multiple: true }), arg.double('timeout')],
  history: timeoutHistory,
} as const

/**
 * The keys to try: all of them in order, or, when a blocked client is served,
 * only the key that became ready (Redis serves it from that key).
 */
function candidates(ctx: CommandContext, keys: readonly string[]): readonly string[] {
  return ctx.retrying && ctx.readyKey !== null ? [ctx.readyKey] : keys
}

function blockingPop(head: boolean) {
  return (ctx: CommandContext, args: readonly string[]): Reply => {
    const keys = args.slice(0, -1)
    const deadline = parseTimeout(args[args.length - 1] as string, ctx.now())
    const db = ctx.db
    for (const key of candidates(ctx, keys)) {
      const list = writeList(db, key)
      if (list === undefined) continue
      const v = popValues(ctx, db, key, list, head, 1)[0] as string
      ctx.propagate([head ? 'lpop' : 'rpop', key])
      return bulks([key, v])
    }
    return ctx.block(keys, deadline, NULL_ARRAY)
  }
}

function blockingMove(ctx: CommandContext, src: string, dst: string, fromHead: boolean, toHead: boolean, timeout: string, log: string[]): Reply | undefined {
  const deadline = parseTimeout(timeout, ctx.now())
  const db = ctx.db
  const list = writeList(db, src)
  if (list !== undefined) {
    if (ctx.retrying) {
      // Redis 7.0 answers a served client whose destination has another type with
      // WRONGTYPE and unblocks it (a returned WRONGTYPE would keep it blocked)
      const target = db.get(dst)
      if (target !== undefined && (typeof target === 'string' || target.type !== 'list')) {
        ctx.reply(error(Err.wrongType))
        return undefined
      }
    }
    const v = moveValue(ctx, db, src, list, dst, fromHead, toHead)
    ctx.propagate(log)
    return bulk(v)
  }
  // in MULTI it answers nil at once, but a nil bulk rather than the timeout's nil array
  if (!ctx.retrying && !ctx.canBlock) return NULL_BULK
  return ctx.block([src], deadline, NULL_ARRAY)
}

export const blmoveCommand = defineCommand({
  name: 'blmove',
  group: 'list',
  since: '6.2.0',
  summary: 'Pops an element from one end of a list, pushes it onto an end of another list, and returns it; blocks until one is available.',
  complexity: 'O(1)',
  arity: 6,
  flags: ['write', 'denyoom', 'noscript', 'blocking'],
  acl: ['list'],
  keySpecs: MOVE_KEYS,
  options: ['LEFT', 'RIGHT'],
  arguments: [...MOVE_ARGS, arg.double('timeout')],
  run: (ctx, [src, dst, from, to, timeout]) => {
    const fromHead = parseEnd(from as string)
    const toHead = parseEnd(to as string)
    const log = ['lmove', src as string, dst as string, endName(fromHead), endName(toHead)]
    return blockingMove(ctx, src as string, dst as string, fromHead, toHead, timeout as string, log)
  },
})

export const blmpopCommand = defineCommand({
  name: 'blmpop',
  group: 'list',
  since: '7.0.0',
  summary: 'Pops elements from the first non-empty list among several keys; blocks until one is available.',
  complexity: 'O(N+M) where N is the number of keys given and M the number of elements returned.',
  arity: -5,
  flags: ['write', 'blocking'],
  acl: ['list'],
  keySpecs: [ks.keynum(['RW', 'access', 'delete'], 2)],
  options: ['LEFT', 'RIGHT', 'COUNT'],
  arguments: [
    arg.double('timeout'),
    arg.integer('numkeys'),
    arg.key('key', 0, { multiple: true }),
    ends('where'),
    arg.integer('count', { token: 'COUNT', optional: true }),
  ],
  run: (ctx, args) => {
    // Redis reads numkeys, the end and COUNT before the timeout
    const { keys, head, count } = parseMpop(args, 1)
    const deadline = parseTimeout(args[0] as string, ctx.now())
    const db = ctx.db
    for (const key of candidates(ctx, keys)) {
      const list = writeList(db, key)
      if (list !== undefined) return mpopFrom(ctx, db, key, list, head, count)
    }
    return ctx.block(keys, deadline, NULL_ARRAY)
  },
})

export const blpopCommand = defineCommand({
  ...POP_BASE,
  name: 'blpop',
  summary: 'Removes and returns the first element of the first non-empty list; blocks until one is available.',
  run: blockingPop(true),
})

export const brpopCommand = defineCommand({
  ...POP_BASE,
  name: 'brpop',
  summary: 'Removes and returns the last element of the first non-empty list; blocks until one is available.',
  run: blockingPop(false),
})

export const brpoplpushCommand = defineCommand({
  name: 'brpoplpush',
  group: 'list',
  since: '2.2.0',
  summary: 'Pops the last element of a list, pushes it onto the head of another list, and returns it; blocks until one is available.',
  complexity: 'O(1)',
  arity: 4,
  flags: ['write', 'denyoom', 'noscript', 'blocking'],
  acl: ['list'],
  keySpecs: MOVE_KEYS,
  arguments: [arg.key('source', 0), arg.key('destination', 1), arg.double('timeout')],
  history: timeoutHistory,
  docFlags: ['deprecated'],
  deprecatedSince: '6.2.0',
  replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments',
  run: (ctx, [src, dst, timeout]) => blockingMove(ctx, src as string, dst as string, false, true, timeout as string, ['rpoplpush', src as string, dst as string]),
})

export const blockingListCommands: readonly CommandSpec[] = [blmoveCommand, blmpopCommand, blpopCommand, brpopCommand, brpoplpushCommand]
