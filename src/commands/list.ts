// https://redis.io/commands/?group=list
import { NOTIFY_LIST } from '../core/notify.js'
import { CommandError, Err, wrongArity } from '../errors.js'
import {
  bulk,
  bulks,
  EMPTY_BULKS,
  integer,
  NULL_ARRAY,
  NULL_BULK,
  OK,
  ZERO,
  type Reply,
} from '../resp/types.js'
import { is, parseInteger, syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'
import { blockingListCommands } from './list-blocking.js'
import {
  countChanges,
  deleteIfEmpty,
  ends,
  MOVE_ARGS,
  MOVE_KEYS,
  moveValue,
  mpopFrom,
  parseEnd,
  parseMpop,
  popValues,
  positionsOf,
  pushValues,
  readList,
  writeList,
} from './list-ops.js'
import { arg } from './server-command-docs.js'

const key0 = arg.key('key', 0)
const POP_KEYS = [ks.one(['RW', 'access', 'delete'])]
const PUSH_KEYS = [ks.one(['RW', 'insert'])]
const pushArgs = [key0, arg.string('element', { multiple: true })]
const multiHistory = (v: string) => [[v, 'Accepts several elements.'] as const]
const countHistory = [['6.2.0', 'Added the count argument.'] as const]

/** What LPOP and RPOP share: they differ only in the end they pop. */
const POP_BASE = {
  group: 'list',
  since: '1.0.0',
  complexity: 'O(N) where N is the number of elements returned.',
  arity: -2,
  flags: ['write', 'fast'],
  acl: ['list'],
  keySpecs: POP_KEYS,
  arguments: [key0, arg.integer('count', { since: '6.2.0', optional: true })],
  history: countHistory,
} as const

/** What LPUSH and RPUSH (LPUSHX and RPUSHX) share: they differ only in the end they push to. */
const pushBase = (since: string, multiSince: string) =>
  ({
    group: 'list',
    since,
    complexity: 'O(1) per element.',
    arity: -3,
    flags: ['write', 'denyoom', 'fast'],
    acl: ['list'],
    keySpecs: PUSH_KEYS,
    arguments: pushArgs,
    history: multiHistory(multiSince),
  }) as const

/** A list index from the head (0..) or the tail (-1..), as a position, or -1 when outside. */
function position(index: number, size: number): number {
  const i = index < 0 ? size + index : index
  return i >= 0 && i < size ? i : -1
}

function pushCommand(head: boolean, onlyExisting: boolean) {
  return (ctx: CommandContext, args: readonly string[]): Reply => {
    const key = args[0] as string
    const db = ctx.db
    const list = writeList(db, key)
    if (list === undefined && onlyExisting) return ZERO
    const l = pushValues(ctx, db, key, list, args.slice(1), head)
    countChanges(ctx, args.length - 1)
    return integer(l.size)
  }
}

function popCommand(head: boolean) {
  return (ctx: CommandContext, args: readonly string[]): Reply => {
    const key = args[0] as string
    const withCount = args.length > 1
    if (args.length > 2) throw new CommandError(wrongArity(ctx.cmd?.fullName ?? 'lpop'))
    // a non-integer count gets the same message as a negative one
    const count = withCount ? parseInteger(args[1] as string, Err.valueOutOfRangePositive) : 1
    if (count < 0) throw new CommandError(Err.valueOutOfRangePositive)
    const db = ctx.db
    const list = writeList(db, key)
    if (list === undefined) return withCount ? NULL_ARRAY : NULL_BULK
    if (!withCount) return bulk(popValues(ctx, db, key, list, head, 1)[0] as string)
    if (count === 0) return EMPTY_BULKS
    return bulks(popValues(ctx, db, key, list, head, count))
  }
}

function moveGeneric(ctx: CommandContext, src: string, dst: string, fromHead: boolean, toHead: boolean): Reply {
  const db = ctx.db
  const list = writeList(db, src)
  if (list === undefined) return NULL_BULK
  return bulk(moveValue(ctx, db, src, list, dst, fromHead, toHead))
}

function rangeOf(ctx: CommandContext, [key, s, e]: readonly string[]): Reply {
  let start = parseInteger(s as string)
  let end = parseInteger(e as string)
  const list = readList(ctx.db, key as string)
  if (list === undefined) return EMPTY_BULKS
  const size = list.size
  if (start < 0) start = Math.max(0, size + start)
  if (end < 0) end = size + end
  if (end >= size) end = size - 1
  if (start > end || start >= size) return EMPTY_BULKS
  return bulks(list.range(start, end))
}

export const lindexCommand = defineCommand({
  name: 'lindex',
  group: 'list',
  since: '1.0.0',
  summary: 'Returns an element from a list by its index.',
  complexity: 'O(N) where N is the number of elements walked to reach the index.',
  arity: 3,
  flags: ['readonly'],
  acl: ['list'],
  keySpecs: [ks.one(['RO', 'access'])],
  arguments: [key0, arg.integer('index')],
  run: (ctx, [key, index]) => {
    const list = readList(ctx.db, key as string)
    if (list === undefined) return NULL_BULK
    const i = position(parseInteger(index as string), list.size)
    return i < 0 ? NULL_BULK : bulk(list.at(i) as string)
  },
})

export const linsertCommand = defineCommand({
  name: 'linsert',
  group: 'list',
  since: '2.2.0',
  summary: 'Inserts an element before or after another element in a list.',
  complexity: 'O(N) where N is the number of elements before the pivot.',
  arity: 5,
  flags: ['write', 'denyoom'],
  acl: ['list'],
  keySpecs: PUSH_KEYS,
  options: ['BEFORE', 'AFTER'],
  arguments: [key0, arg.oneof('where', [arg.token('BEFORE'), arg.token('AFTER')]), arg.string('pivot'), arg.string('element')],
  run: (ctx, [key, where, pivot, element]) => {
    let after: boolean
    if (is(where as string, 'after')) after = true
    else if (is(where as string, 'before')) after = false
    else throw syntaxError()
    const db = ctx.db
    const list = writeList(db, key as string)
    if (list === undefined) return ZERO
    const n = list.insert(pivot as string, element as string, after)
    if (n < 0) return integer(-1)
    ctx.wrote(db, key as string, NOTIFY_LIST, 'linsert')
    return integer(n)
  },
})

export const llenCommand = defineCommand({
  name: 'llen',
  group: 'list',
  since: '1.0.0',
  summary: 'Returns the length of a list.',
  complexity: 'O(1)',
  arity: 2,
  flags: ['readonly', 'fast'],
  acl: ['list'],
  keySpecs: [ks.one(['RO'])],
  arguments: [key0],
  run: (ctx, [key]) => integer(readList(ctx.db, key as string)?.size ?? 0),
})

export const lmoveCommand = defineCommand({
  name: 'lmove',
  group: 'list',
  since: '6.2.0',
  summary: 'Pops an element from one end of a list and pushes it onto an end of another list.',
  complexity: 'O(1)',
  arity: 5,
  flags: ['write', 'denyoom'],
  acl: ['list'],
  keySpecs: MOVE_KEYS,
  options: ['LEFT', 'RIGHT'],
  arguments: MOVE_ARGS,
  run: (ctx, [src, dst, from, to]) => {
    const fromHead = parseEnd(from as string)
    const toHead = parseEnd(to as string)
    return moveGeneric(ctx, src as string, dst as string, fromHead, toHead)
  },
})

export const lmpopCommand = defineCommand({
  name: 'lmpop',
  group: 'list',
  since: '7.0.0',
  summary: 'Pops elements from the first non-empty list among several keys.',
  complexity: 'O(N+M) where N is the number of keys given and M the number of elements returned.',
  arity: -4,
  flags: ['write'],
  acl: ['list'],
  keySpecs: [ks.keynum(['RW', 'access', 'delete'], 1)],
  options: ['LEFT', 'RIGHT', 'COUNT'],
  arguments: [arg.integer('numkeys'), arg.key('key', 0, { multiple: true }), ends('where'), arg.integer('count', { token: 'COUNT', optional: true })],
  run: (ctx, args) => {
    const { keys, head, count } = parseMpop(args, 0)
    const db = ctx.db
    for (const key of keys) {
      const list = writeList(db, key)
      if (list !== undefined) return mpopFrom(ctx, db, key, list, head, count)
    }
    return NULL_ARRAY
  },
})

export const lpopCommand = defineCommand({
  ...POP_BASE,
  name: 'lpop',
  summary: 'Removes and returns the first elements of a list.',
  run: popCommand(true),
})

export const lposCommand = defineCommand({
  name: 'lpos',
  group: 'list',
  since: '6.0.6',
  summary: 'Returns the index of matching elements in a list.',
  complexity: 'O(N) where N is the number of elements scanned.',
  arity: -3,
  flags: ['readonly'],
  acl: ['list'],
  keySpecs: [ks.one(['RO', 'access'])],
  options: ['RANK', 'COUNT', 'MAXLEN'],
  arguments: [
    key0,
    arg.string('element'),
    arg.integer('rank', { token: 'RANK', optional: true }),
    arg.integer('num-matches', { token: 'COUNT', optional: true }),
    arg.integer('len', { token: 'MAXLEN', optional: true }),
  ],
  run: positionsOf,
})

export const lpushCommand = defineCommand({
  ...pushBase('1.0.0', '2.4.0'),
  name: 'lpush',
  summary: 'Prepends elements to a list, creating it if needed.',
  run: pushCommand(true, false),
})

export const lpushxCommand = defineCommand({
  ...pushBase('2.2.0', '4.0.0'),
  name: 'lpushx',
  summary: 'Prepends elements to a list only when the list exists.',
  run: pushCommand(true, true),
})

export const lrangeCommand = defineCommand({
  name: 'lrange',
  group: 'list',
  since: '1.0.0',
  summary: 'Returns a range of elements from a list.',
  complexity: 'O(S+N) where S is the distance of the start from the nearer end and N the number of elements returned.',
  arity: 4,
  flags: ['readonly'],
  acl: ['list'],
  keySpecs: [ks.one(['RO', 'access'])],
  arguments: [key0, arg.integer('start'), arg.integer('stop')],
  run: rangeOf,
})

export const lremCommand = defineCommand({
  name: 'lrem',
  group: 'list',
  since: '1.0.0',
  summary: 'Removes elements equal to a value from a list.',
  complexity: 'O(N+M) where N is the length of the list and M the number of elements removed.',
  arity: 4,
  flags: ['write'],
  acl: ['list'],
  keySpecs: [ks.one(['RW', 'delete'])],
  arguments: [key0, arg.integer('count'), arg.string('element')],
  run: (ctx, [key, c, element]) => {
    const count = parseInteger(c as string)
    const db = ctx.db
    const list = writeList(db, key as string)
    if (list === undefined) return ZERO
    const removed = list.remove(element as string, Math.abs(count), count < 0)
    if (removed !== 0) {
      ctx.wrote(db, key as string, NOTIFY_LIST, 'lrem')
      countChanges(ctx, removed)
      deleteIfEmpty(ctx, db, key as string, list)
    }
    return integer(removed)
  },
})

export const lsetCommand = defineCommand({
  name: 'lset',
  group: 'list',
  since: '1.0.0',
  summary: 'Sets the value of an element in a list by its index.',
  complexity: 'O(N) where N is the number of elements walked to reach the index.',
  arity: 4,
  flags: ['write', 'denyoom'],
  acl: ['list'],
  keySpecs: [ks.one(['RW', 'update'])],
  arguments: [key0, arg.integer('index'), arg.string('element')],
  run: (ctx, [key, index, element]) => {
    const db = ctx.db
    const list = writeList(db, key as string)
    if (list === undefined) throw new CommandError(Err.noSuchKey)
    const i = position(parseInteger(index as string), list.size)
    if (i < 0) throw new CommandError(Err.indexOutOfRange)
    list.set(i, element as string)
    ctx.wrote(db, key as string, NOTIFY_LIST, 'lset')
    return OK
  },
})

export const ltrimCommand = defineCommand({
  name: 'ltrim',
  group: 'list',
  since: '1.0.0',
  summary: 'Trims a list to a range of its elements.',
  complexity: 'O(N) where N is the number of elements removed.',
  arity: 4,
  flags: ['write'],
  acl: ['list'],
  keySpecs: [ks.one(['RW', 'delete'])],
  arguments: [key0, arg.integer('start'), arg.integer('stop')],
  run: (ctx, [key, s, e]) => {
    let start = parseInteger(s as string)
    let end = parseInteger(e as string)
    const db = ctx.db
    const list = writeList(db, key as string)
    if (list === undefined) return OK
    const size = list.size
    if (start < 0) start = Math.max(0, size + start)
    if (end < 0) end = size + end
    if (end >= size) end = size - 1
    const removed = start > end || start >= size ? size : size - (end - start + 1)
    if (removed === size) list.dropHead(size)
    else list.trim(start, end)
    // Redis notifies and touches the key even when nothing was trimmed, but logs only a change
    ctx.wrote(db, key as string, NOTIFY_LIST, 'ltrim')
    countChanges(ctx, removed)
    if (removed === 0) ctx.propagateNothing()
    deleteIfEmpty(ctx, db, key as string, list)
    return OK
  },
})

export const rpopCommand = defineCommand({
  ...POP_BASE,
  name: 'rpop',
  summary: 'Removes and returns the last elements of a list.',
  run: popCommand(false),
})

export const rpoplpushCommand = defineCommand({
  name: 'rpoplpush',
  group: 'list',
  since: '1.2.0',
  summary: 'Pops the last element of a list and pushes it onto the head of another list.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['write', 'denyoom'],
  acl: ['list'],
  keySpecs: MOVE_KEYS,
  arguments: [arg.key('source', 0), arg.key('destination', 1)],
  docFlags: ['deprecated'],
  deprecatedSince: '6.2.0',
  replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments',
  run: (ctx, [src, dst]) => moveGeneric(ctx, src as string, dst as string, false, true),
})

export const rpushCommand = defineCommand({
  ...pushBase('1.0.0', '2.4.0'),
  name: 'rpush',
  summary: 'Appends elements to a list, creating it if needed.',
  run: pushCommand(false, false),
})

export const rpushxCommand = defineCommand({
  ...pushBase('2.2.0', '4.0.0'),
  name: 'rpushx',
  summary: 'Appends elements to a list only when the list exists.',
  run: pushCommand(false, true),
})

export const listCommands: readonly CommandSpec[] = [
  ...blockingListCommands,
  lindexCommand,
  linsertCommand,
  llenCommand,
  lmoveCommand,
  lmpopCommand,
  lpopCommand,
  lposCommand,
  lpushCommand,
  lpushxCommand,
  lrangeCommand,
  lremCommand,
  lsetCommand,
  ltrimCommand,
  rpopCommand,
  rpoplpushCommand,
  rpushCommand,
  rpushxCommand,
]
