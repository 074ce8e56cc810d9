/**
 * redlet/ioredis against real ioredis 6 on the real redis-server: calls
 * generated from ioredis's own typings for every command the table holds, then
 * pipelines, transactions, pub/sub, duplicate() and the connection lifecycle.
 * Results are deep-compared, error messages included; masks (calls.ts) cover
 * only what the oracle itself does not repeat (random picks, times, ids).
 */
import IORedis from 'ioredis'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { installLua } from '../../adapters/lua/index.js'
import { Redis } from '../../adapters/inprocess/ioredis/index.js'
import { allCommands } from '../../src/index.js'
import { generateCalls } from '../helpers/ioredis-gen/calls.js'
import { plain, runCalls, type Client, type Plain } from '../helpers/ioredis-gen/run.js'
import { scenarios } from '../helpers/ioredis-gen/scenarios.js'
import { readOverloads } from '../helpers/ioredis-gen/signatures.js'
import { requireRedis, startOracle, type Oracle } from '../helpers/servers.js'

const enabled = requireRedis()
const names = new Set(allCommands().map((c) => c.name))
const has = (name: string): boolean => names.has(name.toLowerCase())

interface Pair {
  real: IORedis
  ours: Redis
}

let oracle: Oracle
let port = 17100
const opened: (IORedis | Redis)[] = []

/**
 * Differences the comparison found that belong to the engine, not to this
 * adapter: each names the call and why, and is reported in the run's output.
 */
const KNOWN: Record<string, string> = {}

/** A real client on the oracle and ours on a fresh in-process "server" (its own port), made with the same options. */
function pair(options: Record<string, unknown> = {}): Pair {
  const real = new IORedis({ port: oracle.port, host: '127.0.0.1', ...options })
  const ours = new Redis({ port: ++port, scripting: installLua, ...options })
  opened.push(real, ours)
  return { real, ours }
}

/** Runs the same scenario on both and compares what it returns. */
async function same(p: Pair, scenario: (c: Client & IORedis) => Promise<unknown>): Promise<Plain> {
  const a = plain(await scenario(p.real as unknown as Client & IORedis))
  const b = plain(await scenario(p.ours as unknown as Client & IORedis))
  expect(b).toEqual(a)
  return a
}

describe.skipIf(!enabled)('redlet/ioredis against ioredis on redis-server', () => {
  beforeAll(async () => {
    oracle = await startOracle()
  })

  afterAll(async () => {
    for (const c of opened) c.disconnect()
    await oracle?.stop()
  })

  test('generated calls from the ioredis typings', async () => {
    const p = pair()
    const { calls, covered, skipped } = generateCalls(readOverloads())
    const a = await runCalls(p.real as unknown as Client, calls, has)
    const b = await runCalls(p.ours as unknown as Client, calls, has)
    const mismatches: unknown[] = []
    const known: string[] = []
    for (let i = 0; i < calls.length; i++) {
      const x = a[i]
      const y = b[i]
      if (JSON.stringify(x) === JSON.stringify(y)) continue
      const id = calls[i]?.id ?? ''
      if (KNOWN[id] !== undefined) known.push(`${id}: ${KNOWN[id]}`)
      else mismatches.push({ call: calls[i], oracle: x, redlet: y })
    }
    if (known.length) console.log(`known engine differences (${known.length}):\n  ${known.join('\n  ')}`)
    console.log(
      `ioredis compat: ${covered.length} commands, ${calls.length} calls compared; ${Object.keys(skipped).length} commands skipped: ` +
        Object.entries(skipped)
          .map(([k, v]) => `${k} (${v})`)
          .join(', '),
    )
    if (mismatches.length) console.log(JSON.stringify(mismatches.slice(0, 40), null, 1))
    expect(mismatches.length).toBe(0)
  }, 300000)

  for (const [name, scenario] of Object.entries(scenarios)) {
    test(`scenario: ${name}`, async () => {
      await same(pair(), scenario)
    })
  }
})
