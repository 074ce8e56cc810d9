/** BITFIELD and BITFIELD_RO: integer fields of 1 to 64 bits at any bit offset of a string. */
import { parseLL } from '../core/numbers.js'
import { BitErr, CommandError } from '../errors.js'
import { array, integer, NULL_BULK, type Reply } from '../resp/types.js'
import { is, parseBigInteger, readString, syntaxError } from './args.js'
import { BitWriter, byteAt, parseBitOffset } from './bitmap-util.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks } from './define.js'

const GET = 0
const SET = 1
const INCRBY = 2

const WRAP = 0
const SAT = 1
const FAIL = 2

interface FieldOp {
  readonly kind: number
  readonly signed: boolean
  readonly bits: number
  readonly offset: number
  readonly value: bigint
  readonly overflow: number
}

/** A type like i16 or u8: signed up to 64 bits, unsigned up to 63 (lowercase letter only). */
function parseType(s: string): [signed: boolean, bits: number] {
  const c = s.charCodeAt(0)
  const signed = c === 105 /* i */
  if (!signed && c !== 117 /* u */) throw new CommandError(BitErr.bitfieldType)
  // the width is read as a C string: it ends at a NUL byte
  const nul = s.indexOf('\0')
  const bits = parseLL(s.slice(1, nul < 0 ? s.length : nul))
  if (bits === null || bits < 1 || bits > (signed ? 64 : 63)) throw new CommandError(BitErr.bitfieldType)
  return [signed, bits]
}

/** Reads `bits` bits from `offset`, most significant first, through `byte(i)`. */
function getField(byte: (i: number) => number, offset: number, bits: number, signed: boolean): bigint {
  let hi = 0
  let lo = 0
  const loBits = Math.min(bits, 32)
  const hiBits = bits - loBits
  for (let i = 0; i < bits; i++) {
    const pos = offset + i
    const b = (byte(Math.floor(pos / 8)) >> (7 - (pos % 8))) & 1
    if (i < hiBits) hi = hi * 2 + b
    else lo = lo * 2 + b
  }
  let v = hiBits === 0 ? BigInt(lo) : (BigInt(hi) << BigInt(loBits)) | BigInt(lo)
  if (signed) v = BigInt.asIntN(bits, v)
  return v
}

function setField(w: BitWriter, offset: number, bits: number, value: bigint): void {
  const u = BigInt.asUintN(bits, value)
  const loBits = Math.min(bits, 32)
  const lo = Number(u & 0xffffffffn)
  const hi = Number(u >> BigInt(loBits))
  for (let i = 0; i < bits; i++) {
    const pos = offset + i
    const fromEnd = bits - 1 - i
    const b = fromEnd >= 32 ? Math.floor(hi / 2 ** (fromEnd - 32)) % 2 : Math.floor(lo / 2 ** fromEnd) % 2
    const at = Math.floor(pos / 8)
    const mask = 1 << (7 - (pos % 8))
    const cur = w.get(at)
    w.set(at, b === 1 ? cur | mask : cur & ~mask)
  }
}

/**
 * The value a write stores: [overflowed, value]. Out of range, WRAP keeps the
 * low bits, SAT clamps and FAIL reports the overflow (checkSignedBitfieldOverflow).
 * An unsigned SET takes its argument as Redis's uint64 cast does.
 */
function applyOverflow(op: FieldOp, old: bigint): [boolean, bigint] {
  const { bits, signed } = op
  let target = op.kind === INCRBY ? old + op.value : op.value
  if (!signed && op.kind === SET) target = BigInt.asUintN(64, target)
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n
  const min = signed ? -max - 1n : 0n
  if (target >= min && target <= max) return [false, target]
  if (op.overflow === WRAP) return [true, signed ? BigInt.asIntN(bits, target) : BigInt.asUintN(bits, target)]
  return [true, target > max ? max : min]
}

function bitfieldGeneric(ctx: CommandContext, args: readonly string[], readonlyCommand: boolean): Reply {
  const key = args[0] as string
  const ops: FieldOp[] = []
  let overflow = WRAP
  let readonly = true
  let highest = 0
  for (let j = 1; j < args.length; j++) {
    const rem = args.length - j - 1
    const sub = args[j] as string
    let kind: number
    if (is(sub, 'get') && rem >= 2) kind = GET
    else if (is(sub, 'set') && rem >= 3) kind = SET
    else if (is(sub, 'incrby') && rem >= 3) kind = INCRBY
    else if (is(sub, 'overflow') && rem >= 1) {
      const t = args[++j] as string
      if (is(t, 'wrap')) overflow = WRAP
      else if (is(t, 'sat')) overflow = SAT
      else if (is(t, 'fail')) overflow = FAIL
      else throw new CommandError(BitErr.overflowType)
      continue
    } else throw syntaxError()
    const [signed, bits] = parseType(args[j + 1] as string)
    const offset = parseBitOffset(ctx, args[j + 2] as string, true, bits)
    let value = 0n
    if (kind !== GET) {
      readonly = false
      highest = Math.max(highest, offset + bits - 1)
      value = parseBigInteger(args[j + 3] as string)
    }
    ops.push({ kind, signed, bits, offset, value, overflow })
    j += kind === GET ? 2 : 3
  }
  const db = ctx.db
  let byte: (i: number) => number
  let w: BitWriter | null = null
  if (readonly) {
    const v = readString(db, key)
    byte = v === undefined ? () => 0 : (i) => byteAt(db, key, v, i)
  } else {
    if (readonlyCommand) throw new CommandError(BitErr.bitfieldRo)
    const writer = new BitWriter(ctx, db, key, Math.floor(highest / 8))
    byte = (i) => writer.get(i)
    w = writer
  }
  const out: Reply[] = []
  let changes = 0
  for (const op of ops) {
    const old = getField(byte, op.offset, op.bits, op.signed)
    if (op.kind === GET || w === null) {
      out.push(integer(replyInt(old)))
      continue
    }
    const [overflowed, next] = applyOverflow(op, old)
    if (overflowed && op.overflow === FAIL) {
      out.push(NULL_BULK)
      continue
    }
    out.push(integer(replyInt(op.kind === SET ? old : next)))
    setField(w, op.offset, op.bits, next)
    if (w.dirty || old !== next) changes++
  }
  w?.finish(changes)
  return array(out)
}

function replyInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v
}

export const bitfieldCommand = defineCommand({
  name: 'bitfield',
  group: 'bitmap',
  since: '3.2.0',
  summary: 'Gets, sets and increments integer fields of a string; overflow wraps, saturates or fails.',
  complexity: 'O(1) for each subcommand specified',
  arity: -2,
  flags: ['write', 'denyoom'],
  acl: ['bitmap'],
  keySpecs: [
    {
      flags: ['RW', 'access', 'update', 'variable_flags'],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
      notes: 'This command allows both access and modification of the key',
    },
  ],
  options: ['GET', 'SET', 'INCRBY', 'OVERFLOW', 'WRAP', 'SAT', 'FAIL'],
  run: (ctx, args) => bitfieldGeneric(ctx, args, false),
})

export const bitfieldRoCommand = defineCommand({
  name: 'bitfield_ro',
  group: 'bitmap',
  since: '6.0.0',
  summary: 'Gets integer fields of a string (the read-only BITFIELD).',
  complexity: 'O(1) for each subcommand specified',
  arity: -2,
  flags: ['readonly', 'fast'],
  acl: ['bitmap'],
  keySpecs: [ks.one(['RO', 'access'])],
  options: ['GET'],
  run: (ctx, args) => bitfieldGeneric(ctx, args, true),
})
