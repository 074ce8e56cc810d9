// https://redis.io/commands/lcs/
import { parseLL } from '../core/numbers.js'
import { CommandError, Err, StringErr } from '../errors.js'
import { array, bulk, integer, map, type Reply } from '../resp/types.js'
import { is, syntaxError } from './args.js'
import type { CommandContext } from './context.js'
import { defineCommand } from './define.js'

/** A key's string for LCS: "" when missing, an error for another type. */
function lcsOperand(ctx: CommandContext, key: string): string | undefined {
  const v = ctx.db.read(key)
  if (v !== undefined && typeof v !== 'string') throw new CommandError(Err.lcsWrongType)
  return v
}

/**
 * The dynamic-programming table of LCS lengths of every pair of prefixes,
 * row-major with `b.length + 1` columns, in the narrowest typed array that
 * holds the longest possible length.
 */
function lcsTable(a: string, b: string): Uint8Array | Uint16Array | Uint32Array {
  const cols = b.length + 1
  const cells = (a.length + 1) * cols
  const most = Math.min(a.length, b.length)
  const t = most < 256 ? new Uint8Array(cells) : most < 65536 ? new Uint16Array(cells) : new Uint32Array(cells)
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1)
    const row = i * cols
    const prev = row - cols
    for (let j = 1; j <= b.length; j++) {
      if (ca === b.charCodeAt(j - 1)) t[row + j] = (t[prev + j - 1] as number) + 1
      else {
        const up = t[prev + j] as number
        const left = t[row + j - 1] as number
        t[row + j] = up > left ? up : left
      }
    }
  }
  return t
}

/** One matching run: inclusive ranges in a and in b, and its length. */
type Run = [aStart: number, aEnd: number, bStart: number, bEnd: number, len: number]

/**
 * Walks the table back from the end as Redis does (on a tie it steps back in
 * b), collecting the common subsequence and its runs, last run first.
 */
function lcsWalk(a: string, b: string, t: ArrayLike<number>): { text: string; runs: Run[] } {
  const cols = b.length + 1
  let i = a.length
  let j = b.length
  const chars: string[] = []
  const runs: Run[] = []
  let run: Run | null = null
  while (i > 0 && j > 0) {
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      chars.push(a[i - 1] as string)
      if (run === null) run = [i - 1, i - 1, j - 1, j - 1, 1]
      else {
        run[0] = i - 1
        run[2] = j - 1
        run[4]++
      }
      i--
      j--
      // a run that reached the start of either string is complete
      if (i === 0 || j === 0) {
        runs.push(run)
        run = null
      }
    } else {
      if ((t[(i - 1) * cols + j] as number) > (t[i * cols + j - 1] as number)) i--
      else j--
      if (run !== null) {
        runs.push(run)
        run = null
      }
    }
  }
  return { text: chars.reverse().join(''), runs }
}

export const lcsCommand = defineCommand({
  name: 'lcs',
  group: 'string',
  since: '7.0.0',
  summary: 'Finds the longest common substring.',
  complexity: 'O(N*M) for strings of lengths N and M.',
  arity: -3,
  flags: ['readonly'],
  acl: ['string'],
  keySpecs: [{ flags: ['RO', 'access'], begin: { index: 1 }, find: { range: [1, 1, 0] } }],
  options: ['LEN', 'IDX', 'MINMATCHLEN', 'WITHMATCHLEN'],
  run: (ctx, args) => {
    const a = lcsOperand(ctx, args[0] as string) ?? ''
    const b = lcsOperand(ctx, args[1] as string) ?? ''
    let getLen = false
    let getIdx = false
    let withLen = false
    let minLen = 0
    for (let j = 2; j < args.length; j++) {
      const opt = args[j] as string
      if (is(opt, 'idx')) getIdx = true
      else if (is(opt, 'len')) getLen = true
      else if (is(opt, 'withmatchlen')) withLen = true
      else if (is(opt, 'minmatchlen') && j + 1 < args.length) {
        const n = parseLL(args[++j] as string)
        if (n === null) throw new CommandError(Err.notInteger)
        minLen = n < 0 ? 0 : n
      } else throw syntaxError()
    }
    if (getIdx && getLen) throw new CommandError(Err.lcsBothIdxLen)
    // Redis refuses a table (of 32-bit cells) larger than proto-max-bulk-len
    if ((a.length + 1) * (b.length + 1) * 4 > ctx.engine.config.getInt('proto-max-bulk-len')) throw new CommandError(StringErr.lcsTooBig)
    const table = lcsTable(a, b)
    const total = table[table.length - 1] as number
    if (getLen) return integer(total)
    const { text, runs } = lcsWalk(a, b, table)
    if (!getIdx) return bulk(text)
    const matches: Reply[] = []
    for (const [as, ae, bs, be, len] of runs) {
      if (len < minLen) continue
      const entry: Reply[] = [array([integer(as), integer(ae)]), array([integer(bs), integer(be)])]
      if (withLen) entry.push(integer(len))
      matches.push(array(entry))
    }
    return map([bulk('matches'), array(matches), bulk('len'), integer(total)])
  },
})
