/**
 * HSCAN and SSCAN (and ZSCAN): the cursor and the options, parsed as Redis 7.0
 * does (scanGenericCommand), and the reply shape.
 */
import { compileGlob } from '../core/glob.js'
import { parseLL } from '../core/numbers.js'
import { CommandError, Err } from '../errors.js'
import { array, bulk, bulks, type Reply } from '../resp/types.js'
import { is, syntaxError } from './args.js'

const ULONG_MAX = 18446744073709551615n

/**
 * A cursor as strtoul reads it (parseScanCursorOrReply): decimal digits with an
 * optional sign, "-n" wrapping around 2^64, "" meaning 0; no spaces, nothing
 * after the digits, nothing above 2^64-1.
 */
export function parseScanCursor(s: string): number {
  let i = 0
  const c0 = s.charCodeAt(0)
  if (c0 === 43 /* + */ || c0 === 45 /* - */) i = 1
  const digits = s.slice(i)
  if (s.length !== 0 && (digits.length === 0 || !/^[0-9]+$/.test(digits))) throw new CommandError(Err.invalidCursor)
  if (digits.length === 0) return 0
  const v = BigInt(digits)
  if (v > ULONG_MAX) throw new CommandError(Err.invalidCursor)
  return Number(c0 === 45 && v !== 0n ? ULONG_MAX + 1n - v : v)
}

export interface ScanOptions {
  count: number
  /** null when every element matches. */
  match: ((s: string) => boolean) | null
}

/** MATCH and COUNT from `args[from]` on; repeated options: the last one wins. */
export function parseScanOptions(args: readonly string[], from: number): ScanOptions {
  let count = 10
  let match: ((s: string) => boolean) | null = null
  for (let i = from; i < args.length; i += 2) {
    const opt = args[i] as string
    if (i + 1 >= args.length) throw syntaxError()
    const arg = args[i + 1] as string
    if (is(opt, 'count')) {
      const n = parseLL(arg)
      if (n === null) throw new CommandError(Err.notInteger)
      if (n < 1) throw syntaxError()
      count = n
    } else if (is(opt, 'match')) {
      match = arg === '*' ? null : compileGlob(arg)
    } else throw syntaxError()
  }
  return { count, match }
}

/** `[cursor, [elements...]]`. */
export function scanReply(cursor: number, items: readonly string[]): Reply {
  return array([bulk(String(cursor)), bulks(items)])
}

/** The reply for a missing key. */
export const EMPTY_SCAN: Reply = scanReply(0, [])
