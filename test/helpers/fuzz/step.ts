/**
 * One fuzzed command and how its replies are compared. Arguments are byte
 * strings (one char per byte), sent as raw bytes to both servers.
 */
import * as fc from 'fast-check'

/**
 * How the two replies of a step are compared:
 * - exact: byte for byte;
 * - unordered: a reply whose order Redis leaves unspecified (SMEMBERS, HGETALL...): exact when the
 *   key is in a small encoding (listpack, intset), otherwise as a multiset of elements (or pairs);
 * - setop: SINTER/SUNION/SDIFF: exact when every input is a small intset, else a multiset;
 * - scan: HSCAN/SSCAN/ZSCAN/SCAN from cursor 0: exact in small encodings, else a multiset when both
 *   cursors are 0, else only the shape;
 * - keys: KEYS (the keyspace is a hash table): a multiset;
 * - ttl: positive TTLs are equal (timing differs);
 * - rand: a random pick (SRANDMEMBER, SPOP, HRANDFIELD, ZRANDMEMBER, RANDOMKEY): checked against
 *   the collection read just before it (membership, count, distinctness);
 * - lex: a lex-range command: Redis defines its result only when all scores are equal, but answers
 *   deterministically on a listpack, which redlet follows; on a skiplist with mixed scores it depends
 *   on the random levels, so the command runs only when the set is a listpack or its scores are
 *   equal, as checked just before.
 */
export type Mode =
  | { readonly k: 'exact' }
  | { readonly k: 'unordered'; readonly key: string; readonly pairs: boolean }
  | { readonly k: 'setop'; readonly keys: readonly string[] }
  | { readonly k: 'scan'; readonly key: string | null; readonly pairs: boolean }
  | { readonly k: 'keys' }
  | { readonly k: 'ttl' }
  | { readonly k: 'rand'; readonly kind: RandKind; readonly key: string }
  | { readonly k: 'lex'; readonly key: string }
  /** MULTI, the inner steps (all exact), EXEC: `args` is ['MULTI']. */
  | { readonly k: 'multi'; readonly steps: readonly Step[] }

export type RandKind = 'srandmember' | 'spop' | 'hrandfield' | 'zrandmember' | 'randomkey'

export interface Step {
  readonly args: readonly string[]
  readonly mode: Mode
}

const EXACT: Mode = { k: 'exact' }

/** Printable form of a byte string: plain when safe, else a JSON-style quoted string with \xNN escapes. */
export function showArg(a: string): string {
  if (/^[A-Za-z0-9_:.+\-()[\]*?]+$/.test(a)) return a
  let out = '"'
  for (const ch of a) {
    const c = ch.charCodeAt(0)
    if (ch === '"' || ch === '\\') out += '\\' + ch
    else if (c >= 0x20 && c < 0x7f) out += ch
    else out += '\\x' + c.toString(16).padStart(2, '0')
  }
  return out + '"'
}

export function showStep(s: Step): string {
  if (s.mode.k === 'multi') return ['MULTI', ...s.mode.steps.map(showStep), 'EXEC'].join('\n')
  return s.args.map(showArg).join(' ')
}

class StepValue implements Step {
  constructor(
    readonly args: readonly string[],
    readonly mode: Mode,
  ) {}
  [fc.toStringMethod](): string {
    return showStep(this)
  }
  toString(): string {
    return showStep(this)
  }
}

export function step(args: readonly string[], mode: Mode = EXACT): Step {
  return new StepValue(args, mode)
}

/** An arbitrary of steps built from arbitraries of arguments (flattened: undefined and nested arrays allowed). */
export type ArgPart = string | undefined | readonly ArgPart[]

export function flat(parts: readonly ArgPart[]): string[] {
  const out: string[] = []
  const walk = (p: ArgPart): void => {
    if (p === undefined) return
    if (typeof p === 'string') out.push(p)
    else for (const q of p) walk(q)
  }
  for (const p of parts) walk(p)
  return out
}
