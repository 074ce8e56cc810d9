/**
 * Reply comparison for the fuzzer: byte equality, multisets of elements (or of
 * pairs) for replies in unspecified order, and the rules random picks obey.
 * Each check returns null when the replies agree, else a description.
 */
import { parseReply, replyEnd } from '../resp-client.js'
import type { RandKind } from './step.js'

export const show = (b: Buffer): string => JSON.stringify(b.toString('latin1'))

export const isError = (b: Buffer): boolean => b[0] === 45

/** The header line of an aggregate reply and the raw bytes of each child (a map gives keys and values in turn). */
export function children(buf: Buffer): { head: string; items: Buffer[] } {
  const nl = buf.indexOf('\r\n')
  const head = buf.toString('latin1', 0, nl)
  const type = head[0]
  if (type !== '*' && type !== '%' && type !== '~') return { head, items: [] }
  let n = Number(head.slice(1))
  if (n < 0) return { head, items: [] }
  if (type === '%') n *= 2
  const items: Buffer[] = []
  let p = nl + 2
  for (let i = 0; i < n; i++) {
    const end = replyEnd(buf, p)
    items.push(buf.subarray(p, end))
    p = end
  }
  return { head, items }
}

const isAggregate = (b: Buffer): boolean => b[0] === 42 || b[0] === 37 || b[0] === 126

/** The units of an unordered reply: single elements, or field/value pairs (flat or nested as in RESP3). */
function units(items: Buffer[], pairs: boolean): string[] {
  const out: string[] = []
  if (pairs && items.length > 0 && items.every(isAggregate)) {
    for (const it of items) out.push(it.toString('latin1'))
  } else if (pairs) {
    for (let i = 0; i < items.length; i += 2) out.push((items[i] as Buffer).toString('latin1') + (items[i + 1]?.toString('latin1') ?? '<missing>'))
  } else for (const it of items) out.push(it.toString('latin1'))
  return out.sort()
}

export function exact(a: Buffer, b: Buffer): string | null {
  return a.equals(b) ? null : `oracle ${show(a)}\n redlet ${show(b)}`
}

/** Equal as multisets of elements (or pairs); the aggregate type and length must agree. */
export function multiset(a: Buffer, b: Buffer, pairs: boolean): string | null {
  if (isError(a) || isError(b) || !isAggregate(a)) return exact(a, b)
  const ca = children(a)
  const cb = children(b)
  if (ca.head !== cb.head) return `aggregate header differs\n oracle ${show(a)}\n redlet ${show(b)}`
  const ua = units(ca.items, pairs)
  const ub = units(cb.items, pairs)
  return ua.join('\x01') === ub.join('\x01') ? null : `different elements (order ignored)\n oracle ${show(a)}\n redlet ${show(b)}`
}

/**
 * SCAN-style `[cursor, [elements]]`: exact when `ordered` (a small encoding is returned whole);
 * else, from cursor 0, a multiset when both cursors come back 0; otherwise shapes only (a hash
 * table's cursors are bucket positions, which differ between implementations).
 */
export function scan(a: Buffer, b: Buffer, ordered: boolean, pairs: boolean, fromZero: boolean): string | null {
  if (ordered || isError(a) || isError(b)) return exact(a, b)
  const ca = children(a)
  const cb = children(b)
  if (ca.head !== '*2' || cb.head !== '*2') return exact(a, b)
  const cursorA = String(parseReply(ca.items[0] as Buffer))
  const cursorB = String(parseReply(cb.items[0] as Buffer))
  if (fromZero && cursorA === '0' && cursorB === '0') return multiset(ca.items[1] as Buffer, cb.items[1] as Buffer, pairs)
  const ea = ca.items[1] as Buffer
  const eb = cb.items[1] as Buffer
  if (ea[0] !== eb[0]) return `scan element types differ\n oracle ${show(a)}\n redlet ${show(b)}`
  if (pairs && children(eb).items.length % 2 !== 0) return `scan pairs are odd\n redlet ${show(b)}`
  return null
}

