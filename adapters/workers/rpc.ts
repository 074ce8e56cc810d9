/**
 * JS RPC for Worker bindings: arguments from JS values, replies to JS values
 * (RESP2's shapes, as ioredis maps them).
 *
 *   bulk/simple → string (UTF-8), or a Uint8Array with `{ bytes: true }`
 *   integer → number (a bigint beyond ±2^53); nil → null
 *   array, set, map (flattened) → array; an error inside an array → an Error
 *   an error reply → a thrown Error carrying Redis's message
 */
import { formatDouble, fromBytes, toBytes, utf8Decode, utf8Encode, WorkersErr, type Reply } from '../../src/index.js'

export type RpcArg = string | number | bigint | boolean | Uint8Array | ArrayBuffer
export type RpcValue = string | number | bigint | null | Uint8Array | Error | RpcValue[]

export interface RpcOptions {
  /** Bulk replies as Uint8Array instead of UTF-8-decoded strings. */
  bytes?: boolean
}

/** A pipeline entry: the result, or the error message, as Upstash's pipeline answers. */
export type RpcResult = { result: RpcValue } | { error: string }

export function rpcArg(a: RpcArg): string {
  if (typeof a === 'string') return utf8Encode(a)
  if (typeof a === 'number' || typeof a === 'bigint' || typeof a === 'boolean') return String(a)
  if (a instanceof Uint8Array) return fromBytes(a)
  if (a instanceof ArrayBuffer) return fromBytes(new Uint8Array(a))
  throw new TypeError(WorkersErr.badArgument)
}

export function rpcArgv(argv: readonly RpcArg[]): string[] {
  if (!Array.isArray(argv) || argv.length === 0) throw new TypeError(WorkersErr.emptyCommand)
  return argv.map(rpcArg)
}

function text(s: string, bytes: boolean): string | Uint8Array {
  return bytes ? toBytes(s) : utf8Decode(s)
}

export function rpcValue(r: Reply, options: RpcOptions = {}): RpcValue {
  const bytes = options.bytes === true
  switch (r.t) {
    case 'simple':
      return r.v
    case 'bulk':
    case 'bignum':
    case 'verbatim':
      return text(r.v, bytes)
    case 'error':
      return new Error(r.v)
    case 'int':
      return typeof r.v === 'bigint' && r.v >= BigInt(Number.MIN_SAFE_INTEGER) && r.v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r.v) : r.v
    case 'null':
      return null
    case 'double':
      return text(r.text ?? formatDouble(r.v), bytes)
    case 'bool':
      return r.v ? 1 : 0
    case 'bulks':
      return r.v.map((s) => (s === null ? null : text(s, bytes)))
    case 'array':
    case 'set':
    case 'push':
    case 'map':
      return r.v.map((x) => rpcValue(x, options))
  }
}

export function rpcResult(r: Reply, options: RpcOptions = {}): RpcResult {
  return r.t === 'error' ? { error: r.v } : { result: rpcValue(r, options) }
}
