/**
 * Stream IDs: two unsigned 64-bit parts, `<ms>-<seq>`. A part is a number while
 * it is a safe integer and a bigint above 2^53, so common IDs stay unboxed and
 * IDs up to 2^64-1 round-trip exactly. `<`, `>` and `===` compare mixed parts
 * exactly as long as the representation is canonical (see `u64`).
 */

/** An unsigned 64-bit integer: a number when ≤ 2^53-1, a bigint otherwise. */
export type U64 = number | bigint

export interface StreamId {
  readonly ms: U64
  readonly seq: U64
}

export const U64_MAX = 18446744073709551615n
const SAFE = 9007199254740991

export const MIN_ID: StreamId = { ms: 0, seq: 0 }
export const MAX_ID: StreamId = { ms: U64_MAX, seq: U64_MAX }

/** The canonical form of a value in [0, 2^64). */
export function u64(v: bigint): U64 {
  return v <= 9007199254740991n ? Number(v) : v
}

export function u64Inc(v: U64): U64 {
  if (typeof v === 'number') return v < SAFE ? v + 1 : BigInt(v) + 1n
  return v + 1n
}

export function u64Dec(v: U64): U64 {
  if (typeof v === 'number') return v - 1
  return u64(v - 1n)
}

export function compareIds(aMs: U64, aSeq: U64, bMs: U64, bSeq: U64): number {
  if (aMs !== bMs) return aMs < bMs ? -1 : 1
  if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1
  return 0
}

export function cmpId(a: StreamId, b: StreamId): number {
  return compareIds(a.ms, a.seq, b.ms, b.seq)
}

export function isZeroId(id: StreamId): boolean {
  return id.ms === 0 && id.seq === 0
}

export function formatId(id: StreamId): string {
  return `${id.ms}-${id.seq}`
}

/** The next ID, or null after 2^64-1-2^64-1. */
export function incrId(id: StreamId): StreamId | null {
  if (id.seq === U64_MAX) {
    if (id.ms === U64_MAX) return null
    return { ms: u64Inc(id.ms), seq: 0 }
  }
  return { ms: id.ms, seq: u64Inc(id.seq) }
}

/** The previous ID, or null before 0-0. */
export function decrId(id: StreamId): StreamId | null {
  if (id.seq === 0) {
    if (id.ms === 0) return null
    return { ms: u64Dec(id.ms), seq: U64_MAX }
  }
  return { ms: id.ms, seq: u64Dec(id.seq) }
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13)
}

/**
 * Redis's string2ull: a canonical int64 that is not negative, or else whatever
 * C's strtoull(s, 10) takes whole (leading spaces, a sign, leading zeros; a
 * minus sign wraps around). Null when invalid or beyond 2^64-1.
 */
export function parseU64(s: string): U64 | null {
  const n = s.length
  if (n === 0) return null
  let i = 0
  while (i < n && isSpace(s.charCodeAt(i))) i++
  let neg = false
  const c = s.charCodeAt(i)
  if (c === 43 || c === 45) {
    neg = c === 45
    i++
  }
  if (i === n) return null
  let fast = 0
  const start = i
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return null
    fast = fast * 10 + d
  }
  let v: bigint
  if (fast <= SAFE) {
    if (!neg) return fast
    v = BigInt(fast)
  } else {
    v = BigInt(s.slice(start))
    if (v > U64_MAX) return null
  }
  // a canonical negative int64 is refused; anything else negative wraps as strtoull does
  if (neg) {
    if (v === 0n) return 0
    if (v <= 9223372036854775808n && start === 1 && s.charCodeAt(1) !== 48) return null
    return u64((1n << 64n) - v)
  }
  return u64(v)
}

export interface ParsedId {
  id: StreamId
  /** False for the `<ms>-*` form of XADD. */
  seqGiven: boolean
}

/**
 * Parses `<ms>-<seq>`, `<ms>` (seq = `missingSeq`), and unless `strict` the
 * `-` and `+` shorthands. `allowAutoSeq` accepts `<ms>-*`. Null when invalid.
 * Redis copies the argument into a C string, so it stops at a NUL byte and
 * refuses arguments over 127 bytes.
 */
export function parseStreamId(arg: string, strict: boolean, missingSeq: U64, allowAutoSeq = false): ParsedId | null {
  if (arg.length > 127) return null
  const nul = arg.indexOf('\0')
  const s = nul < 0 ? arg : arg.slice(0, nul)
  if (s === '-' || s === '+') {
    if (strict) return null
    return { id: s === '-' ? MIN_ID : MAX_ID, seqGiven: true }
  }
  const dash = s.indexOf('-')
  const ms = parseU64(dash < 0 ? s : s.slice(0, dash))
  if (ms === null) return null
  if (dash < 0) return { id: { ms, seq: missingSeq }, seqGiven: true }
  const rest = s.slice(dash + 1)
  if (allowAutoSeq && rest === '*') return { id: { ms, seq: 0 }, seqGiven: false }
  const seq = parseU64(rest)
  if (seq === null) return null
  return { id: { ms, seq }, seqGiven: true }
}

/** The ID as 16 big-endian bytes (the radix tree key Redis files a node under). */
export function idKeyBytes(id: StreamId): string {
  return u64Bytes(id.ms) + u64Bytes(id.seq)
}

function u64Bytes(v: U64): string {
  let out = ''
  if (typeof v === 'number') {
    let hi = Math.floor(v / 4294967296)
    let lo = v % 4294967296
    const b: number[] = []
    for (let i = 0; i < 4; i++) {
      b.push(lo & 255)
      lo = Math.floor(lo / 256)
    }
    for (let i = 0; i < 4; i++) {
      b.push(hi & 255)
      hi = Math.floor(hi / 256)
    }
    for (let i = 7; i >= 0; i--) out += String.fromCharCode(b[i] as number)
    return out
  }
  for (let i = 7; i >= 0; i--) out += String.fromCharCode(Number((v >> BigInt(i * 8)) & 255n))
  return out
}
