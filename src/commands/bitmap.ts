// https://redis.io/commands/?group=bitmap
import { NOTIFY_GENERIC, NOTIFY_STRING } from '../core/notify.js'
import { fromBytes } from '../core/bytes.js'
import { BitErr, CommandError, Err } from '../errors.js'
import { integer, ONE, ZERO, type Reply } from '../resp/types.js'
import { is, parseInteger, readString, syntaxError, wrongType } from './args.js'
import { bitfieldCommand, bitfieldRoCommand } from './bitmap-field.js'
import { BitWriter, byteAt, parseBitOffset, POPCOUNT, readBytes } from './bitmap-util.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'

/** Bytes scanned per step by BITCOUNT and BITPOS (no whole-value copies). */
const STEP = 65536

/** BYTE or BIT as the unit of a range; anything else is a syntax error. */
function parseUnit(s: string): boolean {
  if (is(s, 'bit')) return true
  if (is(s, 'byte')) return false
  throw syntaxError()
}

/** A range as BITCOUNT and BITPOS clamp it: negative from the end, within [0, total). */
function clampRange(start: number, end: number, total: number): [number, number] {
  if (start < 0) start = total + start
  if (end < 0) end = total + end
  if (start < 0) start = 0
  if (end < 0) end = 0
  if (end >= total) end = total - 1
  return [start, end]
}

function bitcount(ctx: CommandContext, args: readonly string[]): Reply {
  const db = ctx.db
  const key = args[0] as string
  // Redis 7.0 looks the key up before reading the range: a missing key is 0 whatever follows
  const v = readString(db, key)
  if (v === undefined) return ZERO
  const len = v.length
  let first: number
  let last: number
  if (args.length === 3 || args.length === 4) {
    let start = parseInteger(args[1] as string)
    let end = parseInteger(args[2] as string)
    const isbit = args.length === 4 && parseUnit(args[3] as string)
    if (start < 0 && end < 0 && start > end) return ZERO
    ;[start, end] = clampRange(start, end, isbit ? len * 8 : len)
    if (start > end) return ZERO
    first = isbit ? start : start * 8
    last = isbit ? end : end * 8 + 7
  } else if (args.length === 1) {
    if (len === 0) return ZERO
    first = 0
    last = len * 8 - 1
  } else throw syntaxError()
  return integer(countBits(ctx, key, v, first, last))
}

/** Set bits from bit `first` to bit `last`, inclusive. */
function countBits(ctx: CommandContext, key: string, v: string, first: number, last: number): number {
  const fromByte = Math.floor(first / 8)
  const toByte = Math.floor(last / 8)
  let n = 0
  for (let at = fromByte; at <= toByte; at += STEP) {
    const chunk = readBytes(ctx.db, key, v, at, Math.min(toByte + 1, at + STEP))
    for (let i = 0; i < chunk.length; i++) n += POPCOUNT[chunk[i] as number] as number
  }
  // bits of the end bytes outside the range
  const head = first % 8
  if (head !== 0) n -= POPCOUNT[byteAt(ctx.db, key, v, fromByte) & ((0xff << (8 - head)) & 0xff)] as number
  const tail = 7 - (last % 8)
  if (tail !== 0) n -= POPCOUNT[byteAt(ctx.db, key, v, toByte) & ((1 << tail) - 1)] as number
  return n
}

function bitpos(ctx: CommandContext, args: readonly string[]): Reply {
  const db = ctx.db
  const key = args[0] as string
  const b = parseInteger(args[1] as string)
  if (b !== 0 && b !== 1) throw new CommandError(BitErr.bitposBit)
  const bit = b === 1
  const v = readString(db, key)
  if (v === undefined) return bit ? integer(-1) : ZERO
  const len = v.length
  let first: number
  let last: number
  let endGiven = false
  if (args.length >= 3 && args.length <= 5) {
    let start = parseInteger(args[2] as string)
    const isbit = args.length === 5 && parseUnit(args[4] as string)
    const total = isbit ? len * 8 : len
    let end = total - 1
    if (args.length >= 4) {
      end = parseInteger(args[3] as string)
      endGiven = true
    }
    ;[start, end] = clampRange(start, end, total)
    if (start > end) return integer(-1)
    first = isbit ? start : start * 8
    last = isbit ? end : end * 8 + 7
  } else if (args.length === 2) {
    if (len === 0) return integer(-1)
    first = 0
    last = len * 8 - 1
  } else throw syntaxError()
  const pos = findBit(ctx, key, v, first, last, bit)
  if (pos >= 0) return integer(pos)
  // no clear bit: without an explicit end the string counts as padded with zeros
  if (!bit && !endGiven) return integer((Math.floor(last / 8) + 1) * 8)
  return integer(-1)
}

/** The first bit equal to `bit` from `first` to `last` inclusive, or -1. */
function findBit(ctx: CommandContext, key: string, v: string, first: number, last: number, bit: boolean): number {
  const fromByte = Math.floor(first / 8)
  const toByte = Math.floor(last / 8)
  const skip = bit ? 0 : 0xff
  for (let at = fromByte; at <= toByte; at += STEP) {
    const chunk = readBytes(ctx.db, key, v, at, Math.min(toByte + 1, at + STEP))
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number
      if (byte === skip) continue
      const base = (at + i) * 8
      for (let j = 0; j < 8; j++) {
        const pos = base + j
        if (pos < first) continue
        if (pos > last) return -1
        if ((((byte >> (7 - j)) & 1) === 1) === bit) return pos
      }
    }
  }
  return -1
}

