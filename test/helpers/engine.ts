/**
 * An engine on a manual clock for unit tests, with a client whose replies come
 * back as RESP text (exact bytes, easy to read in assertions).
 */
import { ManualClock } from '../../src/core/clock.js'
import { Engine, type EngineOptions } from '../../src/engine.js'
import { encodeReply } from '../../src/resp/encoder.js'
import type { Protocol, Reply } from '../../src/resp/types.js'
import type { Session } from '../../src/session.js'

export const T0 = 1_700_000_000_000

export interface TestClient {
  readonly session: Session
  /** Runs a command; returns its replies as RESP text (all of them, concatenated). */
  (...args: (string | number)[]): string
  /** Replies and pushes received since the last call, as RESP text. */
  pending(): string
  /** The raw Reply objects of the last command. */
  last(): Reply[]
}

export interface TestEngine {
  readonly engine: Engine
  readonly clock: ManualClock
  /** A client in RESP2 (`proto` 3 for RESP3); `blocking` gives it a sink that can block. */
  client(options?: { proto?: Protocol; blocking?: boolean }): TestClient
}

const text = (r: Reply, proto: Protocol): string => Buffer.from(encodeReply(r, proto)).toString('latin1')

export function testEngine(options: EngineOptions = {}): TestEngine {
  const clock = new ManualClock(T0)
  const engine = new Engine({ clock, strict: true, random: seeded(1), ...options })
  return {
    engine,
    clock,
    client(opts = {}) {
      let got: Reply[] = []
      let last: Reply[] = []
      const sink = {
        write: (r: Reply) => {
          got.push(r)
        },
        ...(opts.blocking ? { unblocked: () => {} } : {}),
      }
      const session = engine.createSession(sink, { kind: 'tcp' })
      if (opts.proto === 3) session.proto = 3
      const fn = ((...args: (string | number)[]) => {
        got = []
        engine.dispatch(
          session,
          args.map((a) => (typeof a === 'number' ? String(a) : a)),
        )
        last = got
        got = []
        return last.map((r) => text(r, session.proto)).join('')
      }) as TestClient
      Object.defineProperty(fn, 'session', { value: session })
      fn.pending = () => {
        const out = got.map((r) => text(r, session.proto)).join('')
        got = []
        return out
      }
      fn.last = () => last
      return fn
    },
  }
}

/** A deterministic random source (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
