/** Keyspace notification classes, with the flag letters of `notify-keyspace-events`. */
import { ConfigValueError } from './config.js'
import { ConfigReason } from '../errors.js'

export const NOTIFY_KEYSPACE = 1 << 0 // K
export const NOTIFY_KEYEVENT = 1 << 1 // E
export const NOTIFY_GENERIC = 1 << 2 // g
export const NOTIFY_STRING = 1 << 3 // $
export const NOTIFY_LIST = 1 << 4 // l
export const NOTIFY_SET = 1 << 5 // s
export const NOTIFY_HASH = 1 << 6 // h
export const NOTIFY_ZSET = 1 << 7 // z
export const NOTIFY_EXPIRED = 1 << 8 // x
export const NOTIFY_EVICTED = 1 << 9 // e
export const NOTIFY_STREAM = 1 << 10 // t
export const NOTIFY_KEY_MISS = 1 << 11 // m
export const NOTIFY_MODULE = 1 << 12 // d
export const NOTIFY_NEW = 1 << 13 // n
export const NOTIFY_ALL =
  NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE

const LETTERS: [string, number][] = [
  ['g', NOTIFY_GENERIC],
  ['$', NOTIFY_STRING],
  ['l', NOTIFY_LIST],
  ['s', NOTIFY_SET],
  ['h', NOTIFY_HASH],
  ['z', NOTIFY_ZSET],
  ['x', NOTIFY_EXPIRED],
  ['e', NOTIFY_EVICTED],
  ['K', NOTIFY_KEYSPACE],
  ['E', NOTIFY_KEYEVENT],
  ['t', NOTIFY_STREAM],
  ['m', NOTIFY_KEY_MISS],
  ['d', NOTIFY_MODULE],
  ['n', NOTIFY_NEW],
]

/** Parses flag letters; throws ConfigValueError on an unknown letter. */
export function parseNotifyFlags(s: string): number {
  let flags = 0
  for (const ch of s) {
    if (ch === 'A') {
      flags |= NOTIFY_ALL
      continue
    }
    const hit = LETTERS.find(([l]) => l === ch)
    if (!hit) throw new ConfigValueError(ConfigReason.keyspaceEvents)
    flags |= hit[1]
  }
  return flags
}

/**
 * Prints flags as CONFIG GET does: A when all classes are on, else the class
 * letters (n among them: Redis 7.0 drops it after A), then K, E and m.
 */
export function formatNotifyFlags(flags: number): string {
  let out = ''
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) out += 'A'
  else {
    for (const [l, f] of LETTERS) {
      if (f === NOTIFY_KEYSPACE || f === NOTIFY_KEYEVENT || f === NOTIFY_KEY_MISS) continue
      if (flags & f) out += l
    }
  }
  if (flags & NOTIFY_KEYSPACE) out += 'K'
  if (flags & NOTIFY_KEYEVENT) out += 'E'
  if (flags & NOTIFY_KEY_MISS) out += 'm'
  return out
}
