// https://redis.io/commands/?group=hyperloglog
import type { Db } from '../core/keyspace.js'
import { NOTIFY_STRING } from '../core/notify.js'
import { estimate, Hll, HLL_DENSE, HLL_REGISTERS, HLL_SPARSE, isHllString, rawHistogram } from '../core/values/hll.js'
import { CommandError, HllErr } from '../errors.js'
import { array, bulk, integer, OK, ONE, simple, ZERO, type Reply } from '../resp/types.js'
import { wrongType } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand, ks, type CommandSpec } from './define.js'

/** A stored HyperLogLog (isHLLObjectOrReply): WRONGTYPE for other types and for strings that are not one. */
function asHll(v: unknown): Hll {
  if (typeof v !== 'string') throw wrongType()
  if (!isHllString(v)) throw new CommandError(HllErr.notHll)
  return Hll.from(v)
}

function sparseMax(ctx: CommandContext): number {
  return ctx.engine.config.getInt('hll-sparse-max-bytes')
}

/** Writes the value back; Redis edits it in place as an unshared (`raw`) string. */
function store(db: Db, key: string, hll: Hll, created: boolean): void {
  if (created) db.set(key, hll.toString())
  else db.replace(key, hll.toString())
  db.markRaw(key)
}

function pfadd(ctx: CommandContext, args: readonly string[]): Reply {
  const db = ctx.db
  const key = args[0] as string
  const v = db.get(key)
  const created = v === undefined
  const hll = created ? Hll.empty() : asHll(v)
  const max = sparseMax(ctx)
  let updated = created ? 1 : 0
  for (let i = 1; i < args.length; i++) {
    const r = hll.add(args[i] as string, max)
    if (r === 1) updated++
    else if (r < 0) {
      // Redis has already changed the value in place when it finds the corruption
      store(db, key, hll, created)
      throw new CommandError(HllErr.corrupted)
    }
  }
  if (updated === 0) {
    db.markRaw(key)
    return ZERO
  }
  hll.invalidateCache()
  store(db, key, hll, created)
  ctx.wrote(db, key, NOTIFY_STRING, 'pfadd')
  ctx.engine.dirty += updated - 1
  return ONE
}

function pfcount(ctx: CommandContext, keys: readonly string[]): Reply {
  const db = ctx.db
  if (keys.length > 1) {
    const regs = new Uint8Array(HLL_REGISTERS)
    for (const k of keys) {
      const v = db.read(k)
      if (v === undefined) continue
      if (!asHll(v).mergeInto(regs)) throw new CommandError(HllErr.corrupted)
    }
    return integer(estimate(rawHistogram(regs)))
  }
  const key = keys[0] as string
  const v = db.read(key)
  if (v === undefined) return ZERO
  const hll = asHll(v)
  db.markRaw(key)
  const cached = hll.cachedCard()
  if (cached !== null) return integer(cached)
  const card = hll.count()
  if (card === null) throw new CommandError(HllErr.corrupted)
  // caching the count changes the value: Redis propagates the PFCOUNT itself
  hll.setCache(card)
  db.replace(key, hll.toString())
  ctx.modified(db, key)
  ctx.propagate(['pfcount', key])
  return integer(card)
}

function pfmerge(ctx: CommandContext, keys: readonly string[]): Reply {
  const db = ctx.db
  const dest = keys[0] as string
  const regs = new Uint8Array(HLL_REGISTERS)
  let dense = false
  // the destination takes part in the union
  for (const k of keys) {
    const v = db.read(k)
    if (v === undefined) continue
    const h = asHll(v)
    if (h.encoding === HLL_DENSE) dense = true
    if (!h.mergeInto(regs)) throw new CommandError(HllErr.corrupted)
  }
  const cur = db.get(dest)
  const created = cur === undefined
  const hll = created ? Hll.empty() : asHll(cur)
  if (dense && !hll.toDense()) throw new CommandError(HllErr.corrupted)
  const max = sparseMax(ctx)
  for (let j = 0; j < HLL_REGISTERS; j++) {
    const r = regs[j] as number
    if (r !== 0) hll.set(j, r, max)
  }
  hll.invalidateCache()
  store(db, dest, hll, created)
  ctx.wrote(db, dest, NOTIFY_STRING, 'pfadd')
  return OK
}

