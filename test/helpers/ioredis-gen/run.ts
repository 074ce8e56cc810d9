/**
 * Runs generated calls on an ioredis-shaped client (real ioredis on
 * redis-server, or redlet/ioredis) and turns each outcome into plain data:
 * replies, errors (class name and message), Buffers, objects, and the
 * keyspace afterwards for writes.
 */
import { FIXTURE, FIXTURE_KEYS, LIBRARY, SCRIPT } from './fixture.js'
import type { Call, Mask } from './calls.js'

/** What both clients offer: commands by name, `call`, pipelines. */
export interface Client {
  call(...args: unknown[]): Promise<unknown>
  pipeline(commands?: unknown[][]): { exec(): Promise<[Error | null, unknown][] | null> }
  [method: string]: unknown
}

export type Plain = null | boolean | number | string | Plain[] | { [k: string]: Plain }

/** Plain data for deep comparison: errors as {error}, bytes as {bytes: hex}, objects with their key order. */
export function plain(v: unknown): Plain {
  if (v === null || v === undefined) return null
  if (v instanceof Error) return { error: `${v.name}: ${v.message}` }
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') }
  if (Array.isArray(v)) return v.map(plain)
  if (typeof v === 'bigint') return { bigint: v.toString() }
  if (typeof v === 'object') {
    const out: Record<string, Plain> = { '#keys': Object.keys(v).join('\u0000') }
    for (const [k, x] of Object.entries(v)) out[k] = plain(x)
    return out
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v
  return String(v)
}

const kind = (v: Plain): string => (v === null ? 'null' : Array.isArray(v) ? `array(${v.length})` : typeof v === 'object' && 'error' in v ? 'error' : typeof v)

function sortDeep(v: Plain): Plain {
  // a [null, members] pipeline pair
  if (Array.isArray(v) && v.length === 2 && v[0] === null && Array.isArray(v[1])) return [null, sortDeep(v[1])]
  if (!Array.isArray(v)) return v
  return [...v].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
}

/** Applies a mask (see calls.ts): narrow, and only where the oracle is not deterministic. */
export function applyMask(v: Plain, mask: Mask | null): Plain {
  if (mask === null) return v
  // a callback's result is masked inside its wrapper
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'callbackResult' in v) return { callbackResult: applyMask(v['callbackResult'] as Plain, mask) }
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && 'error' in v) return v
  switch (mask) {
    case 'unordered':
      // SCAN-style [cursor, batch]: the batch is unordered
      if (Array.isArray(v) && v.length === 2 && Array.isArray(v[1])) return [v[0] as Plain, sortDeep(v[1] as Plain)]
      return sortDeep(v)
    case 'random':
    case 'shape':
      return { shape: kind(v) }
    case 'approx':
      return typeof v === 'number' && v > 0 ? { approx: Math.round(v / 1000) } : v
    case 'cursor':
      return Array.isArray(v) && v.length === 2 ? ['<cursor>', sortDeep(v[1] as Plain)] : v
  }
}

/** Builds the fixture: FLUSHALL, then each fixture command whose command the table has. */
export async function loadFixture(client: Client, has: (name: string) => boolean): Promise<Plain> {
  const cmds: unknown[][] = [['call', 'select', 0], ['call', 'flushall']]
  if (has('script')) cmds.push(['call', 'script', 'flush'], ['call', 'script', 'load', SCRIPT])
  if (has('function')) cmds.push(['call', 'function', 'flush'], ['call', 'function', 'load', LIBRARY])
  for (const c of FIXTURE) if (has(String(c[0]))) cmds.push(['call', ...c])
  const results = await client.pipeline(cmds).exec()
  return plain(results)
}

