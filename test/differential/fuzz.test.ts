/**
 * Differential property fuzzer: random command sequences over hashes, lists,
 * sets and sorted sets (and strings and key commands on the same keys) run on
 * redis-server and on redlet, pipelined; every reply and the final state of
 * every key must agree. Seeded: FUZZ_SEED replays a run (FUZZ_PATH jumps to the
 * failing case fast-check printed), FUZZ_COMMANDS scales it (default 20,000),
 * FUZZ_STEPS sets the longest sequence (default 60).
 */
import * as fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { RunningServer } from '../../adapters/node-tcp/index.js'
import { describeDiff } from '../helpers/differential.js'
import { sequence, showSequence } from '../helpers/fuzz/gen.js'
import { Mismatch, Runner, Stats, type Pair } from '../helpers/fuzz/runner.js'
import { RespClient } from '../helpers/resp-client.js'
import { startOracle, startRedlet, type Oracle } from '../helpers/servers.js'

const TARGET = Number(process.env['FUZZ_COMMANDS'] ?? 20000)
const SEED = process.env['FUZZ_SEED'] !== undefined ? Number(process.env['FUZZ_SEED']) : Date.now() % 2 ** 31
const PATH = process.env['FUZZ_PATH']
/** Longest sequence (FUZZ_STEPS): longer ones build bigger collections, shorter ones shrink faster. */
const MAX_STEPS = Number(process.env['FUZZ_STEPS'] ?? 60)
/** fast-check draws lengths in [1, MAX_STEPS] with some bias to short ones: about 0.47 MAX_STEPS on average. */
const RUNS = Math.ceil(TARGET / (MAX_STEPS * 0.42))

describeDiff('differential fuzzer: data types against redis-server', () => {
  let oracle: Oracle
  let server: RunningServer
  const pair: Pair = {} as Pair
  const stats = new Stats()
  const internal: unknown[] = []

  const connect = async (): Promise<void> => {
    pair.redis?.close()
    pair.redlet?.close()
    ;[pair.redis, pair.redlet] = await Promise.all([RespClient.connect(oracle.port), RespClient.connect(server.port)])
  }

  beforeAll(async () => {
    ;[oracle, server] = await Promise.all([startOracle(), startRedlet({ strict: false, onError: (e) => internal.push(e) })])
    await connect()
  })

  afterAll(async () => {
    pair.redis?.close()
    pair.redlet?.close()
    await Promise.all([oracle?.stop(), server?.close()])
  })

  test(`${TARGET} random commands agree with redis-server`, async () => {
    console.log(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${RUNS} sequences`)
    const runner = new Runner(pair, stats, internal)
    const started = Date.now()
    const property = fc.asyncProperty(sequence(MAX_STEPS), async (s) => {
      try {
        await runner.run(s)
      } catch (e) {
        stats.recording = false
        // a timeout leaves replies in flight: start over on fresh connections
        if (!(e instanceof Mismatch)) await connect()
        const head = `--- sequence (${s.profile.name} encodings, RESP${s.resp3 ? 3 : 2}) ---`
        throw new Error(`${e instanceof Error ? e.message : String(e)}\n${head}\n${showSequence(s)}\n---`)
      }
    })
    try {
      await fc.assert(property, { seed: SEED, numRuns: RUNS, ...(PATH ? { path: PATH } : {}) })
    } finally {
      console.log(`fuzz: ${stats.total} commands in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}\n${stats.report()}`)
    }
    if (!PATH) expect(stats.total).toBeGreaterThanOrEqual(TARGET)
    // a fuzzer stuck on WRONGTYPE or syntax errors tests little
    expect(stats.ok / stats.total).toBeGreaterThan(0.6)
  }, 600_000)
})
