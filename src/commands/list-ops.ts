/** Helpers shared by the list commands and their blocking forms. */
import type { Db } from '../core/keyspace.js'
import { NOTIFY_GENERIC, NOTIFY_LIST } from '../core/notify.js'
import { ListValue } from '../core/values/list.js'
import { CommandError, Err, ListErr } from '../errors.js'
import { array, bulk, bulks, EMPTY_BULKS, integer, NULL_BULK, type Reply } from '../resp/types.js'
import { is, parseBigInteger, parseInteger, readTyped, syntaxError, writeTyped } from './args.js'
import type { CommandContext } from './context.js'
import { ks } from './define.js'
import { arg } from './server-command-docs.js'

export const ends = (name: string) => arg.oneof(name, [arg.token('LEFT'), arg.token('RIGHT')])
export const MOVE_ARGS = [arg.key('source', 0), arg.key('destination', 1), ends('wherefrom'), ends('whereto')]
export const MOVE_KEYS = [ks.one(['RW', 'access', 'delete']), ks.one(['RW', 'insert'], 2)]

/** A list for reading (counts a keyspace hit or miss): undefined when absent, WRONGTYPE otherwise. */
export function readList(db: Db, key: string): ListValue | undefined {
  return readTyped<ListValue>(db, key, 'list')
}

/** A list for writing: undefined when absent, WRONGTYPE otherwise. */
export function writeList(db: Db, key: string): ListValue | undefined {
  return writeTyped<ListValue>(db, key, 'list')
}

/** Redis counts one change per element touched (server.dirty += n); `ctx.wrote` counted one. */
export function countChanges(ctx: CommandContext, n: number): void {
  ctx.engine.dirty += n - 1
}

/** LEFT or RIGHT: true for the head. */
export function parseEnd(arg: string): boolean {
  if (is(arg, 'left')) return true
  if (is(arg, 'right')) return false
  throw syntaxError()
}

/** Pushes values one by one (so LPUSH k a b c leaves c first) and wakes blocked clients. */
export function pushValues(ctx: CommandContext, db: Db, key: string, list: ListValue | undefined, values: readonly string[], head: boolean): ListValue {
  if (list === undefined) {
    list = new ListValue()
    db.set(key, list)
  }
  for (const v of values) {
    if (head) list.pushHead(v)
    else list.pushTail(v)
  }
  ctx.wrote(db, key, NOTIFY_LIST, head ? 'lpush' : 'rpush')
  ctx.ready(db, key)
  return list
}

/** Pops up to `n` elements from a non-empty list, notifies, and deletes the key once empty. */
export function popValues(ctx: CommandContext, db: Db, key: string, list: ListValue, head: boolean, n: number): string[] {
  const out: string[] = []
  for (let i = 0; i < n && list.size !== 0; i++) out.push((head ? list.popHead() : list.popTail()) as string)
  ctx.wrote(db, key, NOTIFY_LIST, head ? 'lpop' : 'rpop')
  countChanges(ctx, out.length)
  deleteIfEmpty(ctx, db, key, list)
  return out
}

export function deleteIfEmpty(ctx: CommandContext, db: Db, key: string, list: ListValue): void {
  if (list.size !== 0) return
  db.delete(key)
  ctx.notify(NOTIFY_GENERIC, 'del', db, key)
}

/**
 * LMOVE's effect on a non-empty source: checks the destination type, pops,
 * pushes (creating the destination), and notifies the push before the pop as
 * Redis does.
 */
export function moveValue(ctx: CommandContext, db: Db, src: string, list: ListValue, dst: string, fromHead: boolean, toHead: boolean): string {
  const target = writeList(db, dst)
  const v = (fromHead ? list.popHead() : list.popTail()) as string
  // the same key: the element goes back onto the list it came from
  pushValues(ctx, db, dst, src === dst ? list : target, [v], toHead)
  ctx.wrote(db, src, NOTIFY_LIST, fromHead ? 'lpop' : 'rpop')
  countChanges(ctx, 0)
  deleteIfEmpty(ctx, db, src, list)
  return v
}

export function endName(head: boolean): string {
  return head ? 'LEFT' : 'RIGHT'
}

/** LMPOP's arguments after numkeys' position: keys, the end, and COUNT. */
export interface MpopArgs {
  readonly keys: readonly string[]
  readonly head: boolean
  readonly count: number
}

export function parseMpop(args: readonly string[], at: number): MpopArgs {
  const numkeys = parseInteger(args[at] as string, Err.numkeysZero)
  if (numkeys < 1) throw new CommandError(Err.numkeysZero)
  const whereAt = at + 1 + numkeys
  if (whereAt >= args.length) throw syntaxError()
  const head = parseEnd(args[whereAt] as string)
  let count = -1
  for (let j = whereAt + 1; j < args.length; j++) {
    if (count === -1 && is(args[j] as string, 'count') && j + 1 < args.length) {
      count = parseInteger(args[++j] as string, Err.countPositive)
      if (count < 1) throw new CommandError(Err.countPositive)
    } else throw syntaxError()
  }
  return { keys: args.slice(at + 1, whereAt), head, count: count === -1 ? 1 : count }
}

/** LMPOP's effect on one non-empty list: the reply, logged as LPOP/RPOP key count. */
export function mpopFrom(ctx: CommandContext, db: Db, key: string, list: ListValue, head: boolean, count: number): Reply {
  const n = Math.min(count, list.size)
  const values = popValues(ctx, db, key, list, head, n)
  ctx.propagate([head ? 'lpop' : 'rpop', key, String(n)])
  return array([bulk(key), bulks(values)])
}

/** LPOS: options are checked one by one before the key. */
export function positionsOf(ctx: CommandContext, args: readonly string[]): Reply {
  const key = args[0] as string
  const element = args[1] as string
  let rank = 1
  let rankMin = false
  let count = -1
  let maxlen = 0
  for (let j = 2; j < args.length; j++) {
    const opt = args[j] as string
    if (j + 1 >= args.length) throw syntaxError()
    const val = args[++j] as string
    if (is(opt, 'rank')) {
      const r = parseBigInteger(val)
      if (r === 0n) throw new CommandError(ListErr.rankZero)
      // Redis 7.0 negates LONG_MIN into itself: every match qualifies and COUNT never stops the scan
      rankMin = r === -9223372036854775808n
      rank = Number(r)
    } else if (is(opt, 'count')) {
      count = parseInteger(val, ListErr.countNegative)
      if (count < 0) throw new CommandError(ListErr.countNegative)
    } else if (is(opt, 'maxlen')) {
      maxlen = parseInteger(val, ListErr.maxlenNegative)
      if (maxlen < 0) throw new CommandError(ListErr.maxlenNegative)
    } else throw syntaxError()
  }
  const list = readList(ctx.db, key)
  if (list === undefined) return count === -1 ? NULL_BULK : EMPTY_BULKS
  const fromTail = rank < 0
  if (fromTail && !rankMin) rank = -rank
  const size = list.size
  const found: number[] = []
  let index = 0
  let matches = 0
  list.scan(fromTail, (v) => {
    if (maxlen !== 0 && index >= maxlen) return false
    if (v === element) {
      matches++
      if (rankMin || matches >= rank) {
        found.push(fromTail ? size - 1 - index : index)
        if (count === -1) return false
        if (count !== 0 && !rankMin && matches - rank + 1 >= count) return false
      }
    }
    index++
    return true
  })
  if (count === -1) return found.length === 0 ? NULL_BULK : integer(found[0] as number)
  return array(found.map(integer))
}