/** The keyspace as data: every key with its type, whether it has a TTL, and its value. */
export async function readState(client: Client): Promise<Plain> {
  const keys = ((await client.call('keys', '*')) as string[]).sort()
  const types = (await client.pipeline(keys.map((k) => ['call', 'type', k])).exec()) ?? []
  const reads: unknown[][] = []
  keys.forEach((k, i) => {
    const t = types[i]?.[1]
    reads.push(['call', 'pttl', k])
    if (t === 'string') reads.push(['call', 'get', k])
    else if (t === 'list') reads.push(['call', 'lrange', k, 0, -1])
    else if (t === 'hash') reads.push(['call', 'hgetall', k])
    else if (t === 'set') reads.push(['call', 'smembers', k])
    else if (t === 'zset') reads.push(['call', 'zrange', k, 0, -1, 'WITHSCORES'])
    else if (t === 'stream') reads.push(['call', 'xrange', k, '-', '+'])
    else reads.push(['call', 'type', k])
  })
  const values = (await client.pipeline(reads).exec()) ?? []
  const state: Plain[] = []
  keys.forEach((k, i) => {
    const ttl = values[2 * i]?.[1] as number
    const t = String(types[i]?.[1])
    const value = plain(values[2 * i + 1])
    state.push([k, t, ttl === -1 ? 'persistent' : ttl > 0 ? 'volatile' : String(ttl), t === 'set' ? sortDeep(value) : value])
  })
  return state
}

/** The first reply of a SCAN-family call, with every later batch (following its cursor) added to it. */
async function scanAll(client: Client, call: Call, fn: (...a: unknown[]) => Promise<unknown>): Promise<unknown> {
  const first = (await fn.apply(client, [...call.args])) as [unknown, unknown[]]
  const at = call.command === 'scan' ? 0 : 1
  const all = [...first[1]]
  let cursor = first[0]
  for (let i = 0; String(cursor) !== '0' && i < 1000; i++) {
    const args = [...call.args]
    args[at] = cursor
    const next = (await fn.apply(client, args)) as [unknown, unknown[]]
    cursor = next[0]
    all.push(...next[1])
  }
  // hash and zset batches are field/value pairs: keep pairs together when sorting
  if (call.command === 'hscan' || call.command === 'zscan') {
    const pairs: unknown[] = []
    for (let i = 0; i + 1 < all.length; i += 2) pairs.push([all[i], all[i + 1]])
    return [cursor, pairs]
  }
  return [cursor, all]
}

function invoke(client: Client, call: Call): Promise<unknown> {
  const fn = client[call.method]
  if (typeof fn !== 'function') return Promise.resolve({ missingMethod: call.method })
  if (call.mask === 'cursor') {
    if (!call.callback) return scanAll(client, call, fn as (...a: unknown[]) => Promise<unknown>)
    // through the callback form, then on to the end
    const viaCallback = (...args: unknown[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
        ;(fn as (...a: unknown[]) => unknown).apply(client, [...args, (err: Error | null, r: unknown) => (err ? reject(err) : resolve(r))])
      })
    return scanAll(client, call, viaCallback).then((r) => ({ callbackResult: r }))
  }
  if (!call.callback) return (fn as (...a: unknown[]) => Promise<unknown>).apply(client, [...call.args])
  return new Promise((resolve) => {
    ;(fn as (...a: unknown[]) => unknown).apply(client, [
      ...call.args,
      (err: Error | null, result: unknown) => resolve(err ?? { callbackResult: result === undefined ? '<undefined>' : result }),
    ])
  })
}

export interface Outcome {
  readonly id: string
  readonly result: Plain
  readonly state: Plain | null
}

/** Runs each call from a fresh fixture; returns its (masked) result and, after writes, the keyspace. */
export async function runCalls(client: Client, calls: readonly Call[], has: (name: string) => boolean): Promise<Outcome[]> {
  const out: Outcome[] = []
  for (const call of calls) {
    await loadFixture(client, has)
    let result: Plain
    try {
      result = applyMask(plain(await invoke(client, call)), call.mask)
    } catch (e) {
      result = plain(e)
    }
    let state = call.readonly ? null : await readState(client)
    // a random pick (SPOP) leaves a random remainder: compare sizes only
    if (call.mask === 'random' && Array.isArray(state)) state = state.map((e) => (Array.isArray(e) ? e.map((x, i) => (i === 3 && Array.isArray(x) ? { size: JSON.stringify(x).length } : x)) : e))
    out.push({ id: call.id, result, state })
  }
  return out
}

export { FIXTURE_KEYS }
