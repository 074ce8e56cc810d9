/**
 * The reply model: a tagged union shaped after RESP3. The encoder writes it as
 * RESP3 or downgrades it to RESP2 per session (see encoder.ts).
 *
 * Strings inside replies are byte strings: one char per byte (0-255).
 */
export type Reply =
  | SimpleReply
  | ErrorReply
  | IntReply
  | BulkReply
  | NullReply
  | DoubleReply
  | BoolReply
  | BigNumberReply
  | VerbatimReply
  | ArrayReply
  | BulksReply
  | MapReply
  | SetReply
  | PushReply

export interface SimpleReply { readonly t: 'simple'; readonly v: string }
export interface ErrorReply { readonly t: 'error'; readonly v: string }
export interface IntReply { readonly t: 'int'; readonly v: number | bigint }
export interface BulkReply { readonly t: 'bulk'; readonly v: string }
/** `arr` picks the RESP2 spelling: `*-1` when true, `$-1` otherwise. RESP3 writes `_`. */
export interface NullReply { readonly t: 'null'; readonly arr: boolean }
/** `text`, when given, is the printed form (GEOPOS prints `%.17Lf`, not `%.17g`). */
export interface DoubleReply { readonly t: 'double'; readonly v: number; readonly text?: string }
export interface BoolReply { readonly t: 'bool'; readonly v: boolean }
export interface BigNumberReply { readonly t: 'bignum'; readonly v: string }
export interface VerbatimReply { readonly t: 'verbatim'; readonly fmt: string; readonly v: string }
export interface ArrayReply { readonly t: 'array'; readonly v: readonly Reply[] }
/** An array of bulk strings (null for a nil element): the common shape of MGET, LRANGE, KEYS. */
export interface BulksReply { readonly t: 'bulks'; readonly v: readonly (string | null)[] }
/** A map, its keys and values flattened in order: k1, v1, k2, v2... */
export interface MapReply { readonly t: 'map'; readonly v: readonly Reply[] }
export interface SetReply { readonly t: 'set'; readonly v: readonly Reply[] }
export interface PushReply { readonly t: 'push'; readonly v: readonly Reply[] }

export type Protocol = 2 | 3

export const simple = (v: string): SimpleReply => ({ t: 'simple', v })
export const error = (v: string): ErrorReply => ({ t: 'error', v })
export const int = (v: number | bigint): IntReply => ({ t: 'int', v })
export const bulk = (v: string): BulkReply => ({ t: 'bulk', v })
export const double = (v: number): DoubleReply => ({ t: 'double', v })
export const bool = (v: boolean): BoolReply => ({ t: 'bool', v })
export const bignum = (v: string): BigNumberReply => ({ t: 'bignum', v })
export const verbatim = (v: string, fmt = 'txt'): VerbatimReply => ({ t: 'verbatim', fmt, v })
export const array = (v: readonly Reply[]): ArrayReply => ({ t: 'array', v })
export const bulks = (v: readonly (string | null)[]): BulksReply => ({ t: 'bulks', v })
export const map = (v: readonly Reply[]): MapReply => ({ t: 'map', v })
export const set = (v: readonly Reply[]): SetReply => ({ t: 'set', v })
export const push = (v: readonly Reply[]): PushReply => ({ t: 'push', v })

export const OK: SimpleReply = simple('OK')
export const QUEUED: SimpleReply = simple('QUEUED')
export const PONG: SimpleReply = simple('PONG')
export const NULL_BULK: NullReply = { t: 'null', arr: false }
export const NULL_ARRAY: NullReply = { t: 'null', arr: true }
export const EMPTY_ARRAY: ArrayReply = array([])
export const EMPTY_BULKS: BulksReply = bulks([])
export const EMPTY_MAP: MapReply = map([])
export const EMPTY_SET: SetReply = set([])

const SMALL_INTS: IntReply[] = []
for (let i = -1; i <= 1024; i++) SMALL_INTS.push(int(i))
export const ZERO: IntReply = SMALL_INTS[1] as IntReply
export const ONE: IntReply = SMALL_INTS[2] as IntReply

/** An integer reply; small values come from a shared table. */
export function integer(v: number | bigint): IntReply {
  if (typeof v === 'number' && v >= -1 && v <= 1024 && (v | 0) === v) return SMALL_INTS[v + 1] as IntReply
  return int(v)
}

/** A bulk reply, or nil when the value is absent. */
export function bulkOrNull(v: string | undefined | null): BulkReply | NullReply {
  return v === undefined || v === null ? NULL_BULK : bulk(v)
}
