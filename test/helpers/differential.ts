/**
 * Differential testing: the same commands go to the real redis-server and to
 * redlet's TCP server, and the raw reply bytes must match.
 *
 *   const d = useDifferential()
 *   test('SET NX', async () => {
 *     await d.same('SET', 'k', 'v', 'NX')
 *     await d.sameError('SET', 'k')
 *   })
 *
 * The meta suite scans these calls (`same('CMD'...`) to check that every
 * command, and every option a command declares, has a differential case.
 */
import { afterAll, beforeAll, beforeEach, describe, expect } from 'vitest'
import type { RunningServer, ServerOptions } from '../../adapters/node-tcp/index.js'
import { parseReply, RespClient, type Arg } from './resp-client.js'
import { hasRedis, requireRedis, startOracle, startRedlet, type Oracle } from './servers.js'

/** `describe` when the oracle is available, a loud skip otherwise (a failure under REQUIRE_REDIS=1). */
export const describeDiff: typeof describe = (requireRedis(), hasRedis ? describe : describe.skip) as typeof describe

function show(b: Buffer): string {
  return JSON.stringify(b.toString('latin1'))
}

/** Sorts nested arrays so that replies in unspecified order compare equal. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(canonical)
    return items.sort((a, b) => (JSON.stringify(a, big) < JSON.stringify(b, big) ? -1 : 1))
  }
  return v
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v
}

/** A connection to each server. */
export class DiffPair {
  constructor(
    readonly redis: RespClient,
    readonly redlet: RespClient,
  ) {}

  /** Sends to both; returns both replies. */
  async both(...args: Arg[]): Promise<[Buffer, Buffer]> {
    return Promise.all([this.redis.call(...args), this.redlet.call(...args)])
  }

  /** Both replies must be byte-identical; returns it. */
  async same(...args: Arg[]): Promise<Buffer> {
    const [a, b] = await this.both(...args)
    expect(show(b), `${args.map(String).join(' ')}`).toBe(show(a))
    return a
  }

  /** Equal once arrays are sorted (SMEMBERS, HGETALL, KEYS...). */
  async sameSorted(...args: Arg[]): Promise<unknown> {
    const [a, b] = await this.both(...args)
    expect(canonical(parseReply(b)), `${args.map(String).join(' ')}`).toEqual(canonical(parseReply(a)))
    return parseReply(a)
  }

  /** Both must be error replies with identical text. */
  async sameError(...args: Arg[]): Promise<string> {
    const [a, b] = await this.both(...args)
    expect(a[0], `oracle replied ${show(a)} to ${args.map(String).join(' ')}`).toBe(45)
    expect(show(b), `${args.map(String).join(' ')}`).toBe(show(a))
    return a.toString('latin1')
  }

  /** Integer replies within `tolerance` of each other (TTLs, times). */
  async sameApprox(tolerance: number, ...args: Arg[]): Promise<void> {
    const [a, b] = await this.both(...args)
    const va = parseReply(a)
    const vb = parseReply(b)
    if (typeof va === 'number' && typeof vb === 'number') expect(Math.abs(va - vb), `${args.join(' ')}: ${va} vs ${vb}`).toBeLessThanOrEqual(tolerance)
    else expect(show(b), `${args.map(String).join(' ')}`).toBe(show(a))
  }

  /** The same reply type byte and, for arrays, the same length (random picks). */
  async sameShape(...args: Arg[]): Promise<[unknown, unknown]> {
    const [a, b] = await this.both(...args)
    expect(String.fromCharCode(b[0] as number)).toBe(String.fromCharCode(a[0] as number))
    const va = parseReply(a)
    const vb = parseReply(b)
    if (Array.isArray(va)) expect((vb as unknown[]).length).toBe(va.length)
    return [va, vb]
  }

  /** Sends raw bytes to both, then compares the next reply of each. */
  async sameRaw(data: string): Promise<Buffer> {
    const pa = this.redis.read()
    const pb = this.redlet.read()
    this.redis.writeRaw(data)
    this.redlet.writeRaw(data)
    const [a, b] = await Promise.all([pa, pb])
    expect(show(b), JSON.stringify(data)).toBe(show(a))
    return a
  }

  close(): void {
    this.redis.close()
    this.redlet.close()
  }
}

export interface DifferentialOptions {
  /** Extra redis-server arguments (`--name value`). */
  redisArgs?: string[]
  /** redlet server options. */
  redlet?: ServerOptions
  /** Password both servers require. */
  password?: string
  /** Keep data between tests (default: FLUSHALL before each). */
  keepData?: boolean
}

export interface Differential extends DiffPair {
  readonly oracle: Oracle
  readonly server: RunningServer
  /** A new connection to each server (closed after the suite). */
  connect(): Promise<DiffPair>
}

/**
 * Starts both servers for the enclosing describe block and returns a pair of
 * connections, reset before each test.
 */
export function useDifferential(options: DifferentialOptions = {}): Differential {
  const state: { oracle?: Oracle; server?: RunningServer; pair?: DiffPair; extra: DiffPair[] } = { extra: [] }
  const pass = options.password
  const connectPair = async (): Promise<DiffPair> => {
    const [r, l] = await Promise.all([RespClient.connect(state.oracle!.port), RespClient.connect(state.server!.port)])
    const pair = new DiffPair(r, l)
    if (pass) await pair.same('AUTH', pass)
    return pair
  }
  beforeAll(async () => {
    const redisArgs = [...(options.redisArgs ?? [])]
    const config = { ...(options.redlet?.config ?? {}) }
    if (pass) {
      redisArgs.push('--requirepass', pass)
      config['requirepass'] = pass
    }
    const [oracle, server] = await Promise.all([startOracle(redisArgs), startRedlet({ ...options.redlet, config })])
    state.oracle = oracle
    state.server = server
    state.pair = await connectPair()
  }, 30000)
  afterAll(async () => {
    state.pair?.close()
    for (const p of state.extra) p.close()
    await Promise.all([state.oracle?.stop(), state.server?.close()])
  })
  beforeEach(async () => {
    if (options.keepData) return
    const p = state.pair!
    await Promise.all([p.redis.call('FLUSHALL'), p.redlet.call('FLUSHALL')])
  })
  const handler: ProxyHandler<Differential> = {
    get(_t, prop) {
      if (prop === 'oracle') return state.oracle
      if (prop === 'server') return state.server
      if (prop === 'connect')
        return async () => {
          const p = await connectPair()
          state.extra.push(p)
          return p
        }
      const pair = state.pair as DiffPair
      const v = (pair as unknown as Record<string | symbol, unknown>)[prop]
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(pair) : v
    },
  }
  return new Proxy({} as Differential, handler)
}