function bitop(ctx: CommandContext, args: readonly string[]): Reply {
  const op = (args[0] as string).toLowerCase()
  if (op !== 'and' && op !== 'or' && op !== 'xor' && op !== 'not') throw syntaxError()
  const dest = args[1] as string
  const srcs = args.slice(2)
  if (op === 'not' && srcs.length !== 1) throw new CommandError(BitErr.bitopNot)
  const db = ctx.db
  const values: string[] = []
  for (const k of srcs) {
    const v = db.read(k)
    if (v !== undefined && typeof v !== 'string') throw wrongType()
    values.push(v ?? '')
  }
  let maxlen = 0
  let minlen = Infinity
  for (const v of values) {
    maxlen = Math.max(maxlen, v.length)
    minlen = Math.min(minlen, v.length)
  }
  if (maxlen === 0) {
    if (db.delete(dest)) ctx.wrote(db, dest, NOTIFY_GENERIC, 'del')
    return ZERO
  }
  const out = readBytes(db, srcs[0] as string, values[0] as string, 0, maxlen)
  if (op === 'not') {
    for (let i = 0; i < maxlen; i++) out[i] = ~(out[i] as number) & 0xff
  } else {
    for (let j = 1; j < values.length; j++) {
      const src = readBytes(db, srcs[j] as string, values[j] as string, 0, maxlen)
      if (op === 'and') for (let i = 0; i < maxlen; i++) out[i] = (out[i] as number) & (src[i] as number)
      else if (op === 'or') for (let i = 0; i < maxlen; i++) out[i] = (out[i] as number) | (src[i] as number)
      else for (let i = 0; i < maxlen; i++) out[i] = (out[i] as number) ^ (src[i] as number)
    }
  }
  db.set(dest, fromBytes(out))
  // the result is a new sds string: `raw` whatever its length
  db.markRaw(dest)
  ctx.wrote(db, dest, NOTIFY_STRING, 'set')
  return integer(maxlen)
}

export const bitcountCommand = defineCommand({
  name: 'bitcount',
  group: 'bitmap',
  since: '2.6.0',
  summary: 'Counts the set bits of a string, optionally within a byte or bit range.',
  complexity: 'O(N)',
  arity: -2,
  flags: ['readonly'],
  acl: ['bitmap'],
  keySpecs: [ks.one(['RO', 'access'])],
  history: [['7.0.0', 'BYTE and BIT range units.']],
  options: ['BYTE', 'BIT'],
  run: bitcount,
})

export const bitopCommand = defineCommand({
  name: 'bitop',
  group: 'bitmap',
  since: '2.6.0',
  summary: 'Stores the bitwise AND, OR, XOR or NOT of strings in a key.',
  complexity: 'O(N)',
  arity: -4,
  flags: ['write', 'denyoom'],
  acl: ['bitmap'],
  keySpecs: [ks.one(['OW', 'update'], 2), ks.range(['RO', 'access'], 3, -1)],
  options: ['AND', 'OR', 'XOR', 'NOT'],
  run: bitop,
})

export const bitposCommand = defineCommand({
  name: 'bitpos',
  group: 'bitmap',
  since: '2.8.7',
  summary: 'Finds the first set or clear bit of a string, optionally within a range.',
  complexity: 'O(N)',
  arity: -3,
  flags: ['readonly'],
  acl: ['bitmap'],
  keySpecs: [ks.one(['RO', 'access'])],
  history: [['7.0.0', 'BYTE and BIT range units.']],
  options: ['BYTE', 'BIT'],
  run: bitpos,
})

export const getbitCommand = defineCommand({
  name: 'getbit',
  group: 'bitmap',
  since: '2.2.0',
  summary: 'Returns one bit of a string value.',
  complexity: 'O(1)',
  arity: 3,
  flags: ['readonly', 'fast'],
  acl: ['bitmap'],
  keySpecs: [ks.one(['RO', 'access'])],
  run: (ctx, [key, off]) => {
    const offset = parseBitOffset(ctx, off as string)
    const db = ctx.db
    const k = key as string
    const v = readString(db, k)
    if (v === undefined) return ZERO
    const byte = byteAt(db, k, v, Math.floor(offset / 8))
    return (byte >> (7 - (offset % 8))) & 1 ? ONE : ZERO
  },
})

export const setbitCommand = defineCommand({
  name: 'setbit',
  group: 'bitmap',
  since: '2.2.0',
  summary: 'Sets or clears one bit of a string value, growing it as needed; returns the old bit.',
  complexity: 'O(1)',
  arity: 4,
  flags: ['write', 'denyoom'],
  acl: ['bitmap'],
  keySpecs: [ks.one(['RW', 'access', 'update'])],
  run: (ctx, [key, off, value]) => {
    const offset = parseBitOffset(ctx, off as string)
    const on = parseInteger(value as string, Err.bitValue)
    if (on !== 0 && on !== 1) throw new CommandError(Err.bitValue)
    const byteIndex = Math.floor(offset / 8)
    const w = new BitWriter(ctx, ctx.db, key as string, byteIndex)
    const mask = 1 << (7 - (offset % 8))
    const byte = w.get(byteIndex)
    const old = (byte & mask) !== 0
    w.set(byteIndex, on === 1 ? byte | mask : byte & ~mask)
    const changed = w.dirty || old !== (on === 1)
    w.finish(changed ? 1 : 0)
    return old ? ONE : ZERO
  },
})

/** In redis.io order. */
export const bitmapCommands: readonly CommandSpec[] = [
  bitcountCommand,
  bitfieldCommand,
  bitfieldRoCommand,
  bitopCommand,
  bitposCommand,
  getbitCommand,
  setbitCommand,
]