/** Positive TTLs compare equal whatever their value (the servers run a few ms apart). */
export function ttl(a: Buffer, b: Buffer): string | null {
  const va = parseReply(a)
  const vb = parseReply(b)
  if (typeof va === 'number' && typeof vb === 'number' && va > 0 && vb > 0) return null
  return exact(a, b)
}

/** Key/value pairs of a parsed reply: nested `[k, v]` arrays (RESP3) or a flat list. */
export function pairsOf(v: unknown): [string, string][] {
  const xs = v as unknown[]
  if (xs.length > 0 && xs.every(Array.isArray)) return xs.map((p) => [String((p as unknown[])[0]), String((p as unknown[])[1])])
  const out: [string, string][] = []
  for (let i = 0; i < xs.length; i += 2) out.push([String(xs[i]), String(xs[i + 1])])
  return out
}

/**
 * Checks one server's random pick against the collection it read just before
 * (`before`: SMEMBERS, HGETALL, ZRANGE 0 -1 WITHSCORES or KEYS * as parsed).
 */
export function randomPick(kind: RandKind, args: readonly string[], before: unknown, reply: Buffer): string | null {
  const v = parseReply(reply)
  const withValues = args.some((a) => /^(withvalues|withscores)$/i.test(a))
  const hasCount = kind !== 'randomkey' && args.length > 2
  let pool: Map<string, string>
  if (kind === 'hrandfield' || kind === 'zrandmember') pool = new Map(pairsOf(before))
  else pool = new Map((before as string[]).map((m) => [m, '']))
  if (!hasCount) {
    if (pool.size === 0) return v === null ? null : `expected nil from an empty collection, got ${show(reply)}`
    return typeof v === 'string' && pool.has(v) ? null : `${show(reply)} is not a member`
  }
  if (!Array.isArray(v)) return `expected an array, got ${show(reply)}`
  const c = BigInt(args[2] as string)
  const picks: [string, string][] = withValues ? pairsOf(v) : v.map((m) => [String(m), ''])
  const n = BigInt(pool.size)
  const want = pool.size === 0 ? 0n : c >= 0n ? (c < n ? c : n) : -c
  if (BigInt(picks.length) !== want) return `expected ${want} picks from ${pool.size}, got ${picks.length}: ${show(reply)}`
  for (const [m, val] of picks) {
    if (!pool.has(m)) return `${JSON.stringify(m)} is not a member: ${show(reply)}`
    if (withValues && pool.get(m) !== val) return `${JSON.stringify(m)} came with ${JSON.stringify(val)}, not ${JSON.stringify(pool.get(m))}`
  }
  if (c >= 0n && new Set(picks.map(([m]) => m)).size !== picks.length) return `repeated picks with a positive count: ${show(reply)}`
  return null
}

/** Two random picks agree in shape: type byte, nil-ness and length. */
export function sameShape(a: Buffer, b: Buffer): string | null {
  if (isError(a) || isError(b)) return exact(a, b)
  if (a[0] !== b[0]) return `reply types differ\n oracle ${show(a)}\n redlet ${show(b)}`
  const va = parseReply(a)
  const vb = parseReply(b)
  if ((va === null) !== (vb === null)) return `nil differs\n oracle ${show(a)}\n redlet ${show(b)}`
  if (Array.isArray(va) && Array.isArray(vb) && va.length !== vb.length) return `lengths differ\n oracle ${show(a)}\n redlet ${show(b)}`
  return null
}

const INT = /^(0|-?[1-9][0-9]*)$/

/** Whether Redis stores the member as an intset integer (string2ll: canonical and within int64). */
export function isIntsetMember(m: string): boolean {
  if (!INT.test(m)) return false
  const n = BigInt(m)
  return n >= -(2n ** 63n) && n < 2n ** 63n
}
