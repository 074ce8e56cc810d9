/**
 * Argument arbitraries for the fuzzer: keys biased per type (so most commands
 * hit a key of the right type, and some get WRONGTYPE), members with binary and
 * numeric edge cases, scores, range bounds, indexes and counts with huge and
 * malformed values.
 */
import * as fc from 'fast-check'

export type KeyType = 'hash' | 'list' | 'set' | 'zset' | 'string'

export const KEY_POOLS: Record<KeyType, readonly string[]> = {
  hash: ['h1', 'h2'],
  list: ['l1', 'l2'],
  set: ['s1', 's2', 's3'],
  zset: ['z1', 'z2', 'z3'],
  string: ['k1', 'k2'],
}

/** Every key the fuzzer can touch (the final state check reads them all). */
export const ALL_KEYS: readonly string[] = Object.values(KEY_POOLS).flat()

const anyKey = fc.constantFrom(...ALL_KEYS)

/** A key of type `t` most of the time, any key (often of another type) otherwise. */
export function key(t: KeyType): fc.Arbitrary<string> {
  return fc.oneof({ weight: 92, arbitrary: fc.constantFrom(...KEY_POOLS[t]) }, { weight: 8, arbitrary: anyKey })
}

/** 1..max keys of type `t`, duplicates allowed. */
export function keys(t: KeyType, max = 3): fc.Arbitrary<string[]> {
  return fc.array(key(t), { minLength: 1, maxLength: max })
}

const INT64_EDGES = ['9223372036854775807', '-9223372036854775808', '9223372036854775808', '-9223372036854775809', '4294967296', '-2147483649']
const NOT_INTEGER = ['abc', '1.5', '', ' 1', '1 ', '+1', '0x10', '1e3', '--1', '-']

const LONG_A = 'x'.repeat(20)
const LONG_B = 'y'.repeat(70)

/** Collection members and hash fields: a small alphabet (collisions), integers (intset), and edge cases. */
export const member: fc.Arbitrary<string> = fc.oneof(
  { weight: 45, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'foo') },
  { weight: 30, arbitrary: fc.constantFrom('0', '1', '2', '3', '5', '-1', '10', '42', '100', '-7') },
  {
    weight: 20,
    arbitrary: fc.constantFrom(
      '',
      '\x00',
      '\xff',
      '\xc3\x28',
      'a\x00b',
      '\r\n',
      ' ',
      '007',
      '-0',
      '1.5',
      '[a',
      '(b',
      '-',
      '+',
      LONG_A,
      LONG_B,
      ...INT64_EDGES,
    ),
  },
  { weight: 5, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 6 }) },
)

export const members = (max = 4): fc.Arbitrary<string[]> => fc.array(member, { minLength: 1, maxLength: max })

/** Integers only (sets stay intsets, and SPOP's effect on the encoding stays predictable). */
export const intMembers = (max = 4): fc.Arbitrary<string[]> =>
  fc.array(fc.oneof({ weight: 90, arbitrary: fc.integer({ min: -20, max: 60 }).map(String) }, { weight: 10, arbitrary: fc.constantFrom(...INT64_EDGES.slice(0, 2)) }), { minLength: 1, maxLength: max })

/**
 * Many members at once (100..600: `0`, `1`... or `m0`, `m1`...), to cross the default encoding
 * limits (512 hash fields and intset members, 128 zset members) and build bigger hash tables.
 */
export const bulkMembers: fc.Arbitrary<string[]> = fc
  .tuple(fc.integer({ min: 100, max: 600 }), fc.constantFrom('', 'm'), fc.integer({ min: 0, max: 50 }))
  .map(([n, prefix, from]) => Array.from({ length: n }, (_, i) => prefix + String(from + i)))

/** Hash values: members plus numbers (HINCRBY/HINCRBYFLOAT operate on them). */
export const value: fc.Arbitrary<string> = fc.oneof(
  { weight: 60, arbitrary: member },
  { weight: 40, arbitrary: fc.constantFrom('1', '-5', '0', '1.5', '3.0', '1e3', '-0.25', '9223372036854775806', '10.50', 'inf') },
)

/** Integer increments (HINCRBY, INCRBY): mostly small, some at the int64 edges, some not integers. */
export const intIncr: fc.Arbitrary<string> = fc.oneof(
  { weight: 80, arbitrary: fc.integer({ min: -20, max: 20 }).map(String) },
  { weight: 10, arbitrary: fc.constantFrom(...INT64_EDGES) },
  { weight: 10, arbitrary: fc.constantFrom(...NOT_INTEGER) },
)

const VALID_SCORES = ['0', '1', '2', '3', '-1', '1.5', '-2.5', '3.0', '10', '100', '1e2', '0.1', '-0', '1e308', '4.9e-324', '0x1A', '17.5']
const INF_SCORES = ['inf', '-inf', '+inf', 'Infinity', '-INF']
const BAD_SCORES = ['nan', 'NaN', 'abc', '', ' 1', '1 ', '1e400', '1e-400', '1.5.5', '(1']

/** ZADD/ZINCRBY scores and float increments. */
export const score: fc.Arbitrary<string> = fc.oneof(
  { weight: 70, arbitrary: fc.constantFrom(...VALID_SCORES) },
  { weight: 10, arbitrary: fc.integer({ min: -50, max: 50 }).map(String) },
  { weight: 12, arbitrary: fc.constantFrom(...INF_SCORES) },
  { weight: 8, arbitrary: fc.constantFrom(...BAD_SCORES) },
)

