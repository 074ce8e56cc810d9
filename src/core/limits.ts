/** The collection encoding thresholds, read from the config registry into plain fields every write can read cheaply. */
import type { Config } from './config.js'
import type { EncodingLimits } from './values/types.js'

/** Fills `into` (or a new object) with the current values of the encoding settings. */
export function readLimits(config: Config, into?: EncodingLimits): EncodingLimits {
  const l: EncodingLimits = into ?? {
    hashMaxListpackEntries: 0,
    hashMaxListpackValue: 0,
    zsetMaxListpackEntries: 0,
    zsetMaxListpackValue: 0,
    setMaxIntsetEntries: 0,
    listMaxListpackSize: 0,
    streamNodeMaxBytes: 0,
    streamNodeMaxEntries: 0,
  }
  l.hashMaxListpackEntries = config.getInt('hash-max-listpack-entries')
  l.hashMaxListpackValue = config.getInt('hash-max-listpack-value')
  l.zsetMaxListpackEntries = config.getInt('zset-max-listpack-entries')
  l.zsetMaxListpackValue = config.getInt('zset-max-listpack-value')
  l.setMaxIntsetEntries = config.getInt('set-max-intset-entries')
  l.listMaxListpackSize = config.getInt('list-max-listpack-size')
  l.streamNodeMaxBytes = config.getInt('stream-node-max-bytes')
  l.streamNodeMaxEntries = config.getInt('stream-node-max-entries')
  return l
}
