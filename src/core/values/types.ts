/** The type tag of a stored value, as TYPE prints it. */
export type ValueType = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream'

/** Any stored value that is not a plain string. */
export interface Collection {
  readonly type: Exclude<ValueType, 'string'>
  /** Number of elements (entries, members, fields). */
  readonly size: number
  /** OBJECT ENCODING, as Redis 7.0.15 reports it for the same history of writes. */
  encoding(): string
  /** A deep copy (COPY). */
  clone(): Collection
  /** Estimated heap bytes (core/memory.ts), cheap to ask: kept up to date or derived in O(1). */
  memory(): number
}

/**
 * A stored value. Strings are stored as the byte string itself, which keeps a
 * string key at the cost of a bare Map entry.
 */
export type Value = string | Collection

export function typeOf(v: Value): ValueType {
  return typeof v === 'string' ? 'string' : v.type
}

/**
 * Encoding thresholds from the config registry, kept as plain fields because
 * every collection write reads them.
 */
export interface EncodingLimits {
  hashMaxListpackEntries: number
  hashMaxListpackValue: number
  zsetMaxListpackEntries: number
  zsetMaxListpackValue: number
  setMaxIntsetEntries: number
  listMaxListpackSize: number
  streamNodeMaxBytes: number
  streamNodeMaxEntries: number
}
