/**
 * Maps RESP replies to plain JavaScript values for the in-process clients.
 *
 * RESP2 mapping (the default, as ioredis does): bulk → string (UTF-8) or
 * Uint8Array with `bytes`; integer → number, or bigint beyond ±2^53; nil → null;
 * status → its string; error → thrown ReplyError; array → array.
 *
 * RESP3 mapping (`protocol: 3`): map → Map, set → Set, double → number,
 * boolean → boolean, big number → bigint, verbatim → string, null → null.
 */
import { formatDouble, toBytes, utf8Decode, utf8Encode, type Protocol, type Reply } from '../../src/index.js'

/** A Redis error reply, carrying Redis's exact message. */
export class ReplyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ReplyError'
  }
}

export type JsValue = string | number | bigint | boolean | null | Uint8Array | ReplyError | JsValue[] | Map<JsValue, JsValue> | Set<JsValue>

export interface MapOptions {
  bytes: boolean
  proto: Protocol
}

const NON_ASCII = /[^\x00-\x7f]/

/**
 * A byte string as text (UTF-8). Most replies are ASCII, and then the bytes are
 * the text already: short strings are checked char by char, longer ones by a
 * regular expression, which is faster per char.
 */
export function decodeText(s: string): string {
  if (s.length > 16) return NON_ASCII.test(s) ? utf8Decode(s) : s
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return utf8Decode(s)
  return s
}

/** Text as a UTF-8 byte string (the same string when it is ASCII). */
export function encodeText(s: string): string {
  if (s.length > 16) return NON_ASCII.test(s) ? utf8Encode(s) : s
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return utf8Encode(s)
  return s
}

function str(s: string, o: MapOptions): string | Uint8Array {
  return o.bytes ? toBytes(s) : decodeText(s)
}

function num(v: number | bigint): number | bigint {
  if (typeof v === 'number') return v
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v
}

/** Converts a reply; errors nested in arrays (EXEC) become ReplyError values, a top-level error is returned too. */
export function toJs(r: Reply, o: MapOptions): JsValue {
  switch (r.t) {
    case 'simple':
      return r.v
    case 'error':
      return new ReplyError(r.v)
    case 'int':
      return num(r.v)
    case 'bulk':
      return str(r.v, o)
    case 'null':
      return null
    case 'double':
      if (o.proto === 3) return r.v
      return str(r.text ?? formatDouble(r.v), o)
    case 'bool':
      return o.proto === 3 ? r.v : r.v ? 1 : 0
    case 'bignum':
      return o.proto === 3 ? BigInt(r.v) : str(r.v, o)
    case 'verbatim':
      return str(r.v, o)
    case 'bulks':
      return r.v.map((s) => (s === null ? null : str(s, o)))
    case 'array':
    case 'push':
      return r.v.map((x) => toJs(x, o))
    case 'set':
      if (o.proto === 3) return new Set(r.v.map((x) => toJs(x, o)))
      return r.v.map((x) => toJs(x, o))
    case 'map': {
      if (o.proto !== 3) return r.v.map((x) => toJs(x, o))
      const m = new Map<JsValue, JsValue>()
      for (let i = 0; i + 1 < r.v.length; i += 2) m.set(toJs(r.v[i] as Reply, o), toJs(r.v[i + 1] as Reply, o))
      return m
    }
  }
}