/** A score range bound: inclusive, exclusive `(x`, infinities, some malformed. */
export const scoreBound: fc.Arbitrary<string> = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom('-inf', '+inf', 'inf', '(-inf', '(+inf', '(inf') },
  { weight: 30, arbitrary: fc.constantFrom(...VALID_SCORES) },
  { weight: 22, arbitrary: fc.constantFrom(...VALID_SCORES).map((s) => '(' + s) },
  { weight: 8, arbitrary: fc.constantFrom('[1', 'abc', '(', '(nan', 'nan', '', '((1', '1)') },
)

/** A lex range bound: `-`, `+`, `[x`, `(x`, some malformed. */
export const lexBound: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('-', '+') },
  { weight: 30, arbitrary: member.map((m) => '[' + m) },
  { weight: 30, arbitrary: member.map((m) => '(' + m) },
  { weight: 10, arbitrary: fc.constantFrom('a', '', '[', '(', '+a', '-a', '\xff') },
)

/** An index into a short list: mostly in range. */
export const smallIndex: fc.Arbitrary<string> = fc.oneof({ weight: 85, arbitrary: fc.integer({ min: -3, max: 3 }).map(String) }, { weight: 15, arbitrary: fc.constant(undefined).chain(() => index) })

/** List and rank indexes: small (negative ones too), int64 edges, malformed. */
export const index: fc.Arbitrary<string> = fc.oneof(
  { weight: 85, arbitrary: fc.integer({ min: -12, max: 12 }).map(String) },
  { weight: 8, arbitrary: fc.constantFrom(...INT64_EDGES) },
  { weight: 7, arbitrary: fc.constantFrom(...NOT_INTEGER) },
)

/** Counts for pops and LIMIT: small, zero, huge positive, negative, malformed. */
export const count: fc.Arbitrary<string> = fc.oneof(
  { weight: 80, arbitrary: fc.integer({ min: 0, max: 8 }).map(String) },
  { weight: 7, arbitrary: fc.constantFrom('9223372036854775807', '4294967296', '1000') },
  { weight: 7, arbitrary: fc.constantFrom('-1', '-5', '-9223372036854775808') },
  { weight: 6, arbitrary: fc.constantFrom(...NOT_INTEGER) },
)

/**
 * Counts for random picks (SRANDMEMBER, HRANDFIELD, ZRANDMEMBER): negative ones repeat members,
 * so their size stays small (a huge negative count would make Redis build a huge reply).
 */
export const randCount: fc.Arbitrary<string> = fc.oneof(
  { weight: 85, arbitrary: fc.integer({ min: -8, max: 8 }).map(String) },
  { weight: 8, arbitrary: fc.constantFrom('9223372036854775807', '1000', '-9223372036854775808') },
  { weight: 7, arbitrary: fc.constantFrom(...NOT_INTEGER) },
)

/** numkeys for LMPOP, ZUNION, SINTERCARD...: usually right, sometimes 0, too big, negative or malformed. */
export function numkeys(n: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 88, arbitrary: fc.constant(String(n)) },
    { weight: 12, arbitrary: fc.constantFrom('0', String(n + 1), String(n + 5), '-1', 'abc', String(Math.max(0, n - 1)), '9223372036854775807') },
  )
}

/** Blocking timeouts: short (the key may be empty), or invalid. Never 0 (forever). */
export const timeout: fc.Arbitrary<string> = fc.oneof(
  { weight: 85, arbitrary: fc.constant('0.01') },
  { weight: 15, arbitrary: fc.constantFrom('-1', 'abc', '', 'inf', '1e400') },
)

/** SCAN cursors: mostly 0, sometimes strtoul's edge cases (a sign, empty, 2^64 - 1, 2^64) or malformed. */
export const cursor: fc.Arbitrary<string> = fc.oneof(
  { weight: 92, arbitrary: fc.constant('0') },
  { weight: 8, arbitrary: fc.constantFrom('', '-0', '+0', '-1', '18446744073709551615', '18446744073709551616', '-18446744073709551616', ' 1', '0x10', 'abc') },
)

/** SCAN MATCH patterns. */
export const pattern: fc.Arbitrary<string> = fc.constantFrom('*', 'a*', '?', '[a-c]*', '*1*', '\x00*', '[^a]', 'h*', '*\\*', 'x*')

/** SCAN COUNT: mostly large (the whole small collection in one call), sometimes small, invalid. */
export const scanCount: fc.Arbitrary<string> = fc.oneof(
  { weight: 60, arbitrary: fc.constant('1000') },
  { weight: 30, arbitrary: fc.constantFrom('1', '2', '5', '10') },
  { weight: 10, arbitrary: fc.constantFrom('0', '-1', 'abc') },
)

/** An optional part: the value with probability `present`, else `undefined` (left out). */
export function opt<T>(a: fc.Arbitrary<T>, present = 0.5): fc.Arbitrary<T | undefined> {
  const p = Math.round(present * 100)
  return fc.oneof({ weight: 100 - p, arbitrary: fc.constant(undefined) }, { weight: p, arbitrary: a })
}