function pfdebug(ctx: CommandContext, [subArg, keyArg]: readonly string[]): Reply {
  const db = ctx.db
  const key = keyArg as string
  const v = db.get(key)
  if (v === undefined) throw new CommandError(HllErr.noSuchKey)
  const hll = asHll(v)
  db.markRaw(key)
  const sub = (subArg as string).toLowerCase()
  const toDense = (): boolean => {
    if (hll.encoding !== HLL_SPARSE) return false
    if (!hll.toDense()) throw new CommandError(HllErr.corrupted)
    db.replace(key, hll.toString())
    // a change of representation only: no event, but it is propagated
    ctx.engine.dirty++
    return true
  }
  switch (sub) {
    case 'getreg':
      toDense()
      return array(hll.registers().map((r) => integer(r)))
    case 'decode':
      if (hll.encoding !== HLL_SPARSE) throw new CommandError(HllErr.notSparse)
      return bulk(hll.decode())
    case 'encoding':
      return simple(hll.encoding === HLL_SPARSE ? 'sparse' : 'dense')
    case 'todense':
      return toDense() ? ONE : ZERO
    default: {
      const nul = (subArg as string).indexOf('\0')
      throw new CommandError(HllErr.unknownDebug(nul < 0 ? (subArg as string) : (subArg as string).slice(0, nul)))
    }
  }
}

/**
 * Checks the register packing and that sparse and dense writes agree; our own
 * checks, in the spirit of Redis's.
 */
function pfselftest(ctx: CommandContext): Reply {
  const random = ctx.engine.random
  const sparse = Hll.empty()
  const dense = Hll.empty()
  dense.toDense()
  const regs = new Uint8Array(HLL_REGISTERS)
  for (let i = 0; i < 4000; i++) {
    const index = Math.floor(random() * HLL_REGISTERS)
    const count = 1 + Math.floor(random() * 40)
    if (count > (regs[index] as number)) regs[index] = count
    sparse.set(index, count, 1 << 30)
    dense.set(index, count, 0)
  }
  sparse.toDense()
  const a = sparse.registers()
  const b = dense.registers()
  for (let i = 0; i < HLL_REGISTERS; i++) {
    if (a[i] !== regs[i] || b[i] !== regs[i]) throw new CommandError(HllErr.selftest)
  }
  return OK
}

export const pfaddCommand = defineCommand({
  name: 'pfadd',
  group: 'hyperloglog',
  since: '2.8.9',
  summary: 'Adds elements to a HyperLogLog, creating it if needed; 1 when an estimate changed.',
  complexity: 'O(1) to add every element.',
  arity: -2,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['hyperloglog'],
  keySpecs: [ks.one(['RW', 'insert'])],
  run: pfadd,
})

export const pfcountCommand = defineCommand({
  name: 'pfcount',
  group: 'hyperloglog',
  since: '2.8.9',
  summary: 'Returns the estimated number of distinct elements of one HyperLogLog or of the union of several.',
  complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
  arity: -2,
  flags: ['readonly'],
  acl: ['hyperloglog'],
  keySpecs: [
    {
      flags: ['RW', 'access'],
      begin: { index: 1 },
      find: { range: [-1, 1, 0] },
      notes: 'RW because it may change the internal representation of the key, and propagate to replicas',
    },
  ],
  run: pfcount,
})

export const pfdebugCommand = defineCommand({
  name: 'pfdebug',
  group: 'hyperloglog',
  since: '2.8.9',
  summary: 'Inspects the representation of a HyperLogLog (GETREG, DECODE, ENCODING, TODENSE).',
  complexity: 'N/A',
  arity: 3,
  flags: ['write', 'denyoom', 'admin'],
  acl: ['hyperloglog'],
  keySpecs: [ks.one(['RW', 'access'], 2)],
  docFlags: ['syscmd'],
  run: pfdebug,
})

export const pfmergeCommand = defineCommand({
  name: 'pfmerge',
  group: 'hyperloglog',
  since: '2.8.9',
  summary: 'Stores the union of HyperLogLogs in the first key, which takes part in it.',
  complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.',
  arity: -2,
  flags: ['write', 'denyoom'],
  acl: ['hyperloglog'],
  keySpecs: [ks.one(['RW', 'access', 'insert']), ks.range(['RO', 'access'], 2, -1)],
  run: pfmerge,
})

export const pfselftestCommand = defineCommand({
  name: 'pfselftest',
  group: 'hyperloglog',
  since: '2.8.9',
  summary: 'Runs internal checks of the HyperLogLog implementation.',
  complexity: 'N/A',
  arity: 1,
  flags: ['admin'],
  acl: ['hyperloglog'],
  docFlags: ['syscmd'],
  run: pfselftest,
})

/** In redis.io order. */
export const hyperloglogCommands: readonly CommandSpec[] = [pfaddCommand, pfcountCommand, pfdebugCommand, pfmergeCommand, pfselftestCommand]
