/**
 * Replies as ioredis 6 delivers them with its default "legacy" mapping: every
 * RESP3 type folded into its RESP2 shape (maps and sets to flat arrays,
 * doubles to their text, booleans to 1/0, big numbers to strings), strings as
 * UTF-8 text or as bytes for the `...Buffer` methods, then the per-command
 * reply transformers (HGETALL to an object, score pairs flattened...).
 */
import { formatDouble, type Reply } from '../../../src/index.js'
import { decodeText, ReplyError } from '../reply.js'
import { bytesIn, bytesOut } from './bytes.js'

export const SUBSCRIBE = new Set(['subscribe', 'psubscribe', 'ssubscribe'])
export const UNSUBSCRIBE = new Set(['unsubscribe', 'punsubscribe', 'sunsubscribe'])

/** `utf8` (text) or null (bytes), as ioredis's replyEncoding. */
export type Encoding = 'utf8' | null

export interface ConvertOptions {
  readonly encoding: Encoding
  /** `stringNumbers`: integers as strings. */
  readonly stringNumbers: boolean
}

/** A RESP integer beyond 2^53 parsed digit by digit into a double, as ioredis's decoder does. */
function bigToNumber(v: bigint): number {
  const s = v.toString()
  const neg = s.startsWith('-')
  let n = 0
  // the same operations in the same order (the char code added, then 48 taken away): the same rounding
  for (let i = neg ? 1 : 0; i < s.length; i++) n = n * 10 + s.charCodeAt(i) - 48
  return neg ? -n : n
}

function text(s: string, o: ConvertOptions): string | Uint8Array {
  return o.encoding === null ? bytesOut(s) : decodeText(s)
}

/** Converts one reply; error replies become ReplyError values (the caller rejects top-level ones). */
export function convert(r: Reply, o: ConvertOptions): unknown {
  switch (r.t) {
    case 'bulk':
    case 'simple':
    case 'verbatim':
      return text(r.v, o)
    case 'int':
      if (o.stringNumbers) return String(r.v)
      return typeof r.v === 'number' ? r.v : bigToNumber(r.v)
    case 'null':
      return null
    case 'error':
      return new ReplyError(r.v)
    case 'double':
      return text(r.text ?? formatDouble(r.v), o)
    case 'bool':
      return r.v ? 1 : 0
    case 'bignum':
      return r.v
    case 'bulks': {
      const v = r.v
      const out = new Array<unknown>(v.length)
      for (let i = 0; i < v.length; i++) {
        const s = v[i]
        out[i] = s === null || s === undefined ? null : text(s, o)
      }
      return out
    }
    case 'array':
    case 'map':
    case 'set':
    case 'push': {
      const v = r.v
      const out = new Array<unknown>(v.length)
      for (let i = 0; i < v.length; i++) out[i] = convert(v[i] as Reply, o)
      return out
    }
  }
}

/** HGETALL's pairs as an object; `__proto__` and friends become own properties. */
export function pairsToObject(result: unknown): unknown {
  if (!Array.isArray(result)) return result
  const obj: Record<string, unknown> = {}
  for (let i = 0; i < result.length; i += 2) {
    const k: unknown = result[i]
    // a Buffer key reads as its UTF-8 text, as `obj[buffer]` does in Node
    const key = typeof k === 'string' ? k : k instanceof Uint8Array ? decodeText(bytesIn(k)) : String(k)
    const value: unknown = result[i + 1]
    if (key in obj) Object.defineProperty(obj, key, { value, configurable: true, enumerable: true, writable: true })
    else obj[key] = value
  }
  return obj
}

/** RESP3 nests score pairs ([[m, s], ...]); the legacy mapping flattens them back to RESP2's list. */
function flattenPairs(result: unknown): unknown {
  if (!Array.isArray(result)) return result
  let flat: unknown[] | null = null
  for (let i = 0; i < result.length; i++) {
    const item: unknown = result[i]
    if (Array.isArray(item)) {
      flat ??= result.slice(0, i)
      flat.push(...(item as unknown[]))
    } else if (flat !== null) flat.push(item)
  }
  return flat ?? result
}

/** XREAD's RESP3 map, flattened, back to RESP2's [[stream, entries], ...]. */
function wrapStreamPairs(result: unknown): unknown {
  if (!Array.isArray(result)) return result
  const out: unknown[] = []
  for (let i = 0; i < result.length; i += 2) out.push([result[i], result[i + 1]])
  return out
}

const PAIR_COMMANDS = new Set([
  'hrandfield',
  'zdiff',
  'zinter',
  'zpopmax',
  'zpopmin',
  'zunion',
  'zrandmember',
  'zrange',
  'zrangebyscore',
  'zrevrange',
  'zrevrangebyscore',
])

/**
 * ioredis's reply transformers, keyed by the command name exactly as the
 * caller spelled it (`call('HGETALL', k)` is not transformed, as in ioredis).
 */
export function transformReply(name: string, result: unknown, protocol: 2 | 3): unknown {
  if (name === 'hgetall') return pairsToObject(result)
  if (protocol === 3) {
    if (PAIR_COMMANDS.has(name)) return flattenPairs(result)
    if (name === 'xread' || name === 'xreadgroup') return wrapStreamPairs(result)
  }
  return result
}

/** What a command's replies need beyond conversion (cached by the name as the caller spelled it). */
export const Kind = { Plain: 0, Transformed: 1, Subscribe: 2, Exec: 3, Select: 4 } as const
export type Kind = (typeof Kind)[keyof typeof Kind]
const KINDS = new Map<string, Kind>()
const TRANSFORMED = new Set(['hgetall', 'hrandfield', 'zdiff', 'zinter', 'zpopmax', 'zpopmin', 'zunion', 'zrandmember', 'zrange', 'zrangebyscore', 'zrevrange', 'zrevrangebyscore', 'xread', 'xreadgroup'])

function kindOf(name: string): Kind {
  const lower = name.toLowerCase()
  if (SUBSCRIBE.has(lower) || UNSUBSCRIBE.has(lower)) return Kind.Subscribe
  if (lower === 'exec') return Kind.Exec
  if (lower === 'select') return Kind.Select
  // transformers match the exact spelling (as ioredis's)
  if (TRANSFORMED.has(name)) return Kind.Transformed
  return Kind.Plain
}

/** The kind of a command name (cached). */
export function replyKind(name: string): Kind {
  let kind = KINDS.get(name)
  if (kind === undefined) KINDS.set(name, (kind = kindOf(name)))
  return kind
}
