import type { EncodingLimits } from '../../src/core/values/types.js'

/** Encoding limits for value-level tests: Redis 7.0's defaults, with `overrides`. */
export function encodingLimits(overrides: Partial<EncodingLimits> = {}): EncodingLimits {
  return {
    hashMaxListpackEntries: 128,
    hashMaxListpackValue: 64,
    zsetMaxListpackEntries: 128,
    zsetMaxListpackValue: 64,
    setMaxIntsetEntries: 512,
    listMaxListpackSize: -2,
    streamNodeMaxBytes: 4096,
    streamNodeMaxEntries: 100,
    ...overrides,
  }
}
